"""A venue's extras (/api/v1/venues/{id}/extras): its catalogue, and what managers change in it."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.extras.schemas import ExtraCreate, ExtraOut, ExtraRemoved, ExtraUpdate
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from api.venues.guards import manages_path_venue
from scheduling.extras.stock import change_extra, remove_extra
from venues.core.errors import NotFound
from venues.extras import catalogue
from venues.models import Extra, User
from venues.permissions import manages_venue
from venues.visibility import visible_venue
from venues.vocabulary import ExtraUnit, VatTreatment


def extra_out(extra: Extra, full: bool) -> ExtraOut:
    out = ExtraOut(
        id=extra.id,
        venue_id=extra.venue,
        name=extra.name,
        description=extra.description,
        unit=ExtraUnit(extra.unit),
        price_minor=extra.price_minor,
        currency=extra.currency,
    )
    if full:
        out.stock = extra.stock
        out.vat_treatment = VatTreatment(extra.vat_treatment)
        out.archived = extra.archived
        out.position = extra.position
    return out


async def venue_extra(venue_id: int, extra_id: int) -> Extra:
    extra = await catalogue.get_extra(extra_id)
    if extra.venue != venue_id:
        raise NotFound(f"There is no extra with id {extra_id} at this venue.")
    return extra


class ExtrasController(Controller):
    path = "/api/v1/venues/{venue_id:int}/extras"
    tags = ["extras"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        summary="A venue's extras",
        description=(
            "Public: the extras still offered, with name, description, unit and price. The venue's managers also"
            " see stock, VAT treatment, order and archived extras."
        ),
        responses=problem_responses(400, 401, 404),
    )
    async def list_extras(
        self,
        request: Request,
        venue_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
    ) -> Page[ExtraOut]:
        venue, _ = await visible_venue(user, venue_id)
        full = user is not None and await manages_venue(user, venue.id)
        extras, total = await catalogue.list_extras(venue.id, paging.limit, paging.offset, include_archived=full)
        return page_of(request, [extra_out(extra, full) for extra in extras], total, paging)

    @post(
        "/",
        guards=[manages_path_venue],
        summary="Add an extra (the venue's managers)",
        description="Names are unique per venue (case-insensitive, 409). `stock` null is unlimited.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add(self, venue_id: FromPath[int], data: JSONBody[ExtraCreate]) -> ExtraOut:
        fields = {
            "name": data.name,
            "description": data.description,
            "unit": data.unit,
            "price_minor": data.price_minor,
            "currency": data.currency,
            "stock": data.stock,
            "vat_treatment": data.vat_treatment,
            "position": data.position,
        }
        return extra_out(await catalogue.add_extra(venue_id, fields), full=True)

    @patch(
        "/{extra_id:int}",
        guards=[manages_path_venue],
        summary="Change an extra (the venue's managers)",
        description=(
            "Lowering `stock` below what live bookings hold at some moment to come is a 409 (`extra-stock`) naming"
            " those bookings and when. `archived` stops new requests choosing it; bookings keep it."
        ),
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update(self, venue_id: FromPath[int], extra_id: FromPath[int], data: JSONBody[ExtraUpdate]) -> ExtraOut:
        await venue_extra(venue_id, extra_id)
        return extra_out(await change_extra(extra_id, provided_fields(data)), full=True)

    @delete(
        "/{extra_id:int}",
        guards=[manages_path_venue],
        status_code=200,
        summary="Remove an extra (the venue's managers)",
        description="Deleted when no booking chose it; otherwise archived (its bookings keep it) and returned.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove(self, venue_id: FromPath[int], extra_id: FromPath[int]) -> ExtraRemoved:
        extra = await venue_extra(venue_id, extra_id)
        if await remove_extra(extra.id):
            return ExtraRemoved(deleted=True)
        return ExtraRemoved(deleted=False, extra=extra_out(await catalogue.get_extra(extra.id), full=True))
