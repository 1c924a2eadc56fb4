"""Delivering the outbox: claim what is due, hand it to the transport, record how it went.

A claim is one statement that moves due messages to ``sending`` under a fresh token, with
``claimed_until`` far enough ahead for the whole batch to be delivered (each delivery is bounded
by the transport's ``budget_seconds``). On PostgreSQL the rows are picked ``FOR UPDATE SKIP
LOCKED``, so concurrent senders take different messages without waiting on each other; on SQLite
the statement runs under the database's one write lock (``BEGIN IMMEDIATE``). Either way two
senders never hold the same message, and a claim left by a sender that died expires and is taken
up again.

One sender across workers: every ``commonroom serve`` worker runs ``send_periodically``, whose turns
run in the one process holding the ``send-mail`` lease (``venues.core.leases``), so many machines'
workers do not each poll; ``commonroom send-mail`` may run from cron beside them. The claim, not the
lease, is what makes a message one sender's (cron and a serving worker overlap, a lease holder can
stall past its lease). Idle polling costs the lease's renewal and one indexed read per interval.

A failed attempt is tried again after ``backoff`` (one minute, doubling, at most four hours); after
``max_attempts`` (``COMMONROOM_MAIL_MAX_ATTEMPTS``, default 8: about eight hours of outage) or a
permanent refusal (a 5xx for the recipient) the message is ``failed`` and listed to site admins.
A server that cannot be reached (or will not talk: TLS, login) ends the round after one attempt,
handing the rest of the batch back untried, so an outage costs one attempt a round, not one a message.
Sent messages hold personal data (an address, a booking's words), so each round first deletes those
sent more than ``keep_sent_days`` ago (``COMMONROOM_MAIL_KEEP_SENT_DAYS``, default 30), and failed ones
given up on more than ``KEEP_FAILED`` (90 days) ago, which admins had that long to see and try again; at
most ``FORGET_BATCH`` a round, so a large backlog goes over several rounds without holding the write lock
long. It costs a read when there is nothing to delete.
SMTP cannot promise exactly once: if the server took the message but its answer was lost, the
retry carries the same Message-ID, which is how the receiving side recognises the duplicate.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from piccolo.columns.combination import Or

from venues.core import clock, leases
from venues.core.database import is_postgres, write_transaction
from venues.mail.settings import MailSettings, mail_settings
from venues.mail.transports import DeliveryFailed, Envelope, Transport, configured_transport
from venues.models import OutboxMessage

log = logging.getLogger(__name__)

BATCH_SIZE = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=4)
KEEP_FAILED = timedelta(days=90)
FORGET_BATCH = 500


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most four hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


@dataclass(frozen=True)
class Claimed:
    id: int
    message_id: str
    recipient: str
    content: bytes
    attempts: int


@dataclass
class Delivered:
    """What one run of ``deliver_due`` did, by outbox id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    forgotten: int = 0  # old sent or failed messages deleted this round


_DUE = "((status = 'pending' AND next_attempt_at <= {}) OR (status = 'sending' AND claimed_until < {}))"


async def anything_due() -> bool:
    """A read, no lock: whether a claim would find something now."""
    now = clock.now()
    pending = (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)
    stale = (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now)
    return await OutboxMessage.exists().where(pending | stale)


def _old(settings: MailSettings) -> Or:
    now = clock.now()
    sent = (OutboxMessage.status == "sent") & (OutboxMessage.sent_at < now - timedelta(days=settings.keep_sent_days))
    # A failed message's next_attempt_at is when it was given up on (retrying makes it pending again).
    failed = (OutboxMessage.status == "failed") & (OutboxMessage.next_attempt_at < now - KEEP_FAILED)
    return sent | failed


async def forget_old(settings: MailSettings, limit: int = FORGET_BATCH) -> int:
    """Delete up to ``limit`` messages sent longer ago than the settings keep them, or failed over 90 days ago."""
    if not await OutboxMessage.exists().where(_old(settings)):
        return 0
    async with write_transaction():
        rows = (
            await OutboxMessage.select(OutboxMessage.id).where(_old(settings)).order_by(OutboxMessage.id).limit(limit)
        )
        ids = [row["id"] for row in rows]
        if ids:
            await OutboxMessage.delete().where(OutboxMessage.id.is_in(ids))
    return len(ids)


async def claim(token: str, limit: int, hold: timedelta) -> list[Claimed]:
    """Make up to ``limit`` due messages this sender's (``token``) until now + ``hold``; counts the attempt."""
    now = clock.now()
    lock = " FOR UPDATE SKIP LOCKED" if is_postgres() else ""
    sql = (
        f"WITH picked AS (SELECT id FROM outbox_message WHERE {_DUE} ORDER BY next_attempt_at, id LIMIT {{}}{lock}) "
        "UPDATE outbox_message SET status = 'sending', claimed_by = {}, claimed_until = {}, attempts = attempts + 1 "
        f"WHERE id IN (SELECT id FROM picked) AND {_DUE} "
        "RETURNING id, message_id, recipient, content, attempts"
    )
    async with write_transaction():
        rows = await OutboxMessage.raw(sql, now, now, limit, token, now + hold, now, now)
    claimed = [
        Claimed(
            id=int(row["id"]),
            message_id=str(row["message_id"]),
            recipient=str(row["recipient"]),
            content=bytes(row["content"]),
            attempts=int(row["attempts"]),
        )
        for row in rows
    ]
    return sorted(claimed, key=lambda message: message.id)


async def _record_sent(message: Claimed, token: str) -> None:
    now = clock.now()
    await OutboxMessage.update(
        {
            OutboxMessage.status: "sent",
            OutboxMessage.sent_at: now,
            OutboxMessage.last_error: "",
            OutboxMessage.claimed_by: None,
            OutboxMessage.claimed_until: None,
        }
    ).where((OutboxMessage.id == message.id) & (OutboxMessage.claimed_by == token))


async def _record_failure(message: Claimed, token: str, error: DeliveryFailed, settings: MailSettings) -> bool:
    """Back off, or give up; True when the message is now ``failed``."""
    gives_up = error.permanent or message.attempts >= settings.max_attempts
    now = clock.now()
    await OutboxMessage.update(
        {
            OutboxMessage.status: "failed" if gives_up else "pending",
            OutboxMessage.next_attempt_at: now if gives_up else now + backoff(message.attempts),
            OutboxMessage.last_error: error.detail,
            OutboxMessage.claimed_by: None,
            OutboxMessage.claimed_until: None,
        }
    ).where((OutboxMessage.id == message.id) & (OutboxMessage.claimed_by == token))
    return gives_up


async def deliver_due(
    transport: Transport | None = None,
    *,
    settings: MailSettings | None = None,
    batch_size: int = BATCH_SIZE,
    token: str | None = None,
) -> Delivered:
    """Claim and deliver batches until nothing is due now; what was sent, is waiting to retry, or failed."""
    settings = settings or mail_settings()
    transport = transport or configured_transport(settings)
    token = token or uuid.uuid4().hex
    hold = timedelta(seconds=batch_size * transport.budget_seconds + 60)
    done = Delivered()
    done.forgotten = await forget_old(settings)
    while await anything_due():
        batch = await claim(token, batch_size, hold)
        if not batch:
            break
        for position, message in enumerate(batch):
            envelope = Envelope(message.id, settings.from_address, message.recipient, message.content)
            try:
                await transport.deliver(envelope)
            except DeliveryFailed as error:
                log.warning("Mail %s to outbox %s not delivered: %s", message.message_id, message.id, error.detail)
                if await _record_failure(message, token, error, settings):
                    done.failed.append(message.id)
                else:
                    done.retrying.append(message.id)
                if error.unavailable:
                    # The server is down or will not talk: one attempt a round tells us when it is back,
                    # rather than every message spending an attempt (and a timeout) on it.
                    await _release(batch[position + 1 :], token)
                    return done
            else:
                await _record_sent(message, token)
                done.sent.append(message.id)
    return done


async def _release(messages: list[Claimed], token: str) -> None:
    """Hand back claimed messages that were not tried: still due, their attempt not counted."""
    for message in messages:
        await OutboxMessage.update(
            {
                OutboxMessage.status: "pending",
                OutboxMessage.attempts: message.attempts - 1,
                OutboxMessage.claimed_by: None,
                OutboxMessage.claimed_until: None,
            }
        ).where((OutboxMessage.id == message.id) & (OutboxMessage.claimed_by == token))


async def send_periodically(every: float, wait: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
    """``deliver_due`` now and after every ``wait(every)``, for as long as the worker runs.

    A failed round (the database or the settings) is logged and the next one tries again; the
    messages stay in the outbox meanwhile.
    """
    await leases.periodically(
        "send-mail", every, lambda: deliver_due(), "Sending mail failed; trying again in %s seconds.", wait
    )
