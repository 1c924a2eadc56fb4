"""Signing in to the pages: a session cookie holding a revocable token, and CSRF protection for every form.

The cookie carries the same kind of token as ``Authorization: Bearer`` (only an
HMAC of it is stored), resolved against the database on each request: any
worker gives the same answer and signing out revokes it at once. Only the
pages' router reads the cookie, so the API and the feeds never act on it and
need no CSRF token; every page form carries one (Litestar's double-submit
``CSRFConfig``, keyed with the app's secret).
"""

from __future__ import annotations

from datetime import timedelta

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from api.pages.support.languages import choose_page_language
from api.settings import get_settings
from venues.accounts.credentials import issue_token, revoke_token, token_digest, user_for_token
from venues.models import User

SESSION_COOKIE = "commonroom_session"
CSRF_COOKIE = "commonroom_csrf"
# Paths that never read the session cookie, so a forged cross-site request there carries no authority.
# /notices/unsubscribe/<token>: the signed token is the authority (RFC 8058 one-click posts come from mail providers).
# /openactive/<feed>: the OpenActive feeds (the dataset site /openactive itself is a page and keeps CSRF).
CSRF_EXEMPT = ["^/api/", "^/feeds/", "^/openactive/", "^/schema", "^/static/", "^/healthz$", "^/notices/unsubscribe/"]


def secure_cookies() -> bool:
    """Cookies are marked Secure whenever the site is served over https."""
    return get_settings().public_base_url.startswith("https://")


def csrf_config() -> CSRFConfig:
    return CSRFConfig(
        secret=get_settings().secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_secure=secure_cookies(),
        cookie_samesite="lax",
        exclude=CSRF_EXEMPT,
    )


class PageSessionMiddleware(ASGIMiddleware):
    """Signs the request in from the session cookie unless a bearer token already did, then chooses the page's
    language (the account's choice counts), before guards run, so a refusal is worded in it too."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("user") is None:
            token = ASGIConnection(scope).cookies.get(SESSION_COOKIE)
            if token:
                user = await user_for_token(token, get_settings().secret_key)
                scope["user"] = user
        choose_page_language(Request(scope))
        await next_app(scope, receive, send)


session_middleware = PageSessionMiddleware()


async def start_session(user: User) -> Cookie:
    """A new token for ``user`` in an HttpOnly, SameSite=Lax cookie that lasts as long as the token."""
    settings = get_settings()
    ttl = timedelta(hours=settings.token_ttl_hours)
    token, _ = await issue_token(user, settings.secret_key, ttl)
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        path="/",
        max_age=int(ttl.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(),
    )


def session_token_hash(connection: ASGIConnection) -> str | None:
    """The digest of the token this page request is signed in with (its bearer token, else its cookie)."""
    token = connection.scope.get("auth") or connection.cookies.get(SESSION_COOKIE)
    return token_digest(token, get_settings().secret_key) if token else None


async def end_session(connection: ASGIConnection) -> Cookie:
    """Revoke the cookie's token and return a cookie that clears it."""
    token = connection.cookies.get(SESSION_COOKIE)
    if token:
        await revoke_token(token, get_settings().secret_key)
    return Cookie(
        key=SESSION_COOKIE, value="", path="/", max_age=0, httponly=True, samesite="lax", secure=secure_cookies()
    )
