"""Guards for activity routes: 404 for an unknown booking, series or activity, 401 anonymous, 403 for outsiders."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from scheduling.listings.activity_access import (
    Owner,
    get_activity,
    may_change,
    owner_of,
    owner_of_booking,
    owner_of_series,
)
from venues.core.errors import Forbidden


async def _require(connection: ASGIConnection, handler: BaseRouteHandler, owner: Owner) -> None:
    requires_login(connection, handler)
    if not await may_change(current_user(connection), owner):
        raise Forbidden(
            f"Only the {owner.noun}'s booker, its group's organisers or the venue's managers may change its activity."
        )


async def may_list_on_path_booking(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    await _require(connection, handler, await owner_of_booking(connection.path_params["booking_id"]))


async def may_list_on_path_series(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    await _require(connection, handler, await owner_of_series(connection.path_params["series_id"]))


async def may_change_path_activity(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    activity = await get_activity(connection.path_params["activity_id"])
    await _require(connection, handler, await owner_of(activity))
