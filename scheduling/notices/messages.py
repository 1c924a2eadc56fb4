"""What each message says: subject, plain text and HTML, composed from what the booking shows.

Pure functions, no database and no mail: ``scheduling.notices.notify`` gathers the facts and the people,
these write the words. A message to the venue's managers may carry the booker's contact and purpose (they
hold them already); one to the booker's side carries only their own booking.

Every word is in the language in force: ``notify`` builds each recipient's message inside
``venues.core.i18n.using(their language)``, and the templates word their own text with the same catalogue.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from venues.core.i18n import _, current_language, gettext, ngettext


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


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a string marked for the catalogue, worded later)
    """Marks ``message`` for the catalogue; ``_(message)`` words it where it is used."""
    return message


IN_FEED = N_("It is already in your Commonroom calendar subscription.")
FOOTER = N_(
    "You get this because you book or manage this venue on Commonroom; choose which messages you get in your "
    "account settings."
)


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The catalogue's functions read the language in force when called, so one environment serves every language.
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return environment


def _lines(
    kind: Kind, audience: Audience, facts: Facts, series: bool, invitation: bool
) -> tuple[str, str, list[str], str]:
    """Subject, heading, the opening lines and the link's label."""
    name = facts.title
    values = {"name": name, "when": facts.when, "venue": facts.venue_name}
    if kind == Kind.new_request:
        who = facts.group or facts.booker or _("Someone")
        if series:
            subject = ngettext(
                "New request: %(name)s, %(when)s (%(num)d dates)",
                "New request: %(name)s, %(when)s (%(num)d dates)",
                len(facts.dates),
            ) % {**values, "num": len(facts.dates)}
        else:
            subject = _("New request: %(name)s, %(when)s") % values
        return (
            subject,
            _("%(who)s asks to book %(place)s") % {"who": who, "place": facts.place},
            [_("A series request waits for your answer.") if series else _("A booking request waits for your answer.")],
            _("Confirm or decline"),
        )
    see_yours = _("See your series") if series else _("See your booking")
    see_the = _("See the series") if series else _("See the booking")
    if kind == Kind.received:
        return (
            _("Request received: %(name)s, %(when)s") % values,
            _("Your request has arrived"),
            [_("The managers of %(venue)s will confirm or decline it; you will hear from us either way.") % values],
            see_yours,
        )
    if kind == Kind.confirmed:
        return (
            _("Confirmed: %(name)s, %(when)s") % values,
            _("Your series is confirmed") if series else _("Your booking is confirmed"),
            [_("The calendar invitation attached adds it to your calendar.")] if invitation else [],
            see_yours,
        )
    if kind == Kind.declined:
        lines = [_("The managers of %(venue)s declined your request; its time is free again.") % values]
        heading = _("Your series request was declined") if series else _("Your booking request was declined")
        return (_("Declined: %(name)s, %(when)s") % values, heading, lines, see_yours)
    if kind == Kind.moved:
        lines = [
            _("It was %(before)s.") % {"before": facts.previously} if facts.previously else _("Its time has changed.")
        ]
        if invitation:
            lines.append(_("The calendar invitation attached moves it in your calendar."))
        heading = _("The booking has moved")
        if series:
            heading = (
                _("Dates of the series have moved") if len(facts.dates) > 1 else _("A date of the series has moved")
            )
        return (_("Moved: %(name)s, now %(when)s") % values, heading, lines, see_the)
    if kind == Kind.cancelled:
        lines = [_("Cancelled by %(who)s.") % {"who": facts.by_whom} if facts.by_whom else _("It was cancelled.")]
        if invitation:
            lines.append(_("The calendar update attached takes it out of your calendar."))
        heading = _("Dates of the series are cancelled") if series else _("The booking is cancelled")
        return (_("Cancelled: %(name)s, %(when)s") % values, heading, lines, see_the)
    lines = [
        _(
            "%(venue)s changed its opening or its spaces, and these dates of yours no longer fit. "
            "They are cancelled and their time freed:"
        )
        % values
    ]
    return (
        _("Dates cancelled: %(name)s") % values,
        _("%(venue)s cancelled some of your dates") % values,
        lines,
        _("See your bookings"),
    )


def _facts_shown(kind: Kind, audience: Audience, facts: Facts) -> list[tuple[str, str]]:
    shown = [(_("What"), facts.title), (_("When"), facts.when), (_("Where"), facts.place)]
    if facts.dates:
        shown.append((_("Dates"), ", ".join(facts.dates)))
    if facts.group:
        shown.append((_("Group"), facts.group))
    if audience == Audience.managers:
        if facts.booker:
            shown.append(
                (_("Booked by"), facts.booker + (f" ({facts.booker_contact})" if facts.booker_contact else ""))
            )
        if facts.purpose:
            shown.append((_("Purpose"), facts.purpose))
        if facts.attendance is not None:
            shown.append((_("Expected attendance"), str(facts.attendance)))
    if facts.reason and kind in (Kind.declined, Kind.cancelled, Kind.closure, Kind.moved, Kind.confirmed):
        shown.append((_("Reason") if kind != Kind.confirmed else _("Note"), facts.reason))
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
        lines = [*lines, _(IN_FEED)]
    lines = [*lines, *money_lines]
    subject += money_subject
    shown = [*_facts_shown(kind, audience, facts), *money_facts]
    return _render(subject, heading, lines, shown, action, facts)


def compose_money(
    subject: str, heading: str, lines: Sequence[str], facts: Facts, more: Sequence[tuple[str, str]] = ()
) -> Composed:
    """A money message of its own (a month's invoice, a deposit settled) to the people billed."""
    shown = [(_("What"), facts.title), *(((_("Group"), facts.group),) if facts.group else ()), *more]
    return _render(subject, heading, list(lines), shown, _("See it"), facts)


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
        "footer": _(FOOTER),
        "lang": current_language(),
    }
    text = _environment(False).get_template("message.txt.j2").render(context)
    html = _environment(True).get_template("message.html.j2").render(context)
    return Composed(subject, text, html, shown)
