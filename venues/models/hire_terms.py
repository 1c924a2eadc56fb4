"""A venue's hire agreement, kept as numbered versions, and the questions it asks on every request."""

from piccolo.columns import Array, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from venues.models.accounts import User
from venues.models.venues import Venue


class HireTerms(Table):
    """One version of the hire agreement; the highest ``version`` is current. Versions are never edited:
    a change is a new version, so what someone accepted stays readable."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    text = Text()
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class HireQuestion(Table):
    """A question the venue asks on every request ("Will alcohol be served?").

    ``kind`` is ``venues.vocabulary.QuestionKind`` (text, yes_no, choice; ``choices`` for the last).
    Archived questions are no longer asked; answers already given keep their own copy of the prompt.
    """

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    prompt = Varchar(length=300)
    kind = Varchar(length=16, default="text")
    choices = Array(base_column=Varchar(length=100), default=list)
    required = Boolean(default=False)
    archived = Boolean(default=False)
    position = Integer(default=0)
