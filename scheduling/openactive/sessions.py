"""A listing as OpenActive: its SessionSeries and the ScheduledSession of each of its dates.

A listing is published when the public sees it (``scheduling.listings.activity_access.is_live``: its booking
public and confirmed, or its series public, not cancelled and with a public confirmed date), its venue and
space are not archived (as What's on decides), and it is a physical activity on the OpenActive Activity List
(``activity_list.concept_for``: the organiser's choice, else matched from the title or tags when its category
can be a physical one). A public one-off or series that is called off stays published until its dates are
over, each date as cancelled: a finder app that listed it must hear it is off, not just see it vanish. Only
what was published is kept so: a cancelled date is a cancelled ScheduledSession only while its item is stored
as ``updated`` (and a cancelled one-off's SessionSeries only while its item is), read from ``OpenActiveItem``
in one query for the batch. A request withdrawn before it was approved is "cancelled" too, and was never
public: it has no items at all. Anything else (private, declined, never confirmed, not physical) has no
items, so what was published becomes tombstones.

A listing no longer live (a cancelled one-off, a called-off series) keeps its ``@id``, but its page is not
shown to the public any more, so its ``url`` (and its dates') is the group's public page, else the venue's.

The SessionSeries is the listing (``@id`` its public page); a series carries its rule as a
``PartialSchedule``, a one-off its one date as a ``subEvent`` (the model needs one or the other). Each date
still to end that is public and confirmed, or cancelled and published before, is a ScheduledSession pointing
at it: a cancelled date stays, with ``eventStatus`` cancelled, so finder apps can tell people not to come.

Only public columns are selected (never the booker's name, email or phone, the purpose, or a group's
private contact), and a private date is never read, so none can reach an item. Everything is read in a
fixed number of queries per call, however many listings are asked for.

Choices the model leaves to the publisher:
- ``offers``: free is a price of 0 and ``isAccessibleForFree``; a set price is the price in pounds as a JSON
  number, formatted from the integer pence (``feeds.price_number``: 450 pence is 4.5, 499 is 4.99), never
  divided in floating point. Pay what you can is an ``Offer`` named so, with a price of 0 and ``isAccessibleForFree``:
  nobody is turned away for paying nothing, so 0 is the true least anyone pays, and the name and
  description tell the reader a contribution is welcome. Publishing a made-up suggested price would not be.
- ``ageRange`` from the listing's audience: all ages and families 0+ ("suitable for all"), children 0–12,
  young people 11–18 (secondary school and sixth form, as youth clubs count), adults 18+, older people 50+
  (the age Age UK and most "over 50s" groups start from; a wider range than 60+ so nobody who would be
  welcome is filtered out).
- ``accessibilityInformation`` is the organiser's accessibility notes. ``accessibilitySupport`` (OpenActive's
  list of impairments a session supports: visual, hearing, physical, learning, mental health, social or
  behavioural) is left out: a listing records no such claim, and a venue's step-free access or hearing loop
  says what the building offers, not that a session is run to support people with an impairment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduling.bookings.status import BookingStatus
from scheduling.models import Activity, Booking, Group, OpenActiveItem, Series
from scheduling.openactive.activity_list import Concept, concept_for
from scheduling.openactive.feeds import CONTEXT, Feed, Item, Owned, activity_owner, price_number
from scheduling.openactive.places import (
    PublicVenue,
    place_data,
    public_venues,
    venue_organization,
    venue_url,
)
from scheduling.recurrence.rules import RecurrenceRule, parse_rrule
from scheduling.vocabulary import Audience, CostKind, Frequency, SeriesStatus
from venues.core.errors import InvalidInput
from venues.core.i18n import _, using
from venues.core.i18n.content import shown
from venues.core.i18n.languages import LANGUAGE_TAGS
from venues.core.public_url import public_base_url
from venues.core.timezones import zone

SCHEMA = "https://schema.org"
SCHEMA_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
REPEAT_UNIT = {Frequency.daily: "D", Frequency.weekly: "W", Frequency.monthly: "M"}
SCHEDULED = f"{SCHEMA}/EventScheduled"
CANCELLED = f"{SCHEMA}/EventCancelled"
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"

# See the module's docstring for why each audience reads as this range.
AGE_RANGES: dict[str, tuple[int, int | None]] = {
    Audience.all_ages: (0, None),
    Audience.families: (0, None),
    Audience.children: (0, 12),
    Audience.young_people: (11, 18),
    Audience.adults: (18, None),
    Audience.older_people: (50, None),
}

# A date of a series is read while it is public and confirmed, or cancelled (published as cancelled only if it was
# published before, ``published_before``).
SESSION_STATUSES = (BookingStatus.confirmed.value, BookingStatus.cancelled.value)

ACTIVITY_COLUMNS = (
    Activity.id,
    Activity.booking,
    Activity.series,
    Activity.title,
    Activity.title_cy,
    Activity.category,
    Activity.description,
    Activity.description_cy,
    Activity.tags,
    Activity.audience,
    Activity.cost_kind,
    Activity.price_minor,
    Activity.currency,
    Activity.book_ahead,
    Activity.drop_in,
    Activity.accessibility_notes,
    Activity.openactive_activity,
)
# Public columns only: never the booker's contact or the purpose.
ONE_OFF_COLUMNS = (
    Booking.id,
    Booking.venue,
    Booking.group,
    Booking.series,
    Booking.is_public,
    Booking.status,
    Booking.starts_at,
    Booking.ends_at,
    Booking.space.archived.as_alias("space_archived"),
)
SERIES_COLUMNS = (
    Series.id,
    Series.venue,
    Series.group,
    Series.is_public,
    Series.status,
    Series.rrule,
    Series.dtstart,
    Series.start_time,
    Series.end_time,
    Series.timezone,
    Series.space.archived.as_alias("space_archived"),
)
DATE_COLUMNS = (Booking.id, Booking.series, Booking.status, Booking.starts_at, Booking.ends_at)
GROUP_COLUMNS = (Group.id, Group.name, Group.name_cy, Group.website, Group.public_email, Group.public_phone)


@dataclass(frozen=True)
class _Date:
    """One date of a listing as a session: its booking, time and whether it still happens."""

    booking_id: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool


def activity_url(activity_id: int) -> str:
    """The listing's public page: the SessionSeries' ``@id`` and ``url``."""
    return f"{public_base_url()}/activities/{activity_id}"


def session_id(activity_id: int, booking_id: int) -> str:
    """A date's ``@id``: the date on its listing's page (the page marks each date it lists with this anchor)."""
    return f"{activity_url(activity_id)}#session-{booking_id}"


def group_url(group_id: int) -> str:
    return f"{public_base_url()}/groups/{group_id}"


def iso_duration(length: timedelta) -> str:
    """An ISO 8601 duration in hours, minutes and seconds: ``PT1H30M``, ``PT45M``, ``PT26H``."""
    seconds = max(int(length.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{seconds}S" if seconds else ""]
    return "PT" + ("".join(parts) or "0S")


def wall_clock_length(start: time, end: time) -> timedelta:
    """A series' local times as a length; an end not after the start is the next day's."""
    day = date(2000, 1, 1)
    length = datetime.combine(day, end) - datetime.combine(day, start)
    return length if length > timedelta(0) else length + timedelta(days=1)


def offers(activity: dict[str, Any], page: str) -> tuple[list[dict[str, Any]], bool]:
    """The listing's cost as OpenActive offers, and whether anyone may come without paying."""
    offer: dict[str, Any] = {"@type": "Offer", "@id": f"{page}#offer", "priceCurrency": activity["currency"]}
    if activity["cost_kind"] == CostKind.priced:
        offer["price"] = price_number(activity["price_minor"])
        return [offer], False
    offer["price"] = 0
    if activity["cost_kind"] == CostKind.pay_what_you_can:
        offer["name"] = _("Pay what you can")
        offer["description"] = _("No set price: give what you can afford, or nothing if you cannot.")
    return [offer], True


def age_range(audience: str) -> dict[str, Any]:
    least, most = AGE_RANGES.get(audience, (0, None))
    value: dict[str, Any] = {"@type": "QuantitativeValue", "minValue": least}
    if most is not None:
        value["maxValue"] = most
    return value


def instructions(activity: dict[str, Any]) -> str:
    said = [_("Book ahead with the organisers.") if activity["book_ahead"] else _("Just turn up.")]
    if activity["drop_in"]:
        said.append(_("Drop in any time between the start and the end."))
    return " ".join(said)


def organizer(group: dict[str, Any] | None, venue: PublicVenue) -> dict[str, Any]:
    """The group that runs it, from its public columns; with no group, the venue."""
    if group is None:
        return venue_organization(venue)
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": group_url(group["id"]),
        "name": shown(group, "name").text,
        "url": group["website"] or group_url(group["id"]),
    }
    if group["public_phone"]:
        data["telephone"] = group["public_phone"]
    if group["public_email"]:
        data["email"] = group["public_email"]
    return data


def _by_day(rule: RecurrenceRule, first: date) -> list[str]:
    """Days as schema.org days; a monthly rule's positional day ("the first Monday") as its iCal BYDAY text."""
    codes = rule.by_day or ((WEEKDAY_CODES[first.weekday()],) if rule.freq == Frequency.weekly else ())
    days = []
    for code in codes:
        position, day = code[:-2], code[-2:]
        if position:
            days.append(f"{position if position.startswith(('+', '-')) else '+' + position}{day}")
        else:
            days.append(f"{SCHEMA}/{SCHEMA_DAYS[day]}")
    return days


def schedule(series: dict[str, Any]) -> dict[str, Any]:
    """A series' rule as a ``PartialSchedule``: how often, which days, its local times and zone, its dates."""
    rule = parse_rrule(series["rrule"])
    first: date = series["dtstart"]
    data: dict[str, Any] = {
        "@type": "PartialSchedule",
        "repeatFrequency": f"P{rule.interval}{REPEAT_UNIT[rule.freq]}",
        "startTime": f"{series['start_time']:%H:%M}",
        "endTime": f"{series['end_time']:%H:%M}",
        "duration": iso_duration(wall_clock_length(series["start_time"], series["end_time"])),
        "scheduleTimezone": series["timezone"],
        "startDate": first.isoformat(),
    }
    days = _by_day(rule, first)
    if days:
        data["byDay"] = days
    elif rule.freq == Frequency.monthly:
        data["byMonthDay"] = [first.day]
    if rule.until is not None:
        data["endDate"] = rule.until.isoformat()
    if rule.count is not None:
        data["repeatCount"] = rule.count
    return data


def session_data(activity_id: int, when: _Date, timezone: str, url: str | None = None) -> dict[str, Any]:
    """One date as a ``ScheduledSession`` (without context or superEvent: the caller adds what it needs);
    ``url`` is where its link leads, the listing's page unless the listing is no longer shown."""
    local = zone(timezone)
    return {
        "@type": "ScheduledSession",
        "@id": session_id(activity_id, when.booking_id),
        "identifier": when.booking_id,
        "url": url or activity_url(activity_id),
        "startDate": when.starts_at.astimezone(local).isoformat(),
        "endDate": when.ends_at.astimezone(local).isoformat(),
        "duration": iso_duration(when.ends_at - when.starts_at),
        "eventStatus": CANCELLED if when.cancelled else SCHEDULED,
    }


def series_data(
    activity: dict[str, Any],
    concept: Concept,
    venue: PublicVenue,
    group: dict[str, Any] | None,
    timing: dict[str, Any],
    url: str | None = None,
) -> dict[str, Any]:
    """The listing as a ``SessionSeries``; ``timing`` is its ``eventSchedule`` or ``subEvent``; ``url`` is where
    its link leads, the listing's page unless the listing is no longer shown. Every text is in the venue's
    open-data language (its own where the listing gave it, else the other's), said by ``inLanguage``."""
    with using(venue.language):
        return _series_data(activity, concept, venue, group, timing, url)


def _series_data(
    activity: dict[str, Any],
    concept: Concept,
    venue: PublicVenue,
    group: dict[str, Any] | None,
    timing: dict[str, Any],
    url: str | None,
) -> dict[str, Any]:
    page = activity_url(activity["id"])
    title = shown(activity, "title")
    description = shown(activity, "description")
    offer_list, free = offers(activity, page)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "SessionSeries",
        "@id": page,
        "url": url or page,
        "identifier": activity["id"],
        "name": title.text,
        "inLanguage": LANGUAGE_TAGS[venue.language],
        "activity": [concept.data()],
        "location": place_data(venue),
        "organizer": organizer(group, venue),
        "offers": offer_list,
        "isAccessibleForFree": free,
        "ageRange": age_range(activity["audience"]),
        "eventAttendanceMode": OFFLINE,
        "attendeeInstructions": instructions(activity),
        **timing,
    }
    if description.text.strip():
        data["description"] = description.text
    if activity["accessibility_notes"].strip():
        data["accessibilityInformation"] = activity["accessibility_notes"]
    return data


def scheduled_session(activity_id: int, when: _Date, timezone: str, url: str | None = None) -> Item:
    data = {
        "@context": CONTEXT,
        **session_data(activity_id, when, timezone, url),
        "superEvent": activity_url(activity_id),
    }
    return Item(Feed.scheduled_sessions, str(when.booking_id), data, ends_at=when.ends_at)


def _date(row: dict[str, Any]) -> _Date:
    return _Date(row["id"], row["starts_at"], row["ends_at"], row["status"] == BookingStatus.cancelled)


def public_page(group_id: int | None, venue_id: int) -> str:
    """Where a listing no longer shown links to: its group's public page, else its venue's."""
    return group_url(group_id) if group_id is not None else venue_url(venue_id)


async def published_before(session_ids: Sequence[int], series_ids: Sequence[int]) -> tuple[set[int], set[int]]:
    """Which of these bookings' ScheduledSessions and listings' SessionSeries are stored as ``updated`` (one
    query): a cancellation is published only to take back what was published."""
    sessions = sorted({str(booking_id) for booking_id in session_ids})
    series = sorted({str(activity_id) for activity_id in series_ids})
    if not sessions and not series:
        return set(), set()
    wanted = []
    if sessions:
        wanted.append((OpenActiveItem.feed == str(Feed.scheduled_sessions)) & OpenActiveItem.item_id.is_in(sessions))
    if series:
        wanted.append((OpenActiveItem.feed == str(Feed.session_series)) & OpenActiveItem.item_id.is_in(series))
    where = wanted[0] if len(wanted) == 1 else wanted[0] | wanted[1]
    rows = await OpenActiveItem.select(OpenActiveItem.feed, OpenActiveItem.item_id).where(
        (OpenActiveItem.state == "updated") & where
    )
    return (
        {int(row["item_id"]) for row in rows if row["feed"] == Feed.scheduled_sessions},
        {int(row["item_id"]) for row in rows if row["feed"] == Feed.session_series},
    )


def _readable_rule(series: dict[str, Any]) -> bool:
    try:
        parse_rrule(series["rrule"])
    except InvalidInput:
        return False
    return True


async def activity_items(activity_ids: Sequence[int], now: datetime) -> dict[int, Owned]:
    """Every asked listing's current items, keyed by activity id (owner ``activity:{id}``).

    A listing gone, hidden (its booking or series private or not live), or without an OpenActive
    activity concept has an ``Owned`` with no items, so what was published becomes tombstones.
    At most eight queries, however many listings are asked for.
    """
    asked = list(dict.fromkeys(activity_ids))
    result = {activity_id: Owned(activity_owner(activity_id), []) for activity_id in asked}
    if not asked:
        return result
    activities = await Activity.select(*ACTIVITY_COLUMNS).where(Activity.id.is_in(asked))
    concepts: dict[int, Concept] = {}
    for row in activities:
        concept = concept_for(row["openactive_activity"], row["title"], row["tags"] or (), row["category"])
        if concept is not None:
            concepts[row["id"]] = concept
    booking_ids = sorted({row["booking"] for row in activities if row["booking"] is not None})
    series_ids = sorted({row["series"] for row in activities if row["series"] is not None})

    one_offs = (
        {row["id"]: row for row in await Booking.select(*ONE_OFF_COLUMNS).where(Booking.id.is_in(booking_ids))}
        if booking_ids
        else {}
    )
    series_rows = (
        {row["id"]: row for row in await Series.select(*SERIES_COLUMNS).where(Series.id.is_in(series_ids))}
        if series_ids
        else {}
    )
    dates: dict[int, list[_Date]] = {}
    shown_series = sorted(series_id for series_id, row in series_rows.items() if row["is_public"])
    if shown_series:
        rows = await (
            Booking.select(*DATE_COLUMNS)
            .where(
                Booking.series.is_in(shown_series),
                Booking.is_public.eq(True),
                Booking.status.is_in(list(SESSION_STATUSES)),
                Booking.ends_at > now,
            )
            .order_by(Booking.starts_at)
            .order_by(Booking.id)
        )
        for row in rows:
            dates.setdefault(row["series"], []).append(_date(row))

    # A cancellation is published only to take back what was published: a request withdrawn before it was
    # approved is cancelled too, and must not reach the feeds. One query answers it for the whole batch.
    cancelled_one_offs = {
        row["id"]: one_offs[row["booking"]]
        for row in activities
        if row["id"] in concepts
        and row["booking"] in one_offs
        and one_offs[row["booking"]]["status"] == BookingStatus.cancelled
        and one_offs[row["booking"]]["is_public"]
    }
    sessions_shown, series_shown = await published_before(
        [when.booking_id for own in dates.values() for when in own if when.cancelled]
        + [booking["id"] for booking in cancelled_one_offs.values()],
        list(cancelled_one_offs),
    )
    live_series: set[int] = set()
    for series_id, own in dates.items():
        kept = [when for when in own if not when.cancelled or when.booking_id in sessions_shown]
        # A series called off keeps its published dates still to come, each as cancelled, until they are
        # over: finder apps that listed them can tell people not to come (then they roll off as tombstones).
        if series_rows[series_id]["status"] == SeriesStatus.cancelled:
            kept = [when for when in kept if when.cancelled]
        dates[series_id] = kept
        if any(not when.cancelled for when in kept) or (
            kept and series_rows[series_id]["status"] == SeriesStatus.cancelled
        ):
            live_series.add(series_id)
    # A series is live with a public confirmed date at any time (is_live); the dates still to come
    # answered that for most, the rest are asked in one query.
    unsure = [
        series_id
        for series_id in shown_series
        if series_id not in live_series and series_rows[series_id]["status"] != SeriesStatus.cancelled
    ]
    if unsure:
        past = await Booking.select(Booking.series).where(
            Booking.series.is_in(unsure),
            Booking.is_public.eq(True),
            Booking.status == BookingStatus.confirmed.value,
        )
        live_series.update(row["series"] for row in past)

    holders: dict[int, dict[str, Any]] = {}
    for row in activities:
        if row["id"] not in concepts:
            continue
        if row["booking"] is not None:
            booking = one_offs.get(row["booking"])
            if (
                booking is not None
                and booking["is_public"]
                and (
                    booking["status"] == BookingStatus.confirmed
                    or (booking["status"] == BookingStatus.cancelled and row["id"] in series_shown)
                )
                and booking["series"] is None
                and not booking["space_archived"]
            ):
                holders[row["id"]] = booking
        elif row["series"] in live_series:
            series = series_rows[row["series"]]
            if not series["space_archived"] and _readable_rule(series):
                holders[row["id"]] = series

    venues = await public_venues({holder["venue"] for holder in holders.values()})
    group_ids = sorted({holder["group"] for holder in holders.values() if holder["group"] is not None})
    groups = (
        {row["id"]: row for row in await Group.select(*GROUP_COLUMNS).where(Group.id.is_in(group_ids))}
        if group_ids
        else {}
    )

    for row in activities:
        held_by = one_offs.get(row["booking"]) if row["booking"] is not None else series_rows.get(row["series"])
        venue_id = held_by["venue"] if held_by is not None else None
        holder = holders.get(row["id"])
        venue = venues.get(holder["venue"]) if holder is not None else None
        if holder is None or venue is None or venue.archived:
            result[row["id"]] = Owned(activity_owner(row["id"]), [], venue_id=venue_id)
            continue
        group = groups.get(holder["group"]) if holder["group"] is not None else None
        # Called off, its page is not shown any more: links lead to the group's or the venue's page instead.
        url = public_page(holder["group"], venue.id) if holder["status"] == "cancelled" else None
        if row["series"] is not None:
            own_dates = dates.get(row["series"], [])
            timing: dict[str, Any] = {"eventSchedule": [schedule(holder)]}
            # Called off, it is over when its last date to tell is: then it rolls off like a one-off.
            series_ends = max((when.ends_at for when in own_dates), default=now) if url is not None else None
        else:
            one = _date(holder)
            shown = not one.cancelled or one.booking_id in sessions_shown
            own_dates = [one] if one.ends_at > now and shown else []
            timing = {"subEvent": [session_data(row["id"], one, venue.timezone, url)]}
            series_ends = one.ends_at
        items = [
            Item(
                Feed.session_series,
                str(row["id"]),
                series_data(row, concepts[row["id"]], venue, group, timing, url),
                ends_at=series_ends,
            ),
            *(scheduled_session(row["id"], when, venue.timezone, url) for when in own_dates),
        ]
        result[row["id"]] = Owned(activity_owner(row["id"]), items, venue_id=venue.id)
    return result
