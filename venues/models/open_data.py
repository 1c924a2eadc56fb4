"""How a venue publishes its bookable spaces as open data (OpenActive facility uses and their slots)."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.venues import Venue


class VenueOpenData(Table):
    """One row per venue that changed the defaults; a venue without one publishes with them.

    ``slot_minutes`` is the bookable length its free time is cut into (from each opening time),
    ``days_ahead`` how many local days from today its slots cover. ``publish_slots`` off leaves its
    spaces and slots out of the open feeds (they become tombstones); listed activities are
    published either way, since their organisers chose to list them.
    """

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, unique=True, index=True)
    publish_slots = Boolean(default=True)
    slot_minutes = Integer(default=60)
    days_ahead = Integer(default=14)
    language = Varchar(length=8, default="en")
    """The language its open data is written in (OpenActive text fields are plain strings, one language each):
    each text in this language where the venue gave one, else in the other."""
