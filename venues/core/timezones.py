"""IANA time zones: validation and local ↔ UTC conversion, and the dates the service supports.

Every date a person enters must fall in ``FIRST_DAY``–``LAST_DAY`` (years 2000–2200): far enough
for any booking or archive, near enough that date arithmetic (a day after, a zone's offset)
never leaves Python's years 1–9999. The API and the pages refuse other dates with a 400.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from venues.core.errors import InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.core.i18n.formatting import clock, day_month_year

DEFAULT_TIMEZONE = "Europe/London"
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2200, 12, 31)


def check_day(field: str, day: date) -> date:
    """``day`` (a date or the date of a datetime) if the service supports it; InvalidInput otherwise."""
    if not FIRST_DAY <= (day.date() if isinstance(day, datetime) else day) <= LAST_DAY:
        raise InvalidInput(
            field,
            _("%(field)s must be a date from %(FIRST_DAY)s to %(LAST_DAY)s; %(day)s is outside that.")
            % {"field": field, "FIRST_DAY": FIRST_DAY, "LAST_DAY": LAST_DAY, "day": day.isoformat()},
        )
    return day


def supported_day(day: date) -> date:
    """``day`` moved into the supported range: for arithmetic on dates already stored (a closure to 9999-12-31)."""
    return min(max(day, FIRST_DAY), LAST_DAY)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for ``name``; raises InvalidInput for names that are not IANA zones."""
    if not name or "/" not in name and name not in ("UTC", "GMT"):
        raise InvalidInput("timezone", _("%(name)r is not an IANA time zone such as 'Europe/London'.") % {"name": name})
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            "timezone", _("%(name)r is not an IANA time zone such as 'Europe/London'.") % {"name": name}
        ) from None


def to_utc(moment: datetime, tz_name: str) -> datetime:
    """An aware UTC datetime, whole seconds; a naive ``moment`` is read in ``tz_name``.

    For the edges of a window (a listing's ``from``, a day's midnight): a time the clocks
    skip is read with the offset from before the change, a repeated time as its first
    occurrence. A time someone books goes through ``booked_utc`` instead.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name))
    return moment.astimezone(UTC).replace(microsecond=0)


def booked_utc(moment: datetime, tz_name: str, field: str = "starts_at") -> datetime:
    """``to_utc`` for a one-off time someone asks for, where guessing is wrong.

    A naive time the clocks skip (01:30 on the spring change in London) is refused
    (RuleViolation ``nonexistent_local_time``, 422). A naive time the clocks repeat
    (01:30 on the autumn change) means its first occurrence, in summer time; an offset
    in the request (``01:30+00:00``) chooses the other. Series follow RFC 5545 instead
    (``local_datetime``), so one clock change never refuses a whole series.
    """
    if moment.tzinfo is None and (gap := skipped_span(moment, tz_name)):
        raise RuleViolation(
            "nonexistent_local_time",
            _("%(time)s on %(day)s does not exist in %(zone)s: clocks go forward from %(from)s to %(to)s.")
            % {
                "time": clock(moment),
                "day": day_month_year(moment.date()),
                "zone": tz_name,
                "from": clock(gap[0]),
                "to": clock(gap[1]),
            },
            field=field,
        )
    return to_utc(moment, tz_name)


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def skipped_span(naive: datetime, tz_name: str) -> tuple[datetime, datetime] | None:
    """The wall-clock times the clocks jump between when ``naive`` falls in that gap; None when it exists."""
    tz = zone(tz_name)
    if _exists(naive, tz):
        return None
    start = naive.replace(second=0, microsecond=0)
    while not _exists(start - timedelta(minutes=1), tz):
        start -= timedelta(minutes=1)
    aware = naive.replace(tzinfo=tz)
    jump = (aware.replace(fold=1).utcoffset() or timedelta()) - (aware.replace(fold=0).utcoffset() or timedelta())
    return start, start + jump


def local_datetime(day: date, at: time, tz_name: str) -> datetime:
    """The aware instant of wall-clock ``at`` on ``day`` in ``tz_name``, as RFC 5545 §3.3.5 reads it.

    In a spring-forward gap the time takes the offset from before the gap, so it
    moves on by the gap (01:30 becomes 02:30 BST); in an autumn repeat the first
    occurrence is used. Series use this rule; opening hours use ``wall_clock_instant``.
    """
    tz = zone(tz_name)
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    roundtrip = aware.astimezone(UTC).astimezone(tz)
    if roundtrip.replace(tzinfo=None) != naive:
        # Non-existent local time: move past the gap.
        return roundtrip
    return aware


def wall_clock_instant(day: date, at: time, tz_name: str) -> datetime:
    """The first instant the venue's clock reads ``at`` on ``day``, or, when the clocks skip it, the jump past it.

    For the edges of opening hours, which follow the clock on the wall: in the autumn repeat
    the first reading (summer time), so a venue closing at 01:30 closes the first time the
    clock shows 01:30; in the spring gap the moment the clocks go forward, so a venue closing
    at 01:30 closes when the clock jumps from 01:00 to 02:00, and one opening at 01:30 opens
    then. (``local_datetime`` instead moves a skipped time on by the gap, as RFC 5545 does for
    series.)
    """
    tz = zone(tz_name)
    naive = datetime.combine(day, at)
    gap = skipped_span(naive, tz_name)
    if gap is None:
        return naive.replace(tzinfo=tz, fold=0)
    return gap[1].replace(tzinfo=tz, fold=0)


def split_at_midnights(starts_at: datetime, ends_at: datetime, tz_name: str) -> list[tuple[datetime, datetime]]:
    """``[starts_at, ends_at)`` cut at the venue's midnights, as local aware times, one piece per day it touches.

    Saturday 18:00 – Sunday 01:00 is Saturday 18:00–24:00 and Sunday 00:00–01:00: how a grid or a
    week shows a late finish on both days.
    """
    tz = zone(tz_name)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    pieces = []
    while start < end:
        midnight = local_datetime(start.date() + timedelta(days=1), time(0), tz_name).astimezone(tz)
        pieces.append((start, min(end, midnight)))
        start = midnight
    return pieces
