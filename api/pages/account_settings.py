"""Accounts people run themselves, on the pages: sign up, confirm the address, forgotten password,
reset, and the account page (change address or password, sign out everywhere, delete the account).

Links from messages open a page with a button: following a link never changes anything by itself
(mail scanners fetch links), the button's POST does. The forms are read with the API's request
structs and call the same domain functions, so the pages refuse and limit exactly what the API does.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.accounts.schemas import (
    AccountDeletion,
    EmailChange,
    EmailOnly,
    LinkRequest,
    PasswordChange,
    ResetRequest,
    SignUpRequest,
)
from api.auth import requires_login
from api.client_address import client_address
from api.errors import domain_status
from api.pages.account_forms import read_form
from api.pages.support.languages import asked_language
from api.pages.support.rendering import current_user, page
from api.pages.support.sessions import end_session, session_token_hash
from api.settings import get_settings
from scheduling.accounts.erasure import delete_account
from venues.accounts import self_service
from venues.areas.areas import areas_read_by
from venues.core.errors import DomainError, TryLater
from venues.core.i18n import gettext, lazy_gettext

MY_AREAS = 200
CHECK_EMAIL = lazy_gettext(
    "We have sent a message to that address with what to do next. It may take a few minutes to arrive; "
    "check your spam folder if it does not."
)


def _limited(response: Template, error: DomainError) -> Template:
    if isinstance(error, TryLater):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def notice(
    request: Request[Any, Any, Any],
    heading: str,
    text: str,
    status_code: int = 200,
    links: dict[str, str] | None = None,
) -> Template:
    return await page(
        request, "account_notice.html.j2", status_code=status_code, heading=heading, text=text, links=links or {}
    )


class AccountSettingsPages(Controller):
    path = "/"

    # Signing up and confirming the address

    @get("/sign-up", name="sign_up")
    async def sign_up_form(self, request: Request[Any, Any, Any]) -> Template:
        return await page(request, "sign_up.html.j2", values={}, errors={})

    @post("/sign-up")
    async def sign_up(self, request: Request[Any, Any, Any]) -> Template:
        form = await request.form()
        data, errors = read_form(SignUpRequest, form, ("email", "display_name", "password"))
        values = {"email": form.get("email", ""), "display_name": form.get("display_name", "")}
        if data is None:
            return await page(request, "sign_up.html.j2", status_code=400, values=values, errors=errors)
        try:
            await self_service.sign_up(
                data.email,
                data.password,
                data.display_name,
                client_address(request),
                get_settings().public_base_url,
                language=asked_language(request),
            )
        except DomainError as error:
            response = await page(
                request,
                "sign_up.html.j2",
                status_code=domain_status(error),
                values=values,
                errors={"form": error.detail},
            )
            return _limited(response, error)
        return await notice(request, gettext("Check your email"), str(CHECK_EMAIL))

    @get("/verify-email/{token:str}", name="verify_email")
    async def verify_form(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
        return await page(
            request,
            "link_confirm.html.j2",
            heading=gettext("Confirm your email address"),
            text=gettext("Confirm this address to ask for bookings and join groups."),
            action="/verify-email",
            button=gettext("Confirm my address"),
            token=token,
        )

    @post("/verify-email")
    async def verify(self, request: Request[Any, Any, Any]) -> Template:
        data, _ = read_form(LinkRequest, await request.form(), ("token",))
        if data is None:
            return await notice(request, gettext("This link is not valid"), self_service_link_text(), 422)
        await self_service.verify_email(data.token)
        return await notice(
            request,
            gettext("Your address is confirmed"),
            gettext("Thank you. You can now ask to book spaces and to join groups."),
            links={gettext("Find a space to book"): "/venues"}
            if current_user(request)
            else {gettext("Sign in"): "/sign-in"},
        )

    @post("/account/resend-verification", guards=[requires_login])
    async def resend(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        await self_service.resend_verification(user, get_settings().public_base_url)
        return await notice(
            request, gettext("Check your email"), str(CHECK_EMAIL), links={gettext("Back to your account"): "/account"}
        )

    # A forgotten password

    @get("/forgot-password", name="forgot_password")
    async def forgot_form(self, request: Request[Any, Any, Any]) -> Template:
        return await page(request, "forgot_password.html.j2", email="", errors={})

    @post("/forgot-password")
    async def forgot(self, request: Request[Any, Any, Any]) -> Template:
        form = await request.form()
        data, errors = read_form(EmailOnly, form, ("email",))
        email = str(form.get("email", ""))
        if data is None:
            return await page(request, "forgot_password.html.j2", status_code=400, email=email, errors=errors)
        try:
            await self_service.request_reset(data.email, client_address(request), get_settings().public_base_url)
        except DomainError as error:
            response = await page(
                request,
                "forgot_password.html.j2",
                status_code=domain_status(error),
                email=email,
                errors={"form": error.detail},
            )
            return _limited(response, error)
        return await notice(
            request,
            gettext("Check your email"),
            gettext(
                "If that address has an account, we have sent it a link to choose a new password. "
                "The link works once, for an hour."
            ),
        )

    @get("/reset-password/{token:str}", name="reset_password")
    async def reset_form(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
        return await page(request, "reset_password.html.j2", token=token, errors={})

    @post("/reset-password")
    async def reset(self, request: Request[Any, Any, Any]) -> Template:
        form = await request.form()
        data, errors = read_form(ResetRequest, form, ("token", "password"))
        if data is None:
            status = 422 if "token" in errors else 400
            return await page(
                request, "reset_password.html.j2", status_code=status, token=form.get("token", ""), errors=errors
            )
        await self_service.reset_password(data.token, data.password)
        return await notice(
            request,
            gettext("Your password is changed"),
            gettext(
                "Every device that was signed in to your account has been signed out. Sign in with the new password."
            ),
            links={gettext("Sign in"): "/sign-in"},
        )

    # Confirming a new address

    @get("/confirm-email/{token:str}", name="confirm_email")
    async def confirm_email_form(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
        return await page(
            request,
            "link_confirm.html.j2",
            heading=gettext("Confirm your new email address"),
            text=gettext("Confirm to make this address your account's address."),
            action="/confirm-email",
            button=gettext("Confirm the new address"),
            token=token,
        )

    @post("/confirm-email")
    async def confirm_email(self, request: Request[Any, Any, Any]) -> Template:
        data, _ = read_form(LinkRequest, await request.form(), ("token",))
        if data is None:
            return await notice(request, gettext("This link is not valid"), self_service_link_text(), 422)
        user = await self_service.confirm_email_change(data.token)
        return await notice(
            request,
            gettext("Your address is changed"),
            gettext("Your account's address is now %(email)s.") % {"email": user.email},
        )

    # The account page

    @get("/account", guards=[requires_login], name="account")
    async def account(self, request: Request[Any, Any, Any]) -> Template:
        return await self._account(request)

    async def _account(
        self,
        request: Request[Any, Any, Any],
        status_code: int = 200,
        errors: dict[str, str] | None = None,
        done: str = "",
        email: str = "",
    ) -> Template:
        user = current_user(request)
        # An officer's areas, each linking to its report; an admin reads every area's, from /admin/areas.
        areas = [] if user is None or user.is_admin else (await areas_read_by(user, MY_AREAS, 0))[0]
        return await page(
            request,
            "account.html.j2",
            status_code=status_code,
            errors=errors or {},
            done=done,
            new_email=email,
            my_areas=areas,
        )

    @post("/account/password", guards=[requires_login])
    async def change_password(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        data, errors = read_form(PasswordChange, await request.form(), ("current_password", "new_password"))
        if data is None:
            return await self._account(request, 400, errors)
        try:
            await self_service.change_password(
                user, data.current_password, data.new_password, session_token_hash(request)
            )
        except DomainError as error:
            field = str(error.extra.get("field", "form"))
            return _limited(await self._account(request, domain_status(error), {field: error.detail}), error)
        return await self._account(request, done=gettext("Your password is changed."))

    @post("/account/email", guards=[requires_login])
    async def change_email(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        data, errors = read_form(EmailChange, form, ("email", "current_password"))
        email = str(form.get("email", ""))
        if data is None:
            return await self._account(request, 400, errors, email=email)
        try:
            await self_service.request_email_change(
                user, data.email, data.current_password, get_settings().public_base_url
            )
        except DomainError as error:
            field = str(error.extra.get("field", "form"))
            field = "email_password" if field == "current_password" else field
            return _limited(
                await self._account(request, domain_status(error), {field: error.detail}, email=email), error
            )
        return await self._account(
            request,
            done=gettext("We have sent a link to %(email)s. Your address changes when it is followed.")
            % {"email": data.email},
        )

    @post("/account/sign-out-everywhere", guards=[requires_login], status_code=303)
    async def sign_out_everywhere(self, request: Request[Any, Any, Any]) -> Redirect:
        user = current_user(request)
        assert user is not None
        await self_service.sign_out_everywhere(user)
        return Redirect("/sign-in?signed_out=everywhere", status_code=303, cookies=[await end_session(request)])

    @get("/account/delete", guards=[requires_login], name="account_delete")
    async def delete_form(self, request: Request[Any, Any, Any]) -> Template:
        return await page(request, "account_delete.html.j2", errors={})

    @post("/account/delete", guards=[requires_login], status_code=303)
    async def delete(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user = current_user(request)
        assert user is not None
        data, errors = read_form(AccountDeletion, await request.form(), ("password",))
        if data is None:
            return await page(request, "account_delete.html.j2", status_code=400, errors=errors)
        try:
            await self_service.check_password_for(user, data.password)
            await delete_account(user)
        except DomainError as error:
            field = str(error.extra.get("field", "form"))
            response = await page(
                request, "account_delete.html.j2", status_code=domain_status(error), errors={field: error.detail}
            )
            return _limited(response, error)
        return Redirect("/?account=deleted", status_code=303, cookies=[await end_session(request)])


def self_service_link_text() -> str:
    return gettext("This link is not valid: it is unknown, was already used or has expired. Ask for a new one.")
