"""Claiming time under the overlap guard, and the 409 that says which time is already taken.

The check inside the transaction exists to give a helpful message; the
database decides. On SQLite the transaction holds the write lock from its
first statement, so the check is exact and the trigger is a backstop. On
PostgreSQL writers of the same space first queue on its held-time lock
(``venues.spaces.bookable.holding_time``), so the check is exact there too;
should a writer of held time ever go round that lock, the exclusion
constraint still makes the second wait for the first and refuse it, the
transaction rolls back whole, and the loser still gets a 409 naming the time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from asyncpg.exceptions import DeadlockDetectedError, ExclusionViolationError

from scheduling.holds.occupancy import Hold, Taken, from_epoch, taken
from scheduling.wording import local_iso, span
from venues.core.database import write_transaction
from venues.core.errors import Conflict, DomainError
from venues.core.i18n import _
from venues.spaces.bookable import holding_time

GUARD_NAME = "occupancy_no_overlap"


class Overlap(Conflict):
    """The wanted time, buffers included, overlaps time another booking holds."""

    rule = "overlap"


def is_overlap_refusal(exc: BaseException) -> bool:
    """The database's overlap guard refused a write (PostgreSQL constraint or SQLite trigger).

    On PostgreSQL two transactions inserting clashing occupancy at the same
    moment can each wait on the other's row under the exclusion constraint;
    PostgreSQL then aborts one with a deadlock, which lost the race just as if
    the constraint had refused it.
    """
    if isinstance(exc, ExclusionViolationError):
        return exc.constraint_name in (None, GUARD_NAME)
    if isinstance(exc, DeadlockDetectedError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and GUARD_NAME in str(exc)


def _clash(item: Taken, tz_name: str, reveal: bool) -> dict[str, Any]:
    clash: dict[str, Any] = {
        "space_id": item.space_id,
        "space_name": item.space_name,
        "starts_at": item.starts_at.isoformat().replace("+00:00", "Z"),
        "ends_at": item.ends_at.isoformat().replace("+00:00", "Z"),
        "starts_local": local_iso(item.starts_at, tz_name),
        "ends_local": local_iso(item.ends_at, tz_name),
    }
    if reveal:
        clash.update(booking_id=item.booking_id, title=item.title)
    return clash


def overlap_error(hold: Hold, found: list[Taken], tz_name: str, reveal: bool) -> Overlap:
    """Names the taken time in the venue's zone; who holds it only for those who run the venue."""
    if not found:
        wanted = span(from_epoch(hold.starts_ts), from_epoch(hold.ends_ts), tz_name)
        return Overlap(
            _("Someone else booked part of %(wanted)s (venue time, set-up and clean-up included) a moment ago.")
            % {"wanted": wanted},
            rule="overlap",
            clashes=[],
        )
    phrases = []
    for item in found:
        values = {
            "space": item.space_name,
            "when": span(item.starts_at, item.ends_at, tz_name),
            "booking_id": item.booking_id,
            "title": item.title,
        }
        if reveal and item.title:
            phrases.append(_("%(space)s is taken %(when)s by booking %(booking_id)s (%(title)s)") % values)
        elif reveal:
            phrases.append(_("%(space)s is taken %(when)s by booking %(booking_id)s") % values)
        else:
            phrases.append(_("%(space)s is taken %(when)s") % values)
    return Overlap(
        _("That time is not free: %(phrases)s (venue time, set-up and clean-up included).")
        % {"phrases": "; ".join(phrases)},
        rule="overlap",
        clashes=[_clash(item, tz_name, reveal) for item in found],
    )


@asynccontextmanager
async def guarded(refusal: Callable[[], Awaitable[DomainError | None]]) -> AsyncIterator[None]:
    """A write transaction whose write of held time the guard refused becomes ``refusal()``, a 409.

    Every write of held time runs in one of these (or in ``claiming``, which is one). The whole
    transaction rolls back before the refusal is worked out; a ``refusal()`` of None lets the
    database's error through.
    """
    try:
        async with write_transaction():
            yield
    except Exception as exc:
        if not is_overlap_refusal(exc):
            raise
        error = await refusal()
        if error is None:
            raise
        raise error from exc


@asynccontextmanager
async def claiming(
    hold: Hold, tz_name: str, reveal: bool, exclude_booking_id: int | None = None
) -> AsyncIterator[None]:
    """A guarded write transaction in which ``hold`` is free; the body writes the booking and its occupancy."""

    async def refusal() -> DomainError:
        # The winner has committed (the guard waited for it): read what it holds, outside the failed transaction.
        found = await taken(hold, exclude_booking_id)
        if not found:
            return Conflict(_("Another booking of this space was being saved at the same moment; try again."))
        return overlap_error(hold, found, tz_name, reveal)

    async with guarded(refusal), holding_time(hold.space_ids):
        found = await taken(hold, exclude_booking_id)
        if found:
            raise overlap_error(hold, found, tz_name, reveal)
        yield
