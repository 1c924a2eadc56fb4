"""Who may read which report: the rules are ``venues.permissions`` (venues, areas) and ``scheduling.groups``
(groups); these guards only apply them to a path. 404 for an unknown venue, group or area, 401 for anonymous
callers, 403 for anyone else. Impact pages need no guard: they are public and hold nothing private."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from scheduling.groups import get_group, reads_group_reports
from venues.areas.areas import get_area_row
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.lookups import get_venue
from venues.permissions import reads_area_reports, reads_venue_reports


async def reads_path_venue_reports(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """A venue's report: its managers and treasurers, the officers of an area holding it, and admins."""
    venue = await get_venue(connection.path_params["venue_id"])
    requires_login(connection, handler)
    if not await reads_venue_reports(current_user(connection), venue.id):
        raise Forbidden(
            _("Only this venue's managers and treasurers, and officers of its areas, may read its reports.")
        )


async def reads_path_group_reports(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """A group's report: its organisers and admins."""
    group = await get_group(connection.path_params["group_id"])
    requires_login(connection, handler)
    if not await reads_group_reports(current_user(connection), group.id):
        raise Forbidden(_("Only this group's organisers may read its reports."))


async def reads_path_area_reports(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """An area's report: its officers and admins."""
    area = await get_area_row(connection.path_params["area_id"])
    requires_login(connection, handler)
    if not await reads_area_reports(current_user(connection), area.id):
        raise Forbidden(_("Only this area's officers may read its reports."))
