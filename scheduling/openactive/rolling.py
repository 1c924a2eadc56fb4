"""Time moving the feeds on: new days coming into the slots' window, slots crossing a space's notice or horizon,
items that are over becoming tombstones, and tombstones old enough to go.

Nothing a writer does marks these, so the stamper's first batch of a run asks here. The window and notice
checks run at most every ``ROLL_EVERY`` (a slot may show as free for that long after its notice has closed it;
booking it is refused by the booking rules all the same); ending and purging run every time, through indexes
on ``ends_at`` and ``deleted_at`` that only hold the rows concerned.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling.openactive.owners import Targets, local_days
from scheduling.openactive.slots import window_days
from venues.models import Space

ROLL_EVERY = timedelta(minutes=5)
# RPDE asks publishers to keep deleted items for at least seven days, so a consumer polling weekly still sees them.
TOMBSTONE_RETENTION = timedelta(days=7)


def roll_due(rolled_at: datetime | None, now: datetime) -> bool:
    return rolled_at is None or now - rolled_at >= ROLL_EVERY


async def moved_on(rolled_at: datetime, now: datetime) -> Targets:
    """The slot days that time alone changed between ``rolled_at`` and ``now``."""
    targets = Targets()
    if now <= rolled_at:
        return targets
    rows = await Space.select(
        Space.id,
        Space.min_notice_minutes,
        Space.horizon_days,
        Space.venue.timezone.as_alias("timezone"),
    ).where((Space.archived == False) & (Space.bookable == True))  # noqa: E712 (Piccolo builds SQL from ==)
    if not rows:
        return targets
    ids = [row["id"] for row in rows]
    windows_now = await window_days(ids, now)
    windows_then = await window_days(ids, rolled_at)
    then_ts = int(rolled_at.astimezone(UTC).timestamp())
    now_ts = int(now.astimezone(UTC).timestamp())
    for row in rows:
        window = set(windows_now.get(row["id"], ()))
        if not window:
            continue
        days = window - set(windows_then.get(row["id"], ()))
        for offset in (row["min_notice_minutes"] * 60, row["horizon_days"] * 86400):
            days |= local_days(then_ts + offset, now_ts + offset + 1, row["timezone"]) & window
        if days:
            targets.slot_days[row["id"]] |= days
    return targets
