"""Guard for routes under a closure: it must exist and the caller must manage its venue."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.opening.closures import get_closure
from venues.permissions import manages_venue


async def manages_path_closure(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """404 for an unknown closure, 401 for anonymous callers, 403 for other venues' managers."""
    closure = await get_closure(connection.path_params["closure_id"])
    requires_login(connection, handler)
    if not await manages_venue(current_user(connection), closure.venue):
        raise Forbidden(_("Only the managers of this closure's venue may do that."))
