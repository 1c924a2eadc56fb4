"""/api/v1/venues/{id}/spaces and /api/v1/spaces/{id}: rooms, pitches and combined spaces."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody

from api.errors import problem_responses
from api.feeds.links import feed_links
from api.pagination import Paging, page_of, provide_paging
from api.pricing.controllers import rate_out
from api.resolutions import ResolutionIn, resolution_of
from api.schemas import Page, provided_fields
from api.settings import get_settings
from api.spaces.schemas import SpaceCreate, SpaceOut, SpaceUpdate
from api.venues.guards import manages_path_space, manages_path_venue
from scheduling.venue_changes.archiving import change_space_resolving
from venues.lookups import get_venue
from venues.models import Space, User
from venues.spaces import operations as space_rules
from venues.tiers import rates_by_space
from venues.visibility import visible_space, visible_venue
from venues.vocabulary import Accessibility, Facility, SpaceKind


async def spaces_out(spaces: list[Space]) -> list[SpaceOut]:
    """Response bodies for ``spaces``, with parts, combinations and rates fetched once for all."""
    ids = [space.id for space in spaces]
    parts = await space_rules.parts_by_space(ids)
    combined_in = await space_rules.combined_in_by_space(ids)
    rates = await rates_by_space(ids)
    base = get_settings().public_base_url
    return [
        SpaceOut(
            id=space.id,
            venue_id=space.venue,
            name=space.name,
            kind=SpaceKind(space.kind),
            description=space.description,
            capacity=space.capacity,
            facilities=[Facility(item) for item in space.facilities or []],
            accessibility=[Accessibility(item) for item in space.accessibility or []],
            bookable=space.bookable,
            min_booking_minutes=space.min_booking_minutes,
            max_booking_minutes=space.max_booking_minutes,
            setup_buffer_minutes=space.setup_buffer_minutes,
            cleanup_buffer_minutes=space.cleanup_buffer_minutes,
            min_notice_minutes=space.min_notice_minutes,
            horizon_days=space.horizon_days,
            requires_approval=space.requires_approval,
            archived=space.archived,
            part_ids=parts.get(space.id, []),
            combined_in_ids=combined_in.get(space.id, []),
            rates=[rate_out(rate) for rate in rates.get(space.id, [])],
            url=f"{base}/api/v1/spaces/{space.id}",
            feed=feed_links(f"/feeds/spaces/{space.id}.ics"),
            name_cy=space.name_cy or "",
            description_cy=space.description_cy or "",
        )
        for space in spaces
    ]


class SpaceController(Controller):
    path = "/api/v1"
    tags = ["spaces"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/venues/{venue_id:int}/spaces",
        summary="A venue's spaces",
        description="Public; archived spaces are listed only for the venue's managers, with include_archived.",
        responses=problem_responses(400, 401, 404),
    )
    async def list_spaces(
        self,
        request: Request,
        venue_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
        include_archived: FromQuery[bool] = False,
    ) -> Page[SpaceOut]:
        venue, manages = await visible_venue(user, venue_id)
        found, total = await space_rules.list_spaces(
            venue.id, include_archived and manages, paging.limit, paging.offset
        )
        return page_of(request, await spaces_out(found), total, paging)

    @post(
        "/venues/{venue_id:int}/spaces",
        guards=[manages_path_venue],
        summary="Add a space (the venue's managers)",
        description="With `part_ids` the new space combines two or more existing spaces of the venue.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def create(self, venue_id: FromPath[int], data: JSONBody[SpaceCreate]) -> SpaceOut:
        venue = await get_venue(venue_id)
        space = await space_rules.create_space(venue.id, provided_fields(data, exclude=("part_ids",)), data.part_ids)
        (out,) = await spaces_out([space])
        return out

    @get("/spaces/{space_id:int}", summary="One space", responses=problem_responses(400, 401, 404))
    async def get_one(self, space_id: FromPath[int], user: NamedDependency[User | None]) -> SpaceOut:
        space, _ = await visible_space(user, space_id)
        (out,) = await spaces_out([space])
        return out

    @patch(
        "/spaces/{space_id:int}",
        guards=[manages_path_space],
        summary="Change a space (its venue's managers)",
        description=(
            "`part_ids` replaces the parts ([] makes it a plain space); `archived` hides it from the public. "
            "Changing parts or buffers moves the time held by the space's bookings to come; a 409 "
            "`affects-bookings` lists those that would clash, or that stop it being archived. With `archived` "
            "true, `resolve` may cancel those (each by id, or `all`, with a `reason` their bookers see) in the "
            "same transaction; `keep` does not apply to an archived space. A smaller `capacity`, a longer "
            "`min_booking_minutes` or a shorter `max_booking_minutes` that requested or confirmed bookings not yet "
            "over would break is refused with the same 409 listing them (with `why`), unless `resolve` says, for "
            "each or all, to `cancel` them (with a `reason`) or `keep` them as exceptions; the change and what "
            "becomes of them are saved together (`cancelled`, `kept` in the response), or nothing is. Notice, "
            "how far ahead, `bookable` and `requires_approval` apply to new requests only."
        ),
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update(
        self, space_id: FromPath[int], data: JSONBody[SpaceUpdate], user: NamedDependency[User]
    ) -> SpaceOut:
        part_ids = data.part_ids if isinstance(data.part_ids, list) else None
        resolution = resolution_of(data.resolve) if isinstance(data.resolve, ResolutionIn) else None
        fields = provided_fields(data, exclude=("part_ids", "resolve"))
        space, resolved = await change_space_resolving(user, space_id, fields, part_ids, resolution)
        (out,) = await spaces_out([space])
        if resolution is not None:
            out.cancelled, out.kept = resolved.cancelled, resolved.kept
        return out
