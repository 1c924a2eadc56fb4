"""Configuration from environment variables, with defaults that run on a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from venues.core import public_url

DEFAULT_DATABASE_URL = "sqlite:///data/commonroom.sqlite"
_DEV_SECRET = "commonroom-development-secret-change-me"
EXTEND_SERIES_EVERY = "COMMONROOM_EXTEND_SERIES_EVERY"
SEND_DIGESTS_EVERY = "COMMONROOM_SEND_DIGESTS_EVERY"
SEND_MAIL_EVERY = "COMMONROOM_SEND_MAIL_EVERY"
OPENACTIVE_EVERY = "COMMONROOM_OPENACTIVE_EVERY"


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    workers: int
    secret_key: str
    public_base_url: str
    token_ttl_hours: int
    extend_series_every_seconds: int = 0
    """How often each worker books series' dates that came due (0: never; ``commonroom serve`` makes it hourly)."""
    send_digests_every_seconds: int = 0
    """How often each worker looks for daily digests to send (0: never; ``commonroom serve`` makes it hourly)."""
    digest_hour: int = 7
    """The hour (UTC) from which each day's digests go out."""
    send_mail_every_seconds: int = 0
    """How often each worker delivers the outbox's due mail (0: never; ``commonroom serve`` makes it 10 seconds).

    Where mail goes (``COMMONROOM_SMTP_URL``, ``COMMONROOM_MAIL_FROM``, …) is read by ``venues.mail.settings``:
    the domain builds messages without the API layer.
    """
    openactive_every_seconds: int = 0
    """How often each worker stamps the OpenActive feeds from the marks writers left (0: never; ``commonroom
    serve`` makes it 10 seconds)."""

    @property
    def is_development_secret(self) -> bool:
        return self.secret_key == _DEV_SECRET


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    host = public_url.configured_host()
    port = _env_int(public_url.PORT, public_url.DEFAULT_PORT)
    return Settings(
        database_url=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        host=host,
        port=port,
        workers=_env_int("COMMONROOM_WORKERS", 1),
        secret_key=os.environ.get("COMMONROOM_SECRET", _DEV_SECRET),
        public_base_url=public_url.public_base_url(),
        token_ttl_hours=_env_int("COMMONROOM_TOKEN_TTL_HOURS", 24 * 30),
        extend_series_every_seconds=_env_int(EXTEND_SERIES_EVERY, 0),
        send_digests_every_seconds=_env_int(SEND_DIGESTS_EVERY, 0),
        digest_hour=_env_int("COMMONROOM_DIGEST_HOUR", 7),
        send_mail_every_seconds=_env_int(SEND_MAIL_EVERY, 0),
        openactive_every_seconds=_env_int(OPENACTIVE_EVERY, 0),
    )
