"""The address people open the service's links at, read in one place for every layer.

``COMMONROOM_PUBLIC_URL`` when set (a trailing slash dropped), else ``http://`` the address the server binds
(``COMMONROOM_HOST``, default 127.0.0.1) and its port (``COMMONROOM_PORT``, default 8000). The API's settings and
the mail the domain writes (links in notices, invitation UIDs) both read it here, so they never disagree.
"""

from __future__ import annotations

import os

PUBLIC_URL = "COMMONROOM_PUBLIC_URL"
HOST = "COMMONROOM_HOST"
PORT = "COMMONROOM_PORT"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class PublicUrlError(ValueError):
    """A setting the public address is built from cannot be understood."""


def configured_host() -> str:
    return os.environ.get(HOST, "") or DEFAULT_HOST


def configured_port() -> int:
    raw = os.environ.get(PORT, "").strip()
    if raw == "":
        return DEFAULT_PORT
    try:
        return int(raw)
    except ValueError:
        raise PublicUrlError(f"{PORT} must be a whole number, not {raw!r}") from None


def public_base_url() -> str:
    """The service's public address, without a trailing slash."""
    configured = os.environ.get(PUBLIC_URL, "").strip()
    if configured:
        return configured.rstrip("/")
    return f"http://{configured_host()}:{configured_port()}"
