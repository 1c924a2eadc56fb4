"""/desk/venues/{id}/spaces: every setting of each space, and a space's own opening hours, as over the API.

A space's settings change through ``scheduling.venue_changes.archiving.change_space_resolving`` (the API's
``PATCH /spaces/{id}``): buffers and parts move its bookings' held time or are refused with the bookings in
the way; stricter rules (capacity, shortest or longest booking) list the bookings they would break, with the
same cancel/keep choices as a closure; archiving can cancel the bookings to come. A space's own weekly hours go
through ``set_hours`` like the venue's (``api.pages.desk_settings.save_hours_form``).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values, hours_page, resolved_query, save_hours_form
from api.pages.support.rendering import current_user, page
from api.pages.views.reached_bookings import (
    ReachedList,
    reached_list,
    resolution_from_form,
    resolved_notice,
    with_current_choices,
)
from api.pages.views.space_form import InTheWay, access, facilities, in_the_way, kinds, space_changes, space_values
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from scheduling.bookings.lists import venue_booking_spans
from scheduling.venue_changes.archiving import change_space_resolving
from scheduling.venue_changes.resolve import Resolved
from venues.core.errors import AffectsBookings, DomainError, NotFound
from venues.core.i18n import gettext, ngettext
from venues.lookups import get_space, get_venue
from venues.models import Space, Venue
from venues.opening.hours import spaces_with_own_hours
from venues.spaces.operations import list_spaces, parts_by_space


def rules_sentence(reached: ReachedList) -> str:
    return ngettext(
        "These rules would break %(num)d booking already made. Nothing is saved yet: choose below what happens to them.",
        "These rules would break %(num)d bookings already made. Nothing is saved yet: choose below what happens to them.",
        reached.total,
    ) % {"num": reached.total}


def breaks_rules(error: AffectsBookings, form: dict[str, str]) -> bool:
    """A refusal over bookings stricter rules would break (each with why), which the manager can resolve here."""
    items = error.extra.get("bookings", [])
    return form.get("archive") != "1" and bool(items) and all("why" in item for item in items)


async def _space_of(venue_id: int, space_id: int) -> tuple[Venue, Space]:
    venue = await get_venue(venue_id)
    space = await get_space(space_id)
    if space.venue != venue.id:
        raise NotFound(gettext("There is no space with id %(id)s at this venue.") % {"id": space_id})
    return venue, space


class DeskSpacePages(Controller):
    path = "/desk/venues/{venue_id:int}/spaces"
    guards = [manages_path_venue]

    async def _spaces_page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        affected: list[InTheWay] | None = None,
        archiving: Space | None = None,
        sent: tuple[int, dict[str, str]] | None = None,
        reached: ReachedList | None = None,
    ) -> Template:
        spaces, _ = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
        values = {space.id: space_values(space, sent[1] if sent and sent[0] == space.id else None) for space in spaces}
        return await page(
            request,
            "desk_spaces.html.j2",
            status_code=status_code,
            nav="desk",
            tab="spaces",
            venue=venue,
            spaces=spaces,
            values=values,
            kinds=kinds(),
            facilities=facilities(),
            access=access(),
            own_hours=await spaces_with_own_hours(venue.id),
            parts=await parts_by_space(space.id for space in spaces),
            problems=problems or [],
            affected=affected or [],
            archiving=archiving,
            reached=reached,
            reached_space=sent[0] if sent and reached else None,
            form=sent[1] if sent else {},
            saved=status_code == 200 and request.query_params.get("saved") == "1",
            resolved=resolved_notice(request.query_params) if status_code == 200 else "",
        )

    @get("/", name="desk_spaces")
    async def spaces(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._spaces_page(request, await get_venue(venue_id))

    @post(
        "/{space_id:int}",
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"resolve_reason", "description", "description_cy"}},
    )
    async def save_space(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], space_id: FromPath[int]
    ) -> Template | Redirect:
        """Stricter rules over bookings first list them, with a choice for each; sent again, saved with them."""
        venue, space = await _space_of(venue_id, space_id)
        form = form_values(await request.form())
        user = current_user(request)
        assert user is not None
        try:
            spaces, _ = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
            offered = [other.id for other in spaces if other.id != space.id]
            current = (await parts_by_space([space.id])).get(space.id, [])
            fields, part_ids = space_changes(form, offered, [part for part in current if part not in offered])
            if part_ids is not None and sorted(part_ids) == sorted(current):
                part_ids = None

            async def attempt(sent: dict[str, str]) -> Resolved:
                assert user is not None
                return (await change_space_resolving(user, space.id, fields, part_ids, resolution_from_form(sent)))[1]

            resolved = await with_current_choices(attempt, form)
        except AffectsBookings as error:
            if breaks_rules(error, form):
                reached = reached_list(error, venue.timezone)
                return await self._spaces_page(
                    request, venue, 409, [rules_sentence(reached)], sent=(space.id, form), reached=reached
                )
            items = error.extra.get("bookings", [])
            spans = await venue_booking_spans(
                venue.id, [other for item in items for other in item.get("clashes_with", [])]
            )
            archiving = space if items and form.get("archive") == "1" else None
            affected = in_the_way(items, spans, venue.timezone)
            return await self._spaces_page(request, venue, 409, [error.detail], affected, archiving, (space.id, form))
        except DomainError as error:
            return await self._spaces_page(request, venue, domain_status(error), [error.detail], sent=(space.id, form))
        return Redirect(
            f"/desk/venues/{venue.id}/spaces?{resolved_query('saved', resolved)}#space-{space.id}-heading",
            status_code=303,
        )

    @get("/{space_id:int}/hours", name="desk_space_hours")
    async def space_hours(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], space_id: FromPath[int]
    ) -> Template:
        venue, space = await _space_of(venue_id, space_id)
        return await hours_page(request, venue, space)

    @post("/{space_id:int}/hours", status_code=303, opt={MULTI_LINE_FIELDS: {"resolve_reason"}})
    async def save_space_hours(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], space_id: FromPath[int]
    ) -> Template | Redirect:
        """The space follows the venue again, or gets its own week; hours over bookings list them first."""
        venue, space = await _space_of(venue_id, space_id)
        return await save_hours_form(request, venue, space)
