"""/admin/outbox: the mail that did not go, for the site's admins, with a way to send it again.

The same listing and retry as ``GET /api/v1/admin/outbox`` and its retry route
(``venues.mail.listing``), so an admin who never calls the API can still see why
a confirmation never reached a booker and put it back in line once the mail
server is fixed.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_admin
from api.pages.support.rendering import page
from venues.core.i18n import lazy_gettext
from venues.mail.listing import OutboxStatus, list_outbox, retry_failed

SHOWN = 100
STATUS_WORDS = {
    OutboxStatus.failed: lazy_gettext("Not sent: given up"),
    OutboxStatus.pending: lazy_gettext("Waiting to be sent"),
    OutboxStatus.sending: lazy_gettext("Being sent"),
    OutboxStatus.sent: lazy_gettext("Sent"),
}


class AdminOutboxPages(Controller):
    path = "/admin/outbox"
    guards = [requires_admin]

    @get("/", name="admin_outbox")
    async def listing(self, request: Request[Any, Any, Any]) -> Template:
        raw = request.query_params.get("status", OutboxStatus.failed.value)
        status = OutboxStatus(raw) if raw in OutboxStatus.__members__ else OutboxStatus.failed
        entries, total = await list_outbox(status, SHOWN, 0)
        return await page(
            request,
            "admin_outbox.html.j2",
            entries=entries,
            total=total,
            status=status,
            statuses=[(value, str(STATUS_WORDS[value])) for value in OutboxStatus],
            retried=request.query_params.get("retried") == "1",
        )

    @post("/{outbox_id:int}/retry", status_code=303)
    async def retry(self, outbox_id: FromPath[int]) -> Redirect:
        await retry_failed(outbox_id)
        return Redirect("/admin/outbox?retried=1", status_code=303)
