"""Piccolo tables of the scheduling app, one module per concept."""

from scheduling.models.activities import Activity
from scheduling.models.attendance import SessionRecord
from scheduling.models.booking_events import BookingEvent
from scheduling.models.booking_extras import BookingExtra, ExtraHold
from scheduling.models.bookings import Booking
from scheduling.models.feed_tokens import FeedToken
from scheduling.models.groups import Group, GroupBilling, GroupJoinRequest, GroupOrganiser, GroupVenueTier
from scheduling.models.hire_answers import HireAnswer, TermsAcceptance
from scheduling.models.invoices import Invoice, InvoiceCounter, InvoiceLine
from scheduling.models.notice_digests import HeldNotice, NoticeDigest
from scheduling.models.notice_preferences import NoticePreference
from scheduling.models.occupancy import Occupancy
from scheduling.models.openactive import OpenActiveChange, OpenActiveCounter, OpenActiveItem
from scheduling.models.payments import Deposit, Payment
from scheduling.models.series import Series

__all__ = [
    "Activity",
    "Booking",
    "BookingEvent",
    "BookingExtra",
    "Deposit",
    "ExtraHold",
    "FeedToken",
    "Group",
    "GroupBilling",
    "GroupJoinRequest",
    "GroupOrganiser",
    "GroupVenueTier",
    "HeldNotice",
    "HireAnswer",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "NoticeDigest",
    "NoticePreference",
    "Occupancy",
    "OpenActiveChange",
    "OpenActiveCounter",
    "OpenActiveItem",
    "Payment",
    "Series",
    "SessionRecord",
    "TermsAcceptance",
]
