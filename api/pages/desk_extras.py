"""/desk/venues/{id}/extras: the venue's catalogue of extras, through the same domain rules as the API.

Lowering stock below what bookings hold, or a name the venue already uses, is refused with the same
words the API gives (``scheduling.extras.stock.change_extra``).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values, pence
from api.pages.support.rendering import checked, form_int, page
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from scheduling.extras.stock import change_extra, remove_extra
from venues.core.errors import DomainError, InvalidInput, NotFound
from venues.core.i18n import _
from venues.extras.catalogue import add_extra, get_extra, list_extras
from venues.lookups import get_venue
from venues.models import Venue
from venues.vocabulary import ExtraUnit, VatTreatment


def unit_words() -> dict[str, str]:
    """How an extra is priced, as the form lists it, in the language in force."""
    return {"booking": _("per booking"), "hour": _("per hour"), "item": _("per item")}


def vat_words() -> dict[str, str]:
    """An extra's VAT treatments, as the form lists them, in the language in force."""
    return {
        "standard": _("standard rate"),
        "zero": _("zero rate"),
        "exempt": _("exempt"),
        "outside_scope": _("outside the scope"),
    }


MAX_STOCK = 10_000


def extra_fields(form: dict[str, str], prefix: str) -> dict[str, Any]:
    """An extra's fields from ``<prefix>name``, ``<prefix>price`` and the rest of its form."""
    name = form.get(f"{prefix}name", "").strip()
    if not name or len(name) > 100:
        raise InvalidInput("name", _("Give the extra a name of up to 100 characters, for example 'Projector'."))
    unit = form.get(f"{prefix}unit", "booking")
    vat = form.get(f"{prefix}vat_treatment", "standard")
    if unit not in ExtraUnit.__members__ or vat not in VatTreatment.__members__:
        raise InvalidInput("unit", _("Choose how the extra is priced and its VAT treatment from the lists."))
    stock = form_int(form.get(f"{prefix}stock") or None, "stock", least=1, most=MAX_STOCK)
    if stock is not None and not 1 <= stock <= MAX_STOCK:
        raise InvalidInput(
            "stock", _("Stock is between 1 and %(most)d; leave it empty for unlimited.") % {"most": MAX_STOCK}
        )
    return {
        "name": name,
        "description": form.get(f"{prefix}description", "")[:2000],
        "unit": unit,
        "price_minor": pence(form.get(f"{prefix}price", ""), name) or 0,
        "stock": stock,
        "vat_treatment": vat,
    }


class DeskExtraPages(Controller):
    path = "/desk/venues/{venue_id:int}/extras"
    guards = [manages_path_venue]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Template:
        extras, _count = await list_extras(venue.id, limit=200, offset=0, include_archived=True)
        return await page(
            request,
            "desk_extras.html.j2",
            status_code=status_code,
            nav="desk",
            tab="extras",
            venue=venue,
            extras=extras,
            units=unit_words(),
            vat=vat_words(),
            sent=form,
            problems=problems or [],
            done=request.query_params.get("done", ""),
        )

    @get("/", name="desk_extras")
    async def extras(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, await get_venue(venue_id))

    @post("/", status_code=303, opt={MULTI_LINE_FIELDS: {"new-description"}})
    async def add(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            await add_extra(venue.id, extra_fields(form, "new-"))
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(f"/desk/venues/{venue.id}/extras?done=added", status_code=303)

    @post("/{extra_id:int}", status_code=303, opt={MULTI_LINE_FIELDS: {"description"}})
    async def save(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], extra_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        extra = await get_extra(extra_id)
        if extra.venue != venue.id:
            raise NotFound(_("There is no extra with id %(id)s at this venue.") % {"id": extra_id})
        form = form_values(await request.form())
        try:
            fields = extra_fields(form, "")
            fields["archived"] = checked(form.get("archived"))
            await change_extra(extra.id, fields)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/extras?done=saved", status_code=303)

    @post("/{extra_id:int}/remove", status_code=303)
    async def remove(self, venue_id: FromPath[int], extra_id: FromPath[int]) -> Redirect:
        venue = await get_venue(venue_id)
        extra = await get_extra(extra_id)
        if extra.venue != venue.id:
            raise NotFound(_("There is no extra with id %(id)s at this venue.") % {"id": extra_id})
        deleted = await remove_extra(extra.id)
        return Redirect(f"/desk/venues/{venue.id}/extras?done={'removed' if deleted else 'archived'}", status_code=303)
