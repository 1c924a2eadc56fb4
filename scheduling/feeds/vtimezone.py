"""VTIMEZONE components that ical.js, icalendar and vobject all read the same way.

Readers differ in how far they trust a VTIMEZONE. vobject (Radicale's parser) compares a zone
with UTC over 2000–2020 and, finding no observance there, falls back to a fixed offset and
expands every RRULE without summer time. So a zone is written from 1970:

- when its transitions over the feed's span follow one yearly rule per kind ("last Sunday of
  March at 01:00"), as one RRULE observance per kind starting in 1970, the usual form for
  clients' own zones. Years before the span are written as if the rule had held then too;
  no instant of the feed lies there, and readers sampling them see the zone's rule, not UTC;
- otherwise (a zone whose rule changes within the span, or has no yearly pattern), as every
  real transition from 1970 to the end of the span, each its own observance: ical.js reads
  only the first date of an RDATE list.

An observance's DTSTART is the local time in the offset *before* the transition (RFC 5545
3.6.5): 01:00 for London's spring change, 02:00 for its autumn one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from venues.core.timezones import zone

EPOCH = datetime(1970, 1, 1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
# Only zones' transitions matter, and none is closer than this to the next.
_STEP = timedelta(days=1)


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC
    before: timedelta
    after: timedelta
    name: str
    dst: bool

    @property
    def local(self) -> datetime:
        """Naive wall time of the change in the offset before it."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def kind(self) -> tuple[timedelta, timedelta, str, bool]:
        return self.before, self.after, self.name, self.dst


def _state(tz: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(tz).utcoffset() or timedelta(0)


def transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of UTC offset in [start, end), to the second (aware UTC bounds)."""
    found: list[Transition] = []
    moment, offset = start, _state(tz, start)
    while moment < end:
        step = min(moment + _STEP, end)
        if _state(tz, step) != offset:
            low, high = moment, step  # offset(low) == offset, offset(high) differs
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle in (low, high):
                    break
                low, high = (middle, high) if _state(tz, middle) == offset else (low, middle)
            local = high.astimezone(tz)
            after = local.utcoffset() or timedelta(0)
            found.append(Transition(high, offset, after, local.tzname() or "", bool(local.dst())))
            offset = after
            moment = high
        else:
            moment = step
    return found


def _yearly_rule(changes: list[Transition]) -> str | None:
    """BYMONTH/BYDAY of a yearly rule every change of one kind follows, if there is one."""
    first = changes[0].local
    if any(
        (t.local.month, t.local.time(), t.local.weekday()) != (first.month, first.time(), first.weekday())
        for t in changes
    ):
        return None
    weekday = _WEEKDAYS[first.weekday()]
    if all(t.local.day + 7 > _days_in_month(t.local) for t in changes):
        return f"FREQ=YEARLY;BYMONTH={first.month};BYDAY=-1{weekday}"
    nth = {(t.local.day - 1) // 7 + 1 for t in changes}
    return f"FREQ=YEARLY;BYMONTH={first.month};BYDAY={nth.pop()}{weekday}" if len(nth) == 1 else None


def _days_in_month(moment: datetime) -> int:
    following = (moment.replace(day=1) + timedelta(days=32)).replace(day=1)
    return (following - timedelta(days=1)).day


def _rule_dates(rule: str, time_of: datetime, until: datetime) -> list[datetime]:
    parsed = du.rrulestr(rule, dtstart=EPOCH.replace(hour=time_of.hour, minute=time_of.minute, second=time_of.second))
    return list(parsed.between(EPOCH, until, inc=True))


def _stable_rules(
    changes: list[Transition], first_year: int, last_year: int
) -> list[tuple[Transition, str, datetime]] | None:
    """One (kind, RRULE, first date from 1970) per kind of change, if the rules give exactly ``changes``."""
    kinds: dict[tuple[timedelta, timedelta, str, bool], list[Transition]] = {}
    for change in changes:
        kinds.setdefault(change.kind, []).append(change)
    rules = []
    for group in kinds.values():
        if [t.at.year for t in group] != list(range(first_year, last_year + 1)):
            return None
        rule = _yearly_rule(group)
        if rule is None:
            return None
        dates = _rule_dates(rule, group[0].local, datetime(last_year, 12, 31, 23, 59, 59))
        if [d for d in dates if d.year >= first_year] != [t.local for t in group]:
            return None
        rules.append((group[0], rule, dates[0]))
    return rules


def _observance(kind: Transition, start: datetime, rule: str | None = None) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if kind.dst else TimezoneStandard()
    observance.add("tzname", kind.name)
    observance.add("dtstart", start)
    observance.add("tzoffsetfrom", kind.before)
    observance.add("tzoffsetto", kind.after)
    if rule is not None:
        observance.add("rrule", vRecur.from_ical(rule))
    return observance


@lru_cache(maxsize=256)
def vtimezone(tz_name: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of ``tz_name`` for a feed whose instants lie between ``first`` and ``last``."""
    tz = zone(tz_name)
    span_start = datetime(first.year, 1, 1, tzinfo=UTC)
    span_end = datetime(last.year + 1, 1, 1, tzinfo=UTC)
    component = Timezone()
    component.add("tzid", tz_name)
    changes = transitions(tz, span_start, span_end)
    rules = _stable_rules(changes, first.year, last.year) if changes else None
    if rules is not None:
        for kind, rule, start in sorted(rules, key=lambda r: r[2]):
            component.add_component(_observance(kind, start, rule))
        return component
    history = transitions(tz, EPOCH.replace(tzinfo=UTC), span_end)
    if not history:
        local = span_start.astimezone(tz)
        offset = local.utcoffset() or timedelta(0)
        fixed = Transition(span_start, offset, offset, local.tzname() or "", bool(local.dst()))
        component.add_component(_observance(fixed, EPOCH))
        return component
    for change in history:
        component.add_component(_observance(change, change.local))
    return component


@lru_cache(maxsize=256)
def repeated_hours(tz_name: str, first: date, last: date) -> tuple[tuple[datetime, datetime], ...]:
    """The wall-clock spans [from, to) lived twice when the clocks go back, as naive local times."""
    span = datetime(first.year, 1, 1, tzinfo=UTC), datetime(last.year + 1, 1, 1, tzinfo=UTC)
    return tuple(
        ((t.at + t.after).replace(tzinfo=None), (t.at + t.before).replace(tzinfo=None))
        for t in transitions(zone(tz_name), *span)
        if t.after < t.before
    )
