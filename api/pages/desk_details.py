"""/desk/venues/{id}/details: the venue's name and description in English and Welsh, as its managers give them.

The form is read through the API's own ``VenueUpdate`` (``PATCH /api/v1/venues/{id}``), so the page takes exactly what
the API takes, and saved by the same ``venues.registry.update_venue`` (a change of name in either language moves
the SEQUENCE of the venue's feed events). ``name`` and ``description`` are the English, ``name_cy`` and
``description_cy`` the Welsh; the public pages choose between them with ``venues.core.i18n.content.shown``.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values
from api.pages.support.rendering import page
from api.schemas import provided_fields
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from api.venues.schemas import VenueUpdate
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import gettext, lazy_gettext
from venues.lookups import get_venue
from venues.models import Venue
from venues.registry import update_venue

DETAIL_FIELDS = {
    "name": lazy_gettext("Name"),
    "name_cy": lazy_gettext("Name in Welsh (Enw yn Gymraeg)"),
    "description": lazy_gettext("Description"),
    "description_cy": lazy_gettext("Description in Welsh (Disgrifiad yn Gymraeg)"),
}
MULTI_LINE = frozenset({"description", "description_cy"})
LIMITS = {"name": 200, "name_cy": 200, "description": 5000, "description_cy": 5000}


def details_form(venue: Venue) -> dict[str, str]:
    return {field: getattr(venue, field) or "" for field in DETAIL_FIELDS}


def _refusal(field: str, message: str) -> str:
    label = str(DETAIL_FIELDS[field])
    if "length >= 1" in message:
        return gettext("%(field)s: the venue needs a name in English.") % {"field": label}
    if "length <=" in message:
        return gettext("%(field)s: at most %(limit)s characters.") % {"field": label, "limit": LIMITS[field]}
    if field in MULTI_LINE:
        return gettext("%(field)s: line breaks and tabs are fine, but no other control characters.") % {"field": label}
    return gettext("%(field)s: one line of text, with no control characters.") % {"field": label}


def read_details(form: dict[str, str]) -> dict[str, Any]:
    """The names and descriptions the form sent, checked as ``PATCH /api/v1/venues/{id}`` checks them."""
    raw = {
        field: (form[field].replace("\r\n", "\n") if field in MULTI_LINE else form[field]).strip()
        for field in DETAIL_FIELDS
        if field in form
    }
    try:
        data = msgspec.convert(raw, VenueUpdate)
    except msgspec.ValidationError as error:
        field = next((name for name in DETAIL_FIELDS if f"$.{name}`" in str(error)), "name")
        raise InvalidInput(field, _refusal(field, str(error))) from None
    return provided_fields(data)


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
        form=form if form is not None else details_form(venue),
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

    @post("/", status_code=303, opt={MULTI_LINE_FIELDS: set(MULTI_LINE)})
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
