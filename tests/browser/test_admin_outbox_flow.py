"""A site admin finds the mail the server would not take on their desk, reads why, and sends it again."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from tests.api.test_admin_outbox import failed_and_pending
from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from venues.models import OutboxMessage


async def test_an_admin_sends_a_message_given_up_on_again_from_the_desk(page: Any, factory: Factory) -> None:
    failed, _ = await failed_and_pending()
    admin = await factory.account("admin", admin=True)
    await sign_in(page, admin)
    await page.goto("/desk")
    await page.get_by_role("link", name="Outgoing mail").click()
    await expect(page.get_by_text("ann@example.org")).to_be_visible()
    await expect(page.get_by_text("Last answer from the mail server")).to_be_visible()
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="Send “Welcome” again").click()
    await expect(page.get_by_role("status")).to_contain_text("back in line")
    await expect(page.get_by_text("ann@example.org")).to_have_count(0)
    row = await OutboxMessage.select(OutboxMessage.status).where(OutboxMessage.id == failed).first()
    assert row == {"status": "pending"}
