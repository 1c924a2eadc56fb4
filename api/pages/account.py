"""/sign-in and /sign-out: the session cookie for the pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from api.pages.rendering import page
from api.pages.sessions import end_session, start_session
from venues.accounts import authenticate


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``) or a scheme."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


class AccountPages(Controller):
    path = "/"

    @get("/sign-in", name="sign_in")
    async def sign_in_form(self, request: Request[Any, Any, Any]) -> Template:
        return await page(request, "sign_in.html.j2", next=safe_next(request.query_params.get("next")), email="")

    @post("/sign-in", status_code=303)
    async def sign_in(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        target = safe_next(str(form.get("next", "/")))
        user = await authenticate(email, password) if email and password else None
        if user is None:
            return await page(
                request,
                "sign_in.html.j2",
                status_code=400,
                next=target,
                email=email,
                error="That email and password do not match an account. Check them and try again.",
            )
        return Redirect(target, status_code=303, cookies=[await start_session(user)])

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        return Redirect("/", status_code=303, cookies=[await end_session(request)])
