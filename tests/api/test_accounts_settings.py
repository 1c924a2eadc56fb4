"""The signed-in account: limits on asking, signing out everywhere, changing password or address,
and deleting the account so its personal data goes while the venue's records stay."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from piccolo.conf.apps import Finder

import venues.accounts.self_service
from api.client_address import CLIENT_IP_HEADER_ENV
from scheduling.bookings.audit import record
from scheduling.models import Booking, BookingEvent
from tests.accounts_support import STRONG_PASSWORD, kinds_sent_to, last_link, mails_to, token_of
from tests.factories import PASSWORD, Factory
from venues.models import User

SIGN_UP = "/api/v1/auth/sign-up"
FORGOT = "/api/v1/auth/forgot-password"
MARKER = "Zqxmarker"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(venues.accounts.self_service, "REQUESTS_PER_ADDRESS", 2)
    monkeypatch.setattr(venues.accounts.self_service, "REQUESTS_PER_CLIENT", 3)


def body(route: str, email: str) -> dict[str, str]:
    if route == FORGOT:
        return {"email": email}
    return {"email": email, "password": STRONG_PASSWORD, "display_name": "Someone"}


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("route", [SIGN_UP, FORGOT])
async def test_asking_is_limited_per_address_whether_or_not_it_has_an_account(
    client: httpx.AsyncClient, factory: Factory, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(venues.accounts.self_service, "REQUESTS_PER_CLIENT", 100)
    known = (await factory.account()).user.email
    for email in (known, "unknown@example.org"):
        answers = [(await client.post(route, json=body(route, email))).status_code for _ in range(3)]
        assert answers[:2] == [202, 202] and answers[2] == 429, (email, answers)
    limited = await client.post(route, json=body(route, known))
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(limited.headers["Retry-After"]) <= 3600


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("route", [SIGN_UP, FORGOT])
async def test_asking_is_limited_per_client_and_a_forwarded_header_counts_only_behind_a_trusted_proxy(
    client: httpx.AsyncClient, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def ask(n: int, forwarded: str) -> int:
        response = await client.post(
            route, json=body(route, f"p{n}@example.org"), headers={"X-Forwarded-For": forwarded}
        )
        return response.status_code

    # No trusted proxy: the header is ignored, so changing it does not make a fresh client.
    assert [await ask(n, f"10.0.0.{n}") for n in range(4)] == [202, 202, 202, 429]
    monkeypatch.setenv(CLIENT_IP_HEADER_ENV, "X-Forwarded-For")
    assert [await ask(10 + n, "10.9.9.9") for n in range(4)] == [202, 202, 202, 429]
    assert await ask(20, "10.9.9.10") == 202


async def test_signing_out_everywhere_revokes_every_token(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    other = (await client.post("/api/v1/auth/login", json={"email": account.user.email, "password": PASSWORD})).json()
    bystander = await factory.account()
    done = await client.post("/api/v1/auth/logout-everywhere", headers=account.headers)
    assert done.status_code == 204
    for token in (account.token, other["token"]):
        me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=bystander.headers)).status_code == 200


async def test_changing_the_password_ends_every_other_session_and_keeps_this_one(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    other = (await client.post("/api/v1/auth/login", json={"email": account.user.email, "password": PASSWORD})).json()
    bystander = await factory.account()
    done = await client.post(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": STRONG_PASSWORD},
        headers=account.headers,
    )
    assert done.status_code == 204, done.text
    elsewhere = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {other['token']}"})
    assert elsewhere.status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=bystander.headers)).status_code == 200


async def test_changing_the_password_needs_the_current_one(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    wrong = await client.post(
        "/api/v1/account/password",
        json={"current_password": "not the password", "new_password": STRONG_PASSWORD},
        headers=account.headers,
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "current_password"
    done = await client.post(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": STRONG_PASSWORD},
        headers=account.headers,
    )
    assert done.status_code == 204
    login = await client.post("/api/v1/auth/login", json={"email": account.user.email, "password": STRONG_PASSWORD})
    assert login.status_code == 200
    assert await kinds_sent_to(account.user.email) == ["account_password_changed"]
    anonymous = await client.post(
        "/api/v1/account/password", json={"current_password": PASSWORD, "new_password": STRONG_PASSWORD}
    )
    assert anonymous.status_code == 401


async def test_a_new_address_takes_effect_only_through_the_link_sent_to_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    old = account.user.email
    asked = await client.post(
        "/api/v1/account/email",
        json={"email": "moved@example.org", "current_password": PASSWORD},
        headers=account.headers,
    )
    assert asked.status_code == 202
    assert await kinds_sent_to(old) == ["account_email_change_notice"]
    assert (await User.objects().where(User.id == account.id).first()).email == old  # type: ignore[union-attr]
    token = token_of(await last_link("moved@example.org", "account_email_change", "/confirm-email/"))
    done = await client.post("/api/v1/auth/confirm-email", json={"token": token})
    assert done.status_code == 200 and done.json()["email"] == "moved@example.org"
    assert (await client.post("/api/v1/auth/confirm-email", json={"token": token})).status_code == 422


async def test_asking_for_an_address_that_has_an_account_answers_the_same_and_sends_no_link(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account, taken = await factory.account(), await factory.account()
    free = await client.post(
        "/api/v1/account/email",
        json={"email": "free@example.org", "current_password": PASSWORD},
        headers=account.headers,
    )
    used = await client.post(
        "/api/v1/account/email", json={"email": taken.user.email, "current_password": PASSWORD}, headers=account.headers
    )
    assert (free.status_code, free.json()) == (used.status_code, used.json())
    assert await kinds_sent_to(taken.user.email) == ["account_exists"]


async def every_table_text() -> str:
    """Every row of every table, as text, to search for what must be gone."""
    dump = []
    for table in Finder().get_table_classes():
        rows = await table.select()
        dump.append(json.dumps(rows, default=str))
    return "\n".join(dump)


async def test_deleting_an_account_erases_its_personal_data_and_keeps_the_venues_records(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    space = await factory.space(await factory.venue(manager=manager))
    leaver = await factory.account(name=f"{MARKER}person")
    starts = datetime(2030, 5, 4, 10, tzinfo=UTC)
    booking = await factory.booking(
        space,
        starts,
        starts + timedelta(hours=2),
        booked_by=leaver.id,
        booker_name=f"Ann {MARKER}",
        booker_email=leaver.user.email,
        booker_phone="0123 456",
        price_minor=4200,
    )
    await factory.series(
        space,
        starts.date(),
        starts.time(),
        (starts + timedelta(hours=1)).time(),
        booked_by=leaver.id,
        booker_phone=MARKER,
    )
    await record(booking.id, leaver.id, "changed", {"booker_name": ["Ann", f"Ann {MARKER}"], "title": ["A", "B"]})
    await record(booking.id, manager.id, "confirmed", {}, reason=f"Thanks Ann {MARKER}")
    assert MARKER in await every_table_text()

    wrong = await client.post("/api/v1/account/delete", json={"password": "not the password"}, headers=leaver.headers)
    assert wrong.status_code == 400
    done = await client.post("/api/v1/account/delete", json={"password": PASSWORD}, headers=leaver.headers)
    assert done.status_code == 204, done.text

    text = await every_table_text()
    assert MARKER not in text
    assert leaver.user.email not in text
    assert "0123 456" not in text
    kept = await Booking.objects().where(Booking.id == booking.id).first()
    assert kept is not None
    assert (kept.status, kept.price_minor, kept.starts_at, kept.booked_by) == ("confirmed", 4200, starts, None)
    events = await BookingEvent.select(BookingEvent.action).where(BookingEvent.booking == booking.id)
    assert [e["action"] for e in events] == ["changed", "confirmed"]
    assert (await client.get("/api/v1/auth/me", headers=leaver.headers)).status_code == 401
    # The manager still sees the booking in the venue's records.
    seen = await client.get(f"/api/v1/bookings/{booking.id}", headers=manager.headers)
    assert seen.status_code == 200
    assert MARKER not in seen.text


async def test_the_last_manager_of_a_venue_cannot_delete_their_account(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    refused = await client.post("/api/v1/account/delete", json={"password": PASSWORD}, headers=manager.headers)
    assert refused.status_code == 409
    assert await User.exists().where(User.id == manager.id)
    assert await mails_to(manager.user.email) == []
    assert venue.id


async def test_deleting_an_account_drops_messages_that_name_its_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, asker = await factory.account(), await factory.account(name=f"{MARKER}asker")
    group = await factory.group(organiser=organiser)
    asked = await client.post(f"/api/v1/groups/{group.id}/join-requests", json={}, headers=asker.headers)
    assert asked.status_code == 201
    assert await kinds_sent_to(organiser.user.email) == ["group_join_request"]
    done = await client.post("/api/v1/account/delete", json={"password": PASSWORD}, headers=asker.headers)
    assert done.status_code == 204
    text = await every_table_text()
    assert asker.user.email not in text and MARKER not in text
