"""Areas: named sets of venues (a network of halls, a Big Local area, a council's community buildings).

A site admin defines an area, chooses its venues and names its officers, who read the area's reports
(and each of its venues' reports) without managing any venue. An area's impact page is public."""

from piccolo.columns import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models.accounts import User
from venues.models.venues import Venue


class Area(Table):
    """``slug`` names the area in public addresses (``/areas/{slug}/impact``)."""

    id: Serial

    name = Varchar(length=200)
    slug = Varchar(length=80, unique=True)
    description = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class AreaVenue(Table):
    """A venue in an area (a venue may be in several areas); unique per pair (see migrations)."""

    id: Serial

    area = ForeignKey(references=Area, on_delete=OnDelete.cascade, index=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)


class AreaOfficer(Table):
    """Someone who reads an area's reports; unique per pair (see migrations)."""

    id: Serial

    area = ForeignKey(references=Area, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
