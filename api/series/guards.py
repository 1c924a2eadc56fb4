"""Guards for routes under a series: 404 for an unknown series, 401 anonymous, 403 for anyone who does not run it."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from scheduling.series.access import get_series, series_standing
from venues.core.errors import Forbidden
from venues.core.i18n import _


async def runs_path_series(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The series' group organisers and the venue's managers (site admins included)."""
    series = await get_series(connection.path_params["series_id"])
    requires_login(connection, handler)
    if not (await series_standing(current_user(connection), series)).runs:
        raise Forbidden(_("Only the series' group organisers or the venue's managers may change this series."))


async def manages_path_series(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The series' venue's managers (site admins included): answering a request is theirs alone."""
    series = await get_series(connection.path_params["series_id"])
    requires_login(connection, handler)
    if not (await series_standing(current_user(connection), series)).manages:
        raise Forbidden(_("Only this venue's managers may confirm or decline a series request."))
