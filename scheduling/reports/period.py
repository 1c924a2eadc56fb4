"""A report's period: local dates, first to last inclusive, read in each venue's own time zone.

A period of October means 1 October 00:00 to 1 November 00:00 on the venue's wall clock, so the last Sunday
of October is a 25-hour day and counts 25 hours. Beside it a report shows the period just before (the same
number of days, ending the day before it starts) and the same dates a year earlier (29 February a year
earlier is the 28th).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from venues.core.errors import InvalidInput
from venues.core.timezones import check_day, wall_clock_instant

# Two years and a day: long enough for a year beside a year, short enough to stay cheap.
MAX_DAYS = 731


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def months(self) -> int | None:
        """How many whole calendar months the period is (March: 1), or None when it is not whole months."""
        if self.first.day != 1 or (self.last + timedelta(days=1)).day != 1:
            return None
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def previous(self) -> Period:
        """Whole months are compared with as many whole months just before (March with February, a quarter
        with the quarter before), so a public month's comparison is never a part-month whose difference from
        another month's would single out a day; any other period with the same number of days just before."""
        months = self.months
        if months is not None:
            return Period(_months_before(self.first, months), self.first - timedelta(days=1))
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def last_year(self) -> Period:
        return Period(_year_before(self.first), _year_before(self.last))

    def utc_bounds(self, tz_name: str) -> tuple[datetime, datetime]:
        """``[start, end)`` in UTC: local midnight of ``first`` to local midnight after ``last``."""
        return (
            wall_clock_instant(self.first, time(0, 0), tz_name).astimezone(UTC),
            wall_clock_instant(self.last + timedelta(days=1), time(0, 0), tz_name).astimezone(UTC),
        )

    def as_json(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def _months_before(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def checked_period(first: date, last: date) -> Period:
    """A period people asked for: dates in the supported range, ``from`` not after ``to``, at most MAX_DAYS."""
    check_day("from", first)
    check_day("to", last)
    if last < first:
        raise InvalidInput("to", f"The period ends ({last.isoformat()}) before it starts ({first.isoformat()}).")
    period = Period(first, last)
    if period.days > MAX_DAYS:
        raise InvalidInput("to", f"A report covers at most {MAX_DAYS} days; this period has {period.days}.")
    return period


def whole_months(period: Period) -> Period:
    """A public period: whole calendar months only, so no public figure is one day's (one private session's
    headcount, one hirer's price) and the periods anyone may ask for are few."""
    if period.first.day != 1:
        raise InvalidInput(
            "from",
            f"A public report covers whole calendar months: start it on the 1st of a month, "
            f"not {period.first.isoformat()}.",
        )
    if (period.last + timedelta(days=1)).day != 1:
        raise InvalidInput(
            "to",
            f"A public report covers whole calendar months: end it on the last day of a month, "
            f"not {period.last.isoformat()}.",
        )
    return period


def default_period(today: date) -> Period:
    """Last calendar month: what a trustees' meeting asks about."""
    first_of_this = today.replace(day=1)
    last = first_of_this - timedelta(days=1)
    return Period(last.replace(day=1), last)
