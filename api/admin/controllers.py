"""/api/v1/admin/outbox: the mail the system sends, for site admins to see what did not go and why."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from api.admin.schemas import OutboxMessageOut
from api.auth import requires_admin
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from venues.mail.listing import OutboxStatus, list_outbox, retry_failed


class OutboxController(Controller):
    path = "/api/v1/admin/outbox"
    tags = ["admin"]
    guards = [requires_admin]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="The outbox's messages, newest first (site admins)",
        description="`status=failed` lists the messages given up on, each with the last error the mail server gave.",
        responses=problem_responses(400, 401, 403),
    )
    async def list_messages(
        self,
        request: Request,
        paging: NamedDependency[Paging],
        status: Annotated[OutboxStatus | None, QueryParameter(description="only messages in this state")] = None,
    ) -> Page[OutboxMessageOut]:
        entries, total = await list_outbox(status, paging.limit, paging.offset)
        items = [
            OutboxMessageOut(
                id=e.id,
                kind=e.kind,
                recipient=e.recipient,
                subject=e.subject,
                message_id=e.message_id,
                status=OutboxStatus(e.status),
                attempts=e.attempts,
                last_error=e.last_error,
                created_at=e.created_at,
                next_attempt_at=e.next_attempt_at,
                sent_at=e.sent_at,
            )
            for e in entries
        ]
        return page_of(request, items, total, paging)

    @post(
        "/{outbox_id:int}/retry",
        summary="Try a failed message again, now (site admins)",
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def retry(self, outbox_id: FromPath[int]) -> None:
        await retry_failed(outbox_id)
