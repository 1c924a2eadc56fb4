"""/account/notifications: how each kind of message reaches the signed-in person (the same choices as the API)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.pages.support.rendering import current_user, page
from scheduling.notices.messages import Kind
from scheduling.notices.preferences import DELIVERIES, choices, set_choices
from venues.core.i18n import lazy_gettext

KIND_LABELS = {
    Kind.new_request: lazy_gettext("New requests at venues you manage"),
    Kind.received: lazy_gettext("Your request has arrived"),
    Kind.confirmed: lazy_gettext("Confirmed (with a calendar invitation)"),
    Kind.declined: lazy_gettext("Declined"),
    Kind.moved: lazy_gettext("Moved to another time"),
    Kind.cancelled: lazy_gettext("Cancelled"),
    Kind.closure: lazy_gettext("Dates a venue's closure cancelled"),
}
DELIVERY_LABELS = {
    "immediate": lazy_gettext("At once"),
    "digest": lazy_gettext("In a daily digest"),
    "none": lazy_gettext("Not at all"),
}


class NotificationPages(Controller):
    path = "/account"
    guards = [requires_login]

    @get("/notifications", name="account_notifications")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        return await self._page(request, await choices(user.id), saved=request.query_params.get("saved") == "1")

    @post("/notifications", status_code=303)
    async def save(self, request: Request[Any, Any, Any]) -> Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        chosen = {str(kind): str(form.get(str(kind), "")) for kind in Kind if form.get(str(kind))}
        await set_choices(user.id, chosen)
        return Redirect("/account/notifications?saved=1", status_code=303)

    async def _page(self, request: Request[Any, Any, Any], current: dict[str, str], saved: bool) -> Template:
        rows = [(str(kind), str(KIND_LABELS[kind]), current[str(kind)]) for kind in Kind]
        options = [(value, str(DELIVERY_LABELS[value])) for value in DELIVERIES]
        return await page(request, "account_notifications.html.j2", rows=rows, options=options, saved=saved)
