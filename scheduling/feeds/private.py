"""Private feeds: every booking of a manager's venues, or of one group, with status and contact.

Worded in the language in force (``venues.core.i18n.using``, set by the caller for the subscriber's ``?lang``).
"""

from __future__ import annotations

from datetime import datetime

from scheduling.feeds.events import BOOKING_FEED_COLUMNS, FeedWindow, private_event
from scheduling.feeds.ical import FeedCalendar
from scheduling.feeds.tokens import FeedScope
from scheduling.holds.windows import booking_overlaps
from scheduling.models import Booking, FeedToken, Group
from venues.core import clock
from venues.core.i18n import _, current_language
from venues.core.i18n.content import shown
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
        names = await Venue.select(Venue.name, Venue.name_cy).where(Venue.id.is_in(venues)).order_by(Venue.name)
        venue_names = [shown(row, "name") for row in names]
        if venue_names:
            title = _("Bookings: %(venues)s") % {"venues": ", ".join(name.text for name in venue_names)}
        else:
            title = _("Bookings: no venues yet")
        # Translators: the description of a venue manager's private calendar feed.
        description = _("Every booking and request at the venues you manage, with status and contact details. Private.")
    else:
        group = await Group.select(Group.name, Group.name_cy).where(Group.id == token.group).first()
        rows = (
            await Booking.select(*BOOKING_FEED_COLUMNS)
            .where(in_window & (Booking.group == token.group))
            .order_by(Booking.starts_at)
        )
        title = _("%(group)s: bookings") % {"group": shown(group, "name").text if group else _("Group")}
        description = _("Every booking of the group, with status. Private: share only with organisers.")
    return FeedCalendar(
        name=title,
        name_language=current_language(),
        description=description,
        description_language=current_language(),
        events=[private_event(row, base_url, token.scope == FeedScope.manager) for row in rows],
    )
