"""Recurring series: validating a rule, reading and writing its RRULE text, expanding it.

Dates come from dateutil's ``rrule`` run on the venue's wall clock; each date is
then placed on the UTC timeline with ``venues.core.timezones.local_datetime``. So
"10:00–12:00 every Tuesday" stays 10:00–12:00 local when the clocks change, and
its UTC instants move by the hour. Only a small subset of RFC 5545 is accepted,
and every expansion is bounded (dates 2000–2099, a window of at most five years,
at most ``MAX_OCCURRENCES`` results), so no rule can keep a request busy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from dateutil import rrule as du

from scheduling.vocabulary import Frequency
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.timezones import LAST_DAY, check_day, local_datetime, to_utc, zone

MAX_OCCURRENCES = 1000
MAX_WINDOW = timedelta(days=5 * 366)
# Larger steps are not community scheduling, and they keep every rule finding a date quickly.
MAX_INTERVAL = {Frequency.daily: 366, Frequency.weekly: 52, Frequency.monthly: 12}

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
# dateutil types its frequencies as the literals of its constants.
_DU_FREQ: dict[Frequency, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    Frequency.daily: du.DAILY,
    Frequency.weekly: du.WEEKLY,
    Frequency.monthly: du.MONTHLY,
}
_BY_DAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_NUMBER = re.compile(r"^[0-9]{1,6}$")
_DATE = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")

# Rule parts and the structured field each one fills (for error messages).
_PARTS = {"FREQ": "freq", "INTERVAL": "interval", "BYDAY": "by_day", "COUNT": "count", "UNTIL": "until", "WKST": "wkst"}
_PART_OF_FIELD = {field: part for part, field in _PARTS.items()}
_UNSUPPORTED_PARTS = ("BYSETPOS", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYHOUR", "BYMINUTE", "BYSECOND")


@dataclass(frozen=True)
class RecurrenceRule:
    """FREQ, INTERVAL, BYDAY and COUNT or UNTIL; with neither the series is open-ended.

    ``until`` is a local date, inclusive. ``by_day`` holds RFC 5545 day codes
    ("TU"), with a position ("1MO", "-1FR") only in a monthly rule. A rule that
    exists is valid: construction refuses anything else with ``InvalidInput``.
    """

    freq: Frequency
    interval: int = 1
    by_day: tuple[str, ...] = ()
    count: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        freq = _frequency(self.freq)
        object.__setattr__(self, "freq", freq)
        _check_interval(freq, self.interval)
        object.__setattr__(self, "by_day", _by_day(freq, self.interval, self.by_day))
        if self.count is not None and self.until is not None:
            raise InvalidInput("count", _("Give count or until, not both."))
        if self.count is not None and (not _is_int(self.count) or not 1 <= self.count <= MAX_OCCURRENCES):
            raise InvalidInput(
                "count",
                _("count must be a whole number from 1 to %(MAX_OCCURRENCES)s.") % {"MAX_OCCURRENCES": MAX_OCCURRENCES},
            )
        if self.until is not None:
            _check_date("until", self.until)


@dataclass(frozen=True)
class Schedule:
    """A rule anchored in a venue's zone: from ``start_date``, ``start_time``–``end_time`` local.

    ``start_date`` is moved forward to the rule's first date ("every Tuesday from
    Friday 1 January" starts on Tuesday 5 January), so it is always an
    occurrence, as RFC 5545 expects of DTSTART; the dates themselves do not change.
    """

    rule: RecurrenceRule
    start_date: date
    start_time: time
    end_time: time
    timezone: str

    def __post_init__(self) -> None:
        zone(self.timezone)
        _check_date("start_date", self.start_date)
        for name in ("start_time", "end_time"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise InvalidInput(
                    name, _("%(name)s is a wall-clock time in the venue's zone, without an offset.") % {"name": name}
                )
            object.__setattr__(self, name, value.replace(microsecond=0))
        if self.end_time <= self.start_time:
            raise InvalidInput("end_time", _("end_time must be after start_time on the same day."))
        if self.rule.until is not None and self.rule.until < self.start_date:
            raise InvalidInput(
                "until",
                _("until (%(until)s) is before the start date (%(start_date)s).")
                % {"until": self.rule.until, "start_date": self.start_date},
            )
        first = next(_rule_dates(self), None)
        if first is None:
            raise InvalidInput(
                "by_day" if self.rule.by_day else "start_date",
                _("The rule has no dates from %(start_date)s to %(until)s.")
                % {"start_date": self.start_date, "until": self.rule.until or LAST_DAY},
            )
        object.__setattr__(self, "start_date", first)


@dataclass(frozen=True)
class Occurrence:
    """One date of a series. ``starts_at`` is also its RECURRENCE-ID: the rule's original start."""

    local_date: date
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Expansion:
    """The occurrences starting in a window, and how far the window was covered.

    Every occurrence starting from the window's start up to (not including)
    ``covered_until`` is in ``occurrences``; when the result was cut short (the
    occurrence cap or the longest window), ``covered_until`` is where to carry on.
    ``exhausted`` says the rule has no dates at all after ``covered_until``.
    """

    occurrences: tuple[Occurrence, ...]
    covered_until: datetime
    exhausted: bool


def parse_rrule(text: str) -> RecurrenceRule:
    """The rule in RRULE text such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270331``.

    Anything outside the supported subset is refused rather than half-understood.
    Errors name the field ``rrule`` and, in the detail, the part at fault.
    """
    body = text.strip()
    if body[:6].upper() == "RRULE:":
        body = body[6:]
    if not body:
        raise InvalidInput("rrule", _("The rule is empty: it needs at least FREQ, e.g. 'FREQ=WEEKLY;BYDAY=TU'."))
    if len(body) > 500:
        raise InvalidInput("rrule", _("The rule is longer than 500 characters."))
    parts: dict[str, str] = {}
    for piece in body.split(";"):
        name, equals, value = piece.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not equals or not name or not value:
            raise InvalidInput("rrule", _("%(piece)r is not a NAME=VALUE rule part.") % {"piece": piece})
        if name in _UNSUPPORTED_PARTS:
            raise InvalidInput(
                "rrule",
                _("%(name)s is not supported: a series is described by FREQ, INTERVAL, BYDAY and COUNT or UNTIL.")
                % {"name": name},
            )
        if name not in _PARTS:
            raise InvalidInput(
                "rrule", _("%(name)s is not an RRULE part (or not one Commonroom accepts).") % {"name": name}
            )
        if name in parts:
            raise InvalidInput("rrule", _("%(name)s appears more than once.") % {"name": name})
        parts[name] = value
    if "FREQ" not in parts:
        raise InvalidInput("rrule", _("FREQ is required, e.g. 'FREQ=WEEKLY'."))
    if parts.get("WKST", "MO") != "MO":
        raise InvalidInput("rrule", _("WKST: weeks start on Monday here; only WKST=MO is accepted."))
    try:
        return RecurrenceRule(
            freq=parts["FREQ"],  # type: ignore[arg-type]
            interval=_number("INTERVAL", parts["INTERVAL"]) if "INTERVAL" in parts else 1,
            by_day=tuple(parts["BYDAY"].split(",")) if "BYDAY" in parts else (),
            count=_number("COUNT", parts["COUNT"]) if "COUNT" in parts else None,
            until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
        )
    except InvalidInput as error:
        if error.field == "rrule":
            raise
        raise InvalidInput(
            "rrule",
            _("%(part)s: %(detail)s") % {"part": _PART_OF_FIELD.get(error.field, error.field), "detail": error.detail},
        ) from None


def format_rrule(rule: RecurrenceRule) -> str:
    """Canonical RRULE text (UNTIL as a local date): the same rule always gives the same text."""
    return _rrule_text(rule, rule.until.strftime("%Y%m%d") if rule.until else None)


def ical_rrule(schedule: Schedule) -> str:
    """RRULE text for a feed whose DTSTART carries a TZID: RFC 5545 wants UNTIL in UTC there.

    UNTIL becomes the end of the local ``until`` day, so that day's occurrence stays included.
    """
    until = schedule.rule.until
    if until is None:
        return _rrule_text(schedule.rule, None)
    end_of_day = to_utc(local_datetime(until, time(23, 59, 59), schedule.timezone), schedule.timezone)
    return _rrule_text(schedule.rule, end_of_day.strftime("%Y%m%dT%H%M%SZ"))


def ical_rrule_until(rule: RecurrenceRule, last_start: datetime) -> str:
    """RRULE text ending (inclusive) at ``last_start``, a UTC instant, whatever COUNT or UNTIL the rule had.

    Feeds bound a series this way to the occurrences that exist as bookings.
    """
    open_ended = RecurrenceRule(rule.freq, rule.interval, rule.by_day)
    return _rrule_text(open_ended, last_start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))


def expand(schedule: Schedule, window_start: datetime, window_end: datetime, limit: int = MAX_OCCURRENCES) -> Expansion:
    """The occurrences whose start falls in ``[window_start, window_end)``, in order.

    The window is cut to ``MAX_WINDOW`` and the result to ``limit`` occurrences
    (at most ``MAX_OCCURRENCES``); ``covered_until`` says how far it got.
    """
    _check_instant("window_start", window_start)
    _check_instant("window_end", window_end)
    if window_end <= window_start:
        raise InvalidInput("window_end", _("The window must end after it starts."))
    if not _is_int(limit) or not 1 <= limit <= MAX_OCCURRENCES:
        raise InvalidInput(
            "limit",
            _("limit must be a whole number from 1 to %(MAX_OCCURRENCES)s.") % {"MAX_OCCURRENCES": MAX_OCCURRENCES},
        )
    end = min(window_end, window_start + MAX_WINDOW)
    # No zone is more than 14 hours from UTC, so a date this early cannot start in the window.
    earliest_date = (window_start - timedelta(days=2)).date()
    found: list[Occurrence] = []
    for day in _rule_dates(schedule):
        if day < earliest_date:
            continue
        occurrence = place(schedule, day)
        if occurrence.starts_at >= end:
            return Expansion(tuple(found), covered_until=end, exhausted=False)
        if occurrence.starts_at < window_start:
            continue
        if len(found) == limit:
            return Expansion(tuple(found), covered_until=occurrence.starts_at, exhausted=False)
        found.append(occurrence)
    return Expansion(tuple(found), covered_until=end, exhausted=True)


def occurrences(schedule: Schedule) -> Iterator[Occurrence]:
    """Every occurrence from the first, in order (finite: COUNT, UNTIL or the last supported date)."""
    for day in _rule_dates(schedule):
        yield place(schedule, day)


def place(schedule: Schedule, day: date) -> Occurrence:
    """The UTC instants of the occurrence on local ``day``.

    A wall-clock time in a spring-forward gap moves forward by the gap (see
    ``local_datetime``); in the autumn repeat the first (summer-time) reading is
    used. If the gap would leave the occurrence no length at all, it keeps its
    nominal length from the moved start.
    """
    # ``local_datetime`` reads a skipped time with the offset from before the gap and a repeated one as its first
    # reading (fold 0): the instant of the wall-clock time with fold 0, whichever way it is written. So the instants
    # come from one conversion each (feeds expand every series they show, a year of dates each); only a span the
    # clocks leave no length (below) needs the local arithmetic.
    tz = zone(schedule.timezone)
    starts_utc = datetime.combine(day, schedule.start_time, tzinfo=tz).astimezone(UTC)
    ends_utc = datetime.combine(day, schedule.end_time, tzinfo=tz).astimezone(UTC)
    if ends_utc > starts_utc:
        return Occurrence(day, starts_utc.replace(microsecond=0), ends_utc.replace(microsecond=0))
    starts = local_datetime(day, schedule.start_time, schedule.timezone)
    ends = local_datetime(day, schedule.end_time, schedule.timezone)
    if ends <= starts:
        ends = starts + (datetime.combine(day, schedule.end_time) - datetime.combine(day, schedule.start_time))
    return Occurrence(day, to_utc(starts, schedule.timezone), to_utc(ends, schedule.timezone))


def _rule_dates(schedule: Schedule) -> Iterator[date]:
    rule = schedule.rule
    dates = du.rrule(
        _DU_FREQ[rule.freq],
        dtstart=datetime.combine(schedule.start_date, schedule.start_time),
        interval=rule.interval,
        wkst=du.MO,
        count=rule.count,
        until=None if rule.count is not None else datetime.combine(rule.until or LAST_DAY, time.max),
        byweekday=[_du_weekday(code) for code in rule.by_day] or None,
    )
    for moment in dates:
        if moment.date() > LAST_DAY:
            return
        yield moment.date()


def _rrule_text(rule: RecurrenceRule, until: str | None) -> str:
    parts = [f"FREQ={rule.freq.value}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.by_day:
        parts.append("BYDAY=" + ",".join(rule.by_day))
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    if until is not None:
        parts.append(f"UNTIL={until}")
    return ";".join(parts)


def _du_weekday(code: str) -> du.weekday:
    """dateutil's weekday for a code already checked by ``_by_day`` ("TU", "1MO", "-1FR")."""
    weekday = _DU_WEEKDAYS[WEEKDAYS.index(code[-2:])]
    return weekday(int(code[:-2])) if code[:-2] else weekday


def _frequency(value: object) -> Frequency:
    if isinstance(value, Frequency):
        return value
    try:
        return Frequency(str(value).strip().upper())
    except ValueError:
        raise InvalidInput(
            "freq", _("%(value)r is not supported: a series repeats DAILY, WEEKLY or MONTHLY.") % {"value": value}
        ) from None


def _check_interval(freq: Frequency, interval: object) -> None:
    highest = MAX_INTERVAL[freq]
    if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= highest:
        raise InvalidInput(
            "interval",
            _("interval must be a whole number from 1 to %(highest)s for a %(freq)s rule.")
            % {"highest": highest, "freq": freq.value},
        )


def _by_day(freq: Frequency, interval: int, codes: Sequence[str]) -> tuple[str, ...]:
    if isinstance(codes, str) or not isinstance(codes, Sequence):
        raise InvalidInput("by_day", _("by_day is a list of day codes such as ['TU'] or ['-1FR']."))
    seen: dict[tuple[int, int], str] = {}
    for raw in codes:
        code = str(raw).strip().upper()
        match = _BY_DAY.match(code)
        if match is None:
            raise InvalidInput(
                "by_day",
                _(
                    "%(raw)r is not a day code: use MO, TU, WE, TH, FR, SA or SU, in a monthly rule maybe with a position from -5 to 5 such as '1MO' (first Monday) or '-1FR' (last Friday)."
                )
                % {"raw": raw},
            )
        position = int(match.group(1)) if match.group(1) else 0
        if position and freq is not Frequency.monthly:
            raise InvalidInput("by_day", _("%(raw)r has a position, which only a MONTHLY rule may use.") % {"raw": raw})
        day = WEEKDAYS.index(match.group(2))
        seen[(day, position)] = f"{position}{match.group(2)}" if position else match.group(2)
    if seen and freq is Frequency.daily and interval % 7 == 0:
        raise InvalidInput(
            "by_day", _("A daily rule whose interval is a multiple of 7 always falls on one weekday; use FREQ=WEEKLY.")
        )
    return tuple(seen[key] for key in sorted(seen))


def _check_date(name: str, value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(
            name, _("%(name)s is a date (the venue's local calendar day), not a date and time.") % {"name": name}
        )
    check_day(name, value)


def _check_instant(name: str, value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(name, _("%(name)s must be an instant with a UTC offset.") % {"name": name})


def _number(part: str, text: str) -> int:
    if not _NUMBER.match(text):
        raise InvalidInput("rrule", _("%(part)s: %(text)r is not a whole number.") % {"part": part, "text": text})
    return int(text)


def _until(text: str) -> date:
    match = _DATE.match(text)
    if match is None:
        raise InvalidInput(
            "rrule", _("UNTIL: %(text)r is not a date; give the last local day as YYYYMMDD.") % {"text": text}
        )
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise InvalidInput("rrule", _("UNTIL: %(text)r is not a calendar date.") % {"text": text}) from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
