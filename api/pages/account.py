"""/sign-in and /sign-out: the session cookie for the pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from api.client_address import client_address
from api.pages.support.rendering import page
from api.pages.support.sessions import end_session, start_session
from venues.accounts.credentials import sign_in
from venues.core.errors import TooManyAttempts
from venues.core.i18n import gettext


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``) or a scheme."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


class AccountPages(Controller):
    path = "/"

    @get("/sign-in", name="sign_in")
    async def sign_in_form(self, request: Request[Any, Any, Any]) -> Template:
        return await page(
            request,
            "sign_in.html.j2",
            next=safe_next(request.query_params.get("next")),
            email="",
            signed_out=request.query_params.get("signed_out") == "everywhere",
        )

    @post("/sign-in", status_code=303)
    async def sign_in(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        target = safe_next(str(form.get("next", "/")))
        try:
            user = await sign_in(email, password, client_address(request)) if email and password else None
        except TooManyAttempts as refused:
            template = await self._refused(request, target, email, refused.detail, 429)
            template.headers["Retry-After"] = str(refused.retry_after)
            return template
        if user is None:
            error = gettext("That email and password do not match an account. Check them and try again.")
            return await self._refused(request, target, email, error, 400)
        return Redirect(target, status_code=303, cookies=[await start_session(user)])

    async def _refused(
        self, request: Request[Any, Any, Any], target: str, email: str, error: str, status: int
    ) -> Template:
        return await page(request, "sign_in.html.j2", status_code=status, next=target, email=email, error=error)

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        return Redirect("/", status_code=303, cookies=[await end_session(request)])
