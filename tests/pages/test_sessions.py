"""Page sessions and CSRF: cookies for pages only, every form checked, the API's bearer auth untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from api.pages.support.sessions import CSRF_COOKIE, SESSION_COOKIE
from tests.factories import PASSWORD, Factory
from tests.pages.support import form_token, post_form, sign_in


async def test_signing_in_sets_an_http_only_cookie_and_goes_back_where_asked(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account("resident")
    response = await post_form(
        client,
        "/sign-in",
        {"email": account.user.email.upper(), "password": PASSWORD, "next": "/my/bookings"},
        "/sign-in",
    )
    assert response.status_code == 303 and response.headers["location"] == "/my/bookings"
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = await client.get("/my/bookings")
    assert page.status_code == 200 and "Signed in as Resident" in page.text


async def test_a_wrong_password_says_so_and_sets_no_session(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    response = await post_form(
        client, "/sign-in", {"email": account.user.email, "password": "wrong password"}, "/sign-in"
    )
    assert response.status_code == 400
    assert "do not match an account" in response.text
    assert SESSION_COOKIE not in client.cookies


async def test_sign_in_never_sends_people_to_another_site(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = await post_form(
            client, "/sign-in", {"email": account.user.email, "password": PASSWORD, "next": target}, "/sign-in"
        )
        assert response.headers["location"] == "/"


async def test_signing_out_revokes_the_token_behind_the_cookie(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    await sign_in(client, account)
    token = client.cookies[SESSION_COOKIE]
    response = await post_form(client, "/sign-out", {}, "/my/bookings")
    assert response.status_code == 303
    assert (await client.get("/api/v1/bookings/mine", headers={"Authorization": f"Bearer {token}"})).status_code == 401
    client.cookies.set(SESSION_COOKIE, token)
    assert (await client.get("/my/bookings")).status_code == 303


async def test_pages_that_need_an_account_send_anonymous_visitors_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/my/bookings")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fmy%2Fbookings"
    assert (await client.get("/desk")).headers["location"] == "/sign-in?next=%2Fdesk"


async def test_every_form_post_needs_the_csrf_token_of_its_cookie(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    await sign_in(client, account)
    missing = await client.post("/sign-out")
    assert missing.status_code == 403 and "nothing was done" in missing.text
    token = await form_token(client, "/my/bookings")
    client.cookies.delete(CSRF_COOKIE)
    forged = await client.post("/sign-out", data={"_csrf_token": token})
    assert forged.status_code == 403
    assert (await client.get("/my/bookings")).status_code == 200


async def test_the_api_ignores_the_session_cookie_and_needs_no_csrf_token(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    await sign_in(client, account)
    assert (await client.get("/api/v1/bookings/mine")).status_code == 401
    venue = await factory.venue()
    space = await factory.space(venue)
    starts = (datetime.now(UTC) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    body = {
        "space_id": space.id,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "title": "API",
    }
    created = await client.post("/api/v1/bookings", json=body, headers=account.headers)
    assert created.status_code == 201, created.text
    assert CSRF_COOKIE not in created.headers.get("set-cookie", "")


async def test_pages_are_not_in_the_api_description(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert not [path for path in paths if not path.startswith(("/api/", "/feeds/", "/openactive/"))]


async def test_too_many_failed_sign_ins_show_a_wait_message_with_retry_after(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import venues.accounts.credentials

    monkeypatch.setattr(venues.accounts.credentials, "FAILURES_PER_ADDRESS", 2)
    account = await factory.account()
    wrong = {"email": account.user.email, "password": "wrong password", "next": "/"}
    for _ in range(2):
        assert (await post_form(client, "/sign-in", wrong, "/sign-in")).status_code == 400
    refused = await post_form(client, "/sign-in", {**wrong, "password": PASSWORD}, "/sign-in")
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/html")
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in refused.text
    assert SESSION_COOKIE not in refused.cookies
