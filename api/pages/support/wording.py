"""Plain words for the pages: the vocabulary's labels, money, dates and times as residents read them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from scheduling.vocabulary import AUDIENCE_NAMES, CATEGORY_NAMES, vocabulary_name
from scheduling.wording import hours_minutes, money
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, formatting, lazy_gettext, ngettext, pgettext
from venues.core.i18n.formatting import and_list
from venues.core.timezones import zone
from venues.vocabulary import TierKind


def _lazy_table(table: dict[Any, Any]) -> Any:
    """A table of ``lazy_gettext`` texts, each worded in the language in force when shown (``str()``, Jinja,
    an f-string): typed as text for its readers, which use it as text."""
    return table


ACCESSIBILITY: dict[str, str] = _lazy_table(
    {
        "step_free": lazy_gettext("Step-free access"),
        "accessible_toilet": lazy_gettext("Accessible toilet"),
        "hearing_loop": lazy_gettext("Hearing loop"),
        "baby_change": lazy_gettext("Baby changing"),
        "parking": lazy_gettext("Parking"),
        "blue_badge_parking": lazy_gettext("Blue Badge parking"),
        "lift": lazy_gettext("Lift"),
        "quiet_room": lazy_gettext("Quiet room"),
        "large_print": lazy_gettext("Large print"),
        "assistance_dogs": lazy_gettext("Assistance dogs welcome"),
    }
)

# Who an activity is for as a listing's line says it, on purpose not the audiences' names
# (``scheduling.vocabulary.AUDIENCE_NAMES``, which ``label`` and the feeds use): "Everyone" reads better than "All ages"
# to a resident; the others happen to read as their names.
AUDIENCE: dict[str, str] = _lazy_table(
    {
        "all_ages": lazy_gettext("Everyone"),
        "children": lazy_gettext("Children"),
        "young_people": lazy_gettext("Young people"),
        "families": lazy_gettext("Families"),
        "older_people": lazy_gettext("Older people"),
        "adults": lazy_gettext("Adults"),
    }
)

TIER_MEANING: dict[TierKind, str] = _lazy_table(
    {
        TierKind.free: lazy_gettext("no charge, for groups the venue supports"),
        TierKind.low_cost: lazy_gettext("a reduced rate for community groups and charities"),
        TierKind.standard: lazy_gettext("the usual rate"),
        TierKind.commercial: lazy_gettext("for businesses and private events"),
    }
)

# A booking's status as the pages' badges say it, on purpose longer than the status word messages and feeds put
# in a sentence (``scheduling.bookings.status.status_word``: "requested"): a booker reads what is happening.
STATUS: dict[str, str] = _lazy_table(
    {
        "requested": lazy_gettext("Waiting for the venue"),
        "confirmed": lazy_gettext("Confirmed"),
        "declined": lazy_gettext("Declined"),
        "cancelled": lazy_gettext("Cancelled"),
    }
)

# The vocabularies' words as people read them: each English text is exactly what ``label``'s fallback makes of
# the word (``coffee_morning`` → ``Coffee morning``), so English pages read as before and Welsh ones translated.
VOCABULARY: dict[str, str] = _lazy_table(
    {
        # activity categories (named once, in ``scheduling.vocabulary``)
        **CATEGORY_NAMES,
        # a report's sessions with no listing (``scheduling.reports.activities.UNLISTED``)
        "unlisted": lazy_gettext("Unlisted"),
        # audiences (``audience_label`` words them as AUDIENCE does; ``label`` alone as their names)
        **AUDIENCE_NAMES,
        # venue kinds and ownership
        "village_hall": lazy_gettext("Village hall"),
        "community_centre": lazy_gettext("Community centre"),
        "hub": lazy_gettext("Hub"),
        "sports_pitch": lazy_gettext("Sports pitch"),
        "park": lazy_gettext("Park"),
        "library": lazy_gettext("Library"),
        "faith_building": lazy_gettext("Faith building"),
        "community_owned": lazy_gettext("Community owned"),
        "council": lazy_gettext("Council"),
        "charity": lazy_gettext("Charity"),
        # space kinds and facilities
        "hall": lazy_gettext("Hall"),
        "meeting_room": lazy_gettext("Meeting room"),
        "kitchen": lazy_gettext("Kitchen"),
        "pitch": lazy_gettext("Pitch"),
        "court": lazy_gettext("Court"),
        "studio": lazy_gettext("Studio"),
        "outdoor": lazy_gettext("Outdoor"),
        "projector": lazy_gettext("Projector"),
        "stage": lazy_gettext("Stage"),
        "wifi": lazy_gettext("Wifi"),
        "floodlights": lazy_gettext("Floodlights"),
        "changing_rooms": lazy_gettext("Changing rooms"),
        "piano": lazy_gettext("Piano"),
        "sound_system": lazy_gettext("Sound system"),
        "tables_chairs": lazy_gettext("Tables chairs"),
        "showers": lazy_gettext("Showers"),
        "goals": lazy_gettext("Goals"),
        "sink": lazy_gettext("Sink"),
        # tier kinds, cost kinds, charge kinds, extras' units, VAT treatments
        "free": lazy_gettext("Free"),
        "low_cost": lazy_gettext("Low cost"),
        "standard": lazy_gettext("Standard"),
        "commercial": lazy_gettext("Commercial"),
        "pay_what_you_can": lazy_gettext("Pay what you can"),
        "priced": lazy_gettext("Priced"),
        "fixed": lazy_gettext("Fixed"),
        "minimum": lazy_gettext("Minimum"),
        "band": lazy_gettext("Band"),
        "daily_cap": lazy_gettext("Daily cap"),
        "booking": lazy_gettext("Booking"),
        "hour": lazy_gettext("Hour"),
        "item": lazy_gettext("Item"),
        "exempt": lazy_gettext("Exempt"),
        "zero": lazy_gettext("Zero"),
        "outside_scope": lazy_gettext("Outside scope"),
        # booking and series statuses, who called a booking off
        "requested": lazy_gettext("Requested"),
        "confirmed": lazy_gettext("Confirmed"),
        "declined": lazy_gettext("Declined"),
        "cancelled": lazy_gettext("Cancelled"),
        "active": lazy_gettext("Active"),
        "ended": lazy_gettext("Ended"),
        "hirer": lazy_gettext("Hirer"),
        "venue": lazy_gettext("Venue"),
        # money: payment methods and kinds, invoices and their lines, deposits
        "cash": lazy_gettext("Cash"),
        "cheque": lazy_gettext("Cheque"),
        "bank_transfer": lazy_gettext("Bank transfer"),
        "card_elsewhere": lazy_gettext("Card elsewhere"),
        "card_online": lazy_gettext("Card online"),
        "payment": lazy_gettext("Payment"),
        "refund": lazy_gettext("Refund"),
        "invoice": lazy_gettext("Invoice"),
        "credit_note": lazy_gettext("Credit note"),
        "hire": lazy_gettext("Hire"),
        "extra": lazy_gettext("Extra"),
        "deposit": lazy_gettext("Deposit"),
        "due": lazy_gettext("Due"),
        "held": lazy_gettext("Held"),
        "returned": lazy_gettext("Returned"),
        "part_returned": lazy_gettext("Part returned"),
        "retained": lazy_gettext("Retained"),
        # hire questions' kinds
        "text": lazy_gettext("Text"),
        "yes_no": lazy_gettext("Yes no"),
        "choice": lazy_gettext("Choice"),
        # mail: messages' kinds and the outbox's statuses
        "new_request": lazy_gettext("New request"),
        "received": lazy_gettext("Received"),
        "moved": lazy_gettext("Moved"),
        "closure": lazy_gettext("Closure"),
        "pending": lazy_gettext("Pending"),
        "sending": lazy_gettext("Sending"),
        "sent": lazy_gettext("Sent"),
        "failed": lazy_gettext("Failed"),
    }
)


def label(word: str | None) -> str:
    """``coffee_morning`` → ``Coffee morning`` (``Bore coffi``): a vocabulary word in the language in force, or,
    for a word no table knows, the word itself made readable."""
    if not word:
        return ""
    return vocabulary_name(VOCABULARY, word)


def accessibility_label(word: str) -> str:
    known = ACCESSIBILITY.get(word)
    return str(known) if known is not None else label(word)


def audience_label(word: str) -> str:
    known = AUDIENCE.get(word)
    return str(known) if known is not None else label(word)


def status_label(word: str) -> str:
    known = STATUS.get(word)
    return str(known) if known is not None else label(word)


def tier_meaning(kind: str) -> str:
    """What a tier means for the booker, in the language in force (empty for an unknown kind)."""
    try:
        known = TIER_MEANING.get(TierKind(kind))
    except ValueError:
        return ""
    return str(known) if known is not None else ""


def cost(cost_kind: str, price_minor: int, currency: str) -> str:
    if cost_kind == "free":
        return _("Free")
    if cost_kind == "pay_what_you_can":
        return _("Pay what you can")
    return money(price_minor, currency)


def day_heading(day: date) -> str:
    """``Tuesday 5 January`` (``Dydd Mawrth 5 Ionawr``), with the year only when it is not this one."""
    with_year = day.year != date.today().year
    if current_language() != DEFAULT_LANGUAGE:
        return formatting.long_day(day, with_year=with_year)
    text = f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if with_year else text


def short_day(day: date) -> str:
    """``Tue 5 Jan`` (``Maw 5 Ion``)."""
    if current_language() != DEFAULT_LANGUAGE:
        return formatting.short_day(day)
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


def utc_instant(moment: datetime) -> str:
    """``Tue 08 Dec 2026 14:00`` (``Maw 8 Rhag 2026 14:00``) as it stands, for pages that say "UTC" after it."""
    if current_language() != DEFAULT_LANGUAGE:
        return formatting.full_instant(moment)
    return f"{moment:%a %d %b %Y %H:%M}"


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
    return f"{title or _('Booking')}, {time_span(starts, ends, tz_name)}"


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
    "utc_instant": utc_instant,
}


def _rule_day(code: str) -> str:
    """A weekday as a repeating rule names it after "on": ``Tuesday`` (Welsh ``ddydd Mawrth``)."""
    names = {
        "MO": pgettext("a weekday after 'on' in a repeating rule", "Monday"),
        "TU": pgettext("a weekday after 'on' in a repeating rule", "Tuesday"),
        "WE": pgettext("a weekday after 'on' in a repeating rule", "Wednesday"),
        "TH": pgettext("a weekday after 'on' in a repeating rule", "Thursday"),
        "FR": pgettext("a weekday after 'on' in a repeating rule", "Friday"),
        "SA": pgettext("a weekday after 'on' in a repeating rule", "Saturday"),
        "SU": pgettext("a weekday after 'on' in a repeating rule", "Sunday"),
    }
    return names.get(code, code)


def _ordinal_day(position: str, code: str) -> str:
    """``the first Monday``, ``the last Friday``: a monthly rule's day, whole for each ordinal."""
    names = {
        "MO": pgettext("a weekday after an ordinal in a repeating rule", "Monday"),
        "TU": pgettext("a weekday after an ordinal in a repeating rule", "Tuesday"),
        "WE": pgettext("a weekday after an ordinal in a repeating rule", "Wednesday"),
        "TH": pgettext("a weekday after an ordinal in a repeating rule", "Thursday"),
        "FR": pgettext("a weekday after an ordinal in a repeating rule", "Friday"),
        "SA": pgettext("a weekday after an ordinal in a repeating rule", "Saturday"),
        "SU": pgettext("a weekday after an ordinal in a repeating rule", "Sunday"),
    }
    day = names.get(code, code)
    if position == "1":
        return _("the first %(day)s") % {"day": day}
    if position == "2":
        return _("the second %(day)s") % {"day": day}
    if position == "3":
        return _("the third %(day)s") % {"day": day}
    if position == "4":
        return _("the fourth %(day)s") % {"day": day}
    if position == "5":
        return _("the fifth %(day)s") % {"day": day}
    if position == "-1":
        return _("the last %(day)s") % {"day": day}
    return f"the {position} {day}"


def _day_code(code: str) -> str:
    position, day = code[:-2], code[-2:]
    return _ordinal_day(position.lstrip("+"), day) if position else _rule_day(day)


def called_off(counts: dict[str, int]) -> str:
    """`` (3 cancelled, 1 declined)`` after a series' rule, for the dates of it that will not happen; empty if none."""
    parts = []
    if counts.get("cancelled"):
        num = counts["cancelled"]
        parts.append(ngettext("%(num)d cancelled", "%(num)d cancelled", num) % {"num": num})
    if counts.get("declined"):
        num = counts["declined"]
        parts.append(ngettext("%(num)d declined", "%(num)d declined", num) % {"num": num})
    return f" ({', '.join(parts)})" if parts else ""


def _every(freq: str, interval: int, days: str | None) -> str:
    """The rule's sentence up to its end: ``Every week``, ``Every 2 weeks on Monday and Thursday``."""
    words = {"num": interval, "days": days}
    if freq == "DAILY":
        if days:
            return ngettext("Every day on %(days)s", "Every %(num)d days on %(days)s", interval) % words
        return ngettext("Every day", "Every %(num)d days", interval) % words
    if freq == "WEEKLY":
        if days:
            return ngettext("Every week on %(days)s", "Every %(num)d weeks on %(days)s", interval) % words
        return ngettext("Every week", "Every %(num)d weeks", interval) % words
    if freq == "MONTHLY":
        if days:
            return ngettext("Every month on %(days)s", "Every %(num)d months on %(days)s", interval) % words
        return ngettext("Every month", "Every %(num)d months", interval) % words
    text = "Every time" if interval == 1 else f"Every {interval} times"
    return f"{text} on {days}" if days else text


def repeats(freq: str, interval: int, by_day: tuple[str, ...], until: date | None, count: int | None) -> str:
    """``Every week on Tuesday``, ``Every 2 weeks on Monday and Thursday, until 30 June 2027``: whole sentences
    in the language in force (``Bob wythnos ar ddydd Mawrth``)."""
    days = and_list([_day_code(code) for code in by_day]) if by_day else None
    text = _every(str(freq), interval, days)
    if until is not None:
        if current_language() == DEFAULT_LANGUAGE:
            written = f"{until.day} {until:%B %Y}"
        else:
            written = formatting.day_month_year(until)
        return _("%(rule)s, until %(date)s") % {"rule": text, "date": written}
    if count is not None:
        return ngettext("%(rule)s, %(num)d times in all", "%(rule)s, %(num)d times in all", count) % {
            "rule": text,
            "num": count,
        }
    return text
