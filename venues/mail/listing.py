"""What is in the outbox, for the site admins who need to see what did not go (and why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.i18n import _
from venues.mail.outbox import NOT_BUILT
from venues.models import OutboxMessage


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    kind: str
    recipient: str
    subject: str
    message_id: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


async def list_outbox(status: OutboxStatus | None, limit: int, offset: int) -> tuple[list[OutboxEntry], int]:
    """Messages (newest first), all or in one status, and how many there are."""
    where = OutboxMessage.status == status.value if status else None
    query = OutboxMessage.select(
        OutboxMessage.id,
        OutboxMessage.kind,
        OutboxMessage.recipient,
        OutboxMessage.subject,
        OutboxMessage.message_id,
        OutboxMessage.status,
        OutboxMessage.attempts,
        OutboxMessage.last_error,
        OutboxMessage.created_at,
        OutboxMessage.next_attempt_at,
        OutboxMessage.sent_at,
    ).order_by(OutboxMessage.id, ascending=False)
    count = OutboxMessage.count()
    if where is not None:
        query = query.where(where)
        count = count.where(where)
    rows = await query.limit(limit).offset(offset)
    return [OutboxEntry(**row) for row in rows], await count


async def retry_failed(outbox_id: int) -> None:
    """Put a failed message back in line, due now with its attempts counted afresh (same Message-ID)."""
    async with write_transaction():
        found = (
            await OutboxMessage.select(OutboxMessage.status, OutboxMessage.last_error)
            .where(OutboxMessage.id == outbox_id)
            .first()
        )
        if found is None:
            raise NotFound(_("There is no message %(outbox_id)s in the outbox.") % {"outbox_id": outbox_id})
        if found["status"] != OutboxStatus.failed:
            raise Conflict(
                _("Message %(outbox_id)s is %(found)s; only a failed message can be tried again.")
                % {"outbox_id": outbox_id, "found": found["status"]}
            )
        if str(found["last_error"]).startswith(NOT_BUILT):
            raise Conflict(
                _("Message %(outbox_id)s was never built: %(found)s")
                % {"outbox_id": outbox_id, "found": found["last_error"]}
            )
        await OutboxMessage.update(
            {
                OutboxMessage.status: OutboxStatus.pending.value,
                OutboxMessage.attempts: 0,
                OutboxMessage.next_attempt_at: clock.now(),
            }
        ).where(OutboxMessage.id == outbox_id)
