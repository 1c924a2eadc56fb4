"""Community groups, who organises them, and the tier each venue agreed for them."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models import PriceTier, User, Venue


class Group(Table, tablename="community_group"):
    id: Serial
    name = Varchar(length=200)
    name_cy = Varchar(length=200, default="")
    slug = Varchar(length=100, unique=True, index=True)
    description = Text(default="")
    description_cy = Text(default="")
    website = Varchar(length=500, default="")
    public_email = Varchar(length=254, default="")
    public_phone = Varchar(length=40, default="")
    private_contact_name = Varchar(length=200, default="")
    private_email = Varchar(length=254, default="")
    private_phone = Varchar(length=40, default="")
    # Who invoices are made out to (private): the group's treasurer or secretary and a postal address.
    billing_name = Varchar(length=200, default="")
    billing_address = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    # Moved by every edit (``revision`` counts them): the events that show the group's name take their
    # DTSTAMP and SEQUENCE from them too (scheduling.feeds.events).
    updated_at = Timestamptz(default=TimestamptzNow())
    revision = Integer(default=0)


class GroupOrganiser(Table):
    id: Serial
    group = ForeignKey(references=Group, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)


class GroupVenueTier(Table):
    """The price tier a venue's manager agreed for a group (e.g. a charity gets low-cost)."""

    id: Serial

    group = ForeignKey(references=Group, on_delete=OnDelete.cascade, index=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    tier = ForeignKey(references=PriceTier, on_delete=OnDelete.cascade)


class GroupJoinRequest(Table):
    """Someone asking to become one of a group's organisers; the organisers approve or decline it."""

    id: Serial

    group = ForeignKey(references=Group, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    message = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class GroupBilling(Table):
    """How a venue bills a group: ``monthly`` invoices every confirmed booking of a calendar month
    together (regular hirers) instead of one invoice at each confirmation."""

    id: Serial

    group = ForeignKey(references=Group, on_delete=OnDelete.cascade, index=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    monthly = Boolean(default=False)
