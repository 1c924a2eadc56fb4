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
from api.pages.notifications import KIND_LABELS
from api.settings import get_settings
from scheduling.notices.digests import Unsubscribe, read_token, unsubscribe
from scheduling.notices.messages import Kind
from scheduling.notices.preferences import choices, set_choices
from venues.core.errors import NotFound
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, using
from venues.core.i18n.languages import LANGUAGE_TAGS
from venues.models import User

KINDS = {kind.value for kind in Kind}


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
    """A bare page (outside the pages' router: no session, no CSRF) in the language in force."""
    html = (
        f'<!doctype html><html lang="{LANGUAGE_TAGS[current_language()]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/pages.css"></head>'
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return Response(
        html, media_type="text/html; charset=utf-8", headers={"Content-Language": LANGUAGE_TAGS[current_language()]}
    )


async def _found(token: str) -> tuple[Unsubscribe, str]:
    """The token's person and kinds, and the language that person reads (their account's choice)."""
    found = read_token(token, get_settings().secret_key)
    if found is None:
        raise NotFound(_("This unsubscribe link is not one we sent."))
    row = await User.select(User.language).where(User.id == found.user_id).first()
    return found, (row["language"] if row is not None else "") or DEFAULT_LANGUAGE


def _kinds(found: Unsubscribe) -> str:
    """The kinds of message a link stops, named as the notification settings name them."""
    return ", ".join(str(KIND_LABELS[Kind(kind)]) if kind in KINDS else kind for kind in found.kinds)


class UnsubscribeController(Controller):
    """Digest links: GET asks (mail scanners follow links), POST (RFC 8058 one-click, or the button) stops them.
    Both answer in the language the person chose on their account, whoever's browser follows the link."""

    path = "/notices/unsubscribe"
    tags = ["accounts"]
    include_in_schema = False

    @get("/{token:str}", responses=problem_responses(404))
    async def ask(self, token: FromPath[str]) -> Response[str]:
        found, language = await _found(token)
        with using(language):
            stop = escape(_("Stop them"))
            return _page(
                _("Stop these digests?"),
                "<p>"
                + escape(_("You will no longer get digests of: %(kinds)s.") % {"kinds": _kinds(found)})
                + "</p>"
                + f'<form method="post" action="/notices/unsubscribe/{escape(token)}">'
                + f'<button type="submit">{stop}</button></form>'
                + "<p>"
                + _('You can choose again in your <a href="/account/notifications">notification settings</a>.')
                + "</p>",
            )

    @post("/{token:str}", status_code=200, responses=problem_responses(404))
    async def stop(self, token: FromPath[str]) -> Response[str]:
        found, language = await _found(token)
        await unsubscribe(found)
        with using(language):
            return _page(
                _("Stopped"),
                "<p>"
                + escape(_("You will no longer get messages of: %(kinds)s.") % {"kinds": _kinds(found)})
                + "</p><p>"
                + _('Choose again any time in your <a href="/account/notifications">notification settings</a>.')
                + "</p>",
            )
