"""GET /api/v1/admin/outbox: site admins see the mail given up on, and why; nobody else sees the outbox."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import httpx

from tests.factories import Factory
from venues.core import clock
from venues.core.database import write_transaction
from venues.mail.outbox import Mail, enqueue
from venues.mail.sender import deliver_due
from venues.mail.settings import MailSettings

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def unreachable() -> MailSettings:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return MailSettings(
        smtp_url=f"smtp://127.0.0.1:{port}?timeout=5",
        outbox_dir="unused",
        from_address="commonroom@testserver",
        from_name="Commonroom",
        max_attempts=1,
    )


async def failed_and_pending() -> tuple[int, int]:
    with clock.frozen_at(NOON):
        async with write_transaction():
            failed = await enqueue(Mail(to="ann@example.org", subject="Welcome", text="Hi", kind="verify_email"))
        await deliver_due(settings=unreachable())
        async with write_transaction():
            pending = await enqueue(Mail(to="bob@example.org", subject="Later", text="Hi", kind="verify_email"))
    return failed, pending


async def test_admins_see_failed_mail_with_its_last_error(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account(admin=True)
    failed, pending = await failed_and_pending()
    response = await client.get("/api/v1/admin/outbox", params={"status": "failed"}, headers=admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 1
    [item] = body["items"]
    assert (item["id"], item["status"], item["recipient"], item["attempts"]) == (failed, "failed", "ann@example.org", 1)
    assert item["last_error"]
    everything = (await client.get("/api/v1/admin/outbox", headers=admin.headers)).json()
    assert [i["id"] for i in everything["items"]] == [pending, failed]


async def test_an_admin_can_put_a_failed_message_back_in_line(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account(admin=True)
    failed, pending = await failed_and_pending()
    response = await client.post(f"/api/v1/admin/outbox/{failed}/retry", headers=admin.headers)
    assert response.status_code == 204, response.text
    assert (await client.get("/api/v1/admin/outbox?status=failed", headers=admin.headers)).json()["total"] == 0
    listed = (await client.get("/api/v1/admin/outbox?status=pending", headers=admin.headers)).json()["items"]
    assert {i["id"]: i["attempts"] for i in listed} == {failed: 0, pending: 0}
    again = await client.post(f"/api/v1/admin/outbox/{pending}/retry", headers=admin.headers)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert (await client.post("/api/v1/admin/outbox/999999/retry", headers=admin.headers)).status_code == 404


async def test_the_outbox_is_for_site_admins_only(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.account()
    failed, _ = await failed_and_pending()
    assert (await client.get("/api/v1/admin/outbox")).status_code == 401
    refused = await client.get("/api/v1/admin/outbox", params={"status": "failed"}, headers=member.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "ann@example.org" not in refused.text
    assert (await client.post(f"/api/v1/admin/outbox/{failed}/retry", headers=member.headers)).status_code == 403


async def test_an_unknown_status_is_a_400(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account(admin=True)
    response = await client.get("/api/v1/admin/outbox", params={"status": "lost"}, headers=admin.headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_manager_address_mail_cannot_carry_blocks_no_booking_and_admins_see_why(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from tests.api.test_notices_bookings import request, scene
    from venues.models import User

    admin = await factory.account(admin=True)
    s = await scene(factory)
    await User.update({User.email: "josé@example.org"}).where(User.id == s["deputy"].id)
    await request(client, s)  # 201: the request is written, and the others' messages with it

    listed = (await client.get("/api/v1/admin/outbox?status=failed", headers=admin.headers)).json()["items"]
    [item] = listed
    assert (item["recipient"], item["kind"]) == ("josé@example.org", "new_request")
    assert "SMTPUTF8" in item["last_error"]
    pending = (await client.get("/api/v1/admin/outbox?status=pending", headers=admin.headers)).json()["items"]
    assert len(pending) == 2  # the manager's request notice and the organiser's "received"
    # It has nothing to send: trying again is refused, not an empty message.
    again = await client.post(f"/api/v1/admin/outbox/{item['id']}/retry", headers=admin.headers)
    assert again.status_code == 409 and "never built" in again.json()["detail"]
