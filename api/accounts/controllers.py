"""/api/v1/auth (sign in, sign out, who am I) and /api/v1/users (site admins)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody

from api.accounts.schemas import LoginRequest, TokenOut, UserCreate, UserOut
from api.auth import bearer_token, requires_admin, requires_login
from api.client_address import client_address
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.settings import get_settings
from venues.accounts.credentials import create_user, issue_token, revoke_token, sign_in
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
