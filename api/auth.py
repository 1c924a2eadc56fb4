"""Bearer-token authentication and the guards that check who may do what.

The middleware resolves ``Authorization: Bearer <token>`` against the
database on each request (no process-local session state), so any worker on
any machine gives the same answer, and a revoked token stops at once.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from api.settings import get_settings
from venues.accounts.credentials import user_for_token
from venues.core.i18n import _
from venues.models import User

BEARER = "bearer "


def bearer_token(connection: ASGIConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    if header[: len(BEARER)].lower() == BEARER:
        return header[len(BEARER) :].strip() or None
    return None


class BearerTokenMiddleware(ASGIMiddleware):
    """Sets ``scope["user"]`` (None for anonymous callers); a bad token is a 401, never anonymous."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        token = bearer_token(connection)
        scope.setdefault("user", None)
        if token is not None:
            user = await user_for_token(token, get_settings().secret_key)
            if user is None:
                raise NotAuthorizedException(
                    "That token is not valid: it is unknown, expired or was revoked. Sign in again.",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
            scope["user"] = user
            scope["auth"] = token
        await next_app(scope, receive, send)


auth_middleware = BearerTokenMiddleware()


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    return connection.scope.get("user")


def requires_login(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException(
            "Sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/login.",
            headers={"WWW-Authenticate": "Bearer"},
        )


def requires_admin(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    requires_login(connection, handler)
    user = current_user(connection)
    if user is None or not user.is_admin:
        raise PermissionDeniedException(_("Only site administrators may do that."))
