"""Times, durations and money as a person at the venue reads them, for messages and pages, in the language in force.

English is written as it always was (``strftime``'s English names, ``£1,234.50``); other languages through
``venues.core.i18n.formatting`` (Babel's CLDR data) and the catalogue."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, formatting
from venues.core.timezones import zone


def local(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(zone(tz_name))


@lru_cache(maxsize=65536)
def local_iso(moment: datetime, tz_name: str) -> str:
    """ISO 8601 with the venue's offset written out (``+00:00``, never ``Z``: this is wall-clock time).

    Memoised (bounded): a month of free time writes the same few hundred instants on every request.
    """
    return local(moment, tz_name).isoformat()


def when(moment: datetime, tz_name: str) -> str:
    """``Sat 5 Dec 2026 14:00``, in the venue's zone."""
    at = local(moment, tz_name)
    if current_language() != DEFAULT_LANGUAGE:
        return formatting.full_instant(at)
    return f"{at:%a} {at.day} {at:%b %Y %H:%M}"


def span(starts_at: datetime, ends_at: datetime, tz_name: str) -> str:
    """``Sat 5 Dec 2026 14:00–16:30`` (the end's date only when it differs)."""
    start, end = local(starts_at, tz_name), local(ends_at, tz_name)
    if start.date() == end.date():
        return f"{when(starts_at, tz_name)}–{end:%H:%M}"
    return f"{when(starts_at, tz_name)} – {when(ends_at, tz_name)}"


def clock_span(starts_at: datetime, ends_at: datetime, tz_name: str) -> str:
    """``18:00–01:00 (next day)``: a span of one day as the clock reads it, saying when it ends on a later day."""
    start, end = local(starts_at, tz_name), local(ends_at, tz_name)
    days = (end.date() - start.date()).days
    if days == 0:
        return f"{start:%H:%M}–{end:%H:%M}"
    if days == 1:
        return _("%(start)s–%(end)s (next day)") % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if current_language() != DEFAULT_LANGUAGE:
        return f"{start:%H:%M}–{formatting.short_day(end.date())} {end:%H:%M}"
    return f"{start:%H:%M}–{end:%a} {end.day} {end:%b %H:%M}"


def hours_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        # Translators: a duration, hours and minutes abbreviated ("1 h 30 min").
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(minor: int, currency: str = "GBP") -> str:
    """Integer minor units as a person reads them: ``£1,234.50``, ``-£30.00`` (the minus before the sign), or
    ``12.00 CHF`` for a currency without a sign here. The one way amounts are written, in quotes, invoices,
    messages and pages. In another language, as its CLDR locale writes them (Welsh: ``£1,234.50`` too)."""
    if current_language() != DEFAULT_LANGUAGE:
        return formatting.money(int(minor), currency)
    whole, part = divmod(abs(int(minor)), 100)
    minus, amount = "-" if minor < 0 else "", f"{whole:,}.{part:02d}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{minus}{sign}{amount}" if sign else f"{minus}{amount} {currency}"
