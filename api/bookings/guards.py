"""Guards for routes under a booking: 404 for an unknown booking, 401 anonymous, 403 for people not involved
(404 too when the booking is not shown to the public: its id must not tell a stranger it exists)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.auth import current_user, requires_login
from scheduling.bookings.access import get_booking, require_involved, standing
from venues.core.errors import Forbidden
from venues.core.i18n import _


async def manages_path_booking(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    booking = await get_booking(connection.path_params["booking_id"])
    requires_login(connection, handler)
    if not (await standing(current_user(connection), booking)).manages:
        raise Forbidden(_("Only the managers of this booking's venue may do that."))


async def involved_in_path_booking(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The booker, the group's organisers and the venue's managers."""
    booking = await get_booking(connection.path_params["booking_id"])
    requires_login(connection, handler)
    found = await standing(current_user(connection), booking)
    require_involved(booking, found, "Only the booker, the group's organisers or the venue's managers may do that.")
