"""Welsh everywhere: every page the site serves, opened at ``/cy/…`` in a world seeded so each page has something
to show, says ``<html lang="cy">``, names its alternates, and shows no English.

Pages are found in the app's own route table (every GET handler of ``api/pages``), so a page added later is walked
or the test fails until it is: each page route is either in ``walk_plan`` (who opens it, at which address) or in
``SKIPPED`` with the reason. For each page two things count as English:

- a string of the catalogue whose Welsh differs from its English, shown verbatim (a whole text node, a whole
  element's text, or an attribute a person reads), so it was marked but its translation is missing or unused;
- a text node shown identically at ``/en/…`` and ``/cy/…`` that is not data: never marked at all. Data is what
  the seeded world holds (names, addresses, titles, emails, terms), numbers, times, dates written in figures,
  money, codes, addresses of pages, and the few proper nouns in ``SAME_IN_BOTH``.

One test walks every page over one seeded world (the tables are emptied after each test, so a module-wide world
would not outlive the first test); it reports every page's findings at once.
"""

from __future__ import annotations

import re
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
from babel.messages.pofile import read_po
from litestar.routes import HTTPRoute
from piccolo.columns import Text, Varchar
from piccolo.conf.apps import Finder

from api.demo import seed_demo
from scheduling.accounts.invitations import invite_manager
from scheduling.models import Activity, Booking, Group, Invoice, Series
from tests.factories import Factory
from tests.pages.support import post_form
from venues.models import Area, Space, User, Venue
from venues.opening.closures import add_closure

CATALOGUE = Path(__file__).parents[2] / "venues" / "core" / "i18n" / "locale" / "cy" / "LC_MESSAGES" / "messages.po"

# The demo's accounts (api/demo.py), one per role.
ORGANISER = ("organiser@commonroom.example", "demo-organiser-pass")
MANAGER = ("hall@commonroom.example", "demo-manager-pass")
TREASURER = ("treasurer@commonroom.example", "demo-treasurer-pass")
OFFICER = ("officer@commonroom.example", "demo-officer-pass")
ADMIN = ("admin@commonroom.example", "demo-admin-pass")

# Page routes the walk does not open, each with its reason. A route here is still a page route: if it starts
# answering HTML a person reads, walk it instead.
SKIPPED: dict[str, str] = {
    # Files, not pages: a calendar, a PDF, spreadsheets. Their words are checked by the feed and invoice tests.
    "/activities/{activity_id:int}/calendar.ics": "an iCalendar file (LANGUAGE is the feeds' test)",
    "/invoices/{invoice_id:int}/pdf": "a PDF document, no HTML to read",
    "/desk/venues/{venue_id:int}/money/money.csv": "a CSV export for spreadsheets, column names are data keys",
    "/desk/venues/{venue_id:int}/report/report.csv": "a CSV export for spreadsheets, column names are data keys",
    "/groups/{group_id:int}/report/report.csv": "a CSV export for spreadsheets, column names are data keys",
    "/areas/{area_id:int}/report/report.csv": "a CSV export for spreadsheets, column names are data keys",
}

# Routes answering SVG (a report's charts): their text is walked like a page's, but an SVG has no <html lang>
# or alternates.
NOT_HTML = re.compile(r"/charts/\{chart:str\}$")

# Same in both languages on purpose: proper nouns and each language's own name on the switch.
SAME_IN_BOTH = {
    "Commonroom",
    "OpenActive",
    "iCal",
    "iCalendar",
    "Google",
    "Outlook",
    "Apple",
    "RPDE",
    "CSV",
    "PDF",
    "SVG",
    "OpenStreetMap",
    "CC BY",
    "UTC",
    "GMT",
    "BST",
    "webcal",
    "English",
    "Cymraeg",
    # OpenActive's type names, which its feeds and the dataset site name as the specification does.
    "FacilityUse",
    "ScheduledSession",
    "SessionSeries",
    "Slot for FacilityUse",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sd]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
LETTERS = re.compile(r"[^\W\d_]")
# What is data without being in the database: figures, dates and times in figures, money, codes, addresses.
FIGURES = re.compile(
    r"https?://\S+|webcal://\S+|/[\w\-./?=&%:]+|[\w.+-]+@[\w-]+(\.[\w-]+)+"
    r"|[£€$]-?[\d,]+(\.\d+)?|\b[A-Z]{1,6}-?\d[\w-]*\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"
    r"|\b\d[\d,.:/\-]*(\s?(am|pm|%|h|m|km|p))?\b|\b[a-z]+/[a-z0-9.+\-]+\b"
)
# Attributes a person reads (or hears from a screen reader).
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-description")


def normalised(text: str) -> str:
    return " ".join(text.split())


@dataclass
class PageText(HTMLParser):
    """What a person reads on a page: text nodes, each element's whole text, the attributes they read."""

    nodes: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    html_lang: str | None = None
    hreflangs: set[str] = field(default_factory=set)
    # Text of the frame every page shares (base.html.j2: the skip link, the header, the footer).
    frame: set[str] = field(default_factory=set)
    _open: list[tuple[str, list[str], bool]] = field(default_factory=list)
    _skipping: int = 0

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        frame = self._in_frame() or tag in ("header", "footer") or "skip-link" in values.get("class", "").split()
        read: list[str] = []
        if tag == "html":
            self.html_lang = values.get("lang")
        if tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.hreflangs.add(values["hreflang"])
        read += [values[name] for name in READ_ATTRIBUTES if values.get(name, "").strip()]
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            read.append(values["value"])
        if tag == "meta" and values.get("name") == "description" and values.get("content"):
            read.append(values["content"])
        for value in read:
            self.attributes.append(normalised(value))
            if frame:
                self.frame.add(normalised(value))
        # <code> holds identifiers a machine reads (an RPDE ``next``, a type such as ``SessionSeries``), never prose.
        if tag in ("script", "style", "code"):
            self._skipping += 1
        if tag not in self.VOID:
            self._open.append((tag, [], frame))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._skipping:
            self._skipping -= 1
        if not any(name == tag for name, _, _ in self._open):
            return
        while self._open:
            name, pieces, _ = self._open.pop()
            text = normalised("".join(pieces))
            if text:
                self.elements.append(text)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        text = normalised(data)
        if text:
            self.nodes.append(text)
            if self._in_frame():
                self.frame.add(text)
        for _, pieces, _ in self._open:
            pieces.append(data)

    def _in_frame(self) -> bool:
        return bool(self._open) and self._open[-1][2]

    def readable(self) -> set[str]:
        return set(self.nodes) | set(self.attributes)


def read_page(text: str) -> PageText:
    parsed = PageText()
    parsed.feed(text)
    parsed.close()
    return parsed


@dataclass
class Catalogue:
    """The catalogue's English strings whose Welsh differs: exact ones, and patterns for those with placeholders."""

    literal: set[str]
    patterns: list[tuple[str, re.Pattern[str]]]
    # A pattern's own words (what surrounds its placeholders): a match counts only where they are not data.
    pieces: dict[str, list[str]]
    any_pattern: re.Pattern[str] | None
    # Strings a translator left the same in Welsh (a loanword, a name): the same text on both pages is right.
    same: set[str]

    def shown(self, texts: Iterable[str]) -> dict[str, str]:
        """The msgids shown whole among ``texts``, each with a text that shows it."""
        found: dict[str, str] = {}
        for text in texts:
            if text in self.literal:
                found[text] = text
            elif self.any_pattern is not None and self.any_pattern.fullmatch(text):
                found.update((msgid, text) for msgid, pattern in self.patterns if pattern.fullmatch(text))
        return found


def read_catalogue() -> Catalogue:
    with CATALOGUE.open("rb") as po:
        catalog = read_po(po)
    literal: set[str] = set()
    patterns: dict[str, str] = {}
    pieces: dict[str, list[str]] = {}
    same: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            english = normalised(TAG.sub("", msgid)).replace("%%", "%")
            if all(string == msgid for string in strings):
                same.add(english)
                continue  # the same in Welsh (a name): showing it is right
            if len(LETTERS.findall(PLACEHOLDER.sub("", english))) < 4:
                continue  # too short to tell from data, or only placeholders
            if PLACEHOLDER.search(english) is None:
                literal.add(english)
                continue
            own = PLACEHOLDER.sub("\0", english).split("\0")
            pieces[msgid] = [piece.strip() for piece in own if len(LETTERS.findall(piece)) >= 4]
            patterns[msgid] = "(?:.+?)".join(re.escape(piece) for piece in own)
    compiled = [(msgid, re.compile(pattern)) for msgid, pattern in patterns.items()]
    any_pattern = re.compile("|".join(f"(?:{p})" for p in patterns.values())) if patterns else None
    return Catalogue(literal, compiled, pieces, any_pattern, same)


async def seeded_data() -> re.Pattern[str]:
    """Every piece of text the seeded world holds (each line of every text column), as one pattern.

    Codes (a lowercase word, or words joined by ``_``, like ``village_hall``) are left out: a page shows them only
    as words it must translate. Slugs (``marsh-valley-halls``) stay: they are names. So are mail bodies and OpenActive's stored JSON, which no page shows as such.
    """
    values: set[str] = set()
    for table in Finder().get_table_classes():
        if table._meta.tablename.startswith("openactive"):
            continue
        columns = [column for column in table._meta.columns if isinstance(column, (Varchar, Text))]
        if not columns:
            continue
        for row in await table.select(*columns):
            for value in row.values():
                if not isinstance(value, str) or value.startswith(("{", "[")):
                    continue
                for line in value.splitlines():
                    line = normalised(line)
                    if len(line) < 2 or len(line) > 500 or re.fullmatch(r"[a-z0-9_]+", line):
                        continue
                    values.add(line)
                    # A numbered line of the hire terms shows without its number in a list.
                    values.add(re.sub(r"^\d+[.)]\s*", "", line))
    ordered = sorted((value for value in values if value), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(value) for value in ordered) + r")(?!\w)")


def interface_words(text: str, data: re.Pattern[str]) -> str:
    """What is left of ``text`` once data is taken out: empty for a text node that is only data."""
    left = data.sub(" ", text)
    left = FIGURES.sub(" ", left)
    for name in sorted(SAME_IN_BOTH, key=len, reverse=True):  # longest first: "Slot for FacilityUse" whole
        left = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", left)
    return left if len(LETTERS.findall(left)) >= 2 else ""


@dataclass
class World:
    ids: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.ids[name]


async def seed(factory: Factory) -> World:
    """The demo (venues with managers and a treasurer, spaces, rates, hours, extras, hire terms and questions, a
    group with its organiser, confirmed bookings, series, listed activities, an invoice and payments, attendance,
    an area with its officer, mail in the outbox), with a closure, a request and a cancellation added."""
    await seed_demo()
    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    small = await Space.objects().where((Space.venue == hall.id) & (Space.name == "Small hall")).first()
    group = await Group.objects().where(Group.slug == "marsh-coffee-morning").first()
    organiser = await User.objects().where(User.email == ORGANISER[0]).first()
    manager = await User.objects().where(User.email == MANAGER[0]).first()
    series = await Series.objects().where(Series.group == group.id).first()
    coffee = await Activity.objects().where(Activity.series == series.id).first()
    soon = date.today() + timedelta(days=2)
    await add_closure(hall.id, soon + timedelta(days=20), soon + timedelta(days=21), "Floor repairs", None)
    party = await Booking.objects().where(Booking.title == "60th birthday party").first()
    invoice = await Invoice.objects().where(Invoice.venue == hall.id).order_by(Invoice.id).first()
    crafts = (
        await Booking.objects()
        .where(Booking.title == "Coffee and crafts")
        .order_by(Booking.starts_at, ascending=False)
        .first()
    )
    area = await Area.objects().first()
    assert None not in (hall, small, group, organiser, series, coffee, party, invoice, crafts, area)
    base = soon + timedelta(days=30)
    from tests.pages.support import london

    requested = await factory.booking(
        small,
        london(base, 9),
        london(base, 10),
        status="requested",
        booked_by=organiser.id,
        group=group.id,
        title="Committee meeting",
        is_public=False,
    )
    cancelled = await factory.booking(
        small,
        london(base, 11),
        london(base, 12),
        status="cancelled",
        booked_by=organiser.id,
        group=group.id,
        title="Jumble sale",
        status_reason="The hall is needed for repairs.",
    )
    first_date = await Booking.objects().where(Booking.series == series.id).order_by(Booking.starts_at).first()
    invitation = await invite_manager(manager, hall.id, "new.manager@example.org", "http://testserver")
    return World(
        {
            "hall": hall.id,
            "small": small.id,
            "group": group.id,
            "series": series.id,
            "coffee": coffee.id,
            "party": party.id,
            "invoice": invoice.id,
            "crafts": crafts.id,
            "area": area.id,
            "area_slug": area.slug,
            "requested": requested.id,
            "cancelled": cancelled.id,
            "invitation": invitation,
            "week": soon.isoformat(),
            "series_date": first_date.starts_at.date().isoformat(),
        }
    )


def walk_plan(world: World) -> dict[str, tuple[tuple[str, str] | None, str]]:
    """Each page route → (who opens it, the address). None is a visitor who is not signed in."""
    hall, group, area = world["hall"], world["group"], world["area"]
    desk = f"/desk/venues/{hall}"
    week = world["week"]
    return {
        "/": (None, "/"),
        "/activities/{activity_id:int}": (None, f"/activities/{world['coffee']}"),
        "/venues": (None, "/venues"),
        "/venues/{venue_id:int}": (None, f"/venues/{hall}"),
        "/groups/{group_id:int}": (ORGANISER, f"/groups/{group}"),
        "/groups/{group_id:int}/import": (ORGANISER, f"/groups/{group}/import"),
        "/book": (None, "/book"),
        "/book/spaces/{space_id:int}": (
            ORGANISER,
            f"/book/spaces/{world['small']}?week={week}&date={week}&start=14:00&end=16:00",
        ),
        "/book/sent/{booking_id:int}": (ORGANISER, f"/book/sent/{world['requested']}"),
        "/book/sent/series/{series_id:int}": (ORGANISER, f"/book/sent/series/{world['series']}"),
        "/bookings/{booking_id:int}/cancel": (ORGANISER, f"/bookings/{world['requested']}/cancel"),
        "/bookings/{booking_id:int}": (ORGANISER, f"/bookings/{world['party']}"),
        "/bookings/{booking_id:int}/attendance": (ORGANISER, f"/bookings/{world['crafts']}/attendance?back=mine"),
        "/desk/venues/{venue_id:int}/attendance": (MANAGER, f"{desk}/attendance"),
        "/my/bookings/{booking_id:int}/listing": (ORGANISER, f"/my/bookings/{world['requested']}/listing"),
        "/my/bookings": (ORGANISER, "/my/bookings"),
        "/my/bookings/{booking_id:int}/cancel": (ORGANISER, f"/my/bookings/{world['requested']}/cancel"),
        "/my/series/{series_id:int}/cancel": (
            ORGANISER,
            f"/my/series/{world['series']}/cancel?from={world['series_date']}",
        ),
        "/my/series/{series_id:int}/listing": (ORGANISER, f"/my/series/{world['series']}/listing"),
        "/my/series/{series_id:int}": (ORGANISER, f"/my/series/{world['series']}"),
        "/desk": (MANAGER, "/desk"),
        "/desk/venues/{venue_id:int}": (MANAGER, desk),
        "/desk/venues/{venue_id:int}/week": (MANAGER, f"{desk}/week?week={week}"),
        "/desk/venues/{venue_id:int}/closures": (MANAGER, f"{desk}/closures"),
        "/desk/venues/{venue_id:int}/groups": (MANAGER, f"{desk}/groups"),
        "/desk/venues/{venue_id:int}/hours": (MANAGER, f"{desk}/hours"),
        "/desk/venues/{venue_id:int}/rates": (MANAGER, f"{desk}/rates"),
        "/desk/venues/{venue_id:int}/charges": (MANAGER, f"{desk}/charges"),
        "/desk/venues/{venue_id:int}/extras": (MANAGER, f"{desk}/extras"),
        "/desk/venues/{venue_id:int}/invoices": (TREASURER, f"{desk}/invoices"),
        "/desk/venues/{venue_id:int}/spaces/{space_id:int}/hours": (MANAGER, f"{desk}/spaces/{world['small']}/hours"),
        "/desk/venues/{venue_id:int}/spaces": (MANAGER, f"{desk}/spaces"),
        "/desk/venues/{venue_id:int}/money-settings": (TREASURER, f"{desk}/money-settings"),
        "/desk/venues/{venue_id:int}/terms": (MANAGER, f"{desk}/terms"),
        "/desk/venues/{venue_id:int}/open-data": (MANAGER, f"{desk}/open-data"),
        "/desk/venues/{venue_id:int}/details": (MANAGER, f"{desk}/details"),
        "/desk/venues/{venue_id:int}/money/groups/{group_id:int}": (TREASURER, f"{desk}/money/groups/{group}"),
        "/desk/venues/{venue_id:int}/money": (TREASURER, f"{desk}/money"),
        "/groups/{group_id:int}/statements/{venue_id:int}": (ORGANISER, f"/groups/{group}/statements/{hall}"),
        "/sign-in": (None, "/sign-in"),
        "/account": (OFFICER, "/account"),
        "/confirm-email/{token:str}": (ORGANISER, "/confirm-email/a-token-from-an-email"),
        "/account/delete": (ORGANISER, "/account/delete"),
        "/forgot-password": (None, "/forgot-password"),
        "/reset-password/{token:str}": (None, "/reset-password/a-token-from-an-email"),
        "/sign-up": (None, "/sign-up"),
        "/verify-email/{token:str}": (None, "/verify-email/a-token-from-an-email"),
        "/admin/outbox": (ADMIN, "/admin/outbox"),
        "/admin/areas/{area_id:int}": (ADMIN, f"/admin/areas/{area}"),
        "/admin/areas/{area_id:int}/delete": (ADMIN, f"/admin/areas/{area}/delete"),
        "/admin/areas": (ADMIN, "/admin/areas"),
        "/invitations/{token:str}": (OFFICER, f"/invitations/{world['invitation']}"),
        "/desk/venues/{venue_id:int}/managers": (MANAGER, f"{desk}/managers"),
        "/account/notifications": (ORGANISER, "/account/notifications"),
        "/invoices/{invoice_id:int}": (TREASURER, f"/invoices/{world['invoice']}"),
        "/desk/venues/{venue_id:int}/report/charts/{chart:str}": (
            TREASURER,
            f"{desk}/report/charts/use-by-weekday.svg",
        ),
        "/desk/venues/{venue_id:int}/report": (TREASURER, f"{desk}/report"),
        "/groups/{group_id:int}/report/charts/{chart:str}": (ORGANISER, f"/groups/{group}/report/charts/sessions.svg"),
        "/groups/{group_id:int}/report": (ORGANISER, f"/groups/{group}/report"),
        "/areas/{area_id:int}/report/charts/{chart:str}": (OFFICER, f"/areas/{area}/report/charts/heat.svg"),
        "/areas/{area_id:int}/report": (OFFICER, f"/areas/{area}/report"),
        "/areas/{slug:str}/impact/charts/{chart:str}": (
            None,
            f"/areas/{world['area_slug']}/impact/charts/use-by-space.svg",
        ),
        "/areas/{slug:str}/impact": (None, f"/areas/{world['area_slug']}/impact"),
        "/areas": (None, "/areas"),
        "/venues/{venue_id:int}/impact/charts/{chart:str}": (None, f"/venues/{hall}/impact/charts/attendance.svg"),
        "/venues/{venue_id:int}/impact": (None, f"/venues/{hall}/impact"),
        "/openactive": (None, "/openactive"),
    }


# Pages no route names: the error pages, in Welsh too.
EXTRA_PAGES = {"not found": (None, "/venues/999999"), "forbidden": (ORGANISER, "/admin/outbox")}


def page_routes(app: Any) -> set[str]:
    """Every GET route of the pages' router, from the app's own route table."""
    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if "GET" in handler.http_methods and handler.fn.__module__.startswith("api.pages."):
                found.add(route.path)
    return found


async def signed_in(app: Any, account: tuple[str, str] | None) -> httpx.AsyncClient:
    # A page that fails answers 500 and is reported with the rest, rather than stopping the walk.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    if account is not None:
        email, password = account
        response = await post_form(http, "/sign-in", {"email": email, "password": password, "next": "/"}, "/sign-in")
        assert response.status_code == 303, f"{email} could not sign in: {response.text[:300]}"
    return http


async def test_every_page_speaks_welsh_in_cy(app: Any, factory: Factory) -> None:
    started = clock.perf_counter()
    world = await seed(factory)
    plan = walk_plan(world)
    routes = page_routes(app)
    forgotten = routes - set(plan) - set(SKIPPED)
    assert not forgotten, f"page routes neither walked nor skipped (add them to walk_plan or SKIPPED): {forgotten}"
    gone = (set(plan) | set(SKIPPED)) - routes
    assert not gone, f"walk_plan or SKIPPED name routes the app no longer has: {gone}"

    catalogue = read_catalogue()
    data = await seeded_data()
    seeded = clock.perf_counter()
    clients: dict[tuple[str, str] | None, httpx.AsyncClient] = {}
    problems: list[str] = []
    frame_problems: list[str] = []
    try:
        pages = [(route, *plan[route]) for route in sorted(plan)] + [
            (name, account, path) for name, (account, path) in EXTRA_PAGES.items()
        ]
        for route, account, path in pages:
            if account not in clients:
                clients[account] = await signed_in(app, account)
            http = clients[account]
            welsh = await http.get(f"/cy{path}")
            english = await http.get(f"/en{path}")
            expected = 404 if route == "not found" else 403 if route == "forbidden" else 200
            if welsh.status_code != expected or english.status_code != expected:
                problems.append(f"/cy{path}: answered {welsh.status_code} (en {english.status_code}), not {expected}")
                continue
            cy, en = read_page(welsh.text), read_page(english.text)
            found: list[str] = []
            if not NOT_HTML.search(route):
                if cy.html_lang != "cy":
                    found.append(f'<html lang="{cy.html_lang}">, not "cy"')
                if not {"cy", "en-GB", "x-default"} <= cy.hreflangs:
                    found.append(f"hreflang alternates: {sorted(cy.hreflangs)}")
            # An element's whole text finds a sentence with a link or emphasis inside it; a long one (a section)
            # cannot be a msgid and would only slow the patterns down.
            readable = cy.readable() | {text for text in cy.elements if len(text) <= 400}
            untranslated = {
                msgid: text
                for msgid, text in catalogue.shown(readable).items()
                if interface_words(text, data)
                and all(piece in data.sub(" ", text) for piece in catalogue.pieces.get(msgid, ()))
            }
            found += [
                f"catalogue string shown in English: {msgid!r}" + ("" if text == msgid else f" (as {text!r})")
                for msgid, text in sorted(untranslated.items())
            ]
            same = sorted(
                text
                for text in cy.readable() & en.readable()
                if text not in catalogue.same and text not in untranslated.values() and interface_words(text, data)
            )
            found += [f"never marked: {text!r}" for text in same]
            if found:
                who = account[0] if account else "a visitor"
                problems.append(f"/cy{path} (as {who}):\n    " + "\n    ".join(found))
            frame = set(catalogue.shown(cy.frame)) | {
                text for text in cy.frame & en.readable() if text not in catalogue.same and interface_words(text, data)
            }
            if frame:
                frame_problems.append(f"/cy{path} (as {account[0] if account else 'a visitor'}): {sorted(frame)}")
    finally:
        for http in clients.values():
            await http.aclose()
    walked = clock.perf_counter()
    print(
        f"seeded in {seeded - started:.1f} s, walked {len(plan) + len(EXTRA_PAGES)} pages in both languages in "
        f"{walked - seeded:.1f} s (CPU {clock.process_time():.1f} s in this process so far)"
    )
    # The frame every page shares (base.html.j2) is checked on its own first: it is Welsh before any page is.
    assert not frame_problems, "the frame every page shares shows English at /cy/:\n" + "\n".join(frame_problems)
    assert not problems, f"{len(problems)} pages are not all Welsh at /cy/:\n" + "\n".join(problems)
