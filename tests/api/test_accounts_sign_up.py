"""Signing up, confirming the address, and resetting a password over the API.

Links are single-use and expire; the answers never tell whether an address has an account
(the same status, body and password hash either way); only confirmed accounts ask for bookings.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

import venues.accounts.self_service
from api.settings import get_settings
from tests.accounts_support import STRONG_PASSWORD, kinds_sent_to, last_link, mails_to, token_of
from tests.bookings_support import book, future_day, local
from tests.factories import PASSWORD, Account, Factory
from venues.core.clock import frozen_at
from venues.models import User

SIGN_UP = "/api/v1/auth/sign-up"
VERIFY = "/api/v1/auth/verify-email"
FORGOT = "/api/v1/auth/forgot-password"
RESET = "/api/v1/auth/reset-password"
LOGIN = "/api/v1/auth/login"
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def sign_up(client: httpx.AsyncClient, email: str, name: str = "New Person") -> httpx.Response:
    return await client.post(SIGN_UP, json={"email": email, "display_name": name, "password": STRONG_PASSWORD})


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(LOGIN, json={"email": email, "password": password})


async def test_a_verify_link_confirms_the_address_once(client: httpx.AsyncClient) -> None:
    assert (await sign_up(client, "New@Example.org")).status_code == 202
    link = await last_link("new@example.org", "account_verify", "/verify-email/")
    assert link.startswith(f"{get_settings().public_base_url}/verify-email/")  # absolute, from the setting
    user = await User.objects().where(User.email == "new@example.org").first()
    assert user is not None and user.email_verified is False

    first = await client.post(VERIFY, json={"token": token_of(link)})
    assert first.status_code == 200, first.text
    assert first.json()["email_verified"] is True
    again = await client.post(VERIFY, json={"token": token_of(link)})
    assert again.status_code == 422
    assert again.json()["rule"] == "link-not-valid"


async def test_a_verify_link_stops_working_after_two_days(client: httpx.AsyncClient) -> None:
    with frozen_at(T0):
        await sign_up(client, "late@example.org")
    token = token_of(await last_link("late@example.org", "account_verify", "/verify-email/"))
    with frozen_at(T0 + timedelta(days=2, seconds=1)):
        expired = await client.post(VERIFY, json={"token": token})
    assert expired.status_code == 422
    with frozen_at(T0 + timedelta(days=2) - timedelta(seconds=1)):
        in_time = await client.post(VERIFY, json={"token": token})
    assert in_time.status_code == 200


async def test_sign_up_answers_the_same_for_an_address_that_has_an_account(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = await factory.account()
    hashes: list[str] = []
    real_hash = venues.accounts.self_service.hash_password

    def counted(password: str) -> str:
        hashes.append(password)
        return real_hash(password)

    monkeypatch.setattr(venues.accounts.self_service, "hash_password", counted)
    known = await sign_up(client, existing.user.email.upper(), "Someone Else")
    unknown = await sign_up(client, "nobody@example.org")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert len(hashes) == 2  # the same work either way
    assert await kinds_sent_to(existing.user.email) == ["account_exists"]
    assert await kinds_sent_to("nobody@example.org") == ["account_verify"]
    still = await User.objects().where(User.id == existing.id).first()
    assert still is not None and still.display_name == existing.user.display_name


async def test_an_unconfirmed_account_may_not_ask_for_a_booking_until_it_confirms(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    space = await factory.space(await factory.venue(manager=await factory.account()))
    await sign_up(client, "booker@example.org")
    token = (await login(client, "booker@example.org", STRONG_PASSWORD)).json()["token"]
    who = Account(user=User(), token=token)
    day = future_day()
    refused = await book(client, who, space.id, local(day, "10:00"), local(day, "11:00"))
    assert refused.status_code == 403
    assert refused.json()["rule"] == "email-not-verified"
    await client.post(
        VERIFY, json={"token": token_of(await last_link("booker@example.org", "account_verify", "/verify-email/"))}
    )
    allowed = await book(client, who, space.id, local(day, "10:00"), local(day, "11:00"))
    assert allowed.status_code == 201, allowed.text


@pytest.mark.parametrize("route", [SIGN_UP, FORGOT, LOGIN])
async def test_a_malformed_address_is_a_400_naming_the_field(client: httpx.AsyncClient, route: str) -> None:
    body = {"email": "not an address", "password": STRONG_PASSWORD, "display_name": "X"}
    if route == FORGOT:
        body = {"email": "not an address"}
    response = await client.post(route, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "email" in response.text


async def test_a_name_with_a_line_break_is_refused_before_any_mail(client: httpx.AsyncClient) -> None:
    response = await sign_up(client, "crlf@example.org", "Eve\r\nBcc: victim@example.org")
    assert response.status_code == 400
    assert await mails_to("crlf@example.org") == []


async def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    assert (await client.post(FORGOT, json={"email": account.user.email})).status_code == 202
    token = token_of(await last_link(account.user.email, "account_reset", "/reset-password/"))
    done = await client.post(RESET, json={"token": token, "password": STRONG_PASSWORD})
    assert done.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 401
    assert (await login(client, account.user.email, PASSWORD)).status_code == 401
    assert (await login(client, account.user.email, STRONG_PASSWORD)).status_code == 200
    again = await client.post(RESET, json={"token": token, "password": "another long password"})
    assert again.status_code == 422
    assert (await login(client, account.user.email, STRONG_PASSWORD)).status_code == 200


async def test_a_reset_link_stops_working_after_an_hour(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    with frozen_at(T0):
        await client.post(FORGOT, json={"email": account.user.email})
    token = token_of(await last_link(account.user.email, "account_reset", "/reset-password/"))
    with frozen_at(T0 + timedelta(hours=1, seconds=1)):
        late = await client.post(RESET, json={"token": token, "password": STRONG_PASSWORD})
    assert late.status_code == 422
    assert (await login(client, account.user.email, PASSWORD)).status_code == 200


async def test_a_second_reset_link_replaces_the_first(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    await client.post(FORGOT, json={"email": account.user.email})
    first = token_of(await last_link(account.user.email, "account_reset", "/reset-password/"))
    await client.post(FORGOT, json={"email": account.user.email})
    assert (await client.post(RESET, json={"token": first, "password": STRONG_PASSWORD})).status_code == 422


async def test_forgot_password_answers_the_same_for_an_unknown_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    known = await client.post(FORGOT, json={"email": account.user.email})
    unknown = await client.post(FORGOT, json={"email": "nobody@example.org"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert await mails_to("nobody@example.org") == []


async def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    wrong = await login(client, account.user.email, "wrong password!")
    unknown = await login(client, "nobody@example.org", "wrong password!")
    assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())


async def test_signing_up_twice_for_one_new_address_makes_one_account_and_a_reminder(client: httpx.AsyncClient) -> None:
    answers = await asyncio.gather(sign_up(client, "twice@example.org"), sign_up(client, "twice@example.org"))
    assert [a.status_code for a in answers] == [202, 202]
    assert await User.count().where(User.email == "twice@example.org") == 1
    assert sorted(await kinds_sent_to("twice@example.org")) == ["account_exists", "account_verify"]
