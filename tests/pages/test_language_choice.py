"""Choosing a page's language: an address's /cy/ or /en/, ?lang=, the account, the cookie, Accept-Language,
English; the switch on every page; hreflang alternates and <html lang> always right."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.pages.support import post_form, sign_in
from venues.models import User

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(response: httpx.Response) -> str:
    match = HTML_LANG.search(response.text)
    assert match is not None
    return match.group(1)


async def test_an_address_naming_a_language_opens_in_it_and_keeps_it(client: httpx.AsyncClient) -> None:
    welsh = await client.get("/cy/venues")
    assert welsh.status_code == 200
    assert html_lang(welsh) == "cy"
    assert "Lleoliadau" in welsh.text
    assert welsh.headers["content-language"] == "cy"
    assert "cookie" in welsh.headers["vary"].lower()
    # The cookie follows the address, so the page's own (unprefixed) links stay in Welsh.
    assert client.cookies.get("commonroom_language") == "cy"
    again = await client.get("/venues")
    assert html_lang(again) == "cy"
    english = await client.get("/en/venues")
    assert html_lang(english) == "en-GB"
    assert (await client.get("/venues")).headers["content-language"] == "en-GB"


async def test_the_bare_prefix_is_the_home_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/cy")
    assert response.status_code == 200
    assert html_lang(response) == "cy"


async def test_query_parameter_chooses_too(client: httpx.AsyncClient) -> None:
    assert html_lang(await client.get("/venues?lang=cy")) == "cy"


async def test_accept_language_is_the_first_guess_and_a_choice_beats_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/venues", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert html_lang(response) == "cy"
    assert "commonroom_language" not in client.cookies
    assert html_lang(await client.get("/venues", headers={"Accept-Language": "fr"})) == "en-GB"
    await client.get("/en/venues")
    assert html_lang(await client.get("/venues", headers={"Accept-Language": "cy"})) == "en-GB"


async def test_hreflang_alternates_name_every_language(client: httpx.AsyncClient) -> None:
    text = (await client.get("/cy/venues?q=hall")).text
    assert '<link rel="alternate" hreflang="cy" href="/cy/venues?q=hall">' in text
    assert '<link rel="alternate" hreflang="en-GB" href="/en/venues?q=hall">' in text
    assert '<link rel="alternate" hreflang="x-default" href="/venues?q=hall">' in text


async def test_the_switch_sets_the_cookie_for_a_visitor(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/language", {"language": "cy", "return_to": "/venues"}, "/venues")
    assert response.status_code == 303
    assert response.headers["location"] == "/venues"
    assert client.cookies.get("commonroom_language") == "cy"
    assert html_lang(await client.get("/venues")) == "cy"


async def test_the_switch_never_sends_anyone_off_the_site(client: httpx.AsyncClient) -> None:
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = await post_form(client, "/language", {"language": "cy", "return_to": elsewhere}, "/venues")
        assert response.headers["location"] == "/"


async def test_the_switch_is_kept_on_the_account_and_follows_the_person(
    client: httpx.AsyncClient, factory: Any, app: Any
) -> None:
    account = await factory.account()
    await sign_in(client, account)
    await post_form(client, "/language", {"language": "cy", "return_to": "/account"}, "/account")
    stored = await User.select(User.language).where(User.id == account.user.id).first()
    assert stored is not None and stored["language"] == "cy"
    # Another device: no cookie, an English browser; the account's choice wins.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await sign_in(other, account)
        other.cookies.delete("commonroom_language")
        response = await other.get("/account", headers={"Accept-Language": "en"})
        assert html_lang(response) == "cy"


async def test_every_page_offers_the_other_language(client: httpx.AsyncClient) -> None:
    english = (await client.get("/venues")).text
    assert 'value="cy"' in english and 'lang="cy">Cymraeg</button>' in english
    welsh = (await client.get("/cy/venues")).text
    assert 'lang="en-GB">English</button>' in welsh
