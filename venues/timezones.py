"""IANA time zones: validation and local ↔ UTC conversion, and the dates the service supports.

Every date a person enters must fall in ``FIRST_DAY``–``LAST_DAY`` (years 2000–2200): far enough
for any booking or archive, near enough that date arithmetic (a day after, a zone's offset)
never leaves Python's years 1–9999. The API and the pages refuse other dates with a 400.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from venues.errors import InvalidInput

DEFAULT_TIMEZONE = "Europe/London"
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2200, 12, 31)


def check_day(field: str, day: date) -> date:
    """``day`` (a date or the date of a datetime) if the service supports it; InvalidInput otherwise."""
    if not FIRST_DAY <= (day.date() if isinstance(day, datetime) else day) <= LAST_DAY:
        raise InvalidInput(field, f"{field} must be a date from {FIRST_DAY} to {LAST_DAY}; {day.isoformat()} is outside that.")
    return day


def supported_day(day: date) -> date:
    """``day`` moved into the supported range: for arithmetic on dates already stored (a closure to 9999-12-31)."""
    return min(max(day, FIRST_DAY), LAST_DAY)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for ``name``; raises InvalidInput for names that are not IANA zones."""
    if not name or "/" not in name and name not in ("UTC", "GMT"):
        raise InvalidInput("timezone", f"{name!r} is not an IANA time zone such as 'Europe/London'.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput("timezone", f"{name!r} is not an IANA time zone such as 'Europe/London'.") from None


def to_utc(moment: datetime, tz_name: str) -> datetime:
    """An aware UTC datetime, whole seconds; a naive ``moment`` is read in ``tz_name``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name))
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def local_datetime(day: date, at: time, tz_name: str) -> datetime:
    """The aware instant of wall-clock ``at`` on ``day`` in ``tz_name``.

    In a spring-forward gap the time is pushed forward by the gap (fold=0);
    in an autumn repeat the first occurrence is used.
    """
    tz = zone(tz_name)
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    roundtrip = aware.astimezone(timezone.utc).astimezone(tz)
    if roundtrip.replace(tzinfo=None) != naive:
        # Non-existent local time: move past the gap.
        return roundtrip
    return aware
