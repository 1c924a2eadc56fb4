"""The periods a report offers with one click (last month, last quarter, last twelve months), and "today" for a
scope: the date on the wall clock of its first venue (or the default zone for a scope with none)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from scheduling.reports.period import Period, checked_period, default_period
from scheduling.reports.scope import Scope
from venues.core import clock
from venues.core.errors import InvalidInput
from venues.core.i18n import lazy_gettext
from venues.core.timezones import DEFAULT_TIMEZONE


def scope_today(scope: Scope) -> date:
    return clock.today_in(scope.venues[0].timezone if scope.venues else DEFAULT_TIMEZONE)


def last_month(today: date) -> Period:
    return default_period(today)


def last_quarter(today: date) -> Period:
    """The last whole calendar quarter (January–March, April–June…) before the one ``today`` is in."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_of_this - timedelta(days=1)
    return Period(date(last.year, last.month - 2, 1), last)


def last_twelve_months(today: date) -> Period:
    """Twelve whole calendar months ending with last month: what an impact page and a funder's year show."""
    last = default_period(today).last
    first = date(last.year, 1, 1) if last.month == 12 else date(last.year - 1, last.month + 1, 1)
    return Period(first, last)


# The names are worded when shown (``str(name)``), in the reader's language.
PRESETS = (
    ("last-month", lazy_gettext("Last month"), last_month),
    ("last-quarter", lazy_gettext("Last quarter"), last_quarter),
)
PRESETS_WITH_YEAR = (*PRESETS, ("last-12-months", lazy_gettext("Last 12 months"), last_twelve_months))


def chosen_period(scope: Scope, first: date | None, last: date | None, default: Callable[[date], Period]) -> Period:
    """The period asked for (``from`` and ``to`` together, checked), or ``default`` of the scope's today."""
    if first is None and last is None:
        return default(scope_today(scope))
    if first is None or last is None:
        missing = "from" if first is None else "to"
        raise InvalidInput(
            missing, "Give both the first date (from) and the last (to), or neither for the usual period."
        )
    return checked_period(first, last)
