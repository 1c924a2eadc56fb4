"""The outbox: what ``enqueue`` writes, and that it lives or dies with the caller's transaction."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from venues.core.database import write_transaction
from venues.mail.outbox import Attachment, Mail, enqueue
from venues.models import OutboxMessage


def parsed(content: bytes) -> EmailMessage:
    message = message_from_bytes(content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


async def test_enqueue_writes_a_pending_message_with_a_message_id_on_the_senders_domain() -> None:
    async with write_transaction():
        message_id = await enqueue(Mail(to="ann@example.org", subject="Welcome", text="Hello Ann", kind="verify_email"))
    row = await OutboxMessage.objects().where(OutboxMessage.id == message_id).first()
    assert row is not None
    assert (row.status, row.attempts, row.kind, row.recipient) == ("pending", 0, "verify_email", "ann@example.org")
    message = parsed(row.content)
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith("<") and row.message_id.endswith("@testserver>")
    assert message["To"] == "ann@example.org"
    assert message["Subject"] == "Welcome"
    assert message.get_content().strip() == "Hello Ann"


async def test_a_rolled_back_change_leaves_nothing_in_the_outbox() -> None:
    with pytest.raises(RuntimeError, match="changed my mind"):
        async with write_transaction():
            await enqueue(Mail(to="ann@example.org", subject="Welcome", text="Hello", kind="verify_email"))
            raise RuntimeError("changed my mind")
    assert await OutboxMessage.count() == 0


async def test_enqueue_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="write_transaction"):
        await enqueue(Mail(to="ann@example.org", subject="Welcome", text="Hello", kind="verify_email"))
    assert await OutboxMessage.count() == 0


async def test_a_subject_or_name_with_line_breaks_adds_no_header() -> None:
    mail = Mail(
        to="ann@example.org",
        subject="Booking confirmed\r\nBcc: victim@example.net",
        text="Body",
        kind="booking_confirmed",
        from_name="Village Hall\nX-Injected: yes",
        attachments=(Attachment("a\r\nX-File: 1.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR\r\n"),),
    )
    async with write_transaction():
        message_id = await enqueue(mail)
    row = await OutboxMessage.objects().where(OutboxMessage.id == message_id).first()
    assert row is not None
    message = parsed(row.content)
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert message["Subject"] == "Booking confirmed Bcc: victim@example.net"
    assert message["From"].addresses[0].display_name == "Village Hall X-Injected: yes"
    assert all(part["X-File"] is None for part in message.walk())
    # The envelope recipients stay the one address.
    assert row.recipient == "ann@example.org"


async def test_an_international_domain_is_sent_to_in_its_ascii_form() -> None:
    async with write_transaction():
        message_id = await enqueue(Mail(to="ann@münchen.example", subject="Hallo", text="Hi", kind="verify_email"))
    row = await OutboxMessage.objects().where(OutboxMessage.id == message_id).first()
    assert row is not None
    assert row.recipient == "ann@xn--mnchen-3ya.example"
    assert parsed(row.content)["To"] == "ann@xn--mnchen-3ya.example"


@pytest.mark.parametrize(
    "to", ["josé@example.org", "two@example.org, three@example.org", "ann@example.org\r\nBcc: x@y"]
)
async def test_a_recipient_mail_cannot_carry_never_fails_the_change_and_is_recorded_as_failed(to: str) -> None:
    async with write_transaction():
        await enqueue(Mail(to="ann@example.org", subject="Hallo", text="Hi", kind="verify_email"))
        failed_id = await enqueue(Mail(to=to, subject="Hallo", text="Hi", kind="verify_email"))
    rows = {r.id: r for r in await OutboxMessage.objects()}
    assert len(rows) == 2  # the change committed, with the message that can go
    failed = rows[failed_id]
    assert failed.status == "failed" and failed.content == b""
    assert failed.last_error.startswith("Not sent: ") and "mail" in failed.last_error
    assert "\r" not in failed.recipient and "\n" not in failed.recipient
    assert [r.status for r in rows.values() if r.id != failed_id] == ["pending"]


async def test_a_reply_to_mail_cannot_carry_is_left_out_and_the_message_still_goes() -> None:
    async with write_transaction():
        message_id = await enqueue(Mail(to="ann@example.org", subject="Hi", text="Hi", kind="x", reply_to="josé@a.org"))
    row = await OutboxMessage.objects().where(OutboxMessage.id == message_id).first()
    assert row is not None and row.status == "pending"
    assert parsed(row.content)["Reply-To"] is None
