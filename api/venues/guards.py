"""Guards for routes under a venue: the venue must exist and the caller must manage it (or, for its money, be one
of its treasurers)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.lookups import get_space, get_venue
from venues.permissions import handles_money, manages_venue


async def manages_path_venue(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """404 for an unknown venue, 401 for anonymous callers, 403 for other venues' managers."""
    venue = await get_venue(connection.path_params["venue_id"])
    requires_login(connection, handler)
    if not await manages_venue(current_user(connection), venue.id):
        raise Forbidden(_("Only this venue's managers may do that."))


async def manages_path_space(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    space = await get_space(connection.path_params["space_id"])
    requires_login(connection, handler)
    if not await manages_venue(current_user(connection), space.venue):
        raise Forbidden(_("Only the managers of this space's venue may do that."))


async def handles_path_venue_money(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The venue's money (invoices, payments, deposits, statements): its managers and its treasurers."""
    venue = await get_venue(connection.path_params["venue_id"])
    requires_login(connection, handler)
    if not await handles_money(current_user(connection), venue.id):
        raise Forbidden(_("Only this venue's managers and treasurers may see or record its money."))
