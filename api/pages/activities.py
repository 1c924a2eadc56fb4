"""/activities/{id}: one activity for residents, its next dates, a calendar file and JSON-LD."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from api.feeds.conditional import serve_feed
from api.feeds.links import feed_links
from api.pages.support.rendering import current_user, page
from api.pages.support.wording import repeats
from api.pages.views.activity_calendar import activity_events
from api.pages.views.structured_data import event_data, json_ld, schedule_data
from api.settings import get_settings
from scheduling.bookings.status import HOLDS_TIME
from scheduling.feeds.ical import FeedCalendar, render_calendar
from scheduling.groups import get_group
from scheduling.listings.activities import readable_activity
from scheduling.listings.activity_access import carried_on, is_live
from scheduling.listings.whats_on import WhatsOnFilters, WhatsOnItem, find_occurrences
from scheduling.listings.whats_on_window import MAX_DAYS
from scheduling.models import Booking, Series
from scheduling.openactive.activity_list import concept_for
from scheduling.recurrence.schedule import schedule_of
from scheduling.series.access import skipped_occurrences
from venues.core import clock
from venues.core.errors import NotFound
from venues.core.i18n import current_language, gettext
from venues.core.i18n.content import shown
from venues.core.timezones import zone
from venues.lookups import get_space, get_venue
from venues.models import Closure
from venues.publication import public_version

NEXT_DATES = 8


def osm_link(latitude: float | None, longitude: float | None) -> str | None:
    """A link to the spot on OpenStreetMap (a link only: the page embeds no map)."""
    if latitude is None or longitude is None:
        return None
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}#map=17/{latitude:.5f}/{longitude:.5f}"
    )


async def called_off(series: Series | None, now: datetime, last_shown: datetime | None) -> list[date]:
    """The series' days up to the last date shown that will not happen (cancelled, say for a closure, or
    declined), so residents reading the rule are not sent to a locked hall. Dates only: never the reasons."""
    if series is None or last_shown is None:
        return []
    rows = await Booking.select(Booking.starts_at, Booking.status).where(
        (Booking.series == series.id) & (Booking.starts_at > now) & (Booking.starts_at <= last_shown)
    )
    days: dict[date, bool] = {}
    for row in rows:
        day = row["starts_at"].astimezone(zone(series.timezone)).date()
        happens = row["status"] in HOLDS_TIME
        days[day] = days.get(day, False) or happens
    for day in await closed_and_never_booked(series, now, last_shown):
        days.setdefault(day, False)
    return sorted(day for day, happens in days.items() if not happens)


async def closed_and_never_booked(series: Series, now: datetime, last_shown: datetime) -> list[date]:
    """The rule's days in ``(now, last_shown]`` that were skipped when the series was made (no booking at all)
    because the venue or the series' space is closed then."""
    skipped = [each.local_date for each in await skipped_occurrences(series) if now < each.starts_at <= last_shown]
    if not skipped:
        return []
    closures = await Closure.select(Closure.starts_on, Closure.ends_on).where(
        (Closure.venue == series.venue)
        & (Closure.space.is_null() | (Closure.space == series.space))
        & (Closure.starts_on <= max(skipped))
        & (Closure.ends_on >= min(skipped))
    )
    return [day for day in skipped if any(row["starts_on"] <= day <= row["ends_on"] for row in closures)]


async def upcoming(activity_ids: set[int], venue_id: int, now: datetime) -> list[WhatsOnItem]:
    """The activity's next public dates (those of the listings carrying it on too), from the same query as
    what's on (so the same rules decide)."""
    filters = WhatsOnFilters(starts_from=now, ends_before=now + timedelta(days=MAX_DAYS), venue_id=venue_id)
    found = (await find_occurrences(filters, limit=None)).items
    return [occurrence for occurrence in found if occurrence.listing.id in activity_ids][:NEXT_DATES]


class ActivityPages(Controller):
    path = "/activities"

    @get("/{activity_id:int}", name="activity")
    async def activity(self, request: Request[Any, Any, Any], activity_id: FromPath[int]) -> Template:
        activity, owner, editor = await readable_activity(current_user(request), activity_id)
        held_by = owner.booking if owner.booking is not None else owner.series
        assert held_by is not None
        venue = await get_venue(owner.venue_id)
        space = await get_space(held_by.space)
        group = await get_group(held_by.group) if held_by.group is not None else None
        carried = await carried_on(activity)
        dates = await upcoming({activity.id, *(part.activity_id for part in carried)}, venue.id, clock.now())
        base = get_settings().public_base_url
        page_url = f"{base}/activities/{activity.id}"
        rule = schedule_of(owner.series).rule if owner.series is not None else None
        schedule = None
        if owner.series is not None and rule is not None:
            series = owner.series
            schedule = schedule_data(
                str(rule.freq),
                rule.interval,
                rule.by_day,
                f"{series.start_time:%H:%M}",
                f"{series.end_time:%H:%M}",
                series.timezone,
            )
        first = dates[0] if dates else None
        not_on = await called_off(owner.series, clock.now(), dates[-1].starts_at if dates else None)
        data = event_data(
            activity,
            venue,
            first.starts_local if first else None,
            first.ends_local if first else None,
            group,
            page_url,
            schedule,
        )
        return await page(
            request,
            "activity.html.j2",
            activity=activity,
            owner=owner,
            editor=editor,
            venue=venue,
            space=space,
            group=group,
            dates=dates,
            one_off=owner.booking,
            repeats=repeats(str(rule.freq), rule.interval, rule.by_day, rule.until, rule.count) if rule else None,
            series=owner.series,
            not_on=not_on,
            map_url=osm_link(venue.latitude, venue.longitude),
            calendar=feed_links(f"/activities/{activity.id}/calendar.ics"),
            json_ld=json_ld(data),
            openactive=concept_for(
                activity.openactive_activity, activity.title, activity.tags or (), activity.category
            ),
            live=await is_live(owner),
        )

    @get("/{activity_id:int}/calendar.ics", name="activity_calendar", media_type="text/calendar")
    async def calendar(
        self, request: Request[Any, Any, Any], activity_id: FromPath[int], occurrence: FromQuery[int | None] = None
    ) -> Response[bytes]:
        """The activity (or with ``occurrence``, one date of a series, by its booking id) for a calendar app."""
        activity, owner, _ = await readable_activity(None, activity_id)
        version, changed_at = await public_version()
        now = clock.now()
        base = get_settings().public_base_url

        async def build() -> bytes:
            events = await activity_events(owner, await carried_on(activity), occurrence, base, now)
            if not events:
                raise NotFound(gettext("This activity has no public dates in the calendar window."))
            title, description = shown(activity, "title").text, shown(activity, "description").text
            return render_calendar(
                FeedCalendar(
                    name=title,
                    description=description or title,
                    events=events,
                    url=f"{base}/activities/{activity.id}",
                )
            )

        return await serve_feed(
            request,
            key=f"activity-page:{activity.id}:{occurrence}:{now.date().isoformat()}:{current_language()}",
            version=version,
            last_modified=changed_at,
            filename=f"activity-{activity.id}.ics",
            build=build,
        )
