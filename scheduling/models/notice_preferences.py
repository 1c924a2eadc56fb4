"""How each person wants each kind of message: at once, in a daily digest, or not at all."""

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models import User


class NoticePreference(Table):
    """A person's choice for one kind (``scheduling.notices.messages.Kind``); no row: ``immediate``.

    Unique per (user, kind) — see migrations.
    """

    id: Serial

    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    delivery = Varchar(length=10, default="immediate")
    updated_at = Timestamptz(default=TimestamptzNow())
