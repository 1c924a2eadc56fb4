"""/api/v1/account/notifications (a person's choice per kind of message) and /notices/unsubscribe (digest links)."""

from __future__ import annotations

from html import escape

import msgspec
from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.auth import requires_login
from api.errors import problem_responses
from api.notices.schemas import NoticeChoices, NoticeChoicesOut
from api.settings import get_settings
from scheduling.notices.digests import read_token, unsubscribe
from scheduling.notices.preferences import choices, set_choices
from venues.core.errors import NotFound
from venues.core.i18n import _
from venues.models import User


class NoticeChoiceController(Controller):
    path = "/api/v1/account/notifications"
    tags = ["accounts"]
    guards = [requires_login]

    @get("/", summary="How each kind of message reaches you", responses=problem_responses(401))
    async def read(self, user: NamedDependency[User]) -> NoticeChoicesOut:
        return msgspec.convert(await choices(user.id), NoticeChoicesOut)

    @put("/", summary="Choose how kinds of message reach you", responses=problem_responses(400, 401))
    async def change(self, user: NamedDependency[User], data: JSONBody[NoticeChoices]) -> NoticeChoicesOut:
        chosen = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        return msgspec.convert(await set_choices(user.id, chosen), NoticeChoicesOut)


def _page(title: str, body: str) -> Response[str]:
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/pages.css"></head>'
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return Response(html, media_type="text/html; charset=utf-8")


class UnsubscribeController(Controller):
    """Digest links: GET asks (mail scanners follow links), POST (RFC 8058 one-click, or the button) stops them."""

    path = "/notices/unsubscribe"
    tags = ["accounts"]
    include_in_schema = False

    @get("/{token:str}", responses=problem_responses(404))
    async def ask(self, token: FromPath[str]) -> Response[str]:
        found = read_token(token, get_settings().secret_key)
        if found is None:
            raise NotFound(_("This unsubscribe link is not one we sent."))
        return _page(
            "Stop these digests?",
            f"<p>You will no longer get digests of: {escape(', '.join(found.kinds))}.</p>"
            f'<form method="post" action="/notices/unsubscribe/{escape(token)}">'
            '<button type="submit">Stop them</button></form>'
            '<p>You can choose again in your <a href="/account/notifications">notification settings</a>.</p>',
        )

    @post("/{token:str}", status_code=200, responses=problem_responses(404))
    async def stop(self, token: FromPath[str]) -> Response[str]:
        found = read_token(token, get_settings().secret_key)
        if found is None:
            raise NotFound(_("This unsubscribe link is not one we sent."))
        await unsubscribe(found)
        return _page(
            "Stopped",
            f"<p>You will no longer get messages of: {escape(', '.join(found.kinds))}.</p>"
            '<p>Choose again any time in your <a href="/account/notifications">notification settings</a>.</p>',
        )
