"""Secret feed URLs: a manager's calendar of all their venues' bookings, or a group's."""

from piccolo.columns import Date, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.groups import Group
from venues.models import User


class FeedToken(Table):
    """The token is the capability: whoever has the URL reads the feed, so rotating it
    (a new row, the old one deleted) cuts off every copy of the old URL at once.

    ``scope`` is ``manager`` (every venue the owner manages) or ``group`` (one group's
    bookings, for its organisers). Unique per (owner, scope, group) — see migrations.
    """

    id: Serial

    owner = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    scope = Varchar(length=10)
    group = ForeignKey(references=Group, on_delete=OnDelete.cascade, null=True, default=None)
    token = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # The last day (UTC) a calendar app fetched the feed, written at most once a day: whether its holder
    # is subscribed, so booking messages can leave out an invitation the feed already carries.
    fetched_on = Date(null=True, default=None)
