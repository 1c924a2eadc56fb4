"""A recurring series as bookings: its occurrences in the space's booking window become Booking rows.

Each occurrence is an ordinary booking that points at its series
(``recurrence_id`` = its original start), with occupancy rows like any other,
so availability, the overlap guard and calendars treat it as one. The booking
path for a single booking costs a handful of queries; a year of Tuesdays must
not cost fifty times that, so the dates are checked together
(``series_conflicts``) and written with one insert per table. Only the dates
inside the space's horizon are booked; the rest follow as time passes
(``series_extension``), from where ``Series.materialised_until`` says the last
run stopped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from piccolo.table import Table

from scheduling.bookings.access import require_group_standing
from scheduling.bookings.audit import diff, event, jsonable, record_many
from scheduling.bookings.rules import capacity_violations, enforce, space_violations
from scheduling.bookings.status import BookingStatus
from scheduling.bookings.workflow import price_values, snapshot
from scheduling.hire_answers.check import NOTHING, Checked, check_hire_answers
from scheduling.hire_answers.records import record_hire_answers
from scheduling.holds.guard import guarded
from scheduling.holds.occupancy import hold_for
from scheduling.invoices.issue import issue_for_bookings
from scheduling.models import Booking, BookingEvent, Occupancy, Series
from scheduling.notices.notify import series_booked
from scheduling.payments.deposits import deposits_due
from scheduling.pricing.charges import Charges, load_charges
from scheduling.pricing.quotes import quote_at, resolve_tier
from scheduling.pricing.standard import NO_STANDARD, Standard, load_standard
from scheduling.recurrence.rules import MAX_WINDOW, Expansion, Occurrence, RecurrenceRule, Schedule, expand
from scheduling.recurrence.schedule import schedule_of, series_columns, to_materialise
from scheduling.series.conflicts import Clash, Verdict, calendar_span, evaluate, holds_of, load_held, series_conflict
from scheduling.vocabulary import SeriesStatus
from scheduling.wording import hours_minutes, local, when
from venues.accounts.self_service import require_verified
from venues.core import clock
from venues.core.errors import DomainError, Forbidden, InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.models import PriceTier, Space, User
from venues.opening.calendar import Calendar, load_calendar
from venues.permissions import manages_venue
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, Held, hold_current, load_bookable

T = TypeVar("T", bound=Table)

# Bound parameters per statement stay under PostgreSQL's 32767 (and SQLite's 32766).
MAX_BIND_PARAMETERS = 30_000


@dataclass(frozen=True)
class SeriesDraft:
    """A series as its booker states it: the rule, first local date and wall-clock times, read in the venue's zone."""

    space_id: int
    rule: RecurrenceRule
    dtstart: date
    start_time: time
    end_time: time
    title: str = ""
    purpose: str = ""
    attendance: int = 1
    is_public: bool = False
    group_id: int | None = None
    tier_id: int | None = None
    booker_name: str = ""
    booker_email: str = ""
    booker_phone: str = ""
    skip_conflicts: bool = False
    # The hire terms version accepted and (question id, answer) pairs, once for the series: scheduling.hire_answers.
    terms_version: int | None = None
    answers: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Terms:
    """How occurrences are booked: status (the space's approval rule), tier and loaded charges for the price
    (and the standard tier's, for the hire's standard price), and whether a refusal may say who holds the time
    (only for the venue's managers)."""

    status: BookingStatus
    tier: PriceTier
    charges: Charges | None
    reveal: bool
    standard: Standard = NO_STANDARD


@dataclass(frozen=True)
class SeriesPlan:
    """A new series, checked for who, where and which rule, not yet saved: only its dates remain to check."""

    actor: User
    bookable: Bookable
    series: Series
    terms: Terms
    skip_conflicts: bool
    hire: Checked = NOTHING


@dataclass(frozen=True)
class SeriesResult:
    """``reveal``: whether the skipped dates may say who holds the time (the venue's managers only)."""

    series: Series
    booked: list[Booking]
    skipped: list[Clash]
    reveal: bool = False


async def occurrence_status(bookable: Bookable, tier: PriceTier, manages: bool, group_id: int | None) -> BookingStatus:
    """As for a one-off booking: confirmed when a manager books, or when the space needs no approval
    and the tier is the one the booker would get anyway (choosing a cheaper one is a request)."""
    if manages:
        return BookingStatus.confirmed
    if bookable.space.requires_approval:
        return BookingStatus.requested
    usual = await resolve_tier(bookable.venue.id, None, group_id)
    return BookingStatus.confirmed if usual.id == tier.id else BookingStatus.requested


async def booking_terms(bookable: Bookable, tier: PriceTier, manages: bool, group_id: int | None) -> Terms:
    status = await occurrence_status(bookable, tier, manages, group_id)
    if status != BookingStatus.confirmed:
        return Terms(status=status, tier=tier, charges=None, reveal=manages)
    charges = await load_charges(bookable.space, tier, bookable.tz)
    standard = await load_standard(bookable.space, tier, bookable.tz)
    return Terms(status=status, tier=tier, charges=charges, reveal=manages, standard=standard)


def check_length(bookable: Bookable, schedule: Schedule) -> None:
    """The wall-clock length against the space's limits, once for the series rather than once per date."""
    space = bookable.space
    minutes = (
        datetime.combine(date.min, schedule.end_time) - datetime.combine(date.min, schedule.start_time)
    ).seconds // 60
    if minutes < space.min_booking_minutes:
        raise RuleViolation(
            "min_length",
            _("Bookings of %(name)s last at least %(min_booking_minutes)s.")
            % {"name": space.name, "min_booking_minutes": hours_minutes(space.min_booking_minutes)},
        )
    if minutes > space.max_booking_minutes:
        raise RuleViolation(
            "max_length",
            _("Bookings of %(name)s last at most %(max_booking_minutes)s.")
            % {"name": space.name, "max_booking_minutes": hours_minutes(space.max_booking_minutes)},
        )


def schedule_for(
    rule: RecurrenceRule, first: date, starts: time, ends: time, tz_name: str, first_field: str
) -> Schedule:
    """The schedule, with a refusal naming the request's field rather than the schedule's."""
    try:
        return Schedule(rule, first, starts, ends, tz_name)
    except InvalidInput as error:
        field = {"start_date": first_field, "until": "rule.until", "by_day": "rule.by_day"}.get(
            error.field, error.field
        )
        raise InvalidInput(field, error.detail.replace("start date", first_field)) from None


def check_first_date(first: date, now: datetime, tz_name: str, field: str) -> None:
    today = local(now, tz_name).date()
    if first < today:
        raise InvalidInput(
            field,
            _("%(field)s (%(first)s) is in the past: a series starts today (%(today)s) or later, venue time.")
            % {"field": field, "first": first, "today": today},
        )


def due_occurrences(series: Series, space: Space, now: datetime) -> Expansion:
    """The occurrences to book now: from ``materialised_until`` (or now) to the space's horizon.

    An occurrence that would end past the horizon waits for a later run, so
    ``covered_until`` stops at its start.
    """
    latest = now + timedelta(days=space.horizon_days)
    found = to_materialise(series, now, latest)
    for index, occurrence in enumerate(found.occurrences):
        if occurrence.ends_at > latest:
            return Expansion(found.occurrences[:index], covered_until=occurrence.starts_at, exhausted=False)
    return found


def nothing_to_book(schedule: Schedule, bookable: Bookable, now: datetime, field: str) -> DomainError:
    """Why a new series would have no bookings at all: its first date is beyond the horizon, or it has none left."""
    upcoming = expand(schedule, now, now + MAX_WINDOW, limit=1).occurrences
    if upcoming:
        space = bookable.space
        return RuleViolation(
            "horizon",
            _(
                "%(name)s takes bookings up to %(horizon_days)s days ahead; the series' first date, %(starts_at)s, is beyond that."
            )
            % {
                "name": space.name,
                "horizon_days": space.horizon_days,
                "starts_at": when(upcoming[0].starts_at, bookable.tz),
            },
        )
    return InvalidInput(field, _("The rule has no dates left to book from now."))


def has_dates_from(schedule: Schedule, start: datetime | None) -> bool:
    """Whether the rule has an occurrence starting at ``start`` or later (any at all when ``start`` is None)."""
    if start is None:
        return True
    return bool(expand(schedule, start, start + MAX_WINDOW, limit=1).occurrences)


def new_series(
    actor: User, bookable: Bookable, schedule: Schedule, tier: PriceTier, now: datetime, **fields: Any
) -> Series:
    """An unsaved Series row; ``fields`` are the booker-facing columns (title, purpose, group, booker_…)."""
    return Series(
        uid=uuid.uuid4().hex,
        venue=bookable.venue.id,
        space=bookable.space.id,
        booked_by=actor.id,
        tier=tier.id,
        status=str(SeriesStatus.active),
        sequence=0,
        created_at=now,
        updated_at=now,
        **series_columns(schedule),
        **fields,
    )


async def prepare_series(actor: User, draft: SeriesDraft, now: datetime) -> SeriesPlan:
    """Who may book it, the space's standing rules, the rule itself, and the terms: no date is looked at yet.

    A group's organisers book for their group; the venue's managers for any
    group or none.
    """
    require_verified(actor)
    bookable = await load_bookable(draft.space_id)
    manages = await manages_venue(actor, bookable.venue.id)
    if draft.group_id is not None:
        await require_group_standing(actor, draft.group_id, manages)
    elif not manages:
        raise Forbidden(
            _(
                "A series is booked by a group's organisers for their group (name it in group_id) or by the venue's managers."
            )
        )
    enforce(space_violations(bookable))
    enforce(capacity_violations(bookable, draft.attendance))
    schedule = schedule_for(draft.rule, draft.dtstart, draft.start_time, draft.end_time, bookable.tz, "dtstart")
    check_first_date(draft.dtstart, now, bookable.tz, "dtstart")
    check_length(bookable, schedule)
    tier = await resolve_tier(bookable.venue.id, draft.tier_id, draft.group_id)
    series = new_series(
        actor,
        bookable,
        schedule,
        tier,
        now,
        group=draft.group_id,
        title=draft.title,
        purpose=draft.purpose,
        attendance=draft.attendance,
        is_public=draft.is_public,
        booker_name=draft.booker_name or actor.display_name,
        booker_email=draft.booker_email or actor.email,
        booker_phone=draft.booker_phone,
    )
    terms = await booking_terms(bookable, tier, manages, draft.group_id)
    hire = await check_hire_answers(bookable.venue.id, draft.terms_version, draft.answers)
    return SeriesPlan(actor, bookable, series, terms, draft.skip_conflicts, hire)


async def create_series(actor: User, draft: SeriesDraft, now: datetime | None = None) -> SeriesResult:
    """Book every date of a new series in the booking window, all or nothing unless ``skip_conflicts``."""
    now = now or clock.now()
    return await book_series(await prepare_series(actor, draft, now), now)


async def book_series(plan: SeriesPlan, now: datetime) -> SeriesResult:
    """Check the plan's dates and write the series with its bookings: nine queries however many dates."""
    series, bookable = plan.series, plan.bookable
    due = due_occurrences(series, bookable.space, now)
    if not due.occurrences:
        raise nothing_to_book(schedule_of(series), bookable, now, "dtstart")
    series.materialised_until = due.covered_until
    occurrences = list(due.occurrences)

    async def refusal() -> DomainError:
        return await raced(bookable, occurrences, now, series.title, plan.terms.reveal)

    async with guarded(refusal):
        held = await hold_occurrences(bookable, occurrences)
        verdict = await check_occurrences(bookable, occurrences, held.calendar, now, series.title)
        refuse_clashes(verdict, len(occurrences), bookable.tz, plan.terms.reveal, plan.skip_conflicts)
        await series.save()
        booked = await write_occurrences(series, held, verdict.bookable, plan.terms, plan.actor.id, now)
        await record_hire_answers(plan.hire, plan.actor, series_id=series.id)
        await touch_venue(bookable.venue.id)
        await series_booked(series, booked, plan.actor.id)
    return SeriesResult(series, booked, verdict.clashes, plan.terms.reveal)


async def hold_occurrences(bookable: Bookable, occurrences: Sequence[Occurrence]) -> Held:
    """First thing in the transaction that books ``occurrences``: the space and venue held and their opening read
    after (``hold_current``), so the dates are checked against hours and closures no other writer can change
    before this transaction ends. Three queries, however many dates; none when there are no dates (nothing will
    be written, so nothing needs holding)."""
    if not occurrences:
        return Held(bookable, Calendar())
    return await hold_current(bookable, *calendar_span(occurrences, bookable.tz))


async def check_occurrences(
    bookable: Bookable,
    occurrences: Sequence[Occurrence],
    calendar: Calendar,
    now: datetime,
    title: str,
    exclude_booking_ids: Sequence[int] = (),
) -> Verdict:
    """Every occurrence against the rules and the time held (one query): run it inside the write transaction."""
    held = await load_held(bookable, holds_of(bookable, occurrences), exclude_booking_ids)
    return evaluate(bookable, occurrences, calendar, held, now, title)


def refuse_clashes(verdict: Verdict, total: int, tz_name: str, reveal: bool, skip_conflicts: bool) -> None:
    """All or nothing by default; with ``skip_conflicts`` the other dates go ahead, unless there are none."""
    if verdict.clashes and (not skip_conflicts or not verdict.bookable):
        raise series_conflict(verdict.clashes, total, tz_name, reveal)


async def raced(
    bookable: Bookable,
    occurrences: Sequence[Occurrence],
    now: datetime,
    title: str,
    reveal: bool,
    exclude_booking_ids: Sequence[int] = (),
) -> DomainError:
    """After the guard refused a write: what holds the time now that the winner has committed."""
    calendar = (
        await load_calendar([bookable.venue.id], *calendar_span(occurrences, bookable.tz))
        if occurrences
        else Calendar()
    )
    verdict = await check_occurrences(bookable, occurrences, calendar, now, title, exclude_booking_ids)
    return series_conflict(verdict.clashes, len(occurrences), bookable.tz, reveal, raced=True)


def occurrence_booking(
    series: Series, bookable: Bookable, occurrence: Occurrence, terms: Terms, now: datetime
) -> Booking:
    booking = Booking(
        uid=uuid.uuid4().hex,
        venue=series.venue,
        space=series.space,
        group=series.group,
        series=series.id,
        recurrence_id=occurrence.starts_at,
        detached=False,
        booked_by=series.booked_by,
        booker_name=series.booker_name,
        booker_email=series.booker_email,
        booker_phone=series.booker_phone,
        title=series.title,
        purpose=series.purpose,
        attendance=series.attendance,
        is_public=series.is_public,
        status=str(terms.status),
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        tier=terms.tier.id,
        rules_overridden=False,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    if terms.status == BookingStatus.confirmed and terms.charges is not None:
        starts_at, ends_at = occurrence.starts_at, occurrence.ends_at
        priced = quote_at(bookable.space, terms.tier, terms.charges, starts_at, ends_at)
        for key, value in price_values(priced, terms.standard, bookable.space, starts_at, ends_at).items():
            setattr(booking, key, value)
    return booking


def chunked(rows: Sequence[T], table: type[T]) -> list[Sequence[T]]:
    """Inserts small enough for the engines' limit on bound parameters (one chunk for any ordinary series)."""
    size = max(1, MAX_BIND_PARAMETERS // len(table._meta.columns))
    return [rows[start : start + size] for start in range(0, len(rows), size)]


async def write_occurrences(
    series: Series,
    held: Held,
    occurrences: Sequence[Occurrence],
    terms: Terms,
    actor_id: int | None,
    now: datetime,
) -> list[Booking]:
    """Bookings, their occupancy and their ``created`` events: one insert each (the series must be saved);
    the deposits due and one invoice for the dates confirmed at once (none when the group is billed monthly).

    ``held`` comes from ``hold_occurrences`` earlier in the same transaction, and ``occurrences`` were checked
    against its calendar."""
    bookable = held.bookable
    bookings = [occurrence_booking(series, bookable, occurrence, terms, now) for occurrence in occurrences]
    if not bookings:
        return []
    ids: dict[str, int] = {}
    for chunk in chunked(bookings, Booking):
        for row in await Booking.insert(*chunk).returning(Booking.id, Booking.uid):
            ids[row["uid"]] = row["id"]
    for booking in bookings:
        booking.id = ids[booking.uid]
    # Ascending space, then time: concurrent writers meet each other's rows in the same order.
    occupancy = sorted(
        (
            Occupancy(booking=booking.id, space=space_id, starts_ts=hold.starts_ts, ends_ts=hold.ends_ts)
            for booking in bookings
            for hold in [hold_for(bookable, booking.starts_at, booking.ends_at)]
            for space_id in hold.space_ids
        ),
        key=lambda row: (row.space, row.starts_ts),
    )
    for holds in chunked(occupancy, Occupancy):
        await Occupancy.insert(*holds)
    events = [
        event(
            booking.id,
            actor_id,
            "created",
            {
                **diff({}, snapshot(booking)),
                "series": [None, series.id],
                "recurrence_id": [None, jsonable(booking.recurrence_id)],
            },
        )
        for booking in bookings
    ]
    for records in chunked(events, BookingEvent):
        await record_many(list(records))
    confirmed = [booking for booking in bookings if booking.status == BookingStatus.confirmed]
    await deposits_due(confirmed)
    # Dates booked confirmed are invoiced as the deposits above are due: one invoice for them all (none
    # for a group billed monthly, whose run picks them up), as when managers confirm a series request.
    await issue_for_bookings(confirmed, actor_id)
    return bookings
