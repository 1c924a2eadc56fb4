"""/api/v1/groups (community groups and their organisers) and the tiers venues agree for them."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import requires_login
from api.errors import problem_responses
from api.feeds.links import feed_links
from api.groups.guards import organises_path_group, sees_group_tiers
from api.groups.schemas import (
    GroupBillingDetails,
    GroupCreate,
    GroupOut,
    GroupPrivateContact,
    GroupTierIn,
    GroupTierOut,
    GroupUpdate,
    OrganiserAdd,
    OrganiserOut,
)
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from api.settings import get_settings
from api.venues.guards import manages_path_venue
from scheduling import groups
from scheduling.models import Group
from scheduling.pricing import group_tiers
from venues.lookups import get_venue
from venues.models import User
from venues.permissions import managed_venue_ids
from venues.vocabulary import TierKind


def group_out(group: Group, include_private: bool) -> GroupOut:
    out = GroupOut(
        id=group.id,
        name=group.name,
        slug=group.slug,
        description=group.description,
        website=group.website,
        public_email=group.public_email,
        public_phone=group.public_phone,
        url=f"{get_settings().public_base_url}/api/v1/groups/{group.id}",
        feed=feed_links(f"/feeds/groups/{group.id}.ics"),
        name_cy=group.name_cy or "",
        description_cy=group.description_cy or "",
    )
    if include_private:
        out.private_contact = GroupPrivateContact(
            name=group.private_contact_name, email=group.private_email, phone=group.private_phone
        )
        out.billing = GroupBillingDetails(name=group.billing_name, address=group.billing_address)
    return out


def tier_out(agreed: group_tiers.AgreedTier) -> GroupTierOut:
    return GroupTierOut(
        group_id=agreed.group_id,
        group_name=agreed.group_name,
        venue_id=agreed.venue_id,
        venue_name=agreed.venue_name,
        tier_id=agreed.tier_id,
        tier_kind=TierKind(agreed.tier_kind),
        tier_name=agreed.tier_name,
    )


def _group_fields(data: GroupCreate | GroupUpdate) -> dict[str, Any]:
    fields = provided_fields(data, exclude=("private_contact", "billing"))
    if isinstance(data, GroupUpdate) and isinstance(data.billing, GroupBillingDetails):
        fields.update(billing_name=data.billing.name, billing_address=data.billing.address)
    if isinstance(data.private_contact, GroupPrivateContact):
        fields.update(
            private_contact_name=data.private_contact.name,
            private_email=data.private_contact.email,
            private_phone=data.private_contact.phone,
        )
    return fields


class GroupController(Controller):
    path = "/api/v1/groups"
    tags = ["groups"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="List groups",
        description="Public; search by part of the name. Organisers also see their groups' private contact.",
        responses=problem_responses(400, 401),
    )
    async def list_groups(
        self,
        request: Request,
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
        name: Annotated[
            str | None,
            QueryParameter(max_length=200, description="part of the group's name in English or Welsh, any case"),
        ] = None,
    ) -> Page[GroupOut]:
        found, total = await groups.find_groups(name, paging.limit, paging.offset)
        readable = await groups.private_contact_readable(user, found)
        items = [group_out(group, group.id in readable) for group in found]
        return page_of(request, items, total, paging)

    @post(
        "/",
        guards=[requires_login],
        summary="Create a group (any signed-in account)",
        description="The creator becomes its first organiser. Without a slug, one is made from the name.",
        responses=problem_responses(400, 401, 409),
    )
    async def create(self, data: JSONBody[GroupCreate], user: NamedDependency[User]) -> GroupOut:
        fields = _group_fields(data)
        if data.slug is None:
            fields.pop("slug", None)
        group = await groups.create_group(fields, user)
        return group_out(group, include_private=True)

    @get(
        "/{group_id:int}",
        summary="One group",
        description="Public fields for everyone; the private contact only for its organisers and site admins.",
        responses=problem_responses(400, 401, 404),
    )
    async def get_one(self, group_id: FromPath[int], user: NamedDependency[User | None]) -> GroupOut:
        group = await groups.get_group(group_id)
        return group_out(group, include_private=group.id in await groups.private_contact_readable(user, [group]))

    @patch(
        "/{group_id:int}",
        guards=[organises_path_group],
        summary="Change a group (its organisers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update(self, group_id: FromPath[int], data: JSONBody[GroupUpdate]) -> GroupOut:
        group = await groups.get_group(group_id)
        return group_out(await groups.update_group(group, _group_fields(data)), include_private=True)

    @get(
        "/{group_id:int}/organisers",
        guards=[organises_path_group],
        summary="Who organises this group (its organisers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_organisers(
        self, request: Request, group_id: FromPath[int], paging: NamedDependency[Paging]
    ) -> Page[OrganiserOut]:
        found, total = await groups.list_organisers(group_id, paging.limit, paging.offset)
        items = [OrganiserOut(user_id=o.user_id, email=o.email, display_name=o.display_name) for o in found]
        return page_of(request, items, total, paging)

    @post(
        "/{group_id:int}/organisers",
        guards=[organises_path_group],
        summary="Add an organiser by account email",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_organiser(self, group_id: FromPath[int], data: JSONBody[OrganiserAdd]) -> OrganiserOut:
        added = await groups.add_organiser(group_id, data.email)
        return OrganiserOut(user_id=added.user_id, email=added.email, display_name=added.display_name)

    @delete(
        "/{group_id:int}/organisers/{user_id:int}",
        guards=[organises_path_group],
        summary="Remove an organiser",
        description="A group keeps at least one organiser.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def remove_organiser(self, group_id: FromPath[int], user_id: FromPath[int]) -> None:
        await groups.remove_organiser(group_id, user_id)

    @get(
        "/{group_id:int}/venue-tiers",
        guards=[sees_group_tiers],
        summary="The price tiers venues agreed for this group",
        description="Organisers see every agreement; a venue's managers see their own venues' only.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_venue_tiers(
        self, request: Request, group_id: FromPath[int], user: NamedDependency[User], paging: NamedDependency[Paging]
    ) -> Page[GroupTierOut]:
        visible = None if await groups.organises(user, group_id) else await managed_venue_ids(user)
        found, total = await group_tiers.agreed_tiers(group_id, visible, paging.limit, paging.offset)
        return page_of(request, [tier_out(agreed) for agreed in found], total, paging)


class VenueGroupTierController(Controller):
    path = "/api/v1/venues/{venue_id:int}/group-tiers"
    tags = ["groups"]
    guards = [manages_path_venue]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="The tiers this venue agreed for groups (its managers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_agreements(
        self, request: Request, venue_id: FromPath[int], paging: NamedDependency[Paging]
    ) -> Page[GroupTierOut]:
        found, total = await group_tiers.agreed_at_venue(venue_id, paging.limit, paging.offset)
        return page_of(request, [tier_out(agreed) for agreed in found], total, paging)

    @put(
        "/{group_id:int}",
        summary="Agree a price tier for a group (the venue's managers)",
        description="Replaces any earlier agreement; `tier_id` must be one of this venue's tiers.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def agree(
        self, venue_id: FromPath[int], group_id: FromPath[int], data: JSONBody[GroupTierIn]
    ) -> GroupTierOut:
        venue = await get_venue(venue_id)
        group = await groups.get_group(group_id)
        return tier_out(await group_tiers.agree_tier(venue.id, group.id, data.tier_id))

    @delete(
        "/{group_id:int}",
        summary="Withdraw the tier agreed for a group (the venue's managers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def withdraw(self, venue_id: FromPath[int], group_id: FromPath[int]) -> None:
        group = await groups.get_group(group_id)
        await group_tiers.withdraw_tier(venue_id, group.id)
