"""A venue (hall, hub, pitch) and the accounts that manage it."""

from piccolo.columns import (
    Array,
    Boolean,
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models.accounts import User


class Venue(Table):
    id: Serial
    name = Varchar(length=200)
    name_cy = Varchar(length=200, default="")
    """The Welsh name, when it has one (``venues.core.i18n.content``); ``name`` is the English."""
    slug = Varchar(length=100, unique=True, index=True)
    kind = Varchar(length=30, default="village_hall")
    description = Text(default="")
    description_cy = Text(default="")
    address = Text(default="")
    postcode = Varchar(length=16, default="", index=True)
    # The town or village and the county or region, as a postal address names them: open data (OpenActive's
    # PostalAddress) requires both, and the free-text address above cannot be split reliably.
    locality = Varchar(length=100, default="")
    region = Varchar(length=100, default="")
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)
    timezone = Varchar(length=64, default="Europe/London")
    ownership = Varchar(length=30, default="community_owned")
    accessibility = Array(base_column=Varchar(length=40), default=list)
    public_email = Varchar(length=254, default="")
    public_phone = Varchar(length=40, default="")
    website = Varchar(length=500, default="")
    private_contact_name = Varchar(length=200, default="")
    private_email = Varchar(length=254, default="")
    private_phone = Varchar(length=40, default="")
    archived = Boolean(default=False, index=True)
    # Bumped on every change that alters what the venue publishes; feeds key their caches on it.
    version = Integer(default=1)
    # Moved only by changes feed events show (the venue's name, address, place or zone, its spaces'
    # names): their SEQUENCE counts it and their LAST-MODIFIED is at least it (scheduling.feeds.events).
    shown_revision = Integer(default=0)
    shown_changed_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class VenueManager(Table):
    """Grants one account the right to run one venue (unique per pair, see migrations)."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
