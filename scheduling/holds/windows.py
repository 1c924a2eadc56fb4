"""Time-window conditions that an index on the start can answer.

"Overlaps [from, to)" is ``start < to AND end > from``; only the first half
bounds an index on the start, so alone it scans every earlier row. Bookings
last at most a week (``venues.spaces.operations.LONGEST_BOOKING``) and buffers at most
``LONGEST_BUFFER`` each side, so ``start > from − that`` is implied, and it
turns the scan into a range that stays the same size as history grows.
"""

from __future__ import annotations

from datetime import datetime

from piccolo.columns.combination import And, Where

from scheduling.models import Booking, Occupancy
from venues.spaces.operations import LONGEST_BOOKING, LONGEST_BUFFER

LONGEST_HOLD_SECONDS = int((LONGEST_BOOKING + 2 * LONGEST_BUFFER).total_seconds())


def earliest_overlapping_start(starts_from: datetime) -> datetime:
    """No booking that starts at or before this ends after ``starts_from``: the lower bound on the start."""
    return starts_from - LONGEST_BOOKING


def booking_overlaps(starts_from: datetime | None, ends_before: datetime | None) -> list[Where | And]:
    """Bookings overlapping the window (either end may be open)."""
    conditions: list[Where | And] = []
    if starts_from is not None:
        conditions.append(
            (Booking.ends_at > starts_from) & (Booking.starts_at > earliest_overlapping_start(starts_from))
        )
    if ends_before is not None:
        conditions.append(Booking.starts_at < ends_before)
    return conditions


def occupancy_overlaps(starts_ts: int, ends_ts: int) -> And:
    """Held time overlapping ``[starts_ts, ends_ts)`` (epoch seconds), buffers included."""
    return (
        (Occupancy.starts_ts < ends_ts)
        & (Occupancy.ends_ts > starts_ts)
        & (Occupancy.starts_ts > starts_ts - LONGEST_HOLD_SECONDS)
    )
