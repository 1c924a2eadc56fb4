"""Messages in the recipient's language: the same change tells a Welsh-speaking organiser in Welsh and an English
one in English (subject, body, invitation), and a sign-up made on a Welsh page is confirmed in Welsh."""

from __future__ import annotations

import httpx
import icalendar

from scheduling.models import GroupOrganiser
from tests.accounts_support import STRONG_PASSWORD
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.mail_support import sent_to
from tests.pages.support import post_form
from venues.models import User

DAY = future_day()


async def test_a_confirmation_is_worded_in_each_recipients_language(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    welsh, english = await factory.account("welsh"), await factory.account("english")
    await User.update({User.language: "cy"}).where(User.id == welsh.user.id)
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Village Hall", name_cy="Neuadd y Pentref")
    space = await factory.space(venue, name="Main hall", name_cy="Prif neuadd")
    group = await factory.group(organiser=welsh, name="Choir", name_cy="Côr")
    await GroupOrganiser(group=group.id, user=english.user.id).save()

    made = await book(client, welsh, space.id, local(DAY, "18:00"), local(DAY, "20:00"), group_id=group.id, title="")
    assert made.status_code == 201, made.text
    confirmed = await client.post(f"/api/v1/bookings/{made.json()['id']}/confirm", json={}, headers=manager.headers)
    assert confirmed.status_code == 200, confirmed.text

    received = [m for m in await sent_to(welsh.user.email) if m.kind == "received"]
    assert [m.subject.split(":")[0] for m in received] == ["Cais wedi dod i law"]
    (to_welsh,) = [m for m in await sent_to(welsh.user.email) if m.kind == "confirmed"]
    (to_english,) = [m for m in await sent_to(english.user.email) if m.kind == "confirmed"]
    assert to_welsh.subject.startswith("Wedi'i chadarnhau: Côr, "), to_welsh.subject
    assert to_english.subject.startswith("Confirmed: Choir, "), to_english.subject
    assert "Mae eich archeb wedi'i chadarnhau" in to_welsh.text and "Your booking is confirmed" in to_english.text
    assert "Prif neuadd, Neuadd y Pentref" in to_welsh.text and "Main hall, Village Hall" in to_english.text
    assert "Gweld eich archeb" in to_welsh.text and "See your booking" in to_english.text
    assert 'lang="cy"' in to_welsh.html and 'lang="en"' in to_english.html
    assert "Your booking" not in to_welsh.text and "archeb" not in to_english.text
    # The invitation is worded in the recipient's language too.
    event = to_welsh.calendar().walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Côr" and event["SUMMARY"].params["LANGUAGE"] == "cy"
    assert "Statws: wedi'i chadarnhau" in str(event["DESCRIPTION"])
    english_event: icalendar.Event = to_english.calendar().walk("VEVENT")[0]
    assert str(english_event["SUMMARY"]) == "Choir" and "Status: confirmed" in str(english_event["DESCRIPTION"])


async def test_a_sign_up_on_a_welsh_page_is_confirmed_in_welsh_and_the_account_keeps_the_language(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "newydd@example.org", "display_name": "Person Newydd", "password": STRONG_PASSWORD}
    response = await post_form(client, "/cy/sign-up", body, "/cy/sign-up")
    assert response.status_code == 200, response.text
    (mail,) = await sent_to("newydd@example.org")
    assert mail.kind == "account_verify"
    assert mail.subject == "Cadarnhewch eich cyfeiriad e-bost ar gyfer Commonroom"
    assert "Helo Person Newydd," in mail.text and "Cadarnhewch eich cyfeiriad:" in mail.text
    assert 'lang="cy"' in mail.html
    account = await User.select(User.language).where(User.email == "newydd@example.org").first()
    assert account is not None and account["language"] == "cy"


async def test_a_sign_up_through_the_api_is_confirmed_in_english(client: httpx.AsyncClient) -> None:
    body = {"email": "new@example.org", "display_name": "New Person", "password": STRONG_PASSWORD}
    assert (await client.post("/api/v1/auth/sign-up", json=body)).status_code == 202
    (mail,) = await sent_to("new@example.org")
    assert mail.subject == "Confirm your email address for Commonroom"


async def _language_of(email: str) -> str:
    account = await User.select(User.language).where(User.email == email).first()
    assert account is not None
    return str(account["language"])


async def test_a_sign_up_through_the_api_chooses_no_language_for_the_account(client: httpx.AsyncClient) -> None:
    body = {"email": "api@example.org", "display_name": "Api Person", "password": STRONG_PASSWORD}
    headers = {"Accept-Language": "cy"}
    assert (await client.post("/api/v1/auth/sign-up", json=body, headers=headers)).status_code == 202
    assert await _language_of("api@example.org") == ""


async def test_a_sign_up_on_a_page_in_english_only_by_default_chooses_no_language_for_the_account(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "plain@example.org", "display_name": "Plain Person", "password": STRONG_PASSWORD}
    response = await post_form(client, "/sign-up", body, "/sign-up")
    assert response.status_code == 200, response.text
    assert await _language_of("plain@example.org") == ""
    (mail,) = await sent_to("plain@example.org")
    assert mail.subject == "Confirm your email address for Commonroom"


async def test_a_sign_up_keeps_the_language_the_page_was_asked_in(client: httpx.AsyncClient) -> None:
    english = {"email": "english@example.org", "display_name": "English Person", "password": STRONG_PASSWORD}
    assert (await post_form(client, "/en/sign-up", english, "/en/sign-up")).status_code == 200
    assert await _language_of("english@example.org") == "en"
    client.cookies.clear()
    client.headers["Accept-Language"] = "cy, en;q=0.5"
    welsh = {"email": "browser@example.org", "display_name": "Browser Person", "password": STRONG_PASSWORD}
    assert (await post_form(client, "/sign-up", welsh, "/sign-up")).status_code == 200
    assert await _language_of("browser@example.org") == "cy"


async def test_an_unsubscribe_link_answers_in_its_persons_language_whoever_opens_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from api.settings import get_settings
    from scheduling.notices.digests import unsubscribe_token

    welsh, english = await factory.account("welsh"), await factory.account("english")
    await User.update({User.language: "cy"}).where(User.id == welsh.user.id)
    secret = get_settings().secret_key
    cy_link = f"/notices/unsubscribe/{unsubscribe_token(welsh.user.id, ['cancelled'], secret)}"
    en_link = f"/notices/unsubscribe/{unsubscribe_token(english.user.id, ['cancelled'], secret)}"
    asked = await client.get(cy_link, headers={"Accept-Language": "en"})
    assert '<html lang="cy">' in asked.text
    assert "Atal y crynodebau hyn?" in asked.text and "Canslwyd" in asked.text
    stopped = await client.post(cy_link)
    assert "Wedi&#x27;u hatal" in stopped.text
    english_page = await client.get(en_link, headers={"Accept-Language": "cy"})
    assert '<html lang="en-GB">' in english_page.text
    assert "Stop these digests?" in english_page.text and "Cancelled" in english_page.text
