"""A real SMTP server (aiosmtpd) on the test's own event loop, recording what arrives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope


@dataclass
class Arrival:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """Accepts everything, after answering the first ``refusals`` messages with ``refusal``.

    ``keep_refused``: a refused message is recorded anyway, as when the server took it and its
    acknowledgement was lost on the way back.
    """

    refusals: int = 0
    refusal: str = "451 4.3.0 Try again later"
    keep_refused: bool = False
    refuse_recipients: str = ""
    arrived: list[Arrival] = field(default_factory=list)
    refused: int = 0
    logins: list[bytes] = field(default_factory=list)  # every password the server was sent

    async def handle_RCPT(self, server: SMTP, session: Any, envelope: Envelope, address: str, options: Any) -> str:
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Envelope) -> str:
        arrival = Arrival(str(envelope.mail_from), list(envelope.rcpt_tos), bytes(envelope.original_content or b""))
        if self.refusals > 0:
            self.refusals -= 1
            self.refused += 1
            if self.keep_refused:
                self.arrived.append(arrival)
            return self.refusal
        self.arrived.append(arrival)
        return "250 OK"


def _password_is(recorder: Recorder, user: str, password: str) -> Any:
    def check(server: SMTP, session: Any, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
        recorder.logins.append(bytes(auth_data.password))
        good = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=good)

    return check


@asynccontextmanager
async def smtp_server(recorder: Recorder, login: tuple[str, str] | None = None) -> AsyncIterator[int]:
    """Serve SMTP on 127.0.0.1 (a free port, yielded) until the block ends."""
    extra: dict[str, Any] = {}
    if login:
        extra = {"authenticator": _password_is(recorder, *login), "auth_require_tls": False, "auth_required": True}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(recorder, hostname="mail.test", **extra), "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()
