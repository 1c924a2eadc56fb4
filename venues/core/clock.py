"""The one clock every layer reads, so a test can set the time in one place.

Stored instants are whole seconds (``now``); audit trails that order events within a second read
``now_exact``; what's-on windows start on the minute (``this_minute``). ``frozen_at`` sets the time
for the code it wraps (a context variable, so concurrent tests and requests keep their own).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from venues.core.timezones import zone

_frozen: ContextVar[datetime | None] = ContextVar("frozen_now", default=None)


def now_exact() -> datetime:
    """The current instant in UTC, to the microsecond."""
    frozen = _frozen.get()
    return frozen if frozen is not None else datetime.now(UTC)


def now() -> datetime:
    """The current instant in UTC, whole seconds (how instants are stored)."""
    return now_exact().replace(microsecond=0)


def today_in(tz_name: str) -> date:
    """Today's date on the wall clock of the zone ``tz_name`` (a venue's)."""
    return now().astimezone(zone(tz_name)).date()


def this_minute() -> datetime:
    """The current minute in UTC."""
    return now().replace(second=0)


@contextmanager
def frozen_at(instant: datetime) -> Iterator[None]:
    """Read ``instant`` (aware) as the current time inside the block."""
    if instant.tzinfo is None:
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(instant.astimezone(UTC))
    try:
        yield
    finally:
        _frozen.reset(token)
