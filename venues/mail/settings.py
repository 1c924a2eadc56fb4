"""Where mail goes and who it comes from, read from the environment.

Read here rather than in ``api.settings`` because the domain enqueues mail (and builds its
Message-ID from the sender's domain) without importing the API layer.

- ``COMMONROOM_SMTP_URL``: ``smtp://user:password@host:587?starttls=1``, ``smtps://host:465``,
  ``smtp://localhost:25``; unset, messages are written as ``.eml`` files instead.
- ``COMMONROOM_OUTBOX_DIR``: the folder for those files (default ``data/outbox``).
- ``COMMONROOM_MAIL_FROM``: the sender's address (default ``commonroom@`` the public URL's host);
  its domain names every Message-ID.
- ``COMMONROOM_MAIL_FROM_NAME``: the name shown with it when a message names none (``Commonroom``).
- ``COMMONROOM_MAIL_MAX_ATTEMPTS``: attempts before a message is marked failed (default 8).
- ``COMMONROOM_MAIL_KEEP_SENT_DAYS``: days a sent message (its recipient and words: personal data) stays in
  the outbox before the sender deletes it (default 30).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from venues.core.public_url import PUBLIC_URL

DEFAULT_OUTBOX_DIR = "data/outbox"


class MailSettingsError(ValueError):
    """A mail setting in the environment cannot be understood."""


@dataclass(frozen=True)
class MailSettings:
    smtp_url: str
    """Empty: no SMTP server, messages become ``.eml`` files in ``outbox_dir``."""
    outbox_dir: str
    from_address: str
    from_name: str
    max_attempts: int
    keep_sent_days: int = 30

    @property
    def domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def _default_from() -> str:
    host = urlsplit(os.environ.get(PUBLIC_URL, "")).hostname or ""
    # An IP address is no mail domain; a development machine is ``localhost``.
    if not host or not any(c.isalpha() for c in host) or ":" in host:
        host = "localhost"
    return f"commonroom@{host}"


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise MailSettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise MailSettingsError(f"{name} must be at least 1, not {value}")
    return value


@lru_cache(maxsize=1)
def mail_settings() -> MailSettings:
    from_address = os.environ.get("COMMONROOM_MAIL_FROM", "").strip() or _default_from()
    if from_address.count("@") != 1 or any(c.isspace() or ord(c) < 32 for c in from_address):
        raise MailSettingsError(f"COMMONROOM_MAIL_FROM must be one address, not {from_address!r}")
    return MailSettings(
        smtp_url=os.environ.get("COMMONROOM_SMTP_URL", "").strip(),
        outbox_dir=os.environ.get("COMMONROOM_OUTBOX_DIR", "").strip() or DEFAULT_OUTBOX_DIR,
        from_address=from_address,
        from_name=os.environ.get("COMMONROOM_MAIL_FROM_NAME", "").strip() or "Commonroom",
        max_attempts=_positive_int("COMMONROOM_MAIL_MAX_ATTEMPTS", 8),
        keep_sent_days=_positive_int("COMMONROOM_MAIL_KEEP_SENT_DAYS", 30),
    )
