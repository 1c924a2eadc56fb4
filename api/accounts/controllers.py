"""/api/v1/auth (sign in, sign out, who am I) and /api/v1/users (site admins)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody

from api.accounts.schemas import (
    Accepted,
    AccountDeletion,
    EmailChange,
    EmailOnly,
    LinkRequest,
    LoginRequest,
    PasswordChange,
    ResetRequest,
    SignUpRequest,
    TokenOut,
    UserCreate,
    UserOut,
)
from api.auth import bearer_token, requires_admin, requires_login
from api.client_address import client_address
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.settings import get_settings
from scheduling.accounts.erasure import delete_account
from venues.accounts import self_service
from venues.accounts.credentials import create_user, issue_token, revoke_token, sign_in, token_digest
from venues.models import User, VenueManager


async def users_out(users: Sequence[User]) -> list[UserOut]:
    """Response bodies for ``users``, with the venues each manages fetched in one query."""
    managed: dict[int, list[int]] = defaultdict(list)
    if users:
        rows = await VenueManager.select(VenueManager.user, VenueManager.venue).where(
            VenueManager.user.is_in([user.id for user in users])
        )
        for row in rows:
            managed[row["user"]].append(row["venue"])
    return [
        UserOut(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            is_admin=user.is_admin,
            manages_venue_ids=sorted(managed[user.id]),
            email_verified=user.email_verified,
        )
        for user in users
    ]


async def user_out(user: User) -> UserOut:
    (out,) = await users_out([user])
    return out


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["accounts"]

    @post(
        "/login",
        summary="Exchange email and password for a bearer token",
        status_code=200,
        description="After too many failed sign-ins for one address, or from one client, answers 429 with "
        "`Retry-After`; a success does not count against either limit.",
        responses=problem_responses(400, 401, 429),
    )
    async def login(self, request: Request, data: JSONBody[LoginRequest]) -> TokenOut:
        user = await sign_in(data.email, data.password, client_address(request))
        if user is None:
            raise NotAuthorizedException("That email and password do not match an account.")
        settings = get_settings()
        token, expires_at = await issue_token(user, settings.secret_key, timedelta(hours=settings.token_ttl_hours))
        return TokenOut(token=token, token_type="bearer", expires_at=expires_at, user=await user_out(user))

    @post(
        "/logout",
        guards=[requires_login],
        status_code=204,
        summary="Revoke the token this request used",
        responses=problem_responses(401),
    )
    async def logout(self, request: Request) -> None:
        token = bearer_token(request)
        if token:
            await revoke_token(token, get_settings().secret_key)

    @get("/me", guards=[requires_login], summary="The signed-in account", responses=problem_responses(401))
    async def me(self, user: NamedDependency[User]) -> UserOut:
        return await user_out(user)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["accounts"]
    guards = [requires_admin]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @post("/", summary="Create an account (site admins)", responses=problem_responses(400, 401, 403, 409))
    async def create(self, data: JSONBody[UserCreate]) -> UserOut:
        user = await create_user(data.email, data.password, data.display_name, is_admin=data.is_admin)
        return await user_out(user)

    @get("/", summary="List accounts (site admins)", responses=problem_responses(400, 401, 403))
    async def list_users(self, request: Request, paging: NamedDependency[Paging]) -> Page[UserOut]:
        total = await User.count()
        users = await User.objects().order_by(User.id).limit(paging.limit).offset(paging.offset)
        return page_of(request, await users_out(users), total, paging)


SIGN_UP_ACCEPTED = (
    "Check your email: we have sent a message to that address with what to do next. "
    "It may take a few minutes to arrive."
)
RESET_ACCEPTED = "If that address has an account, we have sent it a link to choose a new password."
EMAIL_CHANGE_ACCEPTED = "We have sent a link to the new address; the change happens when it is followed."
LINK_DESCRIPTION = "An unknown, used or expired link is a 422 `link-not-valid`."
LIMITED = (
    "Limited per submitted address (whether or not it has an account) and per client address: past either, "
    "429 with `Retry-After`."
)


class SelfServiceController(Controller):
    """Signing up, confirming an address, resetting a password: answers that never tell whether an
    address has an account."""

    path = "/api/v1/auth"
    tags = ["accounts"]

    @post(
        "/sign-up",
        status_code=202,
        summary="Sign up: an account whose address must be confirmed by the emailed link",
        description="The same answer whether or not the address has an account (an existing account's "
        "owner is sent a reminder instead of a link). " + LIMITED,
        responses=problem_responses(400, 429),
    )
    async def sign_up(self, request: Request, data: JSONBody[SignUpRequest]) -> Accepted:
        await self_service.sign_up(
            data.email, data.password, data.display_name, client_address(request), get_settings().public_base_url
        )
        return Accepted(SIGN_UP_ACCEPTED)

    @post(
        "/verify-email",
        status_code=200,
        summary="Confirm an address with the secret from the emailed link (once)",
        description=LINK_DESCRIPTION,
        responses=problem_responses(400, 409, 422),
    )
    async def verify_email(self, data: JSONBody[LinkRequest]) -> UserOut:
        return await user_out(await self_service.verify_email(data.token))

    @post(
        "/resend-verification",
        status_code=202,
        guards=[requires_login],
        summary="Send the signed-in account a new confirmation link",
        responses=problem_responses(401, 429),
    )
    async def resend(self, user: NamedDependency[User]) -> Accepted:
        await self_service.resend_verification(user, get_settings().public_base_url)
        return Accepted(SIGN_UP_ACCEPTED)

    @post(
        "/forgot-password",
        status_code=202,
        summary="Ask for a link to choose a new password",
        description="The same answer whether or not the address has an account. " + LIMITED,
        responses=problem_responses(400, 429),
    )
    async def forgot_password(self, request: Request, data: JSONBody[EmailOnly]) -> Accepted:
        await self_service.request_reset(data.email, client_address(request), get_settings().public_base_url)
        return Accepted(RESET_ACCEPTED)

    @post(
        "/reset-password",
        status_code=204,
        summary="Choose a new password with the secret from the emailed link (once); signs out everywhere",
        description=LINK_DESCRIPTION,
        responses=problem_responses(400, 409, 422),
    )
    async def reset_password(self, data: JSONBody[ResetRequest]) -> None:
        await self_service.reset_password(data.token, data.password)

    @post(
        "/confirm-email",
        status_code=200,
        summary="Make the new address the account's, with the secret from the link sent to it (once)",
        description=LINK_DESCRIPTION + " An address another account took meanwhile is a 409.",
        responses=problem_responses(400, 409, 422),
    )
    async def confirm_email(self, data: JSONBody[LinkRequest]) -> UserOut:
        return await user_out(await self_service.confirm_email_change(data.token))

    @post(
        "/logout-everywhere",
        guards=[requires_login],
        status_code=204,
        summary="Revoke every token and page session of the signed-in account",
        responses=problem_responses(401),
    )
    async def logout_everywhere(self, user: NamedDependency[User]) -> None:
        await self_service.sign_out_everywhere(user)


class AccountController(Controller):
    """The signed-in account changing its own password or address, or deleting itself."""

    path = "/api/v1/account"
    tags = ["accounts"]
    guards = [requires_login]

    @post(
        "/password",
        status_code=204,
        summary="Change the password (the current one is asked again)",
        description="A wrong current password is a 400 on `current_password`. Every other session and bearer "
        "token of the account ends (whoever knew the old password is signed out); the one this request used stays.",
        responses=problem_responses(400, 401, 429),
    )
    async def change_password(
        self, request: Request, user: NamedDependency[User], data: JSONBody[PasswordChange]
    ) -> None:
        token = bearer_token(request)
        keep = token_digest(token, get_settings().secret_key) if token else None
        await self_service.change_password(user, data.current_password, data.new_password, keep)

    @post(
        "/email",
        status_code=202,
        summary="Ask to change the address: a link goes to the new one, a notice to the old one",
        description="The same answer whether or not the new address has an account.",
        responses=problem_responses(400, 401, 429),
    )
    async def change_email(self, user: NamedDependency[User], data: JSONBody[EmailChange]) -> Accepted:
        await self_service.request_email_change(user, data.email, data.current_password, get_settings().public_base_url)
        return Accepted(EMAIL_CHANGE_ACCEPTED)

    @post(
        "/delete",
        status_code=204,
        summary="Delete the account and erase its personal data",
        description="The account goes with its sessions; the booker name, email and phone go from its "
        "bookings and their history, which stay, anonymised, in the venue's records. A 409 while it is "
        "the last manager of a venue or organiser of a group. A wrong password is a 400 on `password`.",
        responses=problem_responses(400, 401, 409, 429),
    )
    async def delete(self, user: NamedDependency[User], data: JSONBody[AccountDeletion]) -> None:
        await self_service.check_password_for(user, data.password)
        await delete_account(user)
