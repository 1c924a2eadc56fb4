"""Guard for routes under a price tier: the tier must exist and the caller must manage its venue."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.permissions import manages_venue
from venues.tiers import get_tier


async def manages_path_tier(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """404 for an unknown tier, 401 for anonymous callers, 403 for other venues' managers."""
    tier = await get_tier(connection.path_params["tier_id"])
    requires_login(connection, handler)
    if not await manages_venue(current_user(connection), tier.venue):
        raise Forbidden(_("Only the managers of this tier's venue may do that."))
