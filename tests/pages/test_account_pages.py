"""The account pages: every capability of the API on a page, with the same rules (same answers for
known and unknown addresses, the same limits, links that work once, permissions for invitations and
requests to join)."""

from __future__ import annotations

import httpx
import pytest

import venues.accounts.self_service
from api.pages.support.sessions import SESSION_COOKIE
from tests.accounts_support import STRONG_PASSWORD, kinds_sent_to, last_link, mails_to
from tests.factories import PASSWORD, Factory
from tests.pages.support import form_token, post_form, sign_in
from venues.models import User


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


async def test_signing_up_on_the_pages_confirms_the_address_only_with_the_button(client: httpx.AsyncClient) -> None:
    response = await post_form(
        client,
        "/sign-up",
        {"email": "page@example.org", "display_name": "Page Person", "password": STRONG_PASSWORD},
        "/sign-up",
    )
    assert response.status_code == 200 and "Check your email" in response.text
    link = path_of(await last_link("page@example.org", "account_verify", "/verify-email/"))
    opened = await client.get(link)
    assert opened.status_code == 200 and "Confirm my address" in opened.text
    user = await User.objects().where(User.email == "page@example.org").first()
    assert user is not None and not user.email_verified  # opening the link changes nothing
    token = link.rsplit("/", 1)[1]
    done = await post_form(client, "/verify-email", {"token": token}, link)
    assert done.status_code == 200 and "Your address is confirmed" in done.text
    again = await post_form(client, "/verify-email", {"token": token}, link)
    assert again.status_code == 422 and "not valid" in again.text


async def test_the_sign_up_page_answers_the_same_for_a_known_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    existing = await factory.account()
    pages = []
    for email in (existing.user.email, "fresh@example.org"):
        response = await post_form(
            client, "/sign-up", {"email": email, "display_name": "X", "password": STRONG_PASSWORD}, "/sign-up"
        )
        pages.append((response.status_code, response.text.replace(email, "")))
    assert pages[0][0] == pages[1][0] == 200
    assert "Check your email" in pages[0][1] and "Check your email" in pages[1][1]
    assert await kinds_sent_to(existing.user.email) == ["account_exists"]


async def test_a_malformed_address_on_the_sign_up_page_is_a_400_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await post_form(
        client, "/sign-up", {"email": "nope", "display_name": "", "password": "short"}, "/sign-up"
    )
    assert response.status_code == 400
    assert 'id="email" name="email"' in response.text and 'aria-invalid="true"' in response.text
    assert "Enter an email address" in response.text
    assert "Enter your name" in response.text and "at least 8 characters" in response.text


async def test_the_sign_up_page_is_limited_with_retry_after(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(venues.accounts.self_service, "REQUESTS_PER_ADDRESS", 1)
    body = {"email": "again@example.org", "display_name": "X", "password": STRONG_PASSWORD}
    assert (await post_form(client, "/sign-up", body, "/sign-up")).status_code == 200
    limited = await post_form(client, "/sign-up", body, "/sign-up")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


async def test_a_forgotten_password_is_reset_through_the_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    sent = await post_form(client, "/forgot-password", {"email": account.user.email}, "/forgot-password")
    unknown = await post_form(client, "/forgot-password", {"email": "nobody@example.org"}, "/forgot-password")
    assert sent.status_code == unknown.status_code == 200
    assert sent.text.replace(account.user.email, "") == unknown.text.replace("nobody@example.org", "")
    link = path_of(await last_link(account.user.email, "account_reset", "/reset-password/"))
    token = link.rsplit("/", 1)[1]
    done = await post_form(client, "/reset-password", {"token": token, "password": STRONG_PASSWORD}, link)
    assert done.status_code == 200 and "Your password is changed" in done.text
    used = await post_form(client, "/reset-password", {"token": token, "password": STRONG_PASSWORD}, link)
    assert used.status_code == 422
    signed = await post_form(
        client, "/sign-in", {"email": account.user.email, "password": STRONG_PASSWORD, "next": "/"}, "/sign-in"
    )
    assert signed.status_code == 303


async def test_the_account_page_changes_the_password_and_signs_out_everywhere(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    await sign_in(client, account)
    wrong = await post_form(
        client,
        "/account/password",
        {"current_password": "not my password", "new_password": STRONG_PASSWORD},
        "/account",
    )
    assert wrong.status_code == 400 and "current password" in wrong.text
    done = await post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": STRONG_PASSWORD}, "/account"
    )
    assert done.status_code == 200 and "Your password is changed" in done.text
    out = await post_form(client, "/account/sign-out-everywhere", {}, "/account")
    assert out.status_code == 303
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 401
    assert (await client.get("/account")).status_code == 303  # to sign in


async def test_changing_the_password_on_the_page_keeps_this_session_and_ends_the_others(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    await sign_in(client, account)
    done = await post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": STRONG_PASSWORD}, "/account"
    )
    assert done.status_code == 200 and "Your password is changed" in done.text
    assert (await client.get("/account")).status_code == 200  # still signed in here
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 401


async def test_the_account_page_asks_for_a_new_address_by_link(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    await sign_in(client, account)
    asked = await post_form(
        client, "/account/email", {"email": "new@example.org", "current_password": PASSWORD}, "/account"
    )
    assert asked.status_code == 200 and "new@example.org" in asked.text
    link = path_of(await last_link("new@example.org", "account_email_change", "/confirm-email/"))
    done = await post_form(client, "/confirm-email", {"token": link.rsplit("/", 1)[1]}, link)
    assert done.status_code == 200 and "new@example.org" in done.text
    assert await kinds_sent_to(account.user.email) == ["account_email_change_notice"]


async def test_deleting_the_account_on_the_pages_needs_the_confirm_step(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    account = await factory.account()
    await sign_in(client, account)
    form = await client.get("/account/delete")
    assert form.status_code == 200 and "cannot be undone" in form.text
    wrong = await post_form(client, "/account/delete", {"password": "not my password"}, "/account/delete")
    assert wrong.status_code == 400
    assert await User.exists().where(User.id == account.id)
    done = await post_form(client, "/account/delete", {"password": PASSWORD}, "/account/delete")
    assert done.status_code == 303
    assert not await User.exists().where(User.id == account.id)
    assert SESSION_COOKIE not in client.cookies


async def test_a_manager_invites_a_co_manager_from_the_desk_and_others_may_not(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, other = await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=other)
    await sign_in(client, other)
    assert (await client.get(f"/desk/venues/{venue.id}/managers")).status_code == 403
    token = await form_token(client, "/account")
    refused = await client.post(
        f"/desk/venues/{venue.id}/managers/invite", data={"email": "co@example.org", "_csrf_token": token}
    )
    assert refused.status_code == 403
    assert await mails_to("co@example.org") == []
    await sign_in(client, manager)
    url = f"/desk/venues/{venue.id}/managers"
    sent = await post_form(client, f"{url}/invite", {"email": other.user.email}, url)
    assert sent.status_code == 200 and "on its way" in sent.text
    link = path_of(await last_link(other.user.email, "invitation_manager", "/invitations/"))
    await sign_in(client, other)
    accepted = await post_form(client, "/invitations", {"token": link.rsplit("/", 1)[1]}, link)
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/desk/venues/{venue.id}"
    assert (await client.get(url)).status_code == 200


async def test_asking_to_join_a_group_on_its_page_and_the_organiser_approving(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, asker = await factory.account(), await factory.account()
    group = await factory.group(organiser=organiser)
    await sign_in(client, asker)
    asked = await post_form(
        client, f"/groups/{group.id}/join", {"message": "I help on Tuesdays"}, f"/groups/{group.id}"
    )
    assert asked.status_code == 303
    assert "You have asked to join" in (await client.get(f"/groups/{group.id}")).text
    request_id = (await client.get(f"/api/v1/groups/{group.id}/join-requests", headers=organiser.headers)).json()[
        "items"
    ][0]["id"]
    token = await form_token(client, f"/groups/{group.id}")
    refused = await client.post(f"/groups/{group.id}/join-requests/{request_id}/approve", data={"_csrf_token": token})
    assert refused.status_code == 403
    await sign_in(client, organiser)
    shown = await client.get(f"/groups/{group.id}")
    assert "I help on Tuesdays" in shown.text and asker.user.email in shown.text
    approved = await post_form(
        client, f"/groups/{group.id}/join-requests/{request_id}/approve", {}, f"/groups/{group.id}"
    )
    assert approved.status_code == 303
    assert await kinds_sent_to(asker.user.email) == ["group_join_decision"]
    invited = await post_form(
        client, f"/groups/{group.id}/organiser-invitations", {"email": "friend@example.org"}, f"/groups/{group.id}"
    )
    assert invited.status_code == 303
    assert await kinds_sent_to("friend@example.org") == ["invitation_organiser"]


async def test_the_public_group_page_shows_no_join_requests(client: httpx.AsyncClient, factory: Factory) -> None:
    organiser, asker = await factory.account(), await factory.account()
    group = await factory.group(organiser=organiser)
    await client.post(
        f"/api/v1/groups/{group.id}/join-requests", json={"message": "secret note"}, headers=asker.headers
    )
    public = await client.get(f"/groups/{group.id}")
    assert public.status_code == 200
    assert "secret note" not in public.text and asker.user.email not in public.text


async def test_waiting_invitations_are_listed_and_withdrawn_on_the_desk_and_the_group_page_by_their_people_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, other = await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    group = await factory.group(organiser=manager)
    await factory.venue(manager=other)
    for url in (f"/api/v1/venues/{venue.id}/manager-invitations", f"/api/v1/groups/{group.id}/organiser-invitations"):
        sent = await client.post(url, json={"email": "waiting@example.org"}, headers=manager.headers)
        assert sent.status_code == 202
    ids = {
        kind: (await client.get(url, headers=manager.headers)).json()[0]["id"]
        for kind, url in (
            ("venue", f"/api/v1/venues/{venue.id}/manager-invitations"),
            ("group", f"/api/v1/groups/{group.id}/organiser-invitations"),
        )
    }
    desk, group_page = f"/desk/venues/{venue.id}/managers", f"/groups/{group.id}"
    venue_withdraw = f"{desk}/invitations/{ids['venue']}/withdraw"
    group_withdraw = f"/groups/{group.id}/organiser-invitations/{ids['group']}/withdraw"

    await sign_in(client, other)
    assert "waiting@example.org" not in (await client.get(group_page)).text
    token = await form_token(client, "/account")
    for action in (venue_withdraw, group_withdraw):
        assert (await client.post(action, data={"_csrf_token": token})).status_code == 403

    await sign_in(client, manager)
    shown = (await client.get(desk)).text
    assert "waiting@example.org" in shown and f'action="{venue_withdraw}"' in shown
    withdrawn = await post_form(client, venue_withdraw, {}, desk)
    assert withdrawn.status_code == 200 and "The invitation was withdrawn" in withdrawn.text
    assert "waiting@example.org" not in withdrawn.text
    shown = (await client.get(group_page)).text
    assert "waiting@example.org" in shown and f'action="{group_withdraw}"' in shown
    assert (await post_form(client, group_withdraw, {}, group_page)).status_code == 303
    after = (await client.get(group_page)).text
    assert "waiting@example.org" not in after and "The invitation was withdrawn" not in after
    assert "waiting@example.org" not in (await client.get(f"{group_page}?withdrawn=1")).text
    assert (await post_form(client, group_withdraw, {}, group_page)).status_code == 404
