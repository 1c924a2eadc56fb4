"""The sender: a real SMTP server in process receives what the outbox holds, once, whatever it answers."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.venues.mail.smtp_server import Recorder, smtp_server
from venues.core import clock
from venues.core.database import write_transaction
from venues.mail.outbox import Attachment, Mail, enqueue
from venues.mail.sender import backoff, claim, deliver_due, forget_old
from venues.mail.settings import MailSettings
from venues.mail.transports import Envelope
from venues.models import OutboxMessage

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
INVITATION = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def settings(smtp_url: str = "", outbox_dir: str = "unused", max_attempts: int = 3) -> MailSettings:
    return MailSettings(
        smtp_url=smtp_url,
        outbox_dir=outbox_dir,
        from_address="commonroom@testserver",
        from_name="Commonroom",
        max_attempts=max_attempts,
    )


def smtp(port: int) -> MailSettings:
    return settings(f"smtp://127.0.0.1:{port}?timeout=5")


def welcome(to: str = "ann@example.org", **fields: object) -> Mail:
    mail = Mail(to=to, subject="Welcome to the hall", text="Hello Ann,\nyour account is ready.", kind="verify_email")
    return replace(mail, **fields)


async def enqueued(*mails: Mail) -> list[int]:
    async with write_transaction():
        return [await enqueue(mail) for mail in mails]


async def row(outbox_id: int) -> OutboxMessage:
    found = await OutboxMessage.objects().where(OutboxMessage.id == outbox_id).first()
    assert found is not None
    return found


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_real_smtp_server_receives_the_message_with_its_parts_and_attachment() -> None:
    recorder = Recorder()
    mail = welcome(
        html="<p>Hello Ann, your account is <b>ready</b>.</p>",
        reply_to="desk@village-hall.example",
        from_name="Village Hall",
        subject="Booking confirmed: Yoga, Tuesday 1 December — café",
        attachments=(
            Attachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", INVITATION, inline=True),
            Attachment("invite.ics", "application/ics", INVITATION),
        ),
    )
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(mail)
        async with smtp_server(recorder) as port:
            done = await deliver_due(settings=smtp(port))
    assert done.sent == [outbox_id]
    [arrival] = recorder.arrived
    assert arrival.mail_from == "commonroom@testserver"
    assert arrival.rcpt_tos == ["ann@example.org"]
    message = arrival.message
    stored = await row(outbox_id)
    assert message["Message-ID"] == stored.message_id
    assert message["Subject"] == "Booking confirmed: Yoga, Tuesday 1 December — café"
    assert message["From"].addresses[0].display_name == "Village Hall"
    assert message["From"].addresses[0].addr_spec == "commonroom@testserver"
    assert message["Reply-To"] == "desk@village-hall.example"
    assert message["Date"].datetime == NOON
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Hello Ann,\nyour account is ready.\n"
    assert "<b>ready</b>" in message.get_body(("html",)).get_content()
    calendars = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1 and calendars[0].get_param("method") == "REQUEST"
    assert calendars[0].get_content().replace("\r\n", "\n") == INVITATION.decode().replace("\r\n", "\n")
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "invite.ics" and attached.get_content() == INVITATION
    assert (stored.status, stored.attempts, stored.sent_at) == ("sent", 1, NOON)


async def test_a_server_that_refuses_then_accepts_gets_each_message_once() -> None:
    recorder = Recorder(refusals=2)
    with clock.frozen_at(NOON):
        ids = await enqueued(welcome("ann@example.org"), welcome("bob@example.org"))
    async with smtp_server(recorder) as port:
        with clock.frozen_at(NOON):
            first = await deliver_due(settings=smtp(port))
        assert (first.sent, first.retrying) == ([], ids)
        assert recorder.arrived == []
        stored = await row(ids[0])
        assert (stored.status, stored.attempts, stored.next_attempt_at) == ("pending", 1, NOON + backoff(1))
        assert "451" in stored.last_error
        with clock.frozen_at(NOON + backoff(1) - timedelta(seconds=1)):
            assert (await deliver_due(settings=smtp(port))).sent == []  # not due yet
        with clock.frozen_at(NOON + backoff(1)):
            assert sorted((await deliver_due(settings=smtp(port))).sent) == ids
            assert (await deliver_due(settings=smtp(port))).sent == []
    assert sorted(arrival.rcpt_tos[0] for arrival in recorder.arrived) == ["ann@example.org", "bob@example.org"]
    assert recorder.refused == 2


async def test_a_retry_after_a_lost_acknowledgement_carries_the_same_message_id() -> None:
    # The server keeps the message but its answer says otherwise: the retry is the same message.
    recorder = Recorder(refusals=1, keep_refused=True)
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        async with smtp_server(recorder) as port:
            await deliver_due(settings=smtp(port))
            with clock.frozen_at(NOON + backoff(1)):
                await deliver_due(settings=smtp(port))
    first, second = recorder.arrived
    assert first.message["Message-ID"] == second.message["Message-ID"] == (await row(outbox_id)).message_id
    assert first.content == second.content


async def test_an_unreachable_server_leaves_the_message_pending_with_backoff() -> None:
    unreachable = smtp(closed_port())
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())  # enqueueing never touches the network
        done = await deliver_due(settings=unreachable)
    assert done.retrying == [outbox_id]
    stored = await row(outbox_id)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("pending", 1, NOON + timedelta(minutes=1))
    assert stored.last_error
    with clock.frozen_at(NOON + timedelta(minutes=1)):
        await deliver_due(settings=unreachable)
    stored = await row(outbox_id)
    assert (stored.attempts, stored.next_attempt_at) == (2, NOON + timedelta(minutes=3))


def test_backoff_doubles_from_a_minute_up_to_four_hours() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(9) == backoff(30) == timedelta(hours=4)


async def test_after_the_last_attempt_the_message_is_failed_and_never_tried_again() -> None:
    unreachable = settings(f"smtp://127.0.0.1:{closed_port()}?timeout=5", max_attempts=2)
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        assert (await deliver_due(settings=unreachable)).retrying == [outbox_id]
    with clock.frozen_at(NOON + backoff(1)):
        assert (await deliver_due(settings=unreachable)).failed == [outbox_id]
    with clock.frozen_at(NOON + timedelta(days=30)):
        assert (await deliver_due(settings=unreachable)).failed == []
    stored = await row(outbox_id)
    assert (stored.status, stored.attempts) == ("failed", 2)


async def test_a_recipient_refused_for_good_fails_at_once() -> None:
    recorder = Recorder(refuse_recipients="550 5.1.1 No such mailbox")
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        async with smtp_server(recorder) as port:
            assert (await deliver_due(settings=smtp(port))).failed == [outbox_id]
    stored = await row(outbox_id)
    assert (stored.status, stored.attempts) == ("failed", 1)
    assert "No such mailbox" in stored.last_error


# The in-process server has no certificate; the login crosses loopback only.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_a_server_that_asks_for_a_login_gets_the_urls_user_and_password() -> None:
    recorder = Recorder()
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        async with smtp_server(recorder, login=("hall@example.org", "p@ss word")) as port:
            wrong = settings(f"smtp://hall%40example.org:nope@127.0.0.1:{port}?starttls=0&insecure_auth=1&timeout=1")
            assert (await deliver_due(settings=wrong)).retrying == [outbox_id]
            right = settings(f"smtp://hall%40example.org:p%40ss%20word@127.0.0.1:{port}?starttls=0&insecure_auth=1")
            with clock.frozen_at(NOON + backoff(1)):
                assert (await deliver_due(settings=right)).sent == [outbox_id]
    assert len(recorder.arrived) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("options", ["", "?starttls=0"])
async def test_a_password_is_never_sent_without_tls_unless_the_url_allows_it(options: str) -> None:
    recorder = Recorder()
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        # The in-process server offers no STARTTLS, as when a meddler strips the offer.
        async with smtp_server(recorder, login=("hall@example.org", "secret")) as port:
            url = f"smtp://hall%40example.org:secret@127.0.0.1:{port}{options}"
            assert (await deliver_due(settings=settings(url))).retrying == [outbox_id]
    assert recorder.logins == [] and recorder.arrived == []
    stored = await row(outbox_id)
    assert stored.status == "pending" and "secret" not in stored.last_error
    assert stored.last_error.startswith("Not logged in: the password goes only over TLS")
    assert "insecure_auth=1" in stored.last_error


async def test_a_rolled_back_change_sends_nothing() -> None:
    recorder = Recorder()
    try:
        async with write_transaction():
            await enqueue(welcome())
            raise LookupError("the change was refused")
    except LookupError:
        pass
    async with smtp_server(recorder) as port:
        assert (await deliver_due(settings=smtp(port))).sent == []
    assert recorder.arrived == []


async def test_a_name_or_subject_with_line_breaks_adds_no_header_on_the_wire() -> None:
    recorder = Recorder()
    with clock.frozen_at(NOON):
        await enqueued(
            welcome(
                subject="Your booking\r\nBcc: everyone@example.net",
                from_name="Hall\r\nX-Injected: 1",
                reply_to="desk@example.org",
            )
        )
        async with smtp_server(recorder) as port:
            await deliver_due(settings=smtp(port))
    [arrival] = recorder.arrived
    assert arrival.rcpt_tos == ["ann@example.org"]
    headers = [name.lower() for name in arrival.message.keys()]
    assert "bcc" not in headers and "x-injected" not in headers
    assert arrival.message["Subject"] == "Your booking Bcc: everyone@example.net"


async def test_without_an_smtp_url_each_message_becomes_an_eml_file(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome(html="<p>Hello</p>"))
        assert (await deliver_due(settings=settings(outbox_dir=str(folder)))).sent == [outbox_id]
    files = list(folder.iterdir())
    assert [file.name for file in files] == [f"{outbox_id}.eml"]
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["Message-ID"] == (await row(outbox_id)).message_id
    assert message["To"] == "ann@example.org"
    assert message.get_body(("plain",)).get_content().startswith("Hello Ann")


class Recording:
    """A transport that notes which sender delivered what, letting the others run between messages."""

    budget_seconds = 5.0

    def __init__(self) -> None:
        self.delivered: list[tuple[str, int]] = []

    def as_sender(self, name: str) -> SenderView:
        return SenderView(self, name)


class SenderView:
    budget_seconds = 5.0

    def __init__(self, recording: Recording, name: str) -> None:
        self.recording = recording
        self.name = name

    async def deliver(self, envelope: Envelope) -> None:
        self.recording.delivered.append((self.name, envelope.outbox_id))
        await asyncio.sleep(0)


async def test_ten_senders_racing_over_one_outbox_never_deliver_the_same_message() -> None:
    with clock.frozen_at(NOON):
        ids = await enqueued(*[welcome(f"member{n}@example.org") for n in range(200)])
        recording = Recording()
        await asyncio.gather(
            *[
                deliver_due(recording.as_sender(f"s{n}"), settings=settings(), batch_size=7, token=f"s{n}")
                for n in range(10)
            ]
        )
    delivered = [outbox_id for _, outbox_id in recording.delivered]
    assert sorted(delivered) == ids  # every message once, none twice
    assert len({name for name, _ in recording.delivered}) > 1  # they did race
    assert await OutboxMessage.count().where(OutboxMessage.status == "sent") == 200


async def test_concurrent_claims_never_overlap() -> None:
    with clock.frozen_at(NOON):
        ids = await enqueued(*[welcome(f"member{n}@example.org") for n in range(200)])

        async def claim_all(token: str) -> list[int]:
            mine: list[int] = []
            while batch := await claim(token, 3, timedelta(minutes=5)):
                mine.extend(message.id for message in batch)
            return mine

        claims = await asyncio.gather(*[claim_all(f"s{n}") for n in range(10)])
    every = [outbox_id for mine in claims for outbox_id in mine]
    assert sorted(every) == ids
    for token, mine in zip((f"s{n}" for n in range(10)), claims, strict=True):
        held = await OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.claimed_by == token)
        assert sorted(r["id"] for r in held) == sorted(mine)


async def test_a_claim_left_by_a_sender_that_died_is_taken_up_after_it_expires() -> None:
    with clock.frozen_at(NOON):
        [outbox_id] = await enqueued(welcome())
        [taken] = await claim("dead", 10, timedelta(minutes=5))
        assert taken.id == outbox_id
        assert await claim("alive", 10, timedelta(minutes=5)) == []
    with clock.frozen_at(NOON + timedelta(minutes=5, seconds=1)):
        [again] = await claim("alive", 10, timedelta(minutes=5))
    assert (again.id, again.attempts, again.message_id) == (outbox_id, 2, taken.message_id)


async def test_an_unreachable_server_costs_one_attempt_a_round_not_one_a_message() -> None:
    unreachable = smtp(closed_port())
    with clock.frozen_at(NOON):
        first, *others = await enqueued(*[welcome(f"member{n}@example.org") for n in range(3)])
        done = await deliver_due(settings=unreachable)
    assert (done.sent, done.retrying, done.failed) == ([], [first], [])
    untried = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.claimed_by).where(
        OutboxMessage.id.is_in(others)
    )
    assert untried == [{"status": "pending", "attempts": 0, "claimed_by": None}] * 2
    recorder = Recorder()
    async with smtp_server(recorder) as port:
        with clock.frozen_at(NOON):  # the server is back: the untried ones go at once, the first after its wait
            assert sorted((await deliver_due(settings=smtp(port))).sent) == others
        with clock.frozen_at(NOON + backoff(1)):
            assert (await deliver_due(settings=smtp(port))).sent == [first]
    assert len(recorder.arrived) == 3


async def test_sent_mail_is_deleted_after_the_days_kept_and_failed_mail_after_ninety(tmp_path: Path) -> None:
    files = settings(outbox_dir=str(tmp_path), max_attempts=1)
    with clock.frozen_at(NOON):
        [sent, recent] = await enqueued(welcome("ann@example.org"), welcome("bob@example.org"))
        [failed] = await enqueued(welcome("cat@example.org"))
        await OutboxMessage.update({OutboxMessage.status: "failed", OutboxMessage.next_attempt_at: NOON}).where(
            OutboxMessage.id == failed
        )
        assert (await deliver_due(settings=files)).sent == [sent, recent]
    await OutboxMessage.update({OutboxMessage.sent_at: NOON + timedelta(days=5)}).where(OutboxMessage.id == recent)

    async def left() -> list[int]:
        return [r["id"] for r in await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id)]

    with clock.frozen_at(NOON + timedelta(days=30)):
        assert (await deliver_due(settings=files)).forgotten == 0  # 30 days is still kept
        assert await left() == [sent, recent, failed]
    with clock.frozen_at(NOON + timedelta(days=31)):
        assert (await deliver_due(settings=files)).forgotten == 1
        assert await left() == [recent, failed]  # sent 31 days ago goes; the failed one stays for admins
    with clock.frozen_at(NOON + timedelta(days=36)):
        assert (await deliver_due(settings=replace(files, keep_sent_days=40))).forgotten == 0  # the setting counts
    with clock.frozen_at(NOON + timedelta(days=89)):
        await deliver_due(settings=files)
        assert await left() == [failed]
    with clock.frozen_at(NOON + timedelta(days=91)):
        await deliver_due(settings=files)
        assert await left() == []


async def test_forgetting_takes_a_bounded_batch_each_round(tmp_path: Path) -> None:
    files = settings(outbox_dir=str(tmp_path))
    with clock.frozen_at(NOON):
        ids = await enqueued(*(welcome(f"p{n}@example.org") for n in range(5)))
        assert (await deliver_due(settings=files)).sent == ids
    with clock.frozen_at(NOON + timedelta(days=31)):
        assert await forget_old(files, limit=2) == 2
        assert await OutboxMessage.count() == 3
        assert await forget_old(files, limit=2) == 2
        assert await forget_old(files, limit=2) == 1
        assert await OutboxMessage.count() == 0
