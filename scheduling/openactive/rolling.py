"""Time moving the feeds on: new days coming into the slots' window, slots crossing a space's notice or horizon,
items that are over becoming tombstones, and tombstones old enough to go.

Nothing a writer does marks these, so the stamper's first batch of a run asks here, at most every
``ROLL_EVERY`` (a slot may show as free for that long after its notice has closed it; booking it is refused by
the booking rules all the same), and writes what time reached as marks for the batches that follow. Ending
and purging run in every batch, through indexes on ``ends_at`` and ``deleted_at`` that hold only the rows
concerned, a bounded number at a time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from scheduling.openactive.slots import window_days
from venues.core.timezones import zone
from venues.models import Space

ROLL_EVERY = timedelta(minutes=5)
# RPDE asks publishers to keep deleted items for at least seven days, so a consumer polling weekly still sees them.
TOMBSTONE_RETENTION = timedelta(days=7)


def roll_due(rolled_at: datetime | None, now: datetime) -> bool:
    return rolled_at is None or now - rolled_at >= ROLL_EVERY


def _day_span(days: set[date], timezone: str) -> tuple[int, int]:
    """From the first day's local midnight to the one after the last day, as UTC epoch seconds."""
    tz = zone(timezone)
    first = datetime.combine(min(days), time(0), tzinfo=tz)
    after = datetime.combine(max(days) + timedelta(days=1), time(0), tzinfo=tz)
    return int(first.timestamp()), int(after.timestamp())


async def moved_on(rolled_at: datetime, now: datetime) -> list[tuple[int, int, int]]:
    """The held-time-like spans (space, starts_ts, ends_ts) whose slots time alone may have changed between
    ``rolled_at`` and ``now``: days new to the window, and the stretches that crossed each space's notice
    and horizon. They are written as marks, so the stamper's batches rebuild them a few spaces at a time
    rather than all in the transaction that noticed time had moved."""
    spans: list[tuple[int, int, int]] = []
    if now <= rolled_at:
        return spans
    rows = await Space.select(
        Space.id,
        Space.min_notice_minutes,
        Space.horizon_days,
        Space.venue.timezone.as_alias("timezone"),
    ).where((Space.archived == False) & (Space.bookable == True))  # noqa: E712 (Piccolo builds SQL from ==)
    if not rows:
        return spans
    ids = [row["id"] for row in rows]
    windows_now = await window_days(ids, now)
    windows_then = await window_days(ids, rolled_at)
    then_ts = int(rolled_at.astimezone(UTC).timestamp())
    now_ts = int(now.astimezone(UTC).timestamp())
    for row in rows:
        if not windows_now.get(row["id"]):
            continue
        new_days = set(windows_now[row["id"]]) - set(windows_then.get(row["id"], ()))
        if new_days:
            spans.append((row["id"], *_day_span(new_days, row["timezone"])))
        for offset in (row["min_notice_minutes"] * 60, row["horizon_days"] * 86400):
            spans.append((row["id"], then_ts + offset, now_ts + offset + 1))
    return spans
