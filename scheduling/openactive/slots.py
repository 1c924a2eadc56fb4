"""A space's bookable time as OpenActive Slots: its opening cut into the venue's slot length, each free or taken.

The rules, and why:

- **Which days.** A space publishes slots while its ``FacilityUse`` is published (``facilities.publishing``: bookable,
  not archived, at an unarchived venue that publishes slots), for the local days today … today + ``days_ahead`` − 1
  in the venue's zone (``window_days``). A day asked outside that window, or of a space that does not publish, is an
  owner with no items, so what it had becomes tombstones. Slots that have ended by ``now`` are left out; the feed's
  rolling removes the rest as time passes (``ends_at`` is the slot's end).
- **The grid.** A day's slots are the space's opening that local day (``venues.opening.calendar.space_opening``:
  the venue's weekly hours, narrowed by the space's own, minus closures of the venue, the space and, for a combined
  space, its parts), cut at the venue's midnights, and each opening piece cut into ``slot_minutes`` of real time
  from its start; a last piece that does not fit whole is dropped. The grid depends on the opening only, never on
  bookings, so a booking changes a slot's ``remainingUses`` and never which slots exist (a consumer's slots keep
  their ids). Cutting at midnight makes every slot belong to one local day (its owner ``slots:{space}:{day}``), as
  every day view in Commonroom does (``split_at_midnights``); a late opening 20:00–02:00 is 20:00–24:00 on one day
  and 00:00–02:00 on the next.
- **Clock changes.** Opening edges are wall-clock times (``wall_clock_instant``), slots real elapsed time: on the
  March day the clocks go forward a 00:00–23:59 opening is 22 h 59 min and holds 22 one-hour slots (00:00 GMT,
  then 02:00 BST onwards); on the October day 24 h 59 min and 24 slots (01:00 BST and 01:00 GMT both). Times are
  written in the venue's local time with the offset of that instant, so the repeated hour reads apart; item ids
  use the UTC start (``{space}-{YYYYMMDDTHHMMZ}``), unique and stable however the clocks read.
- **Free or taken** (``remainingUses`` 1 or 0, ``maximumUses`` 1): free when the whole slot is free time by the
  venue's own rules, as the availability search finds it (``scheduling.availability.free_time.open_spans``: no
  held time of the space or, for a combined space, of any part, widened by the space's setup and cleanup buffers;
  a part is taken where its combination is booked), starts no sooner than the space's notice from ``now``, ends
  within its horizon, and its length is a booking the space takes (``min_booking_minutes`` … ``max_booking_minutes``).
  A slot shorter than the space's shortest booking cannot be booked on its own, so every such slot is published
  as taken (the desk's open-data page tells the manager to choose a longer slot); publishing it free would send
  people to a booking the form then refuses.
- **Price.** Each slot's offer is the hire of exactly that time at the venue's standard tier, through the real
  pricing code (``scheduling.pricing.charges.hire_lines``: rate bands, local days, fixed prices, minimums and caps,
  all in integer pence), formatted as a number at the end. OpenActive requires every Slot to have an offer with a
  price, so a space with no standard rate publishes no slots (its FacilityUse says the venue quotes on request, and
  the desk's open-data page lists it as missing) rather than a made-up price.

Everything for any number of spaces and days is read in a fixed number of queries (spaces, venues, settings, parts,
hours, closures, held time over the asked days' whole span, tiers, rates, rules); the rest is arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from scheduling.availability.free_time import open_spans
from scheduling.holds.occupancy import epoch, occupied
from scheduling.openactive.facilities import (
    NO_PRICE,
    Publishing,
    StandardPrice,
    facility_url,
    priced,
    publishing,
    standard_prices,
)
from scheduling.openactive.feeds import CONTEXT, Feed, Item, Owned, price_number, slots_owner
from scheduling.pricing.charges import Charges, hire_lines
from scheduling.wording import money
from venues.core.i18n import _, using
from venues.core.intervals import covers
from venues.core.timezones import wall_clock_instant, zone
from venues.models import Venue
from venues.opening.calendar import Calendar, load_calendar, space_opening
from venues.spaces.bookable import Bookable, parts_of

Span = tuple[datetime, datetime]
MIDNIGHT = time(0, 0)


def days_of(found: Publishing, now: datetime) -> list[date]:
    """The local days the space publishes slots for at ``now``."""
    today = now.astimezone(zone(found.venue.timezone)).date()
    return [today + timedelta(days=n) for n in range(found.settings.days_ahead)]


async def window_days(space_ids: Sequence[int], now: datetime) -> dict[int, list[date]]:
    """The local days each asked space publishes slots for at ``now`` (today and the venue's
    ``days_ahead`` - 1 after it, in the venue's zone); an empty list when it publishes none."""
    found = await publishing(space_ids)
    prices = await standard_prices([each.space for each in found.publishing.values()])
    return {
        space_id: days_of(each, now)
        if (each := found.publishing.get(space_id)) is not None and priced(prices[space_id])
        else []
        for space_id in space_ids
    }


def day_bounds(day: date, tz_name: str) -> Span:
    """The local day as UTC instants, from its midnight to the next (23 or 25 hours on the days the clocks change)."""
    return (
        wall_clock_instant(day, MIDNIGHT, tz_name).astimezone(UTC),
        wall_clock_instant(day + timedelta(days=1), MIDNIGHT, tz_name).astimezone(UTC),
    )


def grid(opening: list[Span], minutes: int) -> list[Span]:
    """Each opening span cut into ``minutes`` of real time from its start; a piece that does not fit is dropped."""
    length = timedelta(minutes=minutes)
    pieces = []
    for start, end in opening:
        at = start
        while at + length <= end:
            pieces.append((at, at + length))
            at += length
    return pieces


def duration_text(minutes: int) -> str:
    """ISO 8601: ``PT1H``, ``PT1H30M``, ``PT45M``."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def utc_compact(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def local_text(moment: datetime, tz_name: str) -> str:
    """ISO 8601 with the offset the venue's clock has at that instant, to the second."""
    return moment.astimezone(zone(tz_name)).isoformat(timespec="seconds")


def _repeated(local: datetime) -> bool:
    """Whether the wall-clock time does not name one instant: the clocks show it twice (autumn) or skip it (spring)."""
    naive = local.replace(tzinfo=None)
    tz = local.tzinfo
    return naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()


def booking_link(space_id: int, start: datetime, end: datetime, tz_name: str) -> str | None:
    """The booking form filled in with the slot, when its local date and times name it alone (not in the autumn's
    repeated hour, not ending on the next day)."""
    tz = zone(tz_name)
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() != last.date() or _repeated(first) or _repeated(last):
        return None
    return f"{facility_url(space_id)}?date={first.date().isoformat()}&start={first:%H:%M}&end={last:%H:%M}"


def slot_offer(found: Publishing, price: StandardPrice, start: datetime, end: datetime, url: str) -> dict[str, Any]:
    """The hire of exactly the slot's time at the standard tier, through the pricing code, in pence until written;
    its words in the venue's open-data language."""
    with using(found.settings.language):
        return _slot_offer(found, price, start, end, url)


def _slot_offer(found: Publishing, price: StandardPrice, start: datetime, end: datetime, url: str) -> dict[str, Any]:
    assert price.tier is not None and price.rate is not None
    currency = price.rate.currency
    charges = Charges(price.rate, price.rules, found.venue.timezone)
    pence = sum(line.amount_minor for line in hire_lines(found.space, price.tier, charges, start, end, currency))
    offer: dict[str, Any] = {
        "@type": "Offer",
        "@id": f"{facility_url(found.space.id)}#slot-{utc_compact(start)}-standard",
        "identifier": "standard",
        "name": _("%(tier)s rate") % {"tier": price.tier.name},
        "description": _("%(amount)s for this slot at the venue's %(tier)s rate.")
        % {"amount": money(pence, currency), "tier": price.tier.name.lower()}
        + " "
        + _("Community groups and charities may be offered a lower rate by the venue."),
        "price": price_number(pence),
        "url": url,
    }
    if pence != 0:
        offer["priceCurrency"] = currency
    return offer


def free_for_booking(found: Publishing, free: list[Span], start: datetime, end: datetime, now: datetime) -> bool:
    """The whole slot is free time, outside the notice, inside the horizon, and a length the space takes."""
    space = found.space
    minutes = found.settings.slot_minutes
    return (
        space.min_booking_minutes <= minutes <= space.max_booking_minutes
        and start >= now + timedelta(minutes=space.min_notice_minutes)
        and end <= now + timedelta(days=space.horizon_days)
        and covers(free, start, end)
    )


def day_slots(
    found: Publishing,
    bookable: Bookable,
    calendar: Calendar,
    held: dict[int, list[tuple[int, int]]],
    price: StandardPrice,
    day: date,
    now: datetime,
) -> list[Item]:
    space, tz = found.space, found.venue.timezone
    starts_at, ends_at = day_bounds(day, tz)
    opening = space_opening(
        calendar, found.venue.id, tz, space.id, starts_at, ends_at, closure_space_ids=bookable.part_ids
    )
    free = open_spans(bookable, calendar, held, starts_at, ends_at)
    facility = facility_url(space.id)
    minutes = found.settings.slot_minutes
    items = []
    for start, end in grid(opening.open, minutes):
        if end <= now:
            continue
        item_id = f"{space.id}-{utc_compact(start)}"
        link = booking_link(space.id, start, end, tz)
        data: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "Slot",
            "@id": f"{facility}#slot-{utc_compact(start)}",
            "identifier": item_id,
            "facilityUse": facility,
            "startDate": local_text(start, tz),
            "endDate": local_text(end, tz),
            "duration": duration_text(minutes),
            "maximumUses": 1,
            "remainingUses": 1 if free_for_booking(found, free, start, end, now) else 0,
            "offers": [slot_offer(found, price, start, end, link or facility)],
        }
        if link is not None:
            data["url"] = link
        items.append(Item(Feed.slots, item_id, data, ends_at=end))
    return items


def venue_row(found: Publishing) -> Venue:
    """The venue as the booking rules read it, built from its public columns only (its private contact unread)."""
    venue = found.venue
    return Venue(id=venue.id, name=venue.name, timezone=venue.timezone, archived=venue.archived)


async def slot_items(days_by_space: Mapping[int, Sequence[date]], now: datetime) -> list[Owned]:
    """One ``Owned`` per asked (space, local day), owner ``slots:{space}:{day}``, with that day's
    slots still to end after ``now``; none when the day is outside the window, closed, or the
    space does not publish."""
    found = await publishing(list(days_by_space))
    prices = await standard_prices([each.space for each in found.publishing.values()])
    wanted: dict[int, set[date]] = {}
    for space_id, days in days_by_space.items():
        if (each := found.publishing.get(space_id)) is not None and priced(prices[space_id]):
            wanted[space_id] = set(days) & set(days_of(each, now))
    shown = [found.publishing[space_id] for space_id, days in wanted.items() if days]
    bookables: dict[int, Bookable] = {}
    calendar: Calendar = Calendar()
    held: dict[int, list[tuple[int, int]]] = {}
    if shown:
        parts = await parts_of(each.space.id for each in shown)
        bookables = {
            each.space.id: Bookable(each.space, venue_row(each), parts.get(each.space.id, ())) for each in shown
        }
        bounds = [day_bounds(day, each.venue.timezone) for each in shown for day in wanted[each.space.id]]
        first, last = min(start for start, _ in bounds), max(end for _, end in bounds)
        calendar = await load_calendar({each.venue.id for each in shown}, first, last)
        widest = max(each.space.setup_buffer_minutes + each.space.cleanup_buffer_minutes for each in shown) * 60
        held = await occupied(
            (part for bookable in bookables.values() for part in bookable.physical_ids),
            epoch(first) - widest,
            epoch(last) + widest,
        )
    owned: list[Owned] = []
    for space_id, days in days_by_space.items():
        space = found.spaces.get(space_id)
        venue_id = space.venue if space is not None else None
        each = found.publishing.get(space_id)
        for day in dict.fromkeys(days):
            items: list[Item] = []
            if each is not None and day in wanted.get(space_id, set()):
                items = day_slots(each, bookables[space_id], calendar, held, prices.get(space_id, NO_PRICE), day, now)
            owned.append(Owned(slots_owner(space_id, day), items, venue_id=venue_id, space_id=space_id, day=day))
    return owned
