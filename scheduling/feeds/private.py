"""Private feeds: every booking of a manager's venues, or of one group, with status and contact."""

from __future__ import annotations

from datetime import datetime

from scheduling.feeds.events import BOOKING_FEED_COLUMNS, FeedWindow, private_event
from scheduling.feeds.ical import FeedCalendar
from scheduling.feeds.tokens import FeedScope
from scheduling.holds.windows import booking_overlaps
from scheduling.models import Booking, FeedToken, Group
from venues.core import clock
from venues.models import Venue, VenueManager


async def private_feed(token: FeedToken, base_url: str, now: datetime | None = None) -> FeedCalendar:
    window = FeedWindow.around(now or clock.now_exact())
    after, before = booking_overlaps(window.starts, window.ends)
    in_window = after & before
    if token.scope == FeedScope.manager:
        venues = VenueManager.select(VenueManager.venue).where(VenueManager.user == token.owner)
        rows = (
            await Booking.select(*BOOKING_FEED_COLUMNS)
            .where(in_window & Booking.venue.is_in(venues))
            .order_by(Booking.starts_at)
        )
        names = await Venue.select(Venue.name).where(Venue.id.is_in(venues)).order_by(Venue.name)
        title = "Bookings: " + (", ".join(row["name"] for row in names) or "no venues yet")
        description = "Every booking and request at the venues you manage, with status and contact details. Private."
    else:
        group = await Group.select(Group.name).where(Group.id == token.group).first()
        rows = (
            await Booking.select(*BOOKING_FEED_COLUMNS)
            .where(in_window & (Booking.group == token.group))
            .order_by(Booking.starts_at)
        )
        title = f"{group['name'] if group else 'Group'}: bookings"
        description = "Every booking of the group, with status. Private: share only with organisers."
    return FeedCalendar(
        name=title,
        description=description,
        events=[private_event(row, base_url, token.scope == FeedScope.manager) for row in rows],
    )
