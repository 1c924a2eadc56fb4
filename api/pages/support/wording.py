"""Plain words for the pages: the vocabulary's labels, money, dates and times as residents read them."""

from __future__ import annotations

from datetime import date, datetime

from scheduling.wording import hours_minutes, money
from venues.core.timezones import zone
from venues.vocabulary import TierKind

ACCESSIBILITY = {
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "hearing_loop": "Hearing loop",
    "baby_change": "Baby changing",
    "parking": "Parking",
    "blue_badge_parking": "Blue Badge parking",
    "lift": "Lift",
    "quiet_room": "Quiet room",
    "large_print": "Large print",
    "assistance_dogs": "Assistance dogs welcome",
}

AUDIENCE = {
    "all_ages": "Everyone",
    "children": "Children",
    "young_people": "Young people",
    "families": "Families",
    "older_people": "Older people",
    "adults": "Adults",
}

TIER_MEANING = {
    TierKind.free: "no charge, for groups the venue supports",
    TierKind.low_cost: "a reduced rate for community groups and charities",
    TierKind.standard: "the usual rate",
    TierKind.commercial: "for businesses and private events",
}

STATUS = {
    "requested": "Waiting for the venue",
    "confirmed": "Confirmed",
    "declined": "Declined",
    "cancelled": "Cancelled",
}


def label(word: str | None) -> str:
    """``coffee_morning`` → ``Coffee morning``: the fallback for any vocabulary word."""
    if not word:
        return ""
    text = str(word).replace("_", " ")
    return text[:1].upper() + text[1:]


def accessibility_label(word: str) -> str:
    return ACCESSIBILITY.get(word, label(word))


def audience_label(word: str) -> str:
    return AUDIENCE.get(word, label(word))


def status_label(word: str) -> str:
    return STATUS.get(word, label(word))


def cost(cost_kind: str, price_minor: int, currency: str) -> str:
    if cost_kind == "free":
        return "Free"
    if cost_kind == "pay_what_you_can":
        return "Pay what you can"
    return money(price_minor, currency)


def day_heading(day: date) -> str:
    """``Tuesday 5 January``, with the year only when it is not this one."""
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == date.today().year else f"{text} {day.year}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def typed_day(value: str | None) -> str:
    """A date typed into a form (``2026-12-25``) as the pages say it, ``Friday 25 December``; left as typed
    when it is not a date, so the sentence still shows what was sent."""
    try:
        return day_heading(date.fromisoformat(value or ""))
    except ValueError:
        return value or ""


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def local_time(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(zone(tz_name))


def local_date(moment: datetime, tz_name: str) -> date:
    """The venue-local date of an instant: how a series' dates are named."""
    return local_time(moment, tz_name).date()


def time_span(starts: datetime, ends: datetime, tz_name: str) -> str:
    """``Tue 5 Jan, 10:00–12:00`` in the venue's time (the end's date only when it differs)."""
    start, end = local_time(starts, tz_name), local_time(ends, tz_name)
    if start.date() == end.date():
        return f"{short_day(start.date())}, {clock(start)}–{clock(end)}"
    return f"{short_day(start.date())} {clock(start)} – {short_day(end.date())} {clock(end)}"


def booking_named(title: str | None, starts: datetime, ends: datetime, tz_name: str) -> str:
    """How a message names a booking: ``Coffee morning, Tue 25 Dec, 10:00–12:00``, never by its number."""
    return f"{title or 'Booking'}, {time_span(starts, ends, tz_name)}"


FILTERS = {
    "booking_named": booking_named,
    "local_span": time_span,
    "local_date": local_date,
    "duration": hours_minutes,
    "label": label,
    "accessibility_label": accessibility_label,
    "audience_label": audience_label,
    "status_label": status_label,
    "money": money,
    "day_heading": day_heading,
    "short_day": short_day,
    "typed_day": typed_day,
    "clock": clock,
}


DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "-1": "last"}
_UNITS = {"DAILY": ("day", "days"), "WEEKLY": ("week", "weeks"), "MONTHLY": ("month", "months")}


def _day_code(code: str) -> str:
    position, day = code[:-2], code[-2:]
    name = DAY_NAMES.get(day, day)
    return f"the {_ORDINALS.get(position.lstrip('+'), position)} {name}" if position else name


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def called_off(counts: dict[str, int]) -> str:
    """`` (3 cancelled, 1 declined)`` after a series' rule, for the dates of it that will not happen; empty if none."""
    parts = [f"{counts[status]} {status}" for status in ("cancelled", "declined") if counts.get(status)]
    return f" ({', '.join(parts)})" if parts else ""


def repeats(freq: str, interval: int, by_day: tuple[str, ...], until: date | None, count: int | None) -> str:
    """``Every week on Tuesday``, ``Every 2 weeks on Monday and Thursday, until 30 June 2027``."""
    one, many = _UNITS.get(str(freq), ("time", "times"))
    text = f"Every {one}" if interval == 1 else f"Every {interval} {many}"
    if by_day:
        text += " on " + and_list([_day_code(code) for code in by_day])
    if until is not None:
        text += f", until {until.day} {until:%B %Y}"
    elif count is not None:
        text += f", {count} times in all"
    return text
