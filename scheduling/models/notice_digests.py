"""Messages held for a person's daily digest, and the digests sent (one per person per day)."""

from piccolo.columns import Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models import User


class NoticeDigest(Table):
    """One digest sent to a person on a day: unique per (user, day), so two workers never both send it."""

    id: Serial

    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    day = Date()
    created_at = Timestamptz(default=TimestamptzNow())


class HeldNotice(Table):
    """A message a person takes in their digest: its subject, a line of what happened and its link."""

    id: Serial

    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    subject = Text()
    link = Text(default="")
    digest = ForeignKey(references=NoticeDigest, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
