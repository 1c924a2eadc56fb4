"""Reading what the account pages and routes sent: messages from the outbox and the links in them."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import cast

from venues.models import OutboxMessage

STRONG_PASSWORD = "a long enough passphrase"


async def mails_to(address: str, kind: str | None = None) -> list[EmailMessage]:
    """Messages queued for ``address`` (optionally of one kind), oldest first."""
    query = OutboxMessage.select(OutboxMessage.content, OutboxMessage.kind).where(OutboxMessage.recipient == address)
    rows = await query.order_by(OutboxMessage.id)
    return [
        cast(EmailMessage, message_from_bytes(bytes(row["content"]), policy=policy.default))
        for row in rows
        if kind is None or row["kind"] == kind
    ]


async def kinds_sent_to(address: str) -> list[str]:
    rows = (
        await OutboxMessage.select(OutboxMessage.kind)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id)
    )
    return [row["kind"] for row in rows]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return cast(str, part.get_content())


def link_in(message: EmailMessage, path: str) -> str:
    """The absolute link in the message's text whose path starts with ``path`` (e.g. ``/verify-email/``)."""
    found = re.search(rf"https?://\S+{re.escape(path)}[A-Za-z0-9_-]+", text_of(message))
    assert found, text_of(message)
    return found.group(0)


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


async def last_link(address: str, kind: str, path: str) -> str:
    messages = await mails_to(address, kind)
    assert messages, f"no {kind} message to {address}"
    return link_in(messages[-1], path)
