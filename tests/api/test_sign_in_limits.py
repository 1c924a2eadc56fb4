"""Sign-in: password hashes are checked off the event loop, and failures are limited in the database.

The limits count per submitted address (whether or not an account has it) and per
client address; the counters live in the shared database, so a second app (another
worker or machine) sees the same counts.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest

import venues.accounts.credentials
from api.app import create_app
from api.client_address import CLIENT_IP_HEADER_ENV
from tests.factories import PASSWORD, Factory

LOGIN = "/api/v1/auth/login"
# Small limits keep the tests quick: every counted failure costs an argon2 check.
FAILURES_PER_ADDRESS = 3
FAILURES_PER_CLIENT = 5


@pytest.fixture(autouse=True)
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(venues.accounts.credentials, "FAILURES_PER_ADDRESS", FAILURES_PER_ADDRESS)
    monkeypatch.setattr(venues.accounts.credentials, "FAILURES_PER_CLIENT", FAILURES_PER_CLIENT)


async def login(client: httpx.AsyncClient, email: str, password: str, **headers: str) -> httpx.Response:
    return await client.post(LOGIN, json={"email": email, "password": password}, headers=headers)


@pytest.fixture
async def second_worker() -> AsyncIterator[httpx.AsyncClient]:
    """Another app instance: it shares nothing with the first but the database."""
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_the_event_loop_serves_other_requests_while_a_password_is_checked(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await factory.account()
    other_request_done = threading.Event()
    real_verify = venues.accounts.credentials.verify_password

    def verify_after_other_request(password_hash: str, password: str) -> bool:
        # Blocks whichever thread runs it: on the event loop the other request could never finish.
        return other_request_done.wait(timeout=30) and real_verify(password_hash, password)

    monkeypatch.setattr(venues.accounts.credentials, "verify_password", verify_after_other_request)

    async def public_listing() -> int:
        response = await client.get("/api/v1/venues")
        other_request_done.set()
        return response.status_code

    signed_in, listed = await asyncio.gather(login(client, account.user.email, PASSWORD), public_listing())
    assert listed == 200
    assert signed_in.status_code == 200, signed_in.text


async def test_failures_past_the_limit_for_one_address_are_429_even_with_the_right_password(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    for _ in range(FAILURES_PER_ADDRESS):
        assert (await login(client, account.user.email, "wrong password")).status_code == 401
    refused = await login(client, account.user.email.upper(), PASSWORD)
    assert refused.status_code == 429, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(refused.headers["Retry-After"]) <= 15 * 60
    assert refused.json()["status"] == 429


async def test_an_address_without_an_account_is_limited_the_same_way(client: httpx.AsyncClient) -> None:
    codes = [
        (await login(client, "nobody@example.org", "wrong password")).status_code
        for _ in range(FAILURES_PER_ADDRESS + 1)
    ]
    assert codes == [401] * FAILURES_PER_ADDRESS + [429]


async def test_the_limit_holds_across_workers_because_the_counts_are_in_the_database(
    client: httpx.AsyncClient, second_worker: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    for attempt in range(FAILURES_PER_ADDRESS):
        worker = client if attempt % 2 else second_worker
        assert (await login(worker, account.user.email, "wrong password")).status_code == 401
    assert (await login(client, account.user.email, PASSWORD)).status_code == 429
    assert (await login(second_worker, account.user.email, PASSWORD)).status_code == 429


async def test_simultaneous_failures_cannot_slip_past_the_limit(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    responses = await asyncio.gather(
        *[login(client, account.user.email, "wrong password") for _ in range(3 * FAILURES_PER_ADDRESS)]
    )
    assert Counter(response.status_code for response in responses) == {
        401: FAILURES_PER_ADDRESS,
        429: 2 * FAILURES_PER_ADDRESS,
    }


async def test_successful_sign_ins_do_not_use_up_the_limit(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    for _ in range(FAILURES_PER_ADDRESS + 2):
        assert (await login(client, account.user.email, PASSWORD)).status_code == 200


async def test_one_client_guessing_many_addresses_is_limited(client: httpx.AsyncClient) -> None:
    assert FAILURES_PER_CLIENT > FAILURES_PER_ADDRESS
    codes = [
        (await login(client, f"guess{n}@example.org", "wrong password")).status_code
        for n in range(FAILURES_PER_CLIENT + 1)
    ]
    assert codes == [401] * FAILURES_PER_CLIENT + [429]


async def test_a_forwarded_address_counts_only_when_its_header_is_configured(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    emails = (f"guess{n}@example.org" for n in range(100))

    async def fail_from(forwarded: str) -> int:
        response = await login(client, next(emails), "wrong password", **{"X-Forwarded-For": forwarded})
        return response.status_code

    # Unconfigured, the header is the client's own claim: every attempt counts against the socket peer.
    codes = [await fail_from(f"203.0.113.{n}") for n in range(FAILURES_PER_CLIENT + 1)]
    assert codes == [401] * FAILURES_PER_CLIENT + [429]
    monkeypatch.setenv(CLIENT_IP_HEADER_ENV, "X-Forwarded-For")
    # Configured, the entry the proxy appended (the last) is the client.
    codes = [await fail_from(f"198.51.100.{n}, 192.0.2.1") for n in range(FAILURES_PER_CLIENT + 1)]
    assert codes == [401] * FAILURES_PER_CLIENT + [429]
    assert await fail_from("192.0.2.2") == 401


async def test_every_forwarded_header_line_is_read_and_the_proxys_last_entry_is_the_client(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CLIENT_IP_HEADER_ENV, "X-Forwarded-For")
    emails = (f"guess{n}@example.org" for n in range(100))

    async def fail_from(*lines: str) -> int:
        headers = [("X-Forwarded-For", line) for line in lines]
        response = await client.post(LOGIN, json={"email": next(emails), "password": "wrong password"}, headers=headers)
        return response.status_code

    # The client writes its own line first; the proxy adds a line of its own with the real peer.
    codes = [await fail_from(f"198.51.100.{n}", "192.0.2.1") for n in range(FAILURES_PER_CLIENT + 1)]
    assert codes == [401] * FAILURES_PER_CLIENT + [429]
    assert await fail_from("192.0.2.1", "192.0.2.2") == 401


async def test_a_client_past_its_limit_does_not_use_up_someone_elses_address(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CLIENT_IP_HEADER_ENV, "X-Forwarded-For")
    victim = await factory.account()
    guesser = {"X-Forwarded-For": "203.0.113.9"}
    for n in range(FAILURES_PER_CLIENT):
        assert (await login(client, f"guess{n}@example.org", "wrong password", **guesser)).status_code == 401
    for _ in range(FAILURES_PER_ADDRESS + 1):
        assert (await login(client, victim.user.email, "wrong password", **guesser)).status_code == 429
    signed_in = await login(client, victim.user.email, PASSWORD, **{"X-Forwarded-For": "192.0.2.7"})
    assert signed_in.status_code == 200, signed_in.text
