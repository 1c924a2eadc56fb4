"""/api/v1/venues/{id}/closures and /api/v1/closures/{id}: days a venue or space is shut."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.closures.guards import manages_path_closure
from api.closures.schemas import ClosureCreate, ClosureOut
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.resolutions import resolution_of
from api.schemas import Page
from api.venues.guards import manages_path_venue
from scheduling.venue_changes.resolve import close
from venues.lookups import get_venue
from venues.models import Closure, User
from venues.opening.closures import get_closure, list_closures, remove_closure
from venues.visibility import visible_venue


def closure_out(closure: Closure) -> ClosureOut:
    return ClosureOut(
        id=closure.id,
        venue_id=closure.venue,
        space_id=closure.space,
        starts_on=closure.starts_on,
        ends_on=closure.ends_on,
        reason=closure.reason,
    )


class ClosureController(Controller):
    path = "/api/v1"
    tags = ["closures"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/venues/{venue_id:int}/closures",
        summary="A venue's closures, and those of its spaces",
        description="Public, earliest first. `from`/`to` keep the closures that touch that range of dates.",
        responses=problem_responses(400, 401, 404),
    )
    async def list_for_venue(
        self,
        request: Request,
        venue_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
        from_day: Annotated[date | None, QueryParameter(name="from", description="first date, YYYY-MM-DD")] = None,
        to_day: Annotated[date | None, QueryParameter(name="to", description="last date, YYYY-MM-DD")] = None,
    ) -> Page[ClosureOut]:
        venue, _ = await visible_venue(user, venue_id)
        closures, total = await list_closures(venue.id, from_day, to_day, paging.limit, paging.offset)
        return page_of(request, [closure_out(closure) for closure in closures], total, paging)

    @post(
        "/venues/{venue_id:int}/closures",
        guards=[manages_path_venue],
        summary="Close a venue, or one of its spaces, for some days (its managers)",
        description="A closure over requested or confirmed bookings is refused with a 409 `affects-bookings` "
        "listing them (series dates included, venue-local times) unless `resolve` says, for each or all, to "
        "`cancel` them (with a `reason` their bookers see) or `keep` them as exceptions. The closure and what "
        "becomes of the bookings are saved together, or nothing is.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def create(
        self, venue_id: FromPath[int], data: JSONBody[ClosureCreate], user: NamedDependency[User]
    ) -> ClosureOut:
        venue = await get_venue(venue_id)
        closure, resolved = await close(
            user, venue.id, data.starts_on, data.ends_on, data.reason, data.space_id, resolution_of(data.resolve)
        )
        out = closure_out(closure)
        if data.resolve is not None:
            out.cancelled, out.kept = resolved.cancelled, resolved.kept
        return out

    @delete(
        "/closures/{closure_id:int}",
        guards=[manages_path_closure],
        summary="Remove a closure (its venue's managers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove(self, closure_id: FromPath[int]) -> None:
        await remove_closure(await get_closure(closure_id))
