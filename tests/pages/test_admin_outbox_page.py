"""/admin/outbox: a site admin sees the mail given up on and why, and sends it again; nobody else sees it."""

from __future__ import annotations

import httpx

from tests.api.test_admin_outbox import failed_and_pending
from tests.factories import Factory
from tests.pages.support import post_form, sign_in
from venues.models import OutboxMessage

PAGE = "/admin/outbox"


async def test_an_admin_sees_mail_given_up_on_with_the_servers_answer_and_sends_it_again(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    failed, pending = await failed_and_pending()
    admin = await factory.account("admin", admin=True)
    await sign_in(client, admin)
    desk = await client.get("/desk")
    assert 'href="/admin/outbox"' in desk.text

    shown = await client.get(PAGE)
    assert shown.status_code == 200
    assert (
        "Welcome" in shown.text and "ann@example.org" in shown.text and "Last answer from the mail server" in shown.text
    )
    assert "Later" not in shown.text  # waiting mail is under its own status, not with the failures
    waiting = await client.get(PAGE, params={"status": "pending"})
    assert "Later" in waiting.text and "Welcome" not in waiting.text

    again = await post_form(client, f"{PAGE}/{failed}/retry", {}, PAGE)
    assert again.status_code == 303 and again.headers["location"] == f"{PAGE}?retried=1"
    row = (
        await OutboxMessage.select(OutboxMessage.status, OutboxMessage.attempts)
        .where(OutboxMessage.id == failed)
        .first()
    )
    assert row == {"status": "pending", "attempts": 0}
    assert "Welcome" not in (await client.get(PAGE)).text

    # A message that has not failed cannot be "sent again": the page says why instead of changing it.
    refused = await post_form(client, f"{PAGE}/{pending}/retry", {}, PAGE)
    assert refused.status_code == 409 and "only a failed message" in refused.text


async def test_nobody_but_an_admin_sees_the_outbox_page_or_sends_from_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    failed, _ = await failed_and_pending()
    anonymous = await client.get(PAGE)
    assert anonymous.status_code in (302, 303) and "/sign-in" in anonymous.headers["location"]
    manager = await factory.account("manager")
    await factory.venue(manager)
    await sign_in(client, manager)
    assert 'href="/admin/outbox"' not in (await client.get("/desk")).text
    refused = await client.get(PAGE)
    assert refused.status_code == 403 and "ann@example.org" not in refused.text
    posted = await post_form(client, f"{PAGE}/{failed}/retry", {}, "/desk")
    assert posted.status_code == 403
    row = await OutboxMessage.select(OutboxMessage.status).where(OutboxMessage.id == failed).first()
    assert row == {"status": "failed"}
