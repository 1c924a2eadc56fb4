"""One activity as an .ics file: the same events its venue's public feed carries, picked out by uid.

A one-off activity is its booking's event; a series is its master event (RRULE,
EXDATEs, overrides) to subscribe to; one date of a series is that date alone,
under the occurrence booking's own uid so it never collides with the series.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from scheduling.activity_access import Owner
from scheduling.booking_access import get_booking
from scheduling.booking_status import BookingStatus
from scheduling.feed_events import FeedWindow, uid_host
from scheduling.ical import FeedEvent
from scheduling.public_feeds import public_events, window_filters
from venues.errors import NotFound


async def activity_events(owner: Owner, occurrence_id: int | None, base_url: str, now: datetime) -> list[FeedEvent]:
    """The listed activity's events in the public feed window; empty when the public cannot see it."""
    host = uid_host(base_url)
    events = await public_events(window_filters(FeedWindow.around(now), venue_id=owner.venue_id), base_url)
    if owner.booking is not None:
        wanted = f"booking-{owner.booking.uid}@{host}"
        return [event for event in events if event.uid == wanted]
    assert owner.series is not None
    wanted = f"series-{owner.series.uid}@{host}"
    mine = [event for event in events if event.uid == wanted]
    if occurrence_id is None:
        return mine
    booking = await get_booking(occurrence_id)
    if booking.series != owner.series.id or booking.status != BookingStatus.confirmed or not booking.is_public:
        raise NotFound(f"Date {occurrence_id} is not a public date of this activity.")
    source = next((event for event in mine if event.recurrence_id == booking.recurrence_id), None)
    source = source or next((event for event in mine if event.rrule), None)
    if source is None:
        return []
    return [
        dataclasses.replace(
            source,
            uid=f"booking-{booking.uid}@{host}",
            start=booking.starts_at,
            end=booking.ends_at,
            rrule=None,
            exdates=(),
            recurrence_id=None,
            sequence=booking.sequence + source.sequence,  # each part only grows: see scheduling.feed_events
            last_modified=max(source.last_modified, booking.updated_at),
        )
    ]
