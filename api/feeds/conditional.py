"""Conditional GET for feeds: ETag / Last-Modified, 304s, cache headers, HEAD."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from litestar import Request, Response

from api.feeds.cache import feed_bodies

CALENDAR_MEDIA_TYPE = "text/calendar"
PUBLIC_CACHE_CONTROL = "public, max-age=300"
PRIVATE_CACHE_CONTROL = "private, max-age=60"


def etag_for(key: str, version: int) -> str:
    """Rendering is deterministic for a version, so (feed, version) identifies the bytes."""
    return '"' + hashlib.sha256(f"{key}@{version}".encode()).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [tag.strip() for tag in header.split(",")]
    return "*" in candidates or any(tag.removeprefix("W/") == etag for tag in candidates)


def not_modified(request: Request[Any, Any, Any], etag: str, last_modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since is read only without it."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


async def serve_feed(
    request: Request[Any, Any, Any],
    key: str,
    version: int,
    last_modified: datetime,
    filename: str,
    build: Callable[[], Awaitable[bytes]],
    private: bool = False,
) -> Response[bytes]:
    etag = etag_for(key, version)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(last_modified.astimezone(UTC), usegmt=True),
        "Cache-Control": PRIVATE_CACHE_CONTROL if private else PUBLIC_CACHE_CONTROL,
        "Vary": "Accept-Encoding",
    }
    if not_modified(request, etag, last_modified):
        return Response(b"", status_code=304, headers=headers)
    body = feed_bodies.get(key, version)
    if body is None:
        body = await build()
        feed_bodies.put(key, version, body, filename)
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(body, media_type=CALENDAR_MEDIA_TYPE, headers=headers)
