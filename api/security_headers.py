"""Security headers on every response: pages may not be framed (clickjacking) and run only their own code.

The pages load nothing from elsewhere: one stylesheet and one script under
``/static``, no inline script (the JSON-LD block is data, which CSP does not
run) and no inline style, so the policy allows only the site itself. The
OpenAPI viewer under ``/schema`` loads its scripts from a CDN, so it gets the
headers without the policy. API and feed responses are not HTML; they keep
the headers that still mean something for them (no sniffing, no referrer
leak, no framing).
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for images only: report pages carry their charts as data:image/svg+xml URIs drawn from the
        # report the page built (one report a view, not one more per chart request); an SVG shown as an image
        # runs no script. Nothing else (scripts, styles, frames) may come from data:.
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


async def add_security_headers(message: Message, scope: Scope) -> None:
    """Litestar ``before_send`` hook: runs for error responses too, unlike route-level headers. A coroutine, so it
    runs on the event loop: Litestar runs a plain function hook in a worker thread, twice a response."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in EVERY_RESPONSE.items():
        headers.setdefault(name, value)
    is_page = (headers.get("content-type") or "").startswith("text/html")
    if is_page and not scope.get("path", "").startswith("/schema"):
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
