"""Bad input on the pages: every form field and query value refuses control characters and far dates with a 400 page.

The cases are read from the forms the pages render (signed in as a venue's
manager with a request waiting, so the desk's forms appear), so a new form or
field is covered without listing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import Factory
from tests.pages.support import sign_in
from venues.core.timezones import LAST_DAY
from venues.models import Closure, Space


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type, "textarea" or "select"


class FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.forms, self.textarea = page, list[Form](), None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(self.page, a.get("method", "get").upper(), a.get("action") or self.page))
        elif self.forms and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].fields.setdefault(a["name"], a.get("value", ""))
            self.forms[-1].kinds[a["name"]] = kind


async def forms_on(client: httpx.AsyncClient, path: str) -> list[Form]:
    response = await client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    reader = FormReader(path)
    reader.feed(response.text)
    return reader.forms


@pytest.fixture
async def pages(client: httpx.AsyncClient, factory: Factory) -> list[str]:
    """Signed in as the manager; the paths of the pages whose forms are tried."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1800)
    start = (datetime.now(UTC) + timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    booking = await request_booking(
        manager.user, BookingDraft(space.id, start, start + timedelta(hours=1), title="Choir")
    )
    await Closure(venue=venue.id, starts_on=start.date(), ends_on=start.date(), reason="Works").save()
    await sign_in(client, manager)
    day = start.date().isoformat()
    return [
        "/",
        "/sign-in",
        f"/book/spaces/{space.id}",
        f"/book/spaces/{space.id}?date={day}&start=10:00&end=11:00",
        "/desk",
        f"/desk/venues/{venue.id}",
        f"/desk/venues/{venue.id}/week",
        f"/desk/venues/{venue.id}/closures",
        f"/desk/venues/{venue.id}/hours",
        f"/desk/venues/{venue.id}/rates",
        "/my/bookings",
        f"/bookings/{booking.id}",
        f"/bookings/{booking.id}/cancel",
    ]


async def every_field(client: httpx.AsyncClient, pages: list[str]) -> list[tuple[Form, str]]:
    found = {}
    for path in pages:
        for form in await forms_on(client, path):
            for name in form.fields:
                if name != "_csrf_token":
                    found.setdefault((form.method, form.action.split("?")[0], name), (form, name))
    return list(found.values())


async def submit(client: httpx.AsyncClient, form: Form, name: str, value: str) -> httpx.Response:
    if form.method == "GET":
        return await client.get(form.action.split("#")[0], params={**form.fields, name: value})
    token = next(f.fields["_csrf_token"] for f in await forms_on(client, form.page) if "_csrf_token" in f.fields)
    return await client.post(form.action, data={**form.fields, name: value, "_csrf_token": token})


async def test_every_form_field_refuses_control_characters_with_a_400_page_naming_it(
    client: httpx.AsyncClient, pages: list[str]
) -> None:
    fields = await every_field(client, pages)
    assert len(fields) > 20, "the forms were not found"
    for form, name in fields:
        for character in "\x00\x1f\x7f":
            response = await submit(client, form, name, f"a{character}b")
            assert response.status_code == 400, (form.action, name, response.status_code)
            assert f"U+{ord(character):04X}" in response.text and name in response.text, (form.action, name)


async def test_only_text_areas_take_line_feeds_and_tabs(client: httpx.AsyncClient, pages: list[str]) -> None:
    for form, name in await every_field(client, pages):
        response = await submit(client, form, name, "line one\r\nline two\n\tindented")
        refused = response.status_code == 400 and "control character" in response.text
        assert refused == (form.kinds[name] != "textarea"), (form.action, name, response.status_code)


async def test_every_date_field_refuses_dates_outside_the_supported_years(
    client: httpx.AsyncClient, pages: list[str]
) -> None:
    dated = [(form, name) for form, name in await every_field(client, pages) if form.kinds[name] in ("date", "week")]
    assert dated, "no date fields found"
    for form, name in dated:
        for day in ("9999-12-31", "0001-01-01"):
            response = await submit(client, form, name, day)
            assert response.status_code == 400 and str(LAST_DAY) in response.text, (form.action, name, day)


@pytest.mark.parametrize("query", ["from=9999-12-31", "to=0001-01-01", "week=9999-12-31", "date=9999-12-31"])
async def test_far_dates_in_any_page_address_are_a_400_page(
    client: httpx.AsyncClient, pages: list[str], query: str
) -> None:
    for path in pages:
        response = await client.get(path + ("&" if "?" in path else "?") + query)
        assert response.status_code == 400 and str(LAST_DAY) in response.text, (path, response.status_code)


@pytest.mark.parametrize("value", ["x", "²", "-1", "1.5", "٣", "9" * 40])
async def test_odd_numbers_in_any_page_address_are_never_a_500(
    client: httpx.AsyncClient, factory: Factory, pages: list[str], value: str
) -> None:
    space_id = int(pages[2].rsplit("/", 1)[1])
    space = await Space.objects().where(Space.id == space_id).first()
    assert space is not None
    start = datetime.now(UTC).date() + timedelta(days=9)
    series = await factory.series(space, start, time(10), time(11))
    paths = [*pages, f"/desk/venues/{space.venue}/spaces", f"/my/series/{series.id}"]
    for path in paths:
        for name in ("cancelled", "kept", "page", "within_km", "done"):
            response = await client.get(path.split("?")[0], params={name: value})
            assert response.status_code in (200, 400), (path, name, value, response.status_code)


async def submit_multipart(client: httpx.AsyncClient, form: Form, name: str, value: str) -> httpx.Response:
    token = next(f.fields["_csrf_token"] for f in await forms_on(client, form.page) if "_csrf_token" in f.fields)
    sent = {**form.fields, name: value, "_csrf_token": token}
    return await client.post(form.action, files={key: (None, text) for key, text in sent.items()})


async def test_multipart_posts_are_checked_like_url_encoded_ones(client: httpx.AsyncClient, pages: list[str]) -> None:
    posted = [(form, name) for form, name in await every_field(client, pages) if form.method == "POST"]
    assert posted, "no posted forms found"
    for form, name in posted:
        response = await submit_multipart(client, form, name, "a\x00b")
        assert response.status_code == 400 and "U+0000" in response.text, (form.action, name, response.status_code)
        if form.kinds[name] in ("date", "week"):
            response = await submit_multipart(client, form, name, "9999-12-31")
            assert response.status_code == 400 and str(LAST_DAY) in response.text, (form.action, name)
