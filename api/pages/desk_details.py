"""/desk/venues/{id}/details: the venue's name and description in English and Welsh, as its managers give them.

The form is read through the API's own ``VenueUpdate`` (``PATCH /api/v1/venues/{id}``), so the page takes exactly what
the API takes, and saved by the same ``venues.registry.update_venue`` (a change of name in either language moves
the SEQUENCE of the venue's feed events). ``name`` and ``description`` are the English, ``name_cy`` and
``description_cy`` the Welsh; the public pages choose between them with ``venues.core.i18n.content.shown``.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values
from api.pages.support.rendering import page
from api.pages.views.names_form import MULTI_LINE_NAMES, NAME_FIELDS, names_of, read_names
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from api.venues.schemas import VenueUpdate
from venues.core.errors import DomainError
from venues.core.i18n import gettext
from venues.lookups import get_venue
from venues.models import Venue
from venues.registry import update_venue


def read_details(form: dict[str, str]) -> dict[str, Any]:
    """The names and descriptions the form sent, checked as ``PATCH /api/v1/venues/{id}`` checks them."""
    label = NAME_FIELDS["name"]
    return read_names(form, VenueUpdate, gettext("%(field)s: the venue needs a name in English.") % {"field": label})


async def details_page(
    request: Request[Any, Any, Any],
    venue: Venue,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    problems: list[str] | None = None,
    field: str = "",
) -> Template:
    return await page(
        request,
        "desk_details.html.j2",
        status_code=status_code,
        nav="desk",
        tab="details",
        venue=venue,
        form=form if form is not None else names_of(venue),
        problems=problems or [],
        field=field,
        saved=status_code == 200 and request.query_params.get("saved") == "1",
    )


class DeskDetailsPages(Controller):
    path = "/desk/venues/{venue_id:int}/details"
    guards = [manages_path_venue]

    @get("/", name="desk_details")
    async def show(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await details_page(request, await get_venue(venue_id))

    @post("/", status_code=303, opt={MULTI_LINE_FIELDS: set(MULTI_LINE_NAMES)})
    async def save(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        """As ``PATCH /api/v1/venues/{id}`` with ``name``, ``name_cy``, ``description`` and ``description_cy``."""
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            await update_venue(venue, read_details(form))
        except DomainError as error:
            field = str(error.extra.get("field", ""))
            return await details_page(request, venue, domain_status(error), form, [error.detail], field)
        return Redirect(f"/desk/venues/{venue.id}/details?saved=1", status_code=303)
