"""Changing a series: one occurrence cancelled or moved, the rule changed from a date on, or the series ended early.

Occurrences that have started are history and stay exactly as they were.
Every change bumps the series' ``sequence`` (and each changed booking's),
writes an audit event per booking and bumps the venue's published version in
one transaction, which first claims the series row on the ``sequence`` it
read, so two changes (or a change and an extension) cannot interleave.

"This and following" is two series, as calendars see it: the old one gets an
UNTIL the day before, a new one starts on that day with the new rule or
times (and a copy of the old one's what's-on listing that ``continues`` it, so
the old listing's page and calendar follow on), and the old one's occurrences
from that day are cancelled in the same transaction that books the new one's,
so the new dates may take their time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduling.bookings.audit import diff, record
from scheduling.bookings.changes import change_booking
from scheduling.bookings.rules import capacity_violations, enforce, space_violations
from scheduling.bookings.status import HOLDS_TIME, BookingStatus, cancelled_by, check_move
from scheduling.bookings.workflow import cancel_rows, save_changes, snapshot
from scheduling.hire_answers.records import carry_hire_answers
from scheduling.holds.guard import guarded
from scheduling.holds.occupancy import release
from scheduling.models import Activity, Booking, Series
from scheduling.notices.messages import Kind
from scheduling.notices.notify import series_notice, series_split_notice
from scheduling.payments.cancellations import credit_cancelled_by
from scheduling.pricing.quotes import kept_tier
from scheduling.recurrence.rules import Occurrence, RecurrenceRule, Schedule, expand, occurrences
from scheduling.recurrence.schedule import schedule_of, series_columns
from scheduling.series.access import day_start, day_window, find_occurrence, series_to_run
from scheduling.series.conflicts import Clash, Verdict
from scheduling.series.create import (
    Terms,
    booking_terms,
    check_first_date,
    check_length,
    check_occurrences,
    due_occurrences,
    has_dates_from,
    hold_occurrences,
    new_series,
    raced,
    refuse_clashes,
    schedule_for,
    write_occurrences,
)
from scheduling.vocabulary import SeriesStatus
from scheduling.wording import local, when
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolation
from venues.core.i18n import DEFAULT_LANGUAGE, _, using
from venues.models import PriceTier, User
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, holding_time, load_bookable


class PastOccurrence(Conflict):
    """The occurrence has started: the past is not rewritten."""

    rule = "past_occurrence"


class SeriesNotActive(Conflict):
    rule = "series_status"


@dataclass(frozen=True)
class SeriesEdit:
    """What changes from a date on; None keeps the old series' value (its rule keeps its end, COUNT counted on)."""

    rule: RecurrenceRule | None = None
    start_time: time | None = None
    end_time: time | None = None
    title: str | None = None
    purpose: str | None = None
    attendance: int | None = None
    is_public: bool | None = None


@dataclass(frozen=True)
class SplitResult:
    ended: Series
    series: Series
    booked: list[Booking]
    skipped: list[Clash]
    cancelled: list[int]
    reveal: bool = False


@dataclass(frozen=True)
class RangeCancelled:
    """The dates a range cancel called off, by start, each now a cancelled occurrence of the series."""

    series: Series
    cancelled: list[Booking]


@dataclass(frozen=True)
class EndResult:
    series: Series
    cancelled: list[int]


def _stored(words: Callable[[], str]) -> str:
    """A default reason as the bookings' history stores it: in English, whatever language the actor reads."""
    with using(DEFAULT_LANGUAGE):
        return words()


async def claim(series: Series, values: dict[str, Any], now: datetime) -> None:
    """Write ``values`` and bump the sequence, only if nobody changed the series since it was read."""
    values = {**values, "sequence": series.sequence + 1, "updated_at": now}
    updated = (
        await Series.update({getattr(Series, key): value for key, value in values.items()})
        .where((Series.id == series.id) & (Series.sequence == series.sequence))
        .returning(Series.id)
    )
    if not updated:
        raise Conflict(_("Someone changed this series a moment ago; reload it and try again."))
    for key, value in values.items():
        setattr(series, key, value)


def refuse_past(booking: Booking, tz_name: str, now: datetime) -> None:
    if booking.starts_at <= now:
        raise PastOccurrence(
            _("This occurrence started %(starts_at)s; occurrences that have started stay as they were.")
            % {"starts_at": when(booking.starts_at, tz_name)},
            rule=PastOccurrence.rule,
        )


def refuse_inactive(series: Series) -> None:
    if series.status == SeriesStatus.cancelled:
        raise SeriesNotActive(_("This series is cancelled; it has no dates to change."), rule=SeriesNotActive.rule)


async def cancel_occurrence(
    actor: User, series_id: int, reference: str, reason: str = "", now: datetime | None = None
) -> Booking:
    """Call off one date; the rest of the series stands, and so does the record of this one."""
    now = now or clock.now()
    series, standing = await series_to_run(actor, series_id)
    booking = await find_occurrence(series, reference)
    refuse_past(booking, series.timezone, now)
    check_move(booking.status, BookingStatus.cancelled)
    before = snapshot(booking)
    async with write_transaction():
        await claim(series, {}, now)
        values = {
            "status": str(BookingStatus.cancelled),
            "status_reason": reason,
            "cancelled_by": str(cancelled_by(standing.manages)),
        }
        await save_changes(booking, values, now)
        await release(booking.id)
        await record(booking.id, actor.id, str(BookingStatus.cancelled), diff(before, snapshot(booking)), reason)
        credits = await credit_cancelled_by([booking.id], standing.manages, actor.id, reason, now)
        await touch_venue(series.venue)
        await series_notice(
            series,
            Kind.cancelled,
            [booking.id],
            actor.id,
            manager_acted=standing.manages,
            had_confirmed=before["status"] == BookingStatus.confirmed,
            documents=credits,
        )
    return booking


async def change_occurrence(
    actor: User,
    series_id: int,
    reference: str,
    fields: dict[str, Any],
    override_rules: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Move, re-time or re-word one date through the booking path: a new time detaches it, keeping its recurrence id."""
    now = now or clock.now()
    series, _unused = await series_to_run(actor, series_id)
    booking = await find_occurrence(series, reference)
    refuse_past(booking, series.timezone, now)

    async def alongside(_: Booking) -> None:
        await claim(series, {}, now)

    return await change_booking(actor, booking.id, fields, override_rules, reason, now, alongside=alongside)


async def _cancellable(series: Series, from_instant: datetime, now: datetime) -> list[dict[str, Any]]:
    """Occurrences by the rule from ``from_instant`` on that still hold time and have not started."""
    return await Booking.select(Booking.id, Booking.status, Booking.starts_at, Booking.ends_at).where(
        (Booking.series == series.id)
        & (Booking.recurrence_id >= from_instant)
        & Booking.status.is_in([str(status) for status in HOLDS_TIME])
        & (Booking.starts_at > now)
    )


async def _cancel(
    rows: list[dict[str, Any]],
    actor_id: int,
    reason: str,
    now: datetime,
    manager_acted: bool,
    notify: Series | None = None,
    full_credit: bool = False,
) -> list[int]:
    """Cancel the bookings in ``rows`` and free their time: three statements however many.

    They are cancelled by the venue when a manager acted, else by the hirer (``cancelled_by``). The people
    the series ``notify`` names concerns hear once, listing the dates (inside the caller's transaction).
    Invoiced dates are credited by the venue's cancellation policy when the hirer acted, in full when a
    manager did or ``full_credit`` (a split, whose dates are booked again in the new series).
    """
    ids = await cancel_rows(rows, actor_id, reason, now, cancelled_by(manager_acted))
    if not ids:
        return []
    credits = await credit_cancelled_by(ids, full_credit or manager_acted, actor_id, reason, now)
    if notify is not None:
        await series_notice(
            notify,
            Kind.cancelled,
            ids,
            actor_id,
            manager_acted=manager_acted,
            had_confirmed=any(row["status"] == BookingStatus.confirmed for row in rows),
            documents=credits,
        )
    return ids


def _until_day_before(old: Schedule, day: date) -> Schedule:
    rule = old.rule
    return Schedule(
        RecurrenceRule(rule.freq, rule.interval, rule.by_day, until=day - timedelta(days=1)),
        old.start_date,
        old.start_time,
        old.end_time,
        old.timezone,
    )


def _ending(series: Series, old: Schedule, day: date) -> dict[str, Any]:
    """The old series' columns when its dates stop before ``day``.

    No dates left at all: cancelled. Otherwise an UNTIL; ``ended`` once every
    remaining date is booked, ``active`` while some are still beyond the
    horizon (extension books them, up to the UNTIL).
    """
    if day <= old.start_date:
        return {"status": str(SeriesStatus.cancelled)}
    kept = _until_day_before(old, day)
    done = not has_dates_from(kept, series.materialised_until)
    return {**series_columns(kept), "status": str(SeriesStatus.ended if done else SeriesStatus.active)}


def _dates_before(schedule: Schedule, day: date) -> int:
    counted = 0
    for occurrence in occurrences(schedule):
        if occurrence.local_date >= day:
            break
        counted += 1
    return counted


def _following_rule(old: Schedule, day: date) -> RecurrenceRule:
    """The old rule carried on from ``day``: the same UNTIL, or what is left of the COUNT."""
    rule = old.rule
    count = rule.count - _dates_before(old, day) if rule.count is not None else None
    return RecurrenceRule(rule.freq, rule.interval, rule.by_day, count=count, until=rule.until)


async def _carry_listing(series: Series, successor: Series, now: datetime) -> None:
    """The old series' public listing (what's on) lists the new one too, while the new one is public."""
    listing = await Activity.objects().where(Activity.series == series.id).first()
    if listing is None or not successor.is_public:
        return
    values = {key: value for key, value in listing.to_dict().items() if key != "id"}
    carried = {"series": successor.id, "continues": listing.id, "created_at": now, "updated_at": now}
    await Activity.insert(Activity(**{**values, **carried}))


@dataclass(frozen=True)
class _Split:
    """A split worked out before the write: the new series (unsaved), its dates and what the old one becomes."""

    series: Series
    successor: Series
    bookable: Bookable
    terms: Terms
    dates: list[Occurrence]
    ending: dict[str, Any]
    from_instant: datetime
    manages: bool = False


async def split_series(
    actor: User,
    series_id: int,
    from_date: date,
    edit: SeriesEdit,
    skip_conflicts: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> SplitResult:
    """This and following: end the series the day before ``from_date`` and book a new one from it.

    The new dates are checked like a new series' (all or nothing unless
    ``skip_conflicts``), against everything except the old occurrences that
    this change cancels.
    """
    now = now or clock.now()
    series, found = await series_to_run(actor, series_id)
    refuse_inactive(series)
    bookable = await load_bookable(series.space)
    old = schedule_of(series)
    following = _following_schedule(series, old, from_date, edit, now)
    attendance = edit.attendance if edit.attendance is not None else series.attendance
    enforce(space_violations(bookable))
    enforce(capacity_violations(bookable, attendance))
    check_length(bookable, following)
    tier = await kept_tier(bookable.venue.id, series.tier, series.group)
    terms = await booking_terms(bookable, tier, found.manages, series.group)
    successor = _successor(actor, series, bookable, following, tier, edit, attendance, now)
    due = due_occurrences(successor, bookable.space, now)
    successor.materialised_until = due.covered_until
    dates = list(due.occurrences)
    split = _Split(
        series,
        successor,
        bookable,
        terms,
        dates,
        ending=_ending(series, old, from_date),
        from_instant=day_start(from_date, series.timezone),
        manages=found.manages,
    )
    return await _write_split(
        split,
        actor,
        skip_conflicts,
        reason or _stored(lambda: _("The series changes from %(from_date)s.") % {"from_date": from_date}),
        now,
    )


def _following_schedule(series: Series, old: Schedule, from_date: date, edit: SeriesEdit, now: datetime) -> Schedule:
    """The new series' schedule from ``from_date``: the edit's rule and times, else the old ones carried on.

    Refuses a ``from_date`` in the past or one from which the old series has no dates left.
    """
    tz = series.timezone
    check_first_date(from_date, now, tz, "from_date")
    if not has_dates_from(old, day_start(from_date, tz)):
        raise InvalidInput(
            "from_date",
            _("The series has no dates from %(from_date)s on; there is nothing to change.") % {"from_date": from_date},
        )
    return schedule_for(
        edit.rule or _following_rule(old, from_date),
        from_date,
        edit.start_time or old.start_time,
        edit.end_time or old.end_time,
        tz,
        "from_date",
    )


def _successor(
    actor: User,
    series: Series,
    bookable: Bookable,
    following: Schedule,
    tier: PriceTier,
    edit: SeriesEdit,
    attendance: int,
    now: datetime,
) -> Series:
    """The new series, unsaved: the edit's wording where given, else the old series', and the same booker."""
    return new_series(
        actor,
        bookable,
        following,
        tier,
        now,
        group=series.group,
        title=edit.title if edit.title is not None else series.title,
        purpose=edit.purpose if edit.purpose is not None else series.purpose,
        attendance=attendance,
        is_public=edit.is_public if edit.is_public is not None else series.is_public,
        booker_name=series.booker_name,
        booker_email=series.booker_email,
        booker_phone=series.booker_phone,
    )


async def _write_split(split: _Split, actor: User, skip_conflicts: bool, reason: str, now: datetime) -> SplitResult:
    """One guarded transaction: claim the old series, cancel its dates from the split, book the new one's.

    The new dates are checked against everything except the old occurrences
    cancelled here (``freed``), and so is the refusal when the guard loses a race.
    """
    series, successor, bookable, terms, dates = split.series, split.successor, split.bookable, split.terms, split.dates
    freed: list[int] = []

    async def refusal() -> DomainError:
        return await raced(bookable, dates, now, successor.title, terms.reveal, freed)

    # The space's held-time locks before the series row, the order a move of one date takes them in (its
    # ``claiming`` holds the space, then ``touch_series`` updates the row): the other order can deadlock.
    async with guarded(refusal), holding_time(bookable.physical_ids):
        await claim(series, split.ending, now)
        rows = await _cancellable(series, split.from_instant, now)
        freed[:] = [row["id"] for row in rows]
        held = await hold_occurrences(bookable, dates)
        verdict = (
            await check_occurrences(bookable, dates, held.calendar, now, successor.title, freed)
            if dates
            else Verdict([], [])
        )
        refuse_clashes(verdict, len(dates), series.timezone, terms.reveal, skip_conflicts)
        cancelled = await _cancel(rows, actor.id, reason, now, split.manages, full_credit=True)
        await successor.save()
        await carry_hire_answers(series.id, successor.id)
        booked = await write_occurrences(successor, held, verdict.bookable, terms, actor.id, now)
        await _carry_listing(series, successor, now)
        await series_split_notice(series, successor, rows, [b.id for b in booked], actor.id, split.manages)
        await touch_venue(series.venue)
    return SplitResult(series, successor, booked, verdict.clashes, cancelled, terms.reveal)


async def end_series(
    actor: User, series_id: int, last_date: date, reason: str = "", now: datetime | None = None
) -> EndResult:
    """The series' last date becomes ``last_date`` (venue time): later occurrences are cancelled, earlier ones kept."""
    now = now or clock.now()
    series, standing = await series_to_run(actor, series_id)
    refuse_inactive(series)
    tz = series.timezone
    day_after = last_date + timedelta(days=1)
    yesterday = local(now, tz).date() - timedelta(days=1)
    if last_date < yesterday:
        raise InvalidInput(
            "last_date",
            _("last_date (%(last_date)s) is before yesterday (%(yesterday)s): past dates stay as they were.")
            % {"last_date": last_date, "yesterday": yesterday},
        )
    old = schedule_of(series)
    after = day_start(day_after, tz)
    if not has_dates_from(old, after):
        raise InvalidInput(
            "last_date",
            _("The series has no dates after %(last_date)s; it already ends by then.") % {"last_date": last_date},
        )
    ending = _ending(series, old, day_after)
    async with write_transaction():
        await claim(series, ending, now)
        rows = await _cancellable(series, after, now)
        cancelled = await _cancel(
            rows,
            actor.id,
            reason or _stored(lambda: _("The series ends on %(last_date)s.") % {"last_date": last_date}),
            now,
            standing.manages,
            notify=series,
        )
        await touch_venue(series.venue)
    return EndResult(series, cancelled)


def check_range(first: date, last: date) -> None:
    if last < first:
        raise InvalidInput(
            "to", _("The last date (%(last)s) is before the first (%(first)s).") % {"last": last, "first": first}
        )


def _not_booked_yet(series: Series, last: date) -> None:
    """Refuse a range reaching dates the series has not booked yet: extension would book them later."""
    booked_until = series.materialised_until
    if series.status != SeriesStatus.active or booked_until is None:
        return
    end = day_start(last + timedelta(days=1), series.timezone)
    if end > booked_until and expand(schedule_of(series), booked_until, end, limit=1).occurrences:
        raise RuleViolation(
            "dates_not_booked_yet",
            _(
                "The series' dates from %(day)s on are not booked yet (the space takes bookings only so far ahead); "
                "cancel those once they are booked."
            )
            % {"day": f"{local(booked_until, series.timezone):%Y-%m-%d}"},
            booked_until=booked_until.isoformat(),
        )


async def _in_range(series: Series, first: date, last: date, now: datetime) -> tuple[list[Booking], int]:
    """The occurrences the rule put on ``first``…``last`` (venue dates) that still hold time and have not
    started, by start; and how many occurrences those dates have in all."""
    starts, _unused = day_window(first, series.timezone)
    _unused, after = day_window(last, series.timezone)
    on_dates = (Booking.series == series.id) & (Booking.recurrence_id >= starts) & (Booking.recurrence_id < after)
    open_ = await (
        Booking.objects()
        .where(on_dates & Booking.status.is_in([str(status) for status in HOLDS_TIME]) & (Booking.starts_at > now))
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
    )
    return open_, await Booking.count().where(on_dates)


async def dates_to_cancel(
    actor: User, series_id: int, first: date, last: date, now: datetime | None = None
) -> tuple[Series, list[Booking]]:
    """What ``cancel_dates`` would call off now, for a page to ask "cancel these N dates?" first."""
    now = now or clock.now()
    series, _unused = await series_to_run(actor, series_id)
    refuse_inactive(series)
    check_range(first, last)
    _not_booked_yet(series, last)
    found, _counted = await _in_range(series, first, last, now)
    return series, found


async def cancel_dates(
    actor: User, series_id: int, first: date, last: date, reason: str = "", now: datetime | None = None
) -> RangeCancelled:
    """Call off every date of the series from ``first`` to ``last`` (venue dates, inclusive) in one transaction.

    Each becomes a cancelled occurrence with ``reason``; the rest of the series stands. Dates that have
    started, or are already cancelled or declined, stay as they are. 404 when the range holds no date of
    the series, 409 when none of its dates can still be cancelled.
    """
    now = now or clock.now()
    series, standing = await series_to_run(actor, series_id)
    refuse_inactive(series)
    check_range(first, last)
    _not_booked_yet(series, last)
    span = f"{first}" if first == last else f"{first} to {last}"
    async with write_transaction():
        await claim(series, {}, now)
        found, dated = await _in_range(series, first, last, now)
        if not dated:
            raise NotFound(
                _("Series %(id)s has no booked dates from %(span)s (venue time).") % {"id": series.id, "span": span}
            )
        if not found:
            raise Conflict(
                _(
                    "The series' dates from %(span)s have started, or are already cancelled or declined: there is nothing left to cancel."
                )
                % {"span": span}
            )
        ids = await _cancel(
            [{"id": booking.id, "status": booking.status} for booking in found],
            actor.id,
            reason or _stored(lambda: _("Cancelled for %(span)s.") % {"span": span}),
            now,
            standing.manages,
            notify=series,
        )
        await touch_venue(series.venue)
    cancelled = await Booking.objects().where(Booking.id.is_in(ids)).order_by(Booking.starts_at).order_by(Booking.id)
    return RangeCancelled(series, cancelled)
