"""Invitations (venue managers invite co-managers, group organisers co-organisers) and requests to join."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from api.auth import requires_login
from api.errors import problem_responses
from api.groups.guards import organises_path_group
from api.memberships.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationIn,
    InvitationSent,
    JoinRequestIn,
    JoinRequestOut,
    PendingInvitationOut,
)
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.settings import get_settings
from api.venues.guards import manages_path_venue
from scheduling import group_requests
from scheduling.accounts import invitations
from venues.models import User

SENT = "The invitation is on its way to that address; it works once, for seven days."


def join_out(found: group_requests.JoinRequest) -> JoinRequestOut:
    return JoinRequestOut(
        id=found.id,
        group_id=found.group_id,
        user_id=found.user_id,
        display_name=found.display_name,
        email=found.email,
        message=found.message,
        created_at=found.created_at,
    )


def pending_out(found: invitations.Pending) -> PendingInvitationOut:
    return PendingInvitationOut(found.id, found.email, found.invited_by, found.created_at, found.expires_at)


class InvitationController(Controller):
    path = "/api/v1"
    tags = ["accounts"]

    @post(
        "/venues/{venue_id:int}/manager-invitations",
        guards=[manages_path_venue],
        status_code=202,
        summary="Invite someone by email to co-manage this venue",
        description="The same answer whether or not the address has an account. At most 20 invitations an "
        "hour per inviter (manager and organiser invitations together), then a 429 with Retry-After.",
        responses=problem_responses(400, 401, 403, 404, 429),
    )
    async def invite_manager(
        self, venue_id: FromPath[int], user: NamedDependency[User], data: JSONBody[InvitationIn]
    ) -> InvitationSent:
        await invitations.invite_manager(user, venue_id, data.email, get_settings().public_base_url)
        return InvitationSent(SENT)

    @post(
        "/groups/{group_id:int}/organiser-invitations",
        guards=[organises_path_group],
        status_code=202,
        summary="Invite someone by email to co-organise this group",
        description="The same answer whether or not the address has an account. At most 20 invitations an "
        "hour per inviter (manager and organiser invitations together), then a 429 with Retry-After.",
        responses=problem_responses(400, 401, 403, 404, 429),
    )
    async def invite_organiser(
        self, group_id: FromPath[int], user: NamedDependency[User], data: JSONBody[InvitationIn]
    ) -> InvitationSent:
        await invitations.invite_organiser(user, group_id, data.email, get_settings().public_base_url)
        return InvitationSent(SENT)

    @get(
        "/venues/{venue_id:int}/manager-invitations",
        guards=[manages_path_venue],
        summary="The invitations to co-manage this venue still waiting to be accepted",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def manager_invitations(
        self, venue_id: FromPath[int], user: NamedDependency[User]
    ) -> list[PendingInvitationOut]:
        return [pending_out(found) for found in await invitations.pending_invitations(user, "venue", venue_id)]

    @delete(
        "/venues/{venue_id:int}/manager-invitations/{invitation_id:int}",
        guards=[manages_path_venue],
        summary="Withdraw a waiting invitation to co-manage this venue",
        description="Its link stops working.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def withdraw_manager_invitation(
        self, venue_id: FromPath[int], invitation_id: FromPath[int], user: NamedDependency[User]
    ) -> None:
        await invitations.withdraw_invitation(user, "venue", venue_id, invitation_id)

    @get(
        "/groups/{group_id:int}/organiser-invitations",
        guards=[organises_path_group],
        summary="The invitations to co-organise this group still waiting to be accepted",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def organiser_invitations(
        self, group_id: FromPath[int], user: NamedDependency[User]
    ) -> list[PendingInvitationOut]:
        return [pending_out(found) for found in await invitations.pending_invitations(user, "group", group_id)]

    @delete(
        "/groups/{group_id:int}/organiser-invitations/{invitation_id:int}",
        guards=[organises_path_group],
        summary="Withdraw a waiting invitation to co-organise this group",
        description="Its link stops working.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def withdraw_organiser_invitation(
        self, group_id: FromPath[int], invitation_id: FromPath[int], user: NamedDependency[User]
    ) -> None:
        await invitations.withdraw_invitation(user, "group", group_id, invitation_id)

    @post(
        "/account/invitations/accept",
        guards=[requires_login],
        status_code=200,
        summary="Accept an invitation with the secret from its link (signed in with the invited address)",
        description="An unknown, used or expired link is a 422 `link-not-valid`; another address is a 403; "
        "an unconfirmed address is a 403 `email-not-verified`; a 409 `inviter-gone` when whoever sent it "
        "no longer manages the venue or organises the group.",
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def accept(self, user: NamedDependency[User], data: JSONBody[InvitationAccept]) -> InvitationAccepted:
        accepted = await invitations.accept_invitation(user, data.token)
        return InvitationAccepted(kind=accepted.kind, target_id=accepted.target_id, name=accepted.name)


class JoinRequestController(Controller):
    path = "/api/v1/groups/{group_id:int}/join-requests"
    tags = ["groups"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @post(
        "/",
        guards=[requires_login],
        status_code=201,
        summary="Ask to join this group as an organiser (its organisers decide)",
        description="A 409 when already an organiser or already asked; 403 `email-not-verified` before the "
        "address is confirmed.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def ask(
        self, group_id: FromPath[int], user: NamedDependency[User], data: JSONBody[JoinRequestIn]
    ) -> JoinRequestOut:
        return join_out(await group_requests.ask_to_join(user, group_id, data.message, get_settings().public_base_url))

    @get(
        "/",
        guards=[organises_path_group],
        summary="Requests to join this group (its organisers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_requests(
        self, request: Request, group_id: FromPath[int], user: NamedDependency[User], paging: NamedDependency[Paging]
    ) -> Page[JoinRequestOut]:
        found = await group_requests.list_requests(user, group_id)
        window = found[paging.offset : paging.offset + paging.limit]
        return page_of(request, [join_out(f) for f in window], len(found), paging)

    @post(
        "/{request_id:int}/approve",
        guards=[organises_path_group],
        status_code=204,
        summary="Approve a request: the person becomes an organiser and is told",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def approve(self, group_id: FromPath[int], request_id: FromPath[int], user: NamedDependency[User]) -> None:
        await group_requests.decide_request(user, group_id, request_id, True, get_settings().public_base_url)

    @post(
        "/{request_id:int}/decline",
        guards=[organises_path_group],
        status_code=204,
        summary="Decline a request: it is removed and the person is told",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def decline(self, group_id: FromPath[int], request_id: FromPath[int], user: NamedDependency[User]) -> None:
        await group_requests.decide_request(user, group_id, request_id, False, get_settings().public_base_url)
