"""/groups/{id}: a community group's public face and what it runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.feeds.links import feed_links
from api.groups.guards import organises_path_group
from api.groups.schemas import GroupBillingDetails, GroupUpdate
from api.pages.support.rendering import current_user, page
from api.pages.views.names_form import MULTI_LINE_NAMES, NAME_FIELDS, names_of, read_names
from api.pages.whats_on import by_day
from api.text_input import MULTI_LINE_FIELDS
from scheduling import group_requests
from scheduling.accounts import invitations
from scheduling.groups import get_group, organises, update_group
from scheduling.listings.whats_on import WhatsOnFilters, whats_on_page
from scheduling.listings.whats_on_window import MAX_DAYS
from scheduling.payments.balances import venues_billing_group
from venues.core import clock
from venues.core.errors import InvalidInput
from venues.core.i18n import gettext


async def membership_context(request: Request[Any, Any, Any], group_id: int) -> dict[str, Any]:
    """What the group page shows about joining: organisers see requests and may invite; others may ask."""
    user = current_user(request)
    is_organiser = await organises(user, group_id)
    return {
        "is_organiser": is_organiser,
        "join_requests": await group_requests.list_requests(user, group_id) if is_organiser and user else [],
        "pending_invitations": await invitations.pending_invitations(user, "group", group_id)
        if is_organiser and user
        else [],
        "asked": await group_requests.pending_request(user, group_id),
        "notice": {
            key: request.query_params.get(key)
            for key in ("asked", "invited", "decided", "joined", "invite_error", "withdrawn")
        },
    }


def read_details(form: dict[str, str]) -> dict[str, Any]:
    """The group's names and descriptions as the form sent them, checked as ``PATCH /api/v1/groups/{id}`` checks
    them (through its own ``GroupUpdate``)."""
    label = NAME_FIELDS["name"]
    return read_names(form, GroupUpdate, gettext("%(field)s: the group needs a name in English.") % {"field": label})


async def group_page(
    request: Request[Any, Any, Any],
    group_id: int,
    billing_problem: str = "",
    status_code: int = 200,
    details: dict[str, str] | None = None,
    details_problem: InvalidInput | None = None,
) -> Template:
    group = await get_group(group_id)
    now = clock.now()
    filters = WhatsOnFilters(starts_from=now, ends_before=now + timedelta(days=MAX_DAYS), group_id=group.id)
    found, total, _ = await whats_on_page(filters, limit=100)
    return await page(
        request,
        "group.html.j2",
        status_code=status_code,
        group=group,
        billing_problem=billing_problem,
        billing_saved=request.query_params.get("billing") == "saved",
        details=details if details is not None else names_of(group),
        details_saved=status_code == 200 and request.query_params.get("details") == "saved",
        details_problems=[details_problem.detail] if details_problem else [],
        details_field=details_problem.field if details_problem else "",
        days=by_day(found),
        total=total,
        feed=feed_links(f"/feeds/groups/{group.id}.ics"),
        statements=await venues_billing_group(group.id) if await organises(current_user(request), group.id) else [],
        **await membership_context(request, group.id),
    )


class GroupPages(Controller):
    path = "/groups"

    @get("/{group_id:int}", name="group")
    async def group(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template:
        return await group_page(request, group_id)

    @post(
        "/{group_id:int}/billing",
        guards=[organises_path_group],
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"billing_address"}},
    )
    async def billing(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Redirect | Template:
        """As ``PATCH /api/v1/groups/{id}`` with ``billing``: who the venues' invoices are made out to."""
        form = await request.form()
        wanted = {
            "name": str(form.get("billing_name", "")).strip(),
            "address": str(form.get("billing_address", "")).replace("\r\n", "\n").strip(),
        }
        try:
            details = msgspec.convert(wanted, GroupBillingDetails)
        except msgspec.ValidationError:
            problem = gettext(
                "The name is one line of up to 200 characters and the address up to 5000: nothing was saved."
            )
            return await group_page(request, group_id, problem, 400)
        group = await get_group(group_id)
        await update_group(group, {"billing_name": details.name, "billing_address": details.address})
        return Redirect(f"/groups/{group_id}?billing=saved#billing", status_code=303)

    @post(
        "/{group_id:int}/details",
        guards=[organises_path_group],
        status_code=303,
        opt={MULTI_LINE_FIELDS: set(MULTI_LINE_NAMES)},
    )
    async def details(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Redirect | Template:
        """As ``PATCH /api/v1/groups/{id}`` with ``name``, ``name_cy``, ``description`` and ``description_cy``."""
        form = {key: str(value) for key, value in (await request.form()).items()}
        try:
            fields = read_details(form)
        except InvalidInput as problem:
            return await group_page(request, group_id, status_code=400, details=form, details_problem=problem)
        group = await get_group(group_id)
        await update_group(group, fields)
        return Redirect(f"/groups/{group_id}?details=saved#details", status_code=303)
