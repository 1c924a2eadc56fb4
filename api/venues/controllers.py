"""/api/v1/venues: the public directory of venues, and what managers change about them."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth import requires_admin
from api.errors import problem_responses
from api.feeds.links import feed_links
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from api.settings import get_settings
from api.venues.guards import manages_path_venue
from api.venues.schemas import ManagerAdd, ManagerOut, PrivateContact, VenueCreate, VenueOut, VenueUpdate
from venues import managers as venue_managers
from venues.core.errors import InvalidInput, NotFound
from venues.directory.search import VenueFilters, find_venues
from venues.lookups import get_venue
from venues.models import User, Venue
from venues.permissions import managed_venue_ids, manages_venue
from venues.registry import create_venue, update_venue, users_by_email
from venues.vocabulary import Accessibility, Facility, Ownership, VenueKind


def venue_out(venue: Venue, include_private: bool, distance_km: float | None = None) -> VenueOut:
    out = VenueOut(
        id=venue.id,
        name=venue.name,
        slug=venue.slug,
        kind=VenueKind(venue.kind),
        description=venue.description,
        address=venue.address,
        postcode=venue.postcode,
        latitude=venue.latitude,
        longitude=venue.longitude,
        timezone=venue.timezone,
        ownership=Ownership(venue.ownership),
        accessibility=[Accessibility(item) for item in venue.accessibility or []],
        public_email=venue.public_email,
        public_phone=venue.public_phone,
        website=venue.website,
        archived=venue.archived,
        url=f"{get_settings().public_base_url}/api/v1/venues/{venue.id}",
        feed=feed_links(f"/feeds/venues/{venue.id}.ics"),
        locality=venue.locality,
        region=venue.region,
        distance_km=distance_km,
        name_cy=venue.name_cy or "",
        description_cy=venue.description_cy or "",
    )
    if include_private:
        out.private_contact = PrivateContact(
            name=venue.private_contact_name or None, email=venue.private_email, phone=venue.private_phone
        )
    return out


def _private_fields(contact: PrivateContact | None) -> dict[str, str]:
    if contact is None:
        return {}
    return {
        "private_contact_name": contact.name or "",
        "private_email": contact.email,
        "private_phone": contact.phone,
    }


class VenueController(Controller):
    path = "/api/v1/venues"
    tags = ["venues"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="List venues",
        description="Public directory; filter by kind, postcode prefix, facility, accessibility and distance.",
        responses=problem_responses(400, 401),
    )
    async def list_venues(
        self,
        request: Request,
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
        kind: FromQuery[VenueKind | None] = None,
        slug: Annotated[str | None, QueryParameter(max_length=100)] = None,
        postcode: Annotated[
            str | None, QueryParameter(max_length=16, description="postcode prefix, e.g. 'AB1'")
        ] = None,
        facility: FromQuery[Facility | None] = None,
        accessibility: Annotated[list[Accessibility] | None, QueryParameter(description="every listed feature")] = None,
        lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
        lng: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
        within_km: Annotated[float | None, QueryParameter(gt=0, le=500)] = None,
        include_archived: FromQuery[bool] = False,
    ) -> Page[VenueOut]:
        if (lat is None) != (lng is None):
            raise InvalidInput("lat" if lat is None else "lng", "Give both lat and lng to search by distance.")
        if within_km is not None and lat is None:
            raise InvalidInput("within_km", "within_km needs lat and lng.")
        filters = VenueFilters(
            kind=kind,
            slug=slug,
            postcode_prefix=postcode,
            facility=facility,
            accessibility=tuple(accessibility or ()),
            near=(lat, lng) if lat is not None and lng is not None else None,
            within_km=within_km,
            include_archived=include_archived and user is not None and user.is_admin,
        )
        found, total = await find_venues(filters, paging.limit, paging.offset)
        managed = set(await _managed_ids(user))
        items = [
            venue_out(venue, include_private=user is not None and (user.is_admin or venue.id in managed), distance_km=d)
            for venue, d in found
        ]
        return page_of(request, items, total, paging)

    @post(
        "/",
        guards=[requires_admin],
        summary="Create a venue (site admins)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def create(self, data: JSONBody[VenueCreate]) -> VenueOut:
        fields = {
            key: getattr(data, key)
            for key in (
                "name",
                "slug",
                "kind",
                "description",
                "name_cy",
                "description_cy",
                "address",
                "locality",
                "region",
                "postcode",
                "latitude",
                "longitude",
                "timezone",
                "ownership",
                "accessibility",
                "public_email",
                "public_phone",
                "website",
            )
        }
        fields.update(_private_fields(data.private_contact))
        venue = await create_venue(fields, data.manager_emails)
        return venue_out(venue, include_private=True)

    @get("/{venue_id:int}", summary="One venue", responses=problem_responses(400, 401, 404))
    async def get_one(self, venue_id: FromPath[int], user: NamedDependency[User | None]) -> VenueOut:
        venue = await get_venue(venue_id)
        private = await manages_venue(user, venue.id)
        if venue.archived and not private:
            raise NotFound(f"There is no venue with id {venue_id}.")
        return venue_out(venue, include_private=private)

    @patch(
        "/{venue_id:int}",
        guards=[manages_path_venue],
        summary="Change a venue (its managers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update(self, venue_id: FromPath[int], data: JSONBody[VenueUpdate]) -> VenueOut:
        venue = await get_venue(venue_id)
        fields = provided_fields(data, exclude=("private_contact",))
        if isinstance(data.private_contact, PrivateContact):
            fields.update(_private_fields(data.private_contact))
        venue = await update_venue(venue, fields)
        return venue_out(venue, include_private=True)

    @get(
        "/{venue_id:int}/managers",
        guards=[manages_path_venue],
        summary="Who manages this venue",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_managers(self, venue_id: FromPath[int]) -> list[ManagerOut]:
        found = await venue_managers.list_managers(venue_id)
        return [ManagerOut(user_id=m.user_id, email=m.email, display_name=m.display_name) for m in found]

    @post(
        "/{venue_id:int}/managers",
        guards=[manages_path_venue],
        summary="Add a manager by account email",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_manager(self, venue_id: FromPath[int], data: JSONBody[ManagerAdd]) -> ManagerOut:
        (user,) = await users_by_email([data.email])
        added = await venue_managers.add_manager(venue_id, user)
        return ManagerOut(user_id=added.user_id, email=added.email, display_name=added.display_name)

    @delete(
        "/{venue_id:int}/managers/{user_id:int}",
        guards=[manages_path_venue],
        summary="Remove a manager",
        description="A venue keeps at least one manager.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def remove_manager(self, venue_id: FromPath[int], user_id: FromPath[int]) -> None:
        await venue_managers.remove_manager(venue_id, user_id)


async def _managed_ids(user: NamedDependency[User | None]) -> list[int]:
    if user is None or user.is_admin:
        return []
    return await managed_venue_ids(user)
