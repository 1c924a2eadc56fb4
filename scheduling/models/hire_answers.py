"""What a hirer agreed and answered on a request: the hire terms version accepted and the venue's questions."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from scheduling.models.series import Series
from venues.models import HireQuestion, HireTerms, User


class TermsAcceptance(Table):
    """Who accepted which version of the venue's hire terms, and when, for a booking or a series."""

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    series = ForeignKey(references=Series, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    terms = ForeignKey(references=HireTerms, on_delete=OnDelete.set_null, null=True, default=None)
    version = Integer()
    accepted_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    accepted_name = Varchar(length=200, default="")
    accepted_at = Timestamptz(default=TimestamptzNow())


class HireAnswer(Table):
    """An answer to one of the venue's questions; the prompt is copied so it reads the same if the question
    changes or goes. Private: only the booker, the group's organisers and the venue's managers see it."""

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    series = ForeignKey(references=Series, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    question = ForeignKey(references=HireQuestion, on_delete=OnDelete.set_null, null=True, default=None)
    prompt = Varchar(length=300)
    answer = Text(default="")
