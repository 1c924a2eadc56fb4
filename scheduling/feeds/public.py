"""Public feeds: the same occurrences as the what's-on listing, written as a calendar.

Every public feed is a what's-on query over the feed window, so a calendar
app subscribed to a feed shows exactly what the listing shows; a broad one
(``scheduling.feeds.broad``) only its first dates by start in a shorter window. A series
becomes one VEVENT with its RRULE, anchored at its first occurrence in the
window and ended (UNTIL) at its last one there: an open-ended series is
bounded by how far its occurrences have been booked. Every date the rule
yields in between that is not a confirmed public occurrence (cancelled,
declined, awaiting approval, skipped) is an EXDATE; an occurrence moved
away from the rule is an override VEVENT with RECURRENCE-ID.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.feeds.events import (
    BOOKING_FEED_COLUMNS,
    FeedWindow,
    Shown,
    busy_event,
    located,
    stamped,
    uid_host,
)
from scheduling.feeds.ical import FeedEvent
from scheduling.feeds.words import audience_word
from scheduling.holds.windows import occupancy_overlaps
from scheduling.listings.whats_on import WhatsOnFilters, WhatsOnItem, first_occurrences, occurrence_batches
from scheduling.models import Booking, Occupancy, Series
from scheduling.recurrence.rules import expand, ical_rrule_until
from scheduling.recurrence.schedule import SCHEDULE_COLUMNS, schedule_from
from venues.core.i18n import _, current_language
from venues.core.i18n.content import shown
from venues.spaces.bookable import parts_of


def window_filters(window: FeedWindow, **scope: object) -> WhatsOnFilters:
    return WhatsOnFilters(starts_from=window.starts, ends_before=window.ends, **scope)  # type: ignore[arg-type]


def _describe(occurrence: WhatsOnItem) -> tuple[str, str]:
    """An event's DESCRIPTION in the language in force, and the language it is in: the listing's own description
    leads it, so when that is only in the other language the description is read as that language."""
    listing = occurrence.listing
    description = shown(listing, "description")
    lines = [description.text] if description.text else []
    if listing.cost_kind == "free":
        lines.append(_("Free"))
    elif listing.cost_kind == "pay_what_you_can":
        lines.append(_("Pay what you can"))
    else:
        lines.append(
            f"£{listing.price_minor / 100:.2f}"
            if listing.currency == "GBP"
            else _("%(amount)s %(currency)s (minor units)")
            % {"amount": listing.price_minor, "currency": listing.currency}
        )
    lines.append(_("For: %(audience)s") % {"audience": audience_word(listing.audience)})
    if listing.drop_in:
        lines.append(_("Drop in any time"))
    if listing.book_ahead:
        lines.append(_("Book ahead"))
    if listing.accessibility_notes:
        lines.append(_("Access: %(notes)s") % {"notes": listing.accessibility_notes})
    contact = ", ".join(value for value in (listing.public_email, listing.public_phone, listing.public_url) if value)
    if contact:
        lines.append(_("Contact: %(contact)s") % {"contact": contact})
    if occurrence.group is not None:
        lines.append(_("Run by %(group)s") % {"group": shown(occurrence.group, "name").text})
    return "\n".join(lines), description.language if description.text else current_language()


def _shown(occurrence: WhatsOnItem) -> list[Shown]:
    """The activity listing, the venue and the group: what an event shows beyond its booking or series."""
    group = occurrence.group
    return [
        (occurrence.listing.updated_at, occurrence.listing.revision),
        (occurrence.venue.shown_changed_at, occurrence.venue.shown_revision),
        (group.updated_at, group.revision) if group is not None else (None, 0),
    ]


def _listing_event(
    occurrence: WhatsOnItem, uid: str, base_url: str, own_changed: datetime, own_sequence: int
) -> FeedEvent:
    """The event of ``occurrence``; ``own_changed`` and ``own_sequence`` are its booking's or series'."""
    last_modified, sequence = stamped(own_changed, own_sequence, _shown(occurrence))
    venue = occurrence.venue
    location, location_language = located(
        shown(occurrence.space, "name"), shown(venue, "name"), venue.address, venue.postcode
    )
    title = shown(occurrence.listing, "title")
    description, description_language = _describe(occurrence)
    return FeedEvent(
        uid=uid,
        summary=title.text,
        summary_language=title.language,
        description_language=description_language,
        location_language=location_language,
        start=occurrence.starts_at,
        end=occurrence.ends_at,
        tz=venue.timezone,
        last_modified=last_modified,
        sequence=sequence,
        description=description,
        location=location,
        geo=(venue.latitude, venue.longitude) if venue.latitude is not None and venue.longitude is not None else None,
        url=f"{base_url}/activities/{occurrence.listing.id}",
        categories=(occurrence.listing.category, *occurrence.listing.tags),
    )


async def public_events(filters: WhatsOnFilters, base_url: str, shown: set[int] | None = None) -> list[FeedEvent]:
    """The occurrences ``filters`` match, as VEVENTs: one-offs, series masters and their overrides.

    Occurrences arrive in batches (whole series together) and only their events are kept, so a
    county's feed holds one batch of occurrences at a time, not all of them. The ids of the
    bookings behind the events (a series' occurrences too) are added to ``shown`` when given.
    """
    return await _events(occurrence_batches(filters), base_url, shown)


async def first_public_events(
    filters: WhatsOnFilters, count: int, base_url: str
) -> tuple[list[FeedEvent], int, datetime | None]:
    """The first ``count`` occurrences ``filters`` match by start, as VEVENTs, with how many dates they hold
    and the start of the first date left out (None: none was). A series among them ends (UNTIL) at its last
    date before the cut, and its dates moved beyond it are left out with the rest."""
    found, cut_at = await first_occurrences(filters, count)

    async def one_batch() -> AsyncIterator[list[WhatsOnItem]]:
        if found:
            yield found

    return await _events(one_batch(), base_url, None), len(found), cut_at


async def _events(batches: AsyncIterator[list[WhatsOnItem]], base_url: str, shown: set[int] | None) -> list[FeedEvent]:
    host = uid_host(base_url)
    events: list[FeedEvent] = []
    async for batch in batches:
        by_series: dict[int, list[WhatsOnItem]] = defaultdict(list)
        for o in batch:
            if shown is not None:
                shown.add(o.booking_id)
            if o.series_id is not None and o.recurrence_id is not None:
                by_series[o.series_id].append(o)
            else:
                events.append(_listing_event(o, f"booking-{o.booking_uid}@{host}", base_url, _changed(o), o.sequence))
        if by_series:
            series_rows = {
                row["id"]: row
                for row in await Series.select(*_SERIES_COLUMNS).where(Series.id.is_in(sorted(by_series)))
            }
            for series_id, members in sorted(by_series.items()):
                events.extend(_series_events(series_rows[series_id], members, host, base_url))
    events.sort(key=lambda event: (event.start, event.uid))
    return events


# What a series' events need of its row: no Piccolo objects, whose building costs more than the query.
_SERIES_COLUMNS = (Series.id, Series.uid, Series.updated_at, Series.sequence, *SCHEDULE_COLUMNS)


def _changed(occurrence: WhatsOnItem) -> datetime:
    return occurrence.updated_at or occurrence.starts_at


def _series_events(series: dict[str, Any], members: list[WhatsOnItem], host: str, base_url: str) -> list[FeedEvent]:
    schedule = schedule_from(series)
    members.sort(key=lambda o: o.recurrence_id)  # type: ignore[arg-type, return-value]
    first, last = members[0].recurrence_id, members[-1].recurrence_id
    assert first is not None and last is not None
    expected = expand(schedule, first, last + timedelta(seconds=1)).occurrences
    present = {o.recurrence_id: o for o in members if o.recurrence_id is not None}
    uid = f"series-{series['uid']}@{host}"
    last_modified = max([series["updated_at"], *(_changed(o) for o in members)])
    anchor = expected[0]
    template = members[0]
    master = dataclasses.replace(
        _listing_event(template, uid, base_url, last_modified, series["sequence"]),
        start=anchor.starts_at,
        end=anchor.ends_at,
        rrule=ical_rrule_until(schedule.rule, last),
        exdates=tuple(o.starts_at for o in expected if o.starts_at not in present),
    )
    events = [master]
    by_start = {o.starts_at: o for o in expected}
    for recurrence_id, occurrence in present.items():
        slot = by_start.get(recurrence_id)
        if slot is None or (occurrence.starts_at, occurrence.ends_at) != (slot.starts_at, slot.ends_at):
            events.append(
                dataclasses.replace(
                    _listing_event(
                        occurrence, uid, base_url, _changed(occurrence), occurrence.sequence + series["sequence"]
                    ),
                    recurrence_id=recurrence_id,
                )
            )
    return events


async def busy_events(space_id: int, window: FeedWindow, shown: set[int], base_url: str) -> list[FeedEvent]:
    """Every booking not in ``shown`` (ids) holding this space's time (its own, its parts', its combinations'),
    anonymously."""
    parts = list((await parts_of([space_id])).get(space_id, ())) or [space_id]
    holding = Occupancy.select(Occupancy.booking).where(
        Occupancy.space.is_in(parts) & occupancy_overlaps(int(window.starts.timestamp()), int(window.ends.timestamp()))
    )
    rows = (
        await Booking.select(*BOOKING_FEED_COLUMNS)
        .where(Booking.id.is_in(holding) & Booking.status.is_in(HOLDS_TIME_VALUES))
        .order_by(Booking.starts_at)
    )
    return [busy_event(row, base_url) for row in rows if row["id"] not in shown]
