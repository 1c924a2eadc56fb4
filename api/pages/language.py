"""The language switch on every page: kept in a cookie, and on the account of whoever is signed in."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.response import Redirect

from api.pages.support.languages import language_cookie
from venues.accounts.language import choose_language
from venues.core.i18n.languages import set_language, supported


def _local(next_path: str | None) -> str:
    """Where to go back to: a path on this site only (never ``//elsewhere`` or ``https://…``)."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//") or "\\" in next_path:
        return "/"
    return next_path


class LanguagePages(Controller):
    path = "/"

    @post("/language", status_code=303)
    async def switch(self, request: Request[Any, Any, Any]) -> Redirect:
        form = await request.form()
        data = {key: value for key, value in form.items() if isinstance(value, str)}
        language = supported(data.get("language")) or "en"
        user = request.scope.get("user")
        if user is not None:
            await choose_language(user, language)
        set_language(language)
        redirect = Redirect(_local(data.get("return_to")), status_code=303)
        redirect.set_cookie(language_cookie(language))
        return redirect
