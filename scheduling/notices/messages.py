"""What each message says: subject, plain text and HTML, composed from what the booking shows.

Pure functions, no database and no mail: ``scheduling.notices.notify`` gathers the facts and the people,
these write the words. A message to the venue's managers may carry the booker's contact and purpose (they
hold them already); one to the booker's side carries only their own booking.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2


class Kind(enum.StrEnum):
    """Each kind of message; people choose per kind how they get it (immediately, in a digest, or not)."""

    new_request = "new_request"  # to managers: someone asks to book
    received = "received"  # to the booker's side: the request arrived and waits for the managers
    confirmed = "confirmed"
    declined = "declined"
    moved = "moved"
    cancelled = "cancelled"
    closure = "closure"  # dates cancelled by a closure or new opening hours


class Audience(enum.StrEnum):
    managers = "managers"
    booker = "booker"


@dataclass(frozen=True)
class Facts:
    """What a message says about one booking or one series (``dates`` lists a series' or a closure's dates)."""

    title: str
    when: str
    place: str
    venue_name: str
    link: str
    status: str = ""
    reason: str = ""
    by_whom: str = ""
    booker: str = ""
    booker_contact: str = ""
    group: str = ""
    purpose: str = ""
    attendance: int | None = None
    dates: tuple[str, ...] = ()
    reply_to: str = ""
    previously: str = ""


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str
    facts: list[tuple[str, str]] = field(default_factory=list)


TEMPLATES = Path(__file__).parent / "templates"
IN_FEED = "It is already in your Commonroom calendar subscription."
FOOTER = "You get this because you book or manage this venue on Commonroom; choose which messages you get in your account settings."


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _lines(
    kind: Kind, audience: Audience, facts: Facts, series: bool, invitation: bool
) -> tuple[str, str, list[str], str]:
    """Subject, heading, the opening lines and the link's label."""
    what = "series" if series else "booking"
    name = facts.title
    if kind == Kind.new_request:
        dates = f" ({len(facts.dates)} dates)" if series else ""
        who = facts.group or facts.booker or "Someone"
        return (
            f"New request: {name}, {facts.when}{dates}",
            f"{who} asks to book {facts.place}",
            [f"A {what} request waits for your answer."],
            "Confirm or decline",
        )
    if kind == Kind.received:
        return (
            f"Request received: {name}, {facts.when}",
            "Your request has arrived",
            [f"The managers of {facts.venue_name} will confirm or decline it; you will hear from us either way."],
            f"See your {what}",
        )
    if kind == Kind.confirmed:
        return (
            f"Confirmed: {name}, {facts.when}",
            f"Your {what} is confirmed",
            ["The calendar invitation attached adds it to your calendar."] if invitation else [],
            f"See your {what}",
        )
    if kind == Kind.declined:
        lines = [f"The managers of {facts.venue_name} declined your request; its time is free again."]
        return (f"Declined: {name}, {facts.when}", f"Your {what} request was declined", lines, f"See your {what}")
    if kind == Kind.moved:
        lines = [f"It was {facts.previously}." if facts.previously else "Its time has changed."]
        if invitation:
            lines.append("The calendar invitation attached moves it in your calendar.")
        heading = "The booking has moved"
        if series:
            heading = "Dates of the series have moved" if len(facts.dates) > 1 else "A date of the series has moved"
        return (f"Moved: {name}, now {facts.when}", heading, lines, f"See the {what}")
    if kind == Kind.cancelled:
        lines = [f"Cancelled by {facts.by_whom}." if facts.by_whom else "It was cancelled."]
        if invitation:
            lines.append("The calendar update attached takes it out of your calendar.")
        heading = "Dates of the series are cancelled" if series else "The booking is cancelled"
        return (f"Cancelled: {name}, {facts.when}", heading, lines, f"See the {what}")
    lines = [
        f"{facts.venue_name} changed its opening or its spaces, and these dates of yours no longer fit. "
        "They are cancelled and their time freed:"
    ]
    return (f"Dates cancelled: {name}", f"{facts.venue_name} cancelled some of your dates", lines, "See your bookings")


def _facts_shown(kind: Kind, audience: Audience, facts: Facts) -> list[tuple[str, str]]:
    shown = [("What", facts.title), ("When", facts.when), ("Where", facts.place)]
    if facts.dates:
        shown.append(("Dates", ", ".join(facts.dates)))
    if facts.group:
        shown.append(("Group", facts.group))
    if audience == Audience.managers:
        if facts.booker:
            shown.append(("Booked by", facts.booker + (f" ({facts.booker_contact})" if facts.booker_contact else "")))
        if facts.purpose:
            shown.append(("Purpose", facts.purpose))
        if facts.attendance is not None:
            shown.append(("Expected attendance", str(facts.attendance)))
    if facts.reason and kind in (Kind.declined, Kind.cancelled, Kind.closure, Kind.moved, Kind.confirmed):
        shown.append(("Reason" if kind != Kind.confirmed else "Note", facts.reason))
    return shown


def compose(
    kind: Kind,
    audience: Audience,
    facts: Facts,
    series: bool = False,
    invitation: bool = False,
    in_feed: bool = False,
    money_lines: Sequence[str] = (),
    money_facts: Sequence[tuple[str, str]] = (),
    money_subject: str = "",
) -> Composed:
    """The message of ``kind`` to ``audience`` about the booking (or series) ``facts`` describes;
    ``invitation``: it carries a calendar invitation or cancellation, and says so; ``in_feed``: it carries none
    because the recipient's private feed already holds the booking, and says that instead; ``money_*``: what an
    invoice or credit note issued with the change says, for the people billed (``scheduling.notices.money``)."""
    subject, heading, lines, action = _lines(kind, audience, facts, series, invitation)
    if in_feed:
        lines = [*lines, IN_FEED]
    lines = [*lines, *money_lines]
    subject += money_subject
    shown = [*_facts_shown(kind, audience, facts), *money_facts]
    return _render(subject, heading, lines, shown, action, facts)


def compose_money(
    subject: str, heading: str, lines: Sequence[str], facts: Facts, more: Sequence[tuple[str, str]] = ()
) -> Composed:
    """A money message of its own (a month's invoice, a deposit settled) to the people billed."""
    shown = [("What", facts.title), *((("Group", facts.group),) if facts.group else ()), *more]
    return _render(subject, heading, list(lines), shown, "See it", facts)


def _render(
    subject: str, heading: str, lines: list[str], shown: list[tuple[str, str]], action: str, facts: Facts
) -> Composed:
    context = {
        "subject": subject,
        "heading": heading,
        "lines": lines,
        "facts": shown,
        "action": action,
        "link": facts.link,
        "venue_name": facts.venue_name,
        "reply_to": facts.reply_to,
        "footer": FOOTER,
    }
    text = _environment(False).get_template("message.txt.j2").render(context)
    html = _environment(True).get_template("message.html.j2").render(context)
    return Composed(subject, text, html, shown)
