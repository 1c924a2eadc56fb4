"""The booking, "my" and account pages in Welsh: no interface English left on them at /cy/…, and the account page
showing the language a person chose and changing it through the language switch."""

from __future__ import annotations

import html
import os
import re
from datetime import datetime, time, timedelta

import httpx
from babel.messages.pofile import read_po

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import Factory
from tests.pages.support import days_ahead, post_form, sign_in
from tests.scheduling.attendance.support import world
from venues.core import clock
from venues.core.i18n.catalogues import po_path
from venues.models import Space, User, Venue

# The pages this file covers: their catalogue entries are the English that must not be left on a Welsh page.
SOURCES = {
    *(
        f"{name}.html.j2"
        for name in (
            "book account account_delete account_notifications attendance book_extras book_hire_terms book_listing "
            "book_sent book_space booking_cancel booking_detail desk_attendance forgot_password group_import "
            "my_bookings my_cancel_confirm my_series reset_password series_dates sign_in sign_up"
        ).split()
    ),
    *(
        f"{name}.py"
        for name in (
            "booking booking_detail my_bookings attendance group_import account account_settings account_forms "
            "notifications memberships booking_form booking_history free_grid"
        ).split()
    ),
}
_PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)[sdr]|<[^>]+>")
_TAG = re.compile(r"<[^>]+>")
DUMP = os.environ.get("WELSH_PAGES_DUMP")
_ATTRIBUTE = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')


def english_fragments() -> set[str]:
    """Every piece of several words of this file's pages' English that Welsh words differently."""
    with po_path("cy").open("rb") as source:
        catalogue = read_po(source, locale="cy")
    fragments = set()
    for entry in catalogue:
        if not entry.id or not {location.rsplit("/", 1)[-1] for location, _line in entry.locations} & SOURCES:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for english in ids:
            for piece in _PLACEHOLDER_OR_TAG.split(english):
                piece = piece.strip(" .,:;()“”")
                if " " in piece and len(piece) >= 8 and not any(piece in welsh for welsh in strings):
                    fragments.add(piece)
    return fragments


def readable(page: str) -> str:
    """What a person (or a screen reader) reads: the text between tags and the labelling attributes."""
    main = page.split('<main id="main"', 1)[-1].split("</main>", 1)[0]
    words = [_TAG.sub(" ", main), *_ATTRIBUTE.findall(main)]
    return " ".join(html.unescape(" ".join(words)).split())


def at(days: int, hour: int) -> datetime:
    return datetime.combine(days_ahead(days), time(hour))


async def test_the_booking_my_and_account_pages_speak_welsh_at_cy(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await world(factory, clock.now())
    past = await w.session(2, title="Clwb ieuenctid")
    booking = await request_booking(
        w.organiser.user, BookingDraft(w.space.id, at(8, 10), at(8, 12), title="Ymarfer côr", group_id=w.group.id)
    )
    await Venue.update({Venue.name_cy: "Neuadd y Pentref"}).where(Venue.id == w.venue.id)
    await Space.update({Space.name_cy: "Y Brif Neuadd"}).where(Space.id == w.space.id)
    english = english_fragments()
    left: dict[str, set[str]] = {}

    async def check(path: str, response: httpx.Response | None = None) -> str:
        response = response or await client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        text = readable(response.text)
        if DUMP:
            with open(DUMP, "a") as dump:
                dump.write(f"\n== {path}\n{text}\n")
        found = {fragment for fragment in english if fragment in text}
        if found:
            left[path] = found
        return text

    for path in ("/cy/sign-in", "/cy/sign-up", "/cy/forgot-password", "/cy/reset-password/x", "/cy/verify-email/x"):
        await check(path)
    refused = await post_form(
        client, "/cy/sign-in", {"email": w.organiser.user.email, "password": "not it at all"}, "/cy/sign-in"
    )
    await check("/cy/sign-in (refused)", refused)
    await check("/cy/sign-up (refused)", await post_form(client, "/cy/sign-up", {"email": "x"}, "/cy/sign-up"))

    await sign_in(client, w.organiser)
    week = days_ahead(9)
    quoted = f"/cy/book/spaces/{w.space.id}?date={week.isoformat()}&start=10:00&end=12:00"
    sent = await post_form(
        client,
        f"/cy/book/spaces/{w.space.id}",
        {
            "date": week.isoformat(),
            "start": "18:00",
            "end": "19:00",
            "repeat": "weekly",
            "until": (week + timedelta(days=28)).isoformat(),
            "title": "Côr yr hwyr",
            "attendance": "10",
            "group_id": str(w.group.id),
        },
        quoted,
    )
    assert sent.status_code == 303, sent.text
    series_id = int(sent.headers["location"].rsplit("/", 1)[-1])
    assert "Neuadd y Pentref Y Brif Neuadd" in await check("/cy/book")  # content in Welsh where it has some
    assert f'<li><a href="/book/spaces/{w.space.id}">Y Brif Neuadd</a>, hyd at' in (await client.get("/cy/book")).text
    assert w.venue.name in readable((await client.get("/en/book")).text)
    for path in (
        f"/cy/book/spaces/{w.space.id}",
        quoted,
        f"/cy/book/sent/{booking.id}",
        f"/cy/book/sent/series/{series_id}",
        f"/cy/bookings/{booking.id}",
        f"/cy/bookings/{booking.id}/cancel",
        f"/cy/bookings/{past.id}",
        f"/cy/bookings/{past.id}/attendance?back=mine",
        "/cy/my/bookings",
        f"/cy/my/bookings/{booking.id}/cancel",
        f"/cy/my/series/{series_id}",
        f"/cy/my/series/{series_id}/cancel?from={week.isoformat()}&to={(week + timedelta(days=7)).isoformat()}",
        f"/cy/groups/{w.group.id}/import",
        f"/cy/groups/{w.group.id}/import?space_id={w.space.id}",
        "/cy/account",
        "/cy/account/delete",
        "/cy/account/notifications",
    ):
        await check(path)
    saved = await post_form(
        client, f"/bookings/{past.id}/attendance", {"back": "mine", "held": "yes", "headcount": "12"}, "/cy/my/bookings"
    )
    mine = await check("/cy/my/bookings?recorded", await client.get(f"/cy{saved.headers['location']}"))
    assert "daeth 12" in mine

    await sign_in(client, w.manager)
    assert "Ble Y Brif Neuadd, Neuadd y Pentref" in await check(f"/cy/bookings/{booking.id}")
    await check(f"/cy/desk/venues/{w.venue.id}/attendance")
    assert not left, "English left on Welsh pages:\n" + "\n".join(f"{p}: {sorted(f)}" for p, f in left.items())


async def test_the_account_page_shows_the_chosen_language_and_changes_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    someone = await factory.account("someone")
    await User.update({User.language: "cy"}).where(User.id == someone.user.id)
    await sign_in(client, someone)
    account = await client.get("/cy/account")
    assert account.status_code == 200
    text = html.unescape(account.text)
    assert 'Eich iaith: <strong lang="cy">Cymraeg</strong>.' in text
    assert '<form method="post" action="/language" class="stack narrow">' in text
    assert 'id="language-cy" name="language" type="radio" value="cy" checked' in text
    assert 'id="language-en" name="language" type="radio" value="en">' in text

    chosen = await post_form(client, "/language", {"language": "en", "return_to": "/account"}, "/cy/account")
    assert chosen.status_code == 303 and chosen.headers["location"] == "/account"
    assert await User.select(User.language).where(User.id == someone.user.id).first() == {"language": "en"}
    english = await client.get("/account")
    assert 'Pages are shown to you in <strong lang="en-GB">English</strong>' in english.text
    assert 'id="language-en" name="language" type="radio" value="en" checked' in english.text


async def test_the_account_page_says_when_no_language_was_chosen(client: httpx.AsyncClient, factory: Factory) -> None:
    someone = await factory.account("someone")
    await sign_in(client, someone)
    text = html.unescape((await client.get("/account")).text)
    assert "You have not chosen a language yet: pages follow this browser's settings." in text
    assert 'id="language-en" name="language" type="radio" value="en" checked' in text
