"""A manager's answer to a series request: confirm or decline all its waiting dates, or chosen ones, at once.

A weekly request is one question to the venue, not sixteen: the dates are
named by their local date at the venue, checked together, and answered in one
transaction that costs the same number of queries for four dates as for a
year of them. Each date moves as a single confirmation or decline moves it
(``check_move``; the manager's standing; the price at today's rates at the
tier asked for, or the one the manager chooses, ``confirming_tier``; dates the
venue's own hours or closures leave out refused unless overridden,
``opening_overrides``), with a history event per booking and the series' and
venue's versions bumped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scheduling.bookings.audit import KEPT, diff, event, record_many
from scheduling.bookings.rules import calendar_violations, opening_in
from scheduling.bookings.status import BookingStatus, WrongStatus, check_move, status_word
from scheduling.bookings.workflow import confirming_tier, price_values, snapshot
from scheduling.extras.holds import release_extras
from scheduling.invoices.issue import issue_for_bookings
from scheduling.models import Booking, BookingEvent, Occupancy, Series
from scheduling.notices.messages import Kind
from scheduling.notices.notify import series_notice
from scheduling.payments.deposits import deposits_due
from scheduling.pricing.charges import load_charges
from scheduling.pricing.quotes import quote_at
from scheduling.pricing.standard import load_standard
from scheduling.recurrence.rules import Occurrence
from scheduling.series.access import get_series
from scheduling.series.changes import PastOccurrence, claim
from scheduling.series.conflicts import Clash, calendar_span
from scheduling.series.create import check_occurrences, chunked
from scheduling.wording import local, local_iso, span, when
from venues.core import clock
from venues.core.database import is_postgres, write_transaction
from venues.core.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from venues.core.i18n import _, ngettext
from venues.models import PriceTier, User
from venues.opening.calendar import load_calendar
from venues.permissions import manages_venue
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, load_bookable

# Per-row values in one UPDATE: at most ten bound parameters a booking, under the engines' limit (30,000).
_ROWS_PER_UPDATE = 3_000
# Dates named in a refusal's sentence; its ``dates`` list names them all.
_PHRASED = 5


class AnsweredMeanwhile(Conflict):
    """Someone answered some of the dates between reading and writing them: told apart by its class, since the
    detail is worded in the reader's language. Its problem type stays plain ``conflict``."""

    rule = "conflict"


@dataclass(frozen=True)
class SeriesDecision:
    """The series and the occurrence bookings this decision moved, by start."""

    series: Series
    decided: list[Booking]
    status: BookingStatus


async def series_to_decide(actor: User, series_id: int) -> Series:
    """The series, for the venue's managers only: answering a request is theirs, not the organisers'."""
    series = await get_series(series_id)
    if not await manages_venue(actor, series.venue):
        raise Forbidden(_("Only this venue's managers may confirm or decline a series request."))
    return series


def local_day(booking: Booking, tz_name: str) -> date:
    return local(booking.starts_at, tz_name).date()


def chosen_occurrences(
    series: Series, occurrences: Sequence[Booking], dates: Sequence[date] | None, now: datetime
) -> list[Booking]:
    """The waiting dates named by ``dates`` (every one that has not started when None), refusing the lot
    when one is not a date of the series, not waiting for an answer, or has started: nothing is written then."""
    tz = series.timezone
    by_day: dict[date, list[Booking]] = {}
    for booking in occurrences:
        by_day.setdefault(local_day(booking, tz), []).append(booking)
    waiting = [b for b in occurrences if b.status == BookingStatus.requested and b.starts_at > now]
    if dates is None:
        if not waiting:
            raise WrongStatus(
                _("%(title)s has no dates waiting for an answer.") % {"title": series.title}
                if series.title
                else _("This series has no dates waiting for an answer."),
                rule=WrongStatus.rule,
            )
        return waiting
    unknown = sorted({day for day in dates if day not in by_day})
    if unknown:
        listed = ", ".join(day.isoformat() for day in unknown)
        raise InvalidInput(
            "dates",
            ngettext(
                "%(listed)s is not a date of this series.", "%(listed)s are not dates of this series.", len(unknown)
            )
            % {"listed": listed},
        )
    chosen: list[Booking] = []
    for day in sorted(set(dates)):
        for booking in by_day[day]:
            if booking.status != BookingStatus.requested:
                raise WrongStatus(
                    _("%(day)s is %(status)s; only dates waiting for an answer can be decided.")
                    % {"day": day.isoformat(), "status": status_word(booking.status)},
                    rule=WrongStatus.rule,
                    current_status=booking.status,
                    date=day.isoformat(),
                )
            if booking.starts_at <= now:
                raise PastOccurrence(
                    _("%(day)s started %(starts_at)s; answer only dates still to come.")
                    % {"day": day.isoformat(), "starts_at": when(booking.starts_at, tz)},
                    rule=PastOccurrence.rule,
                    date=day.isoformat(),
                )
            chosen.append(booking)
    return sorted(chosen, key=lambda b: (b.starts_at, b.id))


async def _load(series: Series) -> list[Booking]:
    return await Booking.objects().where(Booking.series == series.id).order_by(Booking.starts_at).order_by(Booking.id)


async def _move_all(
    chosen: list[Booking], values: dict[str, Any], actor_id: int, target: BookingStatus, reason: str, now: datetime
) -> None:
    """The same status and reason for every chosen booking, one update (per few thousand), only while each is
    still a request: a date answered meanwhile by someone else fails the whole decision (409)."""
    ids = [booking.id for booking in chosen]
    moved = 0
    for start in range(0, len(ids), _ROWS_PER_UPDATE):
        part = ids[start : start + _ROWS_PER_UPDATE]
        rows = (
            await Booking.update(
                {
                    **{getattr(Booking, key): value for key, value in values.items()},
                    Booking.status: str(target),
                    Booking.status_reason: reason,
                    Booking.sequence: Booking.sequence + 1,
                    Booking.updated_at: now,
                }
            )
            .where(Booking.id.is_in(part) & (Booking.status == str(BookingStatus.requested)))
            .returning(Booking.id)
        )
        moved += len(rows)
    if moved != len(ids):
        raise AnsweredMeanwhile(
            _("Someone answered some of these dates a moment ago; reload the request and try again.")
        )


@dataclass(frozen=True)
class _Price:
    """What confirming fixes on one date: its price and lines, its hire and the hire's standard-tier price."""

    minor: int
    breakdown: str
    hire_minor: int
    standard_hire_minor: int | None


async def _set_prices(prices: dict[int, _Price], overridden: Sequence[int] = ()) -> None:
    """Each booking's own price, breakdown, hire and standard hire in one UPDATE (CASE on the id) per few
    thousand bookings; the ``overridden`` ones marked as confirmed against the venue's own opening
    (``rules_overridden``) in it too."""
    marked = set(overridden)
    json_value = "CAST({} AS JSON)" if is_postgres() else "{}"
    items = list(prices.items())
    for start in range(0, len(items), _ROWS_PER_UPDATE):
        part = items[start : start + _ROWS_PER_UPDATE]
        args: list[Any] = []
        minor_cases = " ".join("WHEN {} THEN CAST({} AS INTEGER)" for _ in part)
        for booking_id, price in part:
            args += [booking_id, price.minor]
        breakdown_cases = " ".join(f"WHEN {{}} THEN {json_value}" for _ in part)
        for booking_id, price in part:
            args += [booking_id, price.breakdown]
        hire_cases = " ".join("WHEN {} THEN CAST({} AS INTEGER)" for _ in part)
        for booking_id, price in part:
            args += [booking_id, price.hire_minor]
        standard_cases = " ".join("WHEN {} THEN CAST({} AS INTEGER)" for _ in part)
        for booking_id, price in part:
            args += [booking_id, price.standard_hire_minor]
        marking = [booking_id for booking_id, _ in part if booking_id in marked]
        flag = ""
        if marking:
            flag = f', "rules_overridden" = CASE WHEN "id" IN ({", ".join("{}" for _ in marking)}) THEN {{}} ELSE "rules_overridden" END'
            args += [*marking, True]
        placeholders = ", ".join("{}" for _ in part)
        args += [booking_id for booking_id, _ in part]
        table = Booking._meta.tablename
        await Booking.raw(
            f'UPDATE "{table}" SET "price_minor" = CASE "id" {minor_cases} END, '
            f'"price_breakdown" = CASE "id" {breakdown_cases} END, "hire_minor" = CASE "id" {hire_cases} END, '
            f'"standard_hire_minor" = CASE "id" {standard_cases} END{flag} WHERE "id" IN ({placeholders})',
            *args,
        )


def _events(
    chosen: list[Booking],
    before: dict[int, dict[str, Any]],
    actor_id: int,
    target: BookingStatus,
    reason: str,
    overridden: dict[int, list[str]] | None = None,
) -> list[BookingEvent]:
    overridden = overridden or {}
    found = []
    for b in chosen:
        changes = diff(before[b.id], snapshot(b))
        if b.id in overridden:
            changes["overridden_rules"] = [[], overridden[b.id]]
        found.append(event(b.id, actor_id, str(target), changes, reason))
    return found


async def opening_overrides(bookable: Bookable, chosen: Sequence[Booking], override: bool) -> dict[int, list[str]]:
    """The dates the venue's own hours or closures leave out, refused together unless ``override``: four queries
    however many dates (one calendar load over them all, one look for dates kept as exceptions).

    Returns the rule overridden per booking id (``closure`` or ``opening_hours``); a date kept as an exception when
    the opening changed (``scheduling.venue_changes``) needs no override, as for a single confirmation.
    """
    if not chosen:
        return {}
    tz = bookable.tz
    spans = [Occurrence(local_day(b, tz), b.starts_at, b.ends_at) for b in chosen]
    calendar = await load_calendar([bookable.venue.id], *calendar_span(spans, tz))
    broken: dict[int, tuple[Booking, RuleViolation]] = {}
    for booking in chosen:
        opening = opening_in(calendar, bookable, booking.starts_at, booking.ends_at)
        violation = next(calendar_violations(bookable, booking.starts_at, booking.ends_at, opening), None)
        if violation is not None:
            broken[booking.id] = (booking, violation)
    if broken:
        kept = await BookingEvent.select(BookingEvent.booking).where(
            BookingEvent.booking.is_in(sorted(broken)) & (BookingEvent.action == KEPT)
        )
        for row in kept:
            broken.pop(row["booking"], None)
    if broken and not override:
        refused = list(broken.values())
        listed = [
            {
                "date": local_day(booking, tz).isoformat(),
                "when": span(booking.starts_at, booking.ends_at, tz),
                "starts_local": local_iso(booking.starts_at, tz),
                "ends_local": local_iso(booking.ends_at, tz),
                "rule": violation.rule,
                "why": violation.detail,
            }
            for booking, violation in refused
        ]
        shown = "; ".join(f"{span(b.starts_at, b.ends_at, tz)}: {v.detail}" for b, v in refused[:_PHRASED])
        rules = {violation.rule for _, violation in refused}
        raise RuleViolation(
            refused[0][1].rule if len(rules) == 1 else "closure" if "closure" in rules else "opening_hours",
            (
                _(
                    "Not confirmed: the venue's own opening leaves out %(count)s of these dates (venue time): "
                    "%(shown)s and %(more)s more. Confirm them anyway (override) only if the venue will open for them."
                )
                if len(refused) > _PHRASED
                else _(
                    "Not confirmed: the venue's own opening leaves out %(count)s of these dates (venue time): "
                    "%(shown)s. Confirm them anyway (override) only if the venue will open for them."
                )
            )
            % {"count": len(refused), "shown": shown, "more": len(refused) - _PHRASED},
            overridable=True,
            dates=listed,
            total=len(refused),
        )
    return {booking_id: [violation.rule] for booking_id, (_, violation) in broken.items()}


async def confirm_series(
    actor: User,
    series_id: int,
    dates: Sequence[date] | None = None,
    reason: str = "",
    tier_id: int | None = None,
    now: datetime | None = None,
    override: bool = False,
) -> SeriesDecision:
    """Confirm the series' waiting dates (or those on ``dates``, venue-local), priced at today's rates at the
    tier asked for, or at ``tier_id`` (one of the venue's tiers), which the series then keeps for later dates.

    Dates the venue's own hours or closures leave out are refused together (422 ``closure`` or ``opening_hours``,
    listing them in venue time) unless ``override``, which each such date's history records; nothing is written
    on a refusal."""
    now = now or clock.now()
    series = await series_to_decide(actor, series_id)
    chosen = chosen_occurrences(series, await _load(series), dates, now)
    for booking in chosen:
        check_move(booking.status, BookingStatus.confirmed)
    tier: PriceTier = await confirming_tier(series.venue, series.tier, series.group, tier_id)
    bookable = await load_bookable(series.space)
    overridden = await opening_overrides(bookable, chosen, override)
    space = bookable.space
    charges = await load_charges(space, tier, bookable.tz)
    standard = await load_standard(space, tier, bookable.tz)
    before = {b.id: snapshot(b) for b in chosen}
    prices: dict[int, _Price] = {}
    currency = ""
    for booking in chosen:
        starts_at, ends_at = booking.starts_at, booking.ends_at
        priced = price_values(quote_at(space, tier, charges, starts_at, ends_at), standard, space, starts_at, ends_at)
        prices[booking.id] = _Price(
            priced["price_minor"], priced["price_breakdown"], priced["hire_minor"], priced["standard_hire_minor"]
        )
        currency = priced["currency"]
        booking.status, booking.status_reason, booking.tier = str(BookingStatus.confirmed), reason, tier.id
        booking.price_minor, booking.currency = priced["price_minor"], currency
        booking.price_breakdown = priced["price_breakdown"]
        booking.hire_minor, booking.standard_hire_minor = priced["hire_minor"], priced["standard_hire_minor"]
        if booking.id in overridden:
            booking.rules_overridden = True
        booking.sequence += 1
        booking.updated_at = now
    async with write_transaction():
        await claim(series, {"tier": tier.id} if tier.id != series.tier else {}, now)
        await _move_all(chosen, {"tier": tier.id, "currency": currency}, actor.id, BookingStatus.confirmed, reason, now)
        await _set_prices(prices, sorted(overridden))
        events = _events(chosen, before, actor.id, BookingStatus.confirmed, reason, overridden)
        for records in chunked(events, BookingEvent):
            await record_many(list(records))
        await deposits_due(chosen)
        await touch_venue(series.venue)
        invoice = await issue_for_bookings(chosen, actor.id)
        await series_notice(series, Kind.confirmed, [b.id for b in chosen], actor.id, documents=(invoice,))
    return SeriesDecision(series, chosen, BookingStatus.confirmed)


async def decline_series(
    actor: User, series_id: int, dates: Sequence[date] | None = None, reason: str = "", now: datetime | None = None
) -> SeriesDecision:
    """Decline the series' waiting dates (or those on ``dates``): their time is freed, the records stay."""
    now = now or clock.now()
    series = await series_to_decide(actor, series_id)
    chosen = chosen_occurrences(series, await _load(series), dates, now)
    for booking in chosen:
        check_move(booking.status, BookingStatus.declined)
    before = {b.id: snapshot(b) for b in chosen}
    for booking in chosen:
        booking.status, booking.status_reason = str(BookingStatus.declined), reason
        booking.sequence += 1
        booking.updated_at = now
    async with write_transaction():
        await claim(series, {}, now)
        await _move_all(chosen, {}, actor.id, BookingStatus.declined, reason, now)
        for part in chunked(chosen, Booking):
            await Occupancy.delete().where(Occupancy.booking.is_in([b.id for b in part]))
            await release_extras([b.id for b in part])
        for records in chunked(_events(chosen, before, actor.id, BookingStatus.declined, reason), BookingEvent):
            await record_many(list(records))
        await touch_venue(series.venue)
        await series_notice(series, Kind.declined, [b.id for b in chosen], actor.id)
    return SeriesDecision(series, chosen, BookingStatus.declined)


@dataclass(frozen=True)
class SeriesRequest:
    """A series with dates waiting for the managers' answer, as the desk shows it: every date with its status,
    the waiting ones, and what each waiting date would break now (a closure or hours set since it was asked)."""

    series: Series
    dates: list[Booking]
    waiting: list[Booking]
    clashes: dict[int, Clash]


async def waiting_series(venue_id: int, now: datetime, limit: int) -> list[SeriesRequest]:
    """The venue's series with dates still to answer, soonest first: three queries, then the rules per series."""
    rows = (
        await Booking.select(Booking.series)
        .where(
            (Booking.venue == venue_id)
            & (Booking.status == str(BookingStatus.requested))
            & (Booking.starts_at > now)
            & Booking.series.is_not_null()
        )
        .distinct()
    )
    ids = sorted({row["series"] for row in rows})
    if not ids:
        return []
    found = await Series.objects().where(Series.id.is_in(ids))
    everything = (
        await Booking.objects().where(Booking.series.is_in(ids)).order_by(Booking.starts_at).order_by(Booking.id)
    )
    by_series: dict[int, list[Booking]] = defaultdict(list)
    for booking in everything:
        by_series[booking.series].append(booking)
    answering = []
    for series in found:
        dates = by_series[series.id]
        waiting = [b for b in dates if b.status == BookingStatus.requested and b.starts_at > now]
        answering.append((series, dates, waiting))
    answering.sort(key=lambda item: (item[2][0].starts_at, item[0].id))
    # The rules are weighed only for the series the desk shows.
    return [
        SeriesRequest(series, dates, waiting, await date_clashes(series, waiting, now))
        for series, dates, waiting in answering[:limit]
    ]


async def date_clashes(series: Series, waiting: Sequence[Booking], now: datetime) -> dict[int, Clash]:
    """Each waiting date against the booking rules and the time others hold, as a new series' dates are checked."""
    if not waiting:
        return {}
    bookable = await load_bookable(series.space)
    dates = [Occurrence(local_day(b, bookable.tz), b.starts_at, b.ends_at) for b in waiting]
    calendar = await load_calendar([bookable.venue.id], *calendar_span(dates, bookable.tz))
    verdict = await check_occurrences(bookable, dates, calendar, now, series.title, [b.id for b in waiting])
    by_start = {b.starts_at: b.id for b in waiting}
    return {by_start[clash.occurrence.starts_at]: clash for clash in verdict.clashes}
