"""Reading what the outbox holds: each message parsed as a mail client would, and its calendar part."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import icalendar

from venues.models import OutboxMessage


@dataclass(frozen=True)
class Sent:
    to: str
    kind: str
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type and not part.is_attachment():
                content = part.get_content()
                return content if isinstance(content, str) else content.decode()
        raise AssertionError(f"no {content_type} part in {self.subject!r}")

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")

    def calendar_bytes(self) -> bytes:
        return self.part("text/calendar").encode()

    def calendar(self) -> icalendar.Calendar:
        return icalendar.Calendar.from_ical(self.calendar_bytes())

    def has_calendar(self) -> bool:
        return any(part.get_content_type() == "text/calendar" for part in self.message.walk())


async def outbox() -> list[Sent]:
    rows = await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.kind, OutboxMessage.content).order_by(
        OutboxMessage.id
    )
    return [
        Sent(
            row["recipient"],
            row["kind"],
            message_from_bytes(bytes(row["content"]), policy=policy.default),  # type: ignore[arg-type]
        )
        for row in rows
    ]


async def sent_to(address: str) -> list[Sent]:
    return [sent for sent in await outbox() if sent.to == address]


def single_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event
