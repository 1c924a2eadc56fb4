"""One activity as an .ics file: the same events its venue's public feed carries, picked out by uid.

A one-off activity is its booking's event; a series is its master event (RRULE,
EXDATEs, overrides) to subscribe to, and the events of the series that carry it on
after "this and following" (``activity_access.carried_on``), so a subscription
follows the activity across splits; one date of a series is that date alone,
under the occurrence booking's own uid so it never collides with the series.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from scheduling.bookings.access import get_booking, shown_to_public
from scheduling.feeds.events import FeedWindow, uid_host
from scheduling.feeds.ical import FeedEvent
from scheduling.feeds.public import public_events, window_filters
from scheduling.listings.activity_access import Carried, Owner
from venues.core.errors import NotFound
from venues.core.i18n import _


async def activity_events(
    owner: Owner, carried: list[Carried], occurrence_id: int | None, base_url: str, now: datetime
) -> list[FeedEvent]:
    """The listed activity's events in the public feed window; empty when the public cannot see it.

    ``carried`` is the series' listing and those that carry it on (empty for a one-off).
    """
    host = uid_host(base_url)
    events = await public_events(window_filters(FeedWindow.around(now), venue_id=owner.venue_id), base_url)
    if owner.booking is not None:
        wanted = f"booking-{owner.booking.uid}@{host}"
        return [event for event in events if event.uid == wanted]
    assert owner.series is not None
    wanted_uids = {f"series-{part.series_uid}@{host}" for part in carried}
    mine = [event for event in events if event.uid in wanted_uids]
    if occurrence_id is None:
        return mine
    booking = await get_booking(occurrence_id)
    series_uid = next((part.series_uid for part in carried if part.series_id == booking.series), None)
    if series_uid is None or not shown_to_public(booking):
        raise NotFound(_("Date %(id)s is not a public date of this activity.") % {"id": occurrence_id})
    own = [event for event in mine if event.uid == f"series-{series_uid}@{host}"]
    source = next((event for event in own if event.recurrence_id == booking.recurrence_id), None)
    source = source or next((event for event in own if event.rrule), None)
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
            sequence=booking.sequence + source.sequence,  # each part only grows: see scheduling.feeds.events
            last_modified=max(source.last_modified, booking.updated_at),
        )
    ]
