"""Guards for routes under a group: the group must exist and the caller must organise it (or more)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from scheduling.groups import get_group, organises
from scheduling.pricing.group_tiers import venues_with_agreements
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.permissions import managed_venue_ids


async def organises_path_group(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """404 for an unknown group, 401 for anonymous callers, 403 for anyone but its organisers."""
    group = await get_group(connection.path_params["group_id"])
    requires_login(connection, handler)
    if not await organises(current_user(connection), group.id):
        raise Forbidden(_("Only this group's organisers may do that."))


async def sees_group_tiers(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Organisers see every agreement; a venue's managers only theirs, and only if there is one."""
    group = await get_group(connection.path_params["group_id"])
    requires_login(connection, handler)
    user = current_user(connection)
    if await organises(user, group.id):
        return
    if user is None or not set(await managed_venue_ids(user)) & await venues_with_agreements(group.id):
        raise Forbidden(
            "Only this group's organisers, and managers of venues that agreed it a tier, may see its tiers."
        )
