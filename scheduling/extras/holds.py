"""Extras on a booking, and the units of limited stock they hold over the booking's time.

Each stock-limited extra is claimed with its row locked (``lock_row``: FOR UPDATE on PostgreSQL,
SQLite's write transactions are serial), so the count read inside the transaction is exact; the
``extra_hold_no_overlap`` guard (exclusion constraint / trigger) is the backstop, and its refusal
is the same 409 (``extra-stock``) naming when the stock is out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asyncpg.exceptions import ExclusionViolationError

from scheduling.holds.occupancy import epoch, from_epoch
from scheduling.models import Booking, BookingExtra, ExtraHold
from scheduling.pricing.quotes import ChosenExtra
from scheduling.wording import span
from venues.core.errors import Conflict, InvalidInput
from venues.core.i18n import _, ngettext
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.extras.catalogue import MAX_UNLIMITED_ITEMS
from venues.models import Extra
from venues.vocabulary import ExtraUnit

GUARD_NAME = "extra_hold_no_overlap"


class StockOut(Conflict):
    """A stock-limited extra has too few units free over the booking's time."""

    rule = "extra-stock"


def is_stock_refusal(exc: BaseException) -> bool:
    """The database's stock guard refused a write (PostgreSQL constraint or SQLite trigger)."""
    if isinstance(exc, ExclusionViolationError):
        return exc.constraint_name == GUARD_NAME
    return isinstance(exc, sqlite3.IntegrityError) and GUARD_NAME in str(exc)


@dataclass(frozen=True)
class Choice:
    extra: Extra
    quantity: int


async def checked_choices(venue_id: int, choices: Sequence[tuple[int, int]]) -> list[Choice]:
    """The chosen extras, each the venue's and not archived, with a quantity its unit allows (400 ``extras``)."""
    wanted: dict[int, int] = {}
    for extra_id, quantity in choices:
        if extra_id in wanted:
            raise InvalidInput(
                "extras",
                _("Extra %(extra_id)s is chosen twice; give it once with its quantity.") % {"extra_id": extra_id},
            )
        wanted[extra_id] = quantity
    if not wanted:
        return []
    ids = [extra_id for extra_id in wanted if in_id_range(extra_id)]
    found = {extra.id: extra for extra in await Extra.objects().where(Extra.id.is_in(ids))} if ids else {}
    chosen = []
    for extra_id, quantity in sorted(wanted.items()):
        extra = found.get(extra_id)
        if extra is None or extra.venue != venue_id:
            raise InvalidInput(
                "extras", _("Extra %(extra_id)s is not one of this venue's extras.") % {"extra_id": extra_id}
            )
        if extra.archived:
            raise InvalidInput("extras", _("%(name)s is no longer offered.") % {"name": extra.name})
        most = 1 if extra.unit != ExtraUnit.item else (extra.stock or MAX_UNLIMITED_ITEMS)
        if not 1 <= quantity <= most:
            raise InvalidInput(
                "extras",
                _("%(name)s: choose 1.") % {"name": extra.name}
                if most == 1
                else _("%(name)s: choose between 1 and %(most)s.") % {"name": extra.name, "most": most},
            )
        chosen.append(Choice(extra, quantity))
    return chosen


async def hold_extras(booking: Booking, choices: Sequence[tuple[int, int]], tz_name: str) -> None:
    """Inside the booking's write transaction: its ``BookingExtra`` rows and, for limited stock, its units."""
    chosen = await checked_choices(booking.venue, choices)
    if not chosen:
        return
    # Units first: each limited extra's row is locked before anything referencing it is written (a foreign key
    # takes a share lock on PostgreSQL, and two writers each holding one would deadlock on the FOR UPDATE).
    await _claim_units(
        booking.id, [(c.extra.id, c.quantity) for c in chosen], booking.starts_at, booking.ends_at, tz_name
    )
    await BookingExtra.insert(
        *[BookingExtra(booking=booking.id, extra=choice.extra.id, quantity=choice.quantity) for choice in chosen]
    )


async def move_extras(booking_id: int, starts_at: datetime, ends_at: datetime, tz_name: str) -> None:
    """Inside a move's transaction, after its holds were released: the booking's units again, at the new time."""
    await ExtraHold.delete().where(ExtraHold.booking == booking_id)
    rows = await BookingExtra.select(BookingExtra.extra, BookingExtra.quantity).where(
        BookingExtra.booking == booking_id
    )
    await _claim_units(booking_id, [(row["extra"], row["quantity"]) for row in rows], starts_at, ends_at, tz_name)


async def release_extras(booking_ids: Sequence[int]) -> None:
    """Drop the units these bookings hold (declined or cancelled); what they chose stays on record."""
    if booking_ids:
        await ExtraHold.delete().where(ExtraHold.booking.is_in(list(booking_ids)))


async def _claim_units(
    booking_id: int, wanted: Sequence[tuple[int, int]], starts_at: datetime, ends_at: datetime, tz_name: str
) -> None:
    starts_ts, ends_ts = epoch(starts_at), epoch(ends_at)
    for extra_id, quantity in sorted(wanted):
        await lock_row(Extra, extra_id)
        extra = await Extra.objects().where(Extra.id == extra_id).first()
        if extra is None or extra.stock is None:
            continue
        held = await _held(extra_id, starts_ts, ends_ts)
        busy = {unit for unit, _, _ in held}
        free = [unit for unit in range(1, extra.stock + 1) if unit not in busy][:quantity]
        if len(free) < quantity:
            raise stock_out(extra, quantity, held, starts_ts, ends_ts, tz_name)
        try:
            await ExtraHold.insert(
                *[
                    ExtraHold(booking=booking_id, extra=extra_id, unit=unit, starts_ts=starts_ts, ends_ts=ends_ts)
                    for unit in free
                ]
            )
        except Exception as exc:
            if not is_stock_refusal(exc):
                raise
            raise StockOut(
                _("%(name)s was booked by someone else a moment ago for part of %(starts_at)s; try again.")
                % {"name": extra.name, "starts_at": span(starts_at, ends_at, tz_name)},
                rule=StockOut.rule,
                extra_id=extra_id,
            ) from exc


async def _held(extra_id: int, starts_ts: int, ends_ts: int) -> list[tuple[int, int, int]]:
    rows = await ExtraHold.select(ExtraHold.unit, ExtraHold.starts_ts, ExtraHold.ends_ts).where(
        (ExtraHold.extra == extra_id) & (ExtraHold.starts_ts < ends_ts) & (ExtraHold.ends_ts > starts_ts)
    )
    return [(row["unit"], row["starts_ts"], row["ends_ts"]) for row in rows]


def busiest(spans: Sequence[tuple[int, int]], starts_ts: int, ends_ts: int) -> tuple[int, int, int]:
    """The most spans out at once within ``[starts_ts, ends_ts)``, and the first stretch when that many are."""
    moments = sorted({starts_ts, ends_ts, *(s for s, _ in spans), *(e for _, e in spans)})
    moments = [m for m in moments if starts_ts <= m <= ends_ts]
    best, best_from, best_to = 0, starts_ts, ends_ts
    for left, right in zip(moments, moments[1:], strict=False):
        count = sum(1 for s, e in spans if s < right and e > left)
        if count > best:
            best, best_from, best_to = count, left, right
        elif count == best and best_to == left and count:
            best_to = right
    return best, best_from, best_to


def stock_out(
    extra: Extra, quantity: int, held: Sequence[tuple[int, int, int]], starts_ts: int, ends_ts: int, tz_name: str
) -> StockOut:
    """ "Only 2 Projector and both are booked Sat 12 Dec 2026 19:00–22:00"."""
    stock = extra.stock or 0
    count, out_from, out_to = busiest([(s, e) for _, s, e in held], starts_ts, ends_ts)
    when = span(from_epoch(out_from), from_epoch(out_to), tz_name)
    values = {"stock": stock, "name": extra.name, "when": when, "count": count, "quantity": quantity}
    if count >= stock and stock == 2:
        detail = _("Only %(stock)s × %(name)s and both are booked %(when)s.") % values
    elif count >= stock:
        detail = (
            ngettext(
                "Only %(stock)s × %(name)s and it is booked %(when)s.",
                "Only %(stock)s × %(name)s and all %(stock)s are booked %(when)s.",
                stock,
            )
            % values
        )
    else:
        detail = (
            _("Only %(stock)s × %(name)s and %(count)s of them are booked %(when)s; %(quantity)s asked for.") % values
        )
    return StockOut(
        detail,
        rule=StockOut.rule,
        extra_id=extra.id,
        starts_at=from_epoch(out_from).isoformat().replace("+00:00", "Z"),
        ends_at=from_epoch(out_to).isoformat().replace("+00:00", "Z"),
    )


@dataclass(frozen=True)
class ChosenOut:
    extra_id: int
    name: str
    quantity: int


async def chosen_extras(booking_id: int) -> list[ChosenExtra]:
    """The booking's extras with their catalogue rows, for pricing (``quote(..., extras=...)``)."""
    rows = await BookingExtra.select(BookingExtra.extra, BookingExtra.quantity).where(
        BookingExtra.booking == booking_id
    )
    if not rows:
        return []
    extras = {extra.id: extra for extra in await Extra.objects().where(Extra.id.is_in([r["extra"] for r in rows]))}
    return [ChosenExtra(extras[row["extra"]], row["quantity"]) for row in sorted(rows, key=lambda r: r["extra"])]


async def chosen_by_booking(booking_ids: Sequence[int]) -> dict[int, list[ChosenOut]]:
    """What each booking chose (name and quantity), in one query, for those who see its private fields."""
    if not booking_ids:
        return {}
    rows = await BookingExtra.select(
        BookingExtra.booking, BookingExtra.extra, BookingExtra.extra.name, BookingExtra.quantity
    ).where(BookingExtra.booking.is_in(list(booking_ids)))
    found: dict[int, list[ChosenOut]] = {}
    for row in sorted(rows, key=lambda r: (r["booking"], r["extra"])):
        found.setdefault(row["booking"], []).append(ChosenOut(row["extra"], row["extra.name"], row["quantity"]))
    return found
