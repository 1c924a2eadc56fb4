"""The outbox: mail written in the same transaction as the change that causes it.

A change that commits leaves its messages behind for the sender (``venues.mail.sender``); a change
that rolls back takes them with it; a mail server that is down delays them without losing them.
The message is built here, once: its Message-ID (``<uuid@sender's domain>``) and bytes are the
same on every attempt to deliver it.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from venues.core import clock
from venues.core.database import current_engine
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.mail.settings import MailSettings, mail_settings
from venues.models import OutboxMessage

NOT_BUILT = "Not sent: "  # last_error of a message that could not be built (it has no content to send)

log = logging.getLogger(__name__)

# SMTP line endings, and only 7-bit data on the wire: any server takes it, 8BITMIME or not.
POLICY = policy.SMTP.clone(cte_type="7bit")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. 'text/calendar; method=REQUEST; charset=utf-8'
    data: bytes
    inline: bool = False  # True: a text/calendar alternative part, as mail clients expect for invitations


@dataclass(frozen=True)
class Mail:
    to: str  # one address
    subject: str  # single line: CR/LF and other control characters are folded to spaces when building the message
    text: str  # plain text body
    kind: str  # e.g. 'verify_email', 'booking_confirmed' (used for preferences/digests by others)
    html: str | None = None
    reply_to: str | None = None
    from_name: str | None = None  # e.g. the venue's name; the address is the configured sender
    attachments: tuple[Attachment, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # extra headers, e.g. List-Unsubscribe on digests (RFC 2369, 8058)


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters as spaces, runs of spaces as one.

    Names and subjects go into headers; a line break there would start a header of its own.
    """
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in "\u0085" else c for c in text)
    return " ".join(cleaned.split())


def _address(field: str, value: str, display_name: str = "") -> Address:
    """One address for a header; an international domain in its ASCII (IDNA) form.

    A local part beyond ASCII would need SMTPUTF8, which many servers lack: refused rather than mangled
    (``enqueue`` records such a recipient's message as failed rather than failing the change).
    """
    addr = value.strip()
    refused = InvalidInput(field, _("%(value)r is not one email address that mail can be sent to.") % {"value": value})
    if not addr or one_line(addr) != addr or " " in addr or addr.count("@") != 1:
        raise refused
    local, _unused, domain = addr.rpartition("@")
    try:
        if not domain.isascii():
            domain = domain.encode("idna").decode("ascii")
        if not local.isascii():
            raise InvalidInput(
                field,
                _("%(value)r has letters beyond ASCII before the @, which mail without SMTPUTF8 cannot carry.")
                % {"value": value},
            )
        return Address(display_name=one_line(display_name), username=local, domain=domain)
    except (ValueError, IndexError, UnicodeError) as error:
        raise refused from error


def new_message_id(settings: MailSettings) -> str:
    return f"<{uuid.uuid4()}@{settings.domain}>"


def build_message(mail: Mail, message_id: str, settings: MailSettings) -> EmailMessage:
    """The RFC 5322 message for ``mail``: text, then HTML and inline calendars as alternatives, then attachments."""
    message = EmailMessage(policy=POLICY)
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(clock.now())
    message["From"] = _address("from", settings.from_address, mail.from_name or settings.from_name)
    message["To"] = _address("to", mail.to)
    if mail.reply_to:
        message["Reply-To"] = _address("reply_to", mail.reply_to)
    message["Subject"] = one_line(mail.subject)
    # RFC 3834: a message the system sent, so vacation responders leave it alone.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in mail.headers:
        message[one_line(name)] = one_line(value)
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        maintype, subtype, params = _content_type(attachment.content_type)
        filename = one_line(attachment.filename) or "attachment"
        if attachment.inline:
            if maintype != "text":
                raise ValueError(f"An inline part is a text alternative (text/calendar), not {maintype}/{subtype}")
            charset = params.pop("charset", "utf-8")
            message.add_alternative(attachment.data.decode(charset), subtype=subtype, charset=charset, params=params)
        else:
            message.add_attachment(attachment.data, maintype, subtype, filename=filename, params=params)
    return message


def _built(mail: Mail, message_id: str, settings: MailSettings) -> EmailMessage:
    try:
        return build_message(mail, message_id, settings)
    except InvalidInput as refused:
        if refused.field != "reply_to":
            raise
        return build_message(replace(mail, reply_to=None), message_id, settings)


async def _not_built(mail: Mail, message_id: str, why: str, now: datetime) -> int:
    log.warning("Mail to %r not sent: %s", mail.to, why)
    rows = await OutboxMessage.insert(
        OutboxMessage(
            message_id=message_id,
            kind=one_line(mail.kind)[:64],
            recipient=one_line(mail.to)[:320],
            subject=one_line(mail.subject),
            content=b"",
            status="failed",
            attempts=0,
            next_attempt_at=now,
            last_error=f"{NOT_BUILT}{why}",
            created_at=now,
        )
    ).returning(OutboxMessage.id)
    return int(rows[0]["id"])


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    probe = EmailMessage()
    probe["Content-Type"] = one_line(value)
    params = {k: str(v) for k, v in probe["Content-Type"].params.items()}
    return probe.get_content_maintype(), probe.get_content_subtype(), params


async def enqueue(mail: Mail) -> int:
    """Write ``mail`` to the outbox inside the caller's current transaction (the caller wraps it in write_transaction()); returns its id.

    An address mail cannot carry never fails the change that causes the message: a Reply-To that cannot be
    written is left out, and a recipient that cannot be written gets a ``failed`` row whose ``last_error``
    says why (admins see it in the outbox), with no content to send.
    """
    if current_engine().current_transaction.get() is None:
        raise RuntimeError("enqueue() belongs inside the write_transaction() of the change that causes the mail")
    settings = mail_settings()
    message_id = new_message_id(settings)
    now = clock.now()
    try:
        message = _built(mail, message_id, settings)
    except InvalidInput as refused:
        if refused.field != "to":
            raise
        return await _not_built(mail, message_id, str(refused), now)
    rows = await OutboxMessage.insert(
        OutboxMessage(
            message_id=message_id,
            kind=one_line(mail.kind)[:64],
            recipient=str(message["To"].addresses[0].addr_spec),
            subject=str(message["Subject"]),
            content=message.as_bytes(policy=POLICY),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    ).returning(OutboxMessage.id)
    return int(rows[0]["id"])
