"""Conditional GET for feeds: ETag / Last-Modified, 304s, cache headers, HEAD, and the shortcut before any lookup.

A feed is worded in the language in force (``venues.core.i18n.using``, from ``?lang=`` or the page's), so every key
here is the caller's key in that language: one version gives English and Welsh their own bodies and ETags, and an
ETag answers a 304 only for the language it was made in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from litestar import Request, Response

from api.feeds.cache import feed_bodies
from venues.core.i18n import current_language

CALENDAR_MEDIA_TYPE = "text/calendar"
PUBLIC_CACHE_CONTROL = "public, max-age=300"
PRIVATE_CACHE_CONTROL = "private, max-age=60"


def in_language(key: str) -> str:
    """``key`` for the language in force: bodies and ETags are per language."""
    return f"{key}#{current_language()}"


def etag_for(key: str, version: int) -> str:
    """Rendering is deterministic for a version and a language, so (feed, version, language) identifies the bytes."""
    return '"' + hashlib.sha256(f"{in_language(key)}@{version}".encode()).hexdigest()[:32] + '"'


def _if_none_match(request: Request[Any, Any, Any]) -> list[str] | None:
    """The If-None-Match entries as sent (``*`` or entity tags), or None without the header."""
    header = request.headers.get("if-none-match")
    return None if header is None else [tag.strip() for tag in header.split(",")]


def _names(tags: list[str], etag: str) -> bool:
    """Weak comparison (RFC 9110 §8.8.3.2): ``W/"x"`` names ``"x"``."""
    return any(tag.removeprefix("W/") == etag for tag in tags)


def not_modified(request: Request[Any, Any, Any], etag: str, last_modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since is read only without it."""
    tags = _if_none_match(request)
    if tags is not None:
        return "*" in tags or _names(tags, etag)
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


def _respond(
    request: Request[Any, Any, Any],
    etag: str,
    last_modified: datetime,
    body: bytes,
    filename: str,
    private: bool = False,
) -> Response[bytes]:
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(last_modified.astimezone(UTC), usegmt=True),
        "Cache-Control": PRIVATE_CACHE_CONTROL if private else PUBLIC_CACHE_CONTROL,
        "Vary": "Accept-Encoding",
    }
    if not_modified(request, etag, last_modified):
        return Response(b"", status_code=304, headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(body, media_type=CALENDAR_MEDIA_TYPE, headers=headers)


def serve_known(
    request: Request[Any, Any, Any], key: str, version: int, last_modified: datetime
) -> Response[bytes] | None:
    """A 304 when If-None-Match names this feed's ETag at ``version`` (``*`` does not count), or the body this
    worker kept for that version; None when neither, so the caller goes the long way.

    Callers use this before looking anything up: only a request that found the feed at this version could
    have produced that ETag or that body.
    """
    etag = etag_for(key, version)
    tags = _if_none_match(request)
    if tags is not None and _names(tags, etag):
        return _respond(request, etag, last_modified, b"", "")
    kept = feed_bodies.entry(in_language(key), version)
    if kept is None:
        return None
    return _respond(request, etag, last_modified, *kept)


async def serve_feed(
    request: Request[Any, Any, Any],
    key: str,
    version: int,
    last_modified: datetime,
    filename: str,
    build: Callable[[], Awaitable[bytes]],
    private: bool = False,
) -> Response[bytes]:
    """The feed's response; ``build`` renders the body only when this version's is not kept and no 304 answers."""
    etag = etag_for(key, version)
    if not_modified(request, etag, last_modified):
        return _respond(request, etag, last_modified, b"", filename, private)
    body = feed_bodies.get(in_language(key), version)
    if body is None:
        body = await build()
        feed_bodies.put(in_language(key), version, body, filename)
    return _respond(request, etag, last_modified, body, filename, private)
