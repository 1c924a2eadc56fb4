"""/api/v1/areas: the public list of areas and one with its venues; site admins create, rename, delete and fill
them and name their officers; ``/mine`` lists the areas whose reports the caller reads."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.areas.schemas import (
    AreaCreate,
    AreaDetailOut,
    AreaOut,
    AreaUpdate,
    AreaVenueOut,
    OfficerAdd,
    OfficerOut,
)
from api.auth import requires_admin, requires_login
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from venues.areas import members, officers
from venues.areas.areas import (
    AreaSummary,
    area_detail,
    areas_read_by,
    create_area,
    delete_area,
    list_areas,
    update_area,
)
from venues.models import User


def area_out(area: AreaSummary) -> AreaOut:
    return AreaOut(
        id=area.id, slug=area.slug, name=area.name, description=area.description, venue_count=area.venue_count
    )


async def detail_out(area_id: int) -> AreaDetailOut:
    found = await area_detail(area_id)
    return AreaDetailOut(
        id=found.id,
        slug=found.slug,
        name=found.name,
        description=found.description,
        venue_count=len(found.venues),
        venues=[AreaVenueOut(id=venue.id, name=venue.name) for venue in found.venues],
    )


def officer_out(found: officers.Officer) -> OfficerOut:
    return OfficerOut(user_id=found.user_id, email=found.email, display_name=found.display_name)


class AreaController(Controller):
    path = "/api/v1/areas"
    tags = ["areas"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="List areas",
        description="Public: each area's name, slug, description and how many venues it holds, by name.",
        responses=problem_responses(400, 401),
    )
    async def list_areas(self, request: Request, paging: NamedDependency[Paging]) -> Page[AreaOut]:
        found, total = await list_areas(paging.limit, paging.offset)
        return page_of(request, [area_out(area) for area in found], total, paging)

    @get(
        "/mine",
        guards=[requires_login],
        summary="The areas whose reports you read",
        description="The areas you are an officer of (every area for a site admin).",
        responses=problem_responses(400, 401),
    )
    async def my_areas(
        self, request: Request, user: NamedDependency[User | None], paging: NamedDependency[Paging]
    ) -> Page[AreaOut]:
        found, total = await areas_read_by(user, paging.limit, paging.offset)
        return page_of(request, [area_out(area) for area in found], total, paging)

    @get(
        "/{area_id:int}",
        summary="One area with its venues",
        description="Public: the area and its venues (id and name), by name.",
        responses=problem_responses(400, 401, 404),
    )
    async def get_area(self, area_id: FromPath[int]) -> AreaDetailOut:
        return await detail_out(area_id)

    @post(
        "/",
        guards=[requires_admin],
        status_code=HTTP_201_CREATED,
        summary="Create an area (site admins)",
        description="Without a slug one is made from the name; a slug already taken is a 409.",
        responses=problem_responses(400, 401, 403, 409),
    )
    async def create(self, data: JSONBody[AreaCreate], user: NamedDependency[User | None]) -> AreaDetailOut:
        area = await create_area(user, data.name, data.slug, data.description)
        return await detail_out(area.id)

    @patch(
        "/{area_id:int}",
        guards=[requires_admin],
        summary="Rename, re-describe or re-slug an area (site admins)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update(
        self, area_id: FromPath[int], data: JSONBody[AreaUpdate], user: NamedDependency[User | None]
    ) -> AreaDetailOut:
        await update_area(user, area_id, provided_fields(data))
        return await detail_out(area_id)

    @delete(
        "/{area_id:int}",
        guards=[requires_admin],
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an area (site admins)",
        description="Its venue list and officers go with it; the venues and accounts stay.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove(self, area_id: FromPath[int], user: NamedDependency[User | None]) -> None:
        await delete_area(user, area_id)

    @put(
        "/{area_id:int}/venues/{venue_id:int}",
        guards=[requires_admin],
        status_code=HTTP_204_NO_CONTENT,
        summary="Add a venue to an area (site admins)",
        description="A venue already in the area is a 409.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_venue(
        self, area_id: FromPath[int], venue_id: FromPath[int], user: NamedDependency[User | None]
    ) -> None:
        await members.add_venue(user, area_id, venue_id)

    @delete(
        "/{area_id:int}/venues/{venue_id:int}",
        guards=[requires_admin],
        status_code=HTTP_204_NO_CONTENT,
        summary="Take a venue out of an area (site admins)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove_venue(
        self, area_id: FromPath[int], venue_id: FromPath[int], user: NamedDependency[User | None]
    ) -> None:
        await members.remove_venue(user, area_id, venue_id)

    @get(
        "/{area_id:int}/officers",
        guards=[requires_admin],
        summary="An area's officers (site admins)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_officers(
        self, request: Request, area_id: FromPath[int], paging: NamedDependency[Paging]
    ) -> Page[OfficerOut]:
        found, total = await officers.list_officers(area_id, paging.limit, paging.offset)
        return page_of(request, [officer_out(officer) for officer in found], total, paging)

    @post(
        "/{area_id:int}/officers",
        guards=[requires_admin],
        status_code=HTTP_201_CREATED,
        summary="Name an officer by an account's email (site admins)",
        description="An officer reads the area's reports and each of its venues'. No account with the email is "
        "a 404; someone already an officer of the area is a 409.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_officer(
        self, area_id: FromPath[int], data: JSONBody[OfficerAdd], user: NamedDependency[User | None]
    ) -> OfficerOut:
        return officer_out(await officers.add_officer(user, area_id, data.email))

    @delete(
        "/{area_id:int}/officers/{user_id:int}",
        guards=[requires_admin],
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove an officer (site admins)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove_officer(
        self, area_id: FromPath[int], user_id: FromPath[int], user: NamedDependency[User | None]
    ) -> None:
        await officers.remove_officer(user, area_id, user_id)
