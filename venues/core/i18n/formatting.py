"""Dates, times, numbers and money as the reader's language writes them (Babel's CLDR data).

``Dydd Mawrth 8 Rhagfyr`` / ``Tuesday 8 December``; ``£8.00`` in both. Every page and message formats through
these (or the wording modules built on them), never ``strftime``'s ``%A``/``%B``, which speak the C locale's English.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal, get_currency_precision

from venues.core.i18n.catalogues import gettext
from venues.core.i18n.languages import current_language

# Babel locales per language: British English for dates and money.
_LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def babel_locale(language: str | None = None) -> str:
    return _LOCALES.get(language or current_language(), "en_GB")


def day_name(day: date, language: str | None = None) -> str:
    """``Tuesday`` / ``Dydd Mawrth``."""
    return format_date(day, "EEEE", locale=babel_locale(language))


def short_day_name(day: date, language: str | None = None) -> str:
    """``Tue`` / ``Maw``."""
    return format_date(day, "EEE", locale=babel_locale(language))


# A Monday: the week's days are named from it, Monday first (``OpeningHours.weekday``, ``date.weekday()``).
_A_MONDAY = date(2024, 1, 1)


def weekday_names(short: bool = False, language: str | None = None) -> list[str]:
    """The week's days, Monday first: ``Monday`` … ``Sunday`` / ``Dydd Llun`` … ``Dydd Sul``; ``short``:
    ``Mon`` … ``Sun`` / ``Llun`` … ``Sul``. Index it with a weekday number (0 is Monday)."""
    name = short_day_name if short else day_name
    return [name(_A_MONDAY + timedelta(days=day), language) for day in range(7)]


def month_name(day: date, language: str | None = None) -> str:
    """``December`` / ``Rhagfyr``."""
    return format_date(day, "LLLL", locale=babel_locale(language))


def long_day(day: date, with_year: bool = False, language: str | None = None) -> str:
    """``Tuesday 8 December`` / ``Dydd Mawrth 8 Rhagfyr`` (with `` 2026`` when asked)."""
    return format_date(day, "EEEE d MMMM y" if with_year else "EEEE d MMMM", locale=babel_locale(language))


def short_day(day: date, with_year: bool = False, language: str | None = None) -> str:
    """``Tue 8 Dec`` / ``Maw 8 Rhag``."""
    return format_date(day, "EEE d MMM y" if with_year else "EEE d MMM", locale=babel_locale(language))


def day_month_year(day: date, language: str | None = None) -> str:
    """``8 December 2026`` / ``8 Rhagfyr 2026``."""
    return format_date(day, "d MMMM y", locale=babel_locale(language))


def month_year(day: date, language: str | None = None) -> str:
    """``December 2026`` / ``Rhagfyr 2026``."""
    return format_date(day, "LLLL y", locale=babel_locale(language))


def clock(moment: datetime | time) -> str:
    """``14:00``: the 24-hour clock, which British English and Welsh both read."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def full_instant(moment: datetime, language: str | None = None) -> str:
    """``Tue 8 Dec 2026 14:00`` / ``Maw 8 Rhag 2026 14:00`` (``moment`` already in the reader's zone)."""
    return format_datetime(moment, "EEE d MMM y HH:mm", locale=babel_locale(language))


def number(value: int | float | Decimal, language: str | None = None) -> str:
    """``1,234`` / ``1,234.5``."""
    return format_decimal(value, locale=babel_locale(language))


def money(minor: int, currency: str = "GBP", language: str | None = None) -> str:
    """Integer minor units as the reader's language writes them: ``£1,234.50``, ``-£30.00``. Never a float."""
    places = get_currency_precision(currency)
    amount = Decimal(minor).scaleb(-places)
    return format_currency(amount, currency, locale=babel_locale(language))


__all__ = [
    "babel_locale",
    "clock",
    "day_month_year",
    "day_name",
    "format_time",
    "full_instant",
    "long_day",
    "money",
    "month_name",
    "month_year",
    "number",
    "short_day",
    "short_day_name",
]


def and_list(items: list[str] | tuple[str, ...]) -> str:
    """``Monday, Tuesday and Thursday`` (``… a …`` in Welsh), in the language in force: every "A, B and C" list."""
    if len(items) == 1:
        return items[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
