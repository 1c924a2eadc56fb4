"""Invitations and requests to join, on the pages: a desk tab where managers invite co-managers, the
group page's forms (organisers invite co-organisers and answer requests; others ask to join), and the
page an invitation's link opens. The same domain functions as the API, with the same permissions."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.accounts.schemas import LinkRequest
from api.auth import requires_login
from api.errors import domain_status
from api.groups.guards import organises_path_group
from api.memberships.schemas import InvitationIn, JoinRequestIn
from api.pages.account_forms import read_form
from api.pages.support.rendering import current_user, page
from api.settings import get_settings
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from scheduling import group_requests
from scheduling.accounts import invitations
from venues.accounts import links
from venues.billing import treasurers
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import gettext, lazy_gettext
from venues.lookups import get_venue
from venues.managers import list_managers

WITHDRAWN = lazy_gettext("The invitation was withdrawn; its link no longer works.")
TREASURER_ADDED = lazy_gettext(
    "%(email)s is now a treasurer: they see and record this venue's money, and nothing else."
)
TREASURER_REMOVED = lazy_gettext("They are no longer a treasurer of this venue.")
INVITATION_SENT = lazy_gettext("The invitation is on its way to %(email)s; it works once, for seven days.")


class InvitationPages(Controller):
    path = "/invitations"

    @get("/{token:str}", guards=[requires_login], name="invitation")
    async def invitation(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
        purpose = await invitations.invitation_purpose(token)
        user = current_user(request)
        assert user is not None  # guarded: signed in
        text = (
            gettext("You were invited to help manage a venue. Accept it with this account (%(email)s).")
            if purpose == links.INVITE_MANAGER
            else gettext("You were invited to be an organiser of a group. Accept it with this account (%(email)s).")
        )
        return await page(
            request,
            "link_confirm.html.j2",
            heading=gettext("Accept the invitation"),
            text=text % {"email": user.email},
            action="/invitations",
            button=gettext("Accept the invitation"),
            token=token,
        )

    @post("/", guards=[requires_login], status_code=303)
    async def accept(self, request: Request[Any, Any, Any]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        data, _ = read_form(LinkRequest, await request.form(), ("token",))
        if data is None:
            raise links.link_not_valid()
        accepted = await invitations.accept_invitation(user, data.token)
        if accepted.kind == "venue":
            return Redirect(f"/desk/venues/{accepted.target_id}", status_code=303)
        return Redirect(f"/groups/{accepted.target_id}?joined=1", status_code=303)


class ManagerPages(Controller):
    path = "/desk/venues/{venue_id:int}/managers"
    guards = [manages_path_venue]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        venue_id: int,
        status_code: int = 200,
        errors: dict[str, str] | None = None,
        sent: str = "",
        email: str = "",
        treasurer_problem: str = "",
        treasurer_email: str = "",
    ) -> Template:
        venue = await get_venue(venue_id)
        user = current_user(request)
        return await page(
            request,
            "desk_managers.html.j2",
            status_code=status_code,
            venue=venue,
            tab="managers",
            managers=await list_managers(venue_id),
            pending=await invitations.pending_invitations(user, "venue", venue_id) if user else [],
            errors=errors or {},
            sent=sent,
            email=email,
            treasurers=await treasurers.list_treasurers(venue_id),
            treasurer_problem=treasurer_problem,
            treasurer_email=treasurer_email,
        )

    @get("/", name="desk_managers")
    async def managers(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, venue_id)

    @post("/invite")
    async def invite(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        data, errors = read_form(InvitationIn, form, ("email",))
        if data is None:
            return await self._page(request, venue_id, 400, errors, email=str(form.get("email", "")))
        await invitations.invite_manager(user, venue_id, data.email, get_settings().public_base_url)
        return await self._page(request, venue_id, sent=str(INVITATION_SENT) % {"email": data.email})

    @post("/invitations/{invitation_id:int}/withdraw")
    async def withdraw(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], invitation_id: FromPath[int]
    ) -> Template:
        user = current_user(request)
        assert user is not None
        await invitations.withdraw_invitation(user, "venue", venue_id, invitation_id)
        return await self._page(request, venue_id, sent=str(WITHDRAWN))

    @post("/treasurers")
    async def add_treasurer(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        """As ``POST /api/v1/venues/{id}/treasurers``: a confirmed account's email."""
        email = str((await request.form()).get("treasurer_email", "")).strip()
        try:
            added = await treasurers.add_treasurer(venue_id, email)
        except DomainError as error:
            return await self._page(
                request, venue_id, domain_status(error), treasurer_problem=error.detail, treasurer_email=email
            )
        return await self._page(request, venue_id, sent=str(TREASURER_ADDED) % {"email": added.email})

    @post("/treasurers/{user_id:int}/remove")
    async def remove_treasurer(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], user_id: FromPath[int]
    ) -> Template:
        await treasurers.remove_treasurer(venue_id, user_id)
        return await self._page(request, venue_id, sent=str(TREASURER_REMOVED))


class GroupMembershipPages(Controller):
    path = "/groups/{group_id:int}"

    @post("/join", guards=[requires_login], status_code=303, opt={MULTI_LINE_FIELDS: {"message"}})
    async def ask(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        data, errors = read_form(JoinRequestIn, await request.form(), ("message",))
        if data is None:
            raise InvalidInput("message", errors["message"])
        await group_requests.ask_to_join(user, group_id, data.message, get_settings().public_base_url)
        return Redirect(f"/groups/{group_id}?asked=1#membership", status_code=303)

    @post("/organiser-invitations", guards=[organises_path_group])
    async def invite(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        assert user is not None
        data, errors = read_form(InvitationIn, await request.form(), ("email",))
        if data is None:
            return Redirect(f"/groups/{group_id}?invite_error=email#organisers", status_code=303)
        await invitations.invite_organiser(user, group_id, data.email, get_settings().public_base_url)
        return Redirect(f"/groups/{group_id}?invited=1#organisers", status_code=303)

    @post("/organiser-invitations/{invitation_id:int}/withdraw", guards=[organises_path_group], status_code=303)
    async def withdraw(
        self, request: Request[Any, Any, Any], group_id: FromPath[int], invitation_id: FromPath[int]
    ) -> Redirect:
        user = current_user(request)
        assert user is not None
        await invitations.withdraw_invitation(user, "group", group_id, invitation_id)
        return Redirect(f"/groups/{group_id}?withdrawn=1#organisers", status_code=303)

    @post("/join-requests/{request_id:int}/{answer:str}", guards=[organises_path_group], status_code=303)
    async def decide(
        self, request: Request[Any, Any, Any], group_id: FromPath[int], request_id: FromPath[int], answer: FromPath[str]
    ) -> Redirect:
        user = current_user(request)
        assert user is not None
        if answer not in ("approve", "decline"):
            raise InvalidInput("answer", gettext("Choose approve or decline."))
        await group_requests.decide_request(
            user, group_id, request_id, answer == "approve", get_settings().public_base_url
        )
        return Redirect(f"/groups/{group_id}?decided={answer}#organisers", status_code=303)
