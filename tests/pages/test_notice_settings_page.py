"""The email settings page: the same choices as the API, behind sign-in and the form's CSRF token."""

from __future__ import annotations

import httpx

from tests.factories import Factory
from tests.pages.support import post_form, sign_in

PAGE = "/account/notifications"


async def test_the_settings_page_shows_and_saves_each_kinds_choice(client: httpx.AsyncClient, factory: Factory) -> None:
    anonymous = await client.get(PAGE)
    assert anonymous.status_code in (302, 303) and "/sign-in" in anonymous.headers["location"]
    person = await factory.account("person")
    await sign_in(client, person)
    shown = await client.get(PAGE)
    assert shown.status_code == 200 and 'name="confirmed"' in shown.text and "Email notifications" in shown.text
    saved = await post_form(client, PAGE, {"confirmed": "digest", "closure": "none"}, PAGE)
    assert saved.status_code == 303 and saved.headers["location"] == f"{PAGE}?saved=1"
    chosen = (await client.get("/api/v1/account/notifications", headers=person.headers)).json()
    assert (chosen["confirmed"], chosen["closure"], chosen["moved"]) == ("digest", "none", "immediate")
    again = await client.get(f"{PAGE}?saved=1")
    assert "Your choices are saved." in again.text
    assert '<option value="digest" selected>' in again.text
    refused = await post_form(client, PAGE, {"confirmed": "weekly"}, PAGE)
    assert refused.status_code == 400
    no_token = await client.post(PAGE, data={"confirmed": "none"})
    assert no_token.status_code == 403
