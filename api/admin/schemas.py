"""Response bodies for the site admins' views."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from venues.mail.listing import OutboxStatus


class OutboxMessageOut(Struct):
    id: int
    kind: str
    recipient: str
    subject: str
    message_id: str
    status: OutboxStatus
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
