"""The public pages in Welsh: every interface string of what's on, the venues, a venue, an activity, the areas,
an impact page, the open data page and an error page comes from the catalogue, and content (names, titles,
descriptions) is shown in the reader's language where it has one, else in the other inside ``<span lang>``.

Labels worded by ``api/pages/support/wording.py`` (dates, categories, audiences, access) are that module's: this
checks the pages' own words, found from the catalogue's entries for these pages' templates and modules."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from functools import cache

import httpx
from babel.messages.pofile import read_po

from scheduling.listings.activities import attach_activity
from scheduling.listings.activity_access import owner_of_booking
from tests.factories import Factory
from tests.pages.support import days_ahead, london
from venues.areas.areas import create_area
from venues.areas.members import add_venue
from venues.core.i18n.catalogues import po_path

OWN_FILES = (
    "api/pages/templates/whats_on.html.j2",
    "api/pages/templates/venue.html.j2",
    "api/pages/templates/venues.html.j2",
    "api/pages/templates/activity.html.j2",
    "api/pages/templates/areas.html.j2",
    "api/pages/templates/impact.html.j2",
    "api/pages/templates/openactive.html.j2",
    "api/pages/templates/macros.html.j2",
    "api/pages/templates/error.html.j2",
    "api/pages/whats_on.py",
    "api/pages/venues.py",
    "api/pages/openactive.py",
    "api/pages/support/errors.py",
)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@cache
def english_words() -> tuple[str, ...]:
    """Stretches of the pages' English long enough to be telling (placeholders and tags cut out), for entries
    whose Welsh differs from them."""
    with po_path("cy").open("rb") as source:
        catalogue = read_po(source, locale="cy")
    found: set[str] = set()
    for message in catalogue:
        if not message.id or not any(path in OWN_FILES for path, _line in message.locations):
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        welsh = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        for piece in re.split(r"<[^>]+>", _PLACEHOLDER.sub("\0", english)):
            for stretch in piece.split("\0"):
                stretch = stretch.strip(" .,:;()")
                if len(stretch) >= 12 and " " in stretch and stretch not in welsh:
                    found.add(stretch)
    return tuple(sorted(found))


def english_left(page: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    return [stretch for stretch in english_words() if stretch in text]


async def _world(factory: Factory) -> dict[str, int]:
    manager = await factory.account(admin=True)
    hall = await factory.venue(
        manager=manager,
        name="Little Marsh Village Hall",
        name_cy="Neuadd Bentref Cors Fach",
        description="A hall by the green",
        description_cy="Neuadd wrth y lawnt",
        postcode="LM1 2AB",
        latitude=51.752,
        longitude=-1.2577,
    )
    room = await factory.space(hall, name="Small hall", name_cy="Neuadd fach", description_cy="Ystafell gynnes")
    group = await factory.group(name="Marsh Singers", name_cy="Cantorion y Gors")
    day = days_ahead(3)
    coffee = await factory.booking(room, london(day, 10), london(day, 12), group=group.id)
    bilingual = await attach_activity(
        manager.user,
        await owner_of_booking(coffee.id),
        {"title": "Coffee morning", "title_cy": "Bore Coffi", "description_cy": "Paned a sgwrs"},
    )
    quiz = await factory.booking(room, london(day, 19), london(day, 21))
    english_only = await attach_activity(manager.user, await owner_of_booking(quiz.id), {"title": "Quiz night"})
    area = await create_area(manager.user, "Marshland halls")
    await add_venue(manager.user, area.id, hall.id)
    return {"venue": hall.id, "bilingual": bilingual.id, "english_only": english_only.id, "day": day.toordinal()}


async def test_every_public_page_speaks_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await _world(factory)
    assert english_words(), "the catalogue has the pages' words"
    pages = [
        "/cy/",
        f"/cy/?q=coffi&near=LM1&within_km=5&from={days_ahead(0).isoformat()}&to=not-a-date",
        "/cy/?q=nothing-matches-this",
        "/cy/venues",
        f"/cy/venues/{world['venue']}",
        f"/cy/activities/{world['bilingual']}",
        f"/cy/activities/{world['english_only']}",
        "/cy/areas",
        f"/cy/venues/{world['venue']}/impact",
        "/cy/openactive",
    ]
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        assert response.headers["content-language"] == "cy"
        assert english_left(response.text) == [], path
    # The same check finds the English on the English pages, so it can fail.
    assert len(english_left((await client.get(f"/en/venues/{world['venue']}")).text)) > 10
    assert english_left((await client.get("/en/openactive")).text)
    missing = await client.get("/cy/venues/999999")
    assert missing.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in html.unescape(missing.text) and english_left(missing.text) == []


async def test_content_is_shown_in_the_readers_language_and_marked_when_it_is_not(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await _world(factory)
    welsh, english = (await client.get("/cy/")).text, (await client.get("/en/")).text
    assert ">Bore Coffi</a>" in welsh and ">Coffee morning</a>" in english
    assert '<span lang="en-GB">Quiz night</span>' in welsh and ">Quiz night</a>" in english
    assert "Neuadd Bentref Cors Fach" in welsh and "Neuadd fach" in welsh
    assert "Little Marsh Village Hall" in english and "Neuadd" not in english

    venue = (await client.get(f"/cy/venues/{world['venue']}")).text
    assert "<h1>Neuadd Bentref Cors Fach</h1>" in venue and "Neuadd wrth y lawnt" in venue
    assert "Ystafell gynnes" in venue and "Dydd Llun" in venue
    assert "Neuadd Bentref Cors Fach · Commonroom</title>" in venue

    activity = (await client.get(f"/cy/activities/{world['bilingual']}")).text
    assert "<h1>Bore Coffi</h1>" in activity and "Paned a sgwrs" in activity
    assert "Cantorion y Gors" in activity and "Neuadd fach" in activity
    assert '"inLanguage": "cy"' in activity and '"name": "Bore Coffi"' in activity
    only_english = (await client.get(f"/cy/activities/{world['english_only']}")).text
    assert '<h1><span lang="en-GB">Quiz night</span></h1>' in only_english
    assert '"inLanguage": "en-GB"' in only_english
    assert '"inLanguage": "en-GB"' in (await client.get(f"/en/activities/{world['bilingual']}")).text


async def test_the_search_box_finds_either_language_and_carries_into_the_feed_link(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await _world(factory)
    page = (await client.get("/", params={"q": "bore coffi"})).text
    assert '<label for="q">Search titles and descriptions</label>' in page
    assert 'name="q" type="search" maxlength="100" value="bore coffi"' in page
    assert re.findall(r'<a href="/activities/\d+">([^<]+)</a>', page) == ["Coffee morning"]
    assert "q=bore+coffi" in page and "Filters (1 on)" in page
    assert re.findall(r'<a href="/activities/\d+">([^<]+)</a>', (await client.get("/?q=COFFEE+Morning")).text) == [
        "Coffee morning"
    ]
    welsh = (await client.get("/cy/", params={"q": "coffee"})).text
    assert re.findall(r'<a href="/activities/\d+">([^<]+)</a>', welsh) == ["Bore Coffi"]
    too_long = (await client.get("/en/", params={"q": "a" * 101})).text
    assert "The search was longer than 100 characters, so it was not used." in too_long
    assert len(re.findall(r'<a href="/activities/\d+">', too_long)) == 2
    percent = (await client.get("/en/", params={"q": "%"})).text
    assert re.findall(r'<a href="/activities/\d+">', percent) == [] and "Nothing matches these filters." in percent


async def test_a_search_never_finds_a_private_booking(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    room = await factory.space(venue)
    day = days_ahead(2)
    await factory.booking(room, london(day, 9), london(day, 10), is_public=False, purpose="Secret coffee tasting")
    page = (await client.get("/", params={"q": "secret"})).text
    assert "Secret" not in page and "Nothing matches these filters." in page
    later = await client.get("/", params={"q": "coffee tasting", "to": (day + timedelta(days=1)).isoformat()})
    assert re.findall(r'<a href="/activities/\d+">', later.text) == [] and "Secret" not in later.text
