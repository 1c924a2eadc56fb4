"""Piccolo tables of the scheduling app, one module per concept."""

from scheduling.models.activities import Activity
from scheduling.models.booking_events import BookingEvent
from scheduling.models.bookings import Booking
from scheduling.models.feed_tokens import FeedToken
from scheduling.models.groups import Group, GroupJoinRequest, GroupOrganiser, GroupVenueTier
from scheduling.models.notice_digests import HeldNotice, NoticeDigest
from scheduling.models.notice_preferences import NoticePreference
from scheduling.models.occupancy import Occupancy
from scheduling.models.series import Series

__all__ = [
    "Activity",
    "Booking",
    "BookingEvent",
    "FeedToken",
    "Group",
    "GroupJoinRequest",
    "GroupOrganiser",
    "GroupVenueTier",
    "HeldNotice",
    "NoticeDigest",
    "NoticePreference",
    "Occupancy",
    "Series",
]
