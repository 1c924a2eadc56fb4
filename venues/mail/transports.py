"""How a built message leaves: to an SMTP server (aiosmtplib), or as an ``.eml`` file when none is configured.

``COMMONROOM_SMTP_URL`` names the server:

- ``smtp://host:25``: plain SMTP, upgraded with STARTTLS when the server offers it;
- ``smtp://user:password@host:587?starttls=1``: STARTTLS required (``starttls=0``: never tried);
- ``smtps://user:password@host:465``: TLS from the first byte;
- a user and password are only ever sent over TLS: over ``smtp://`` STARTTLS is then required, so a server (or
  a meddler in between) that does not offer it gets no password, and the message waits with the reason in its
  ``last_error``; ``?insecure_auth=1`` allows logging in without TLS (a relay on a trusted network only);
- ``?verify=0`` accepts a certificate that does not verify (a relay on the same machine);
  ``?timeout=30`` bounds each step of the conversation in seconds.

User name and password are URL-encoded (``%40`` for ``@``). With no URL, each message is
written to ``COMMONROOM_OUTBOX_DIR`` (``data/outbox``) as ``<outbox id>.eml``, which any mail
client opens.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from venues.mail.settings import MailSettings, MailSettingsError, mail_settings

NO_TLS_FOR_LOGIN = (
    "Not logged in: the password goes only over TLS, and this connection had none "
    "(insecure_auth=1 in COMMONROOM_SMTP_URL allows it on a trusted network)"
)


class DeliveryFailed(Exception):
    """The message did not go.

    ``permanent``: the server refused it for good (a 5xx for the recipient). ``unavailable``: the
    server itself could not be reached or would not talk (connection, timeout, TLS, login), so the
    messages after this one would fare no better.
    """

    def __init__(self, detail: str, permanent: bool = False, unavailable: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent
        self.unavailable = unavailable


@dataclass(frozen=True)
class Envelope:
    outbox_id: int
    sender: str
    recipient: str
    content: bytes


class Transport(Protocol):
    @property
    def budget_seconds(self) -> float:
        """The longest one delivery may take: a sender's claim outlasts its batch's deliveries."""

    async def deliver(self, envelope: Envelope) -> None:
        """Hand the message over, or raise ``DeliveryFailed``."""


@dataclass(frozen=True)
class SMTPTransport:
    hostname: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool | None = None
    validate_certs: bool = True
    timeout: float = 30.0
    insecure_auth: bool = False

    @property
    def budget_seconds(self) -> float:
        return self.timeout * 2

    @property
    def login_needs_tls(self) -> bool:
        return self.username is not None and not self.use_tls and not self.insecure_auth

    async def deliver(self, envelope: Envelope) -> None:
        start_tls = self.start_tls
        if self.login_needs_tls:
            if start_tls is False:
                raise DeliveryFailed(NO_TLS_FOR_LOGIN + " (the URL says starttls=0).", unavailable=True)
            start_tls = True  # required: a server that does not offer STARTTLS gets no password
        try:
            # The whole conversation, not just each step, is bounded: the sender's claim on
            # the message must outlast it (see ``venues.mail.sender``).
            async with asyncio.timeout(self.budget_seconds):
                await aiosmtplib.send(
                    envelope.content,
                    sender=envelope.sender,
                    recipients=[envelope.recipient],
                    hostname=self.hostname,
                    port=self.port,
                    username=self.username,
                    password=self.password,
                    use_tls=self.use_tls,
                    start_tls=start_tls,
                    validate_certs=self.validate_certs,
                    timeout=self.timeout,
                )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refusal.code for refusal in error.recipients]
            permanent = bool(codes) and all(500 <= code < 600 for code in codes)
            raise DeliveryFailed(_describe(error), permanent=permanent) from error
        except aiosmtplib.SMTPRecipientRefused as error:
            raise DeliveryFailed(_describe(error), permanent=500 <= error.code < 600) from error
        except (aiosmtplib.SMTPSenderRefused, aiosmtplib.SMTPDataError) as error:
            raise DeliveryFailed(_describe(error)) from error
        except aiosmtplib.SMTPException as error:
            if self.login_needs_tls and self.start_tls is None and "STARTTLS" in str(error).upper():
                raise DeliveryFailed(f"{NO_TLS_FOR_LOGIN}: {_describe(error)}", unavailable=True) from error
            raise DeliveryFailed(_describe(error), unavailable=True) from error
        except (OSError, TimeoutError) as error:
            raise DeliveryFailed(_describe(error), unavailable=True) from error


def _describe(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return " ".join(text.split())[:500]


@dataclass(frozen=True)
class FileTransport:
    """Writes ``<outbox id>.eml`` into ``folder``: what would have been sent, for a person to open."""

    folder: Path
    budget_seconds: float = 30.0

    async def deliver(self, envelope: Envelope) -> None:
        try:
            await asyncio.to_thread(self._write, envelope)
        except OSError as error:
            raise DeliveryFailed(_describe(error), unavailable=True) from error

    def _write(self, envelope: Envelope) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written whole then renamed, so a reader never opens half a message.
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(envelope.content)
            os.replace(temporary, self.folder / f"{envelope.outbox_id}.eml")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def smtp_transport(url: str) -> SMTPTransport:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps"):
        raise MailSettingsError(f"COMMONROOM_SMTP_URL must start smtp:// or smtps://, not {parts.scheme!r}")
    if not parts.hostname:
        raise MailSettingsError("COMMONROOM_SMTP_URL names no host")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"starttls", "verify", "timeout", "insecure_auth"}
    if unknown:
        raise MailSettingsError(f"COMMONROOM_SMTP_URL has unknown options: {', '.join(sorted(unknown))}")
    starttls = _flag(query, "starttls")
    if scheme == "smtps" and starttls:
        raise MailSettingsError("COMMONROOM_SMTP_URL: smtps:// is TLS from the start; starttls=1 belongs to smtp://")
    try:
        port = parts.port
        timeout = float(query.get("timeout", "30"))
    except ValueError as error:
        raise MailSettingsError(f"COMMONROOM_SMTP_URL: {error}") from None
    return SMTPTransport(
        hostname=parts.hostname,
        port=port or (465 if scheme == "smtps" else 587 if starttls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=scheme == "smtps",
        start_tls=False if scheme == "smtps" else starttls,
        validate_certs=_flag(query, "verify") is not False,
        timeout=timeout,
        insecure_auth=_flag(query, "insecure_auth") is True,
    )


def _flag(query: dict[str, str], name: str) -> bool | None:
    raw = query.get(name)
    if raw is None:
        return None
    if raw.lower() in ("1", "true", "yes"):
        return True
    if raw.lower() in ("0", "false", "no"):
        return False
    raise MailSettingsError(f"COMMONROOM_SMTP_URL: {name} must be 1 or 0, not {raw!r}")


def configured_transport(settings: MailSettings | None = None) -> Transport:
    """SMTP when ``COMMONROOM_SMTP_URL`` is set, else ``.eml`` files in the outbox folder."""
    settings = settings or mail_settings()
    if settings.smtp_url:
        return smtp_transport(settings.smtp_url)
    return FileTransport(Path(settings.outbox_dir))
