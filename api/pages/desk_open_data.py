"""/desk/venues/{id}/open-data: whether the venue's spaces and free slots are published for finder apps, how long a
slot is and how many days ahead, which language its open data is written in, what the listing still lacks, and the
town, county and map position its address needs; through the same domain functions as ``PUT /api/v1/venues/{id}/open-data`` and ``PATCH /api/v1/venues/{id}``.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values
from api.pages.support.rendering import checked, current_user, form_int, page
from api.schemas import provided_fields
from api.venues.guards import manages_path_venue
from api.venues.schemas import VenueUpdate
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import _, lazy_gettext
from venues.lookups import get_venue
from venues.models import Venue
from venues.open_data.listing import missing_for_listing
from venues.open_data.settings import (
    DAYS_AHEAD,
    SLOT_MINUTES,
    OpenDataSettings,
    open_data_settings,
    save_open_data_settings,
)
from venues.registry import update_venue

_DEGREES = re.compile(r"^-?\d{1,3}(\.\d{1,8})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
SLOT_CHOICES = (15, 30, 45, 60, 90, 120, 180, 240)


def settings_form(settings: OpenDataSettings) -> dict[str, str]:
    return {
        "publish_slots": "1" if settings.publish_slots else "",
        "slot_minutes": str(settings.slot_minutes),
        "days_ahead": str(settings.days_ahead),
        "language": settings.language,
    }


# Read through the API's own VenueUpdate, so the page and PATCH /api/v1/venues/{id} check them alike.
CONTACT_FIELDS = {
    "postcode": lazy_gettext("Postcode"),
    "public_phone": lazy_gettext("Public phone"),
    "public_email": lazy_gettext("Public email"),
}


def place_form(venue: Venue) -> dict[str, str]:
    return {
        "locality": venue.locality,
        "region": venue.region,
        "latitude": "" if venue.latitude is None else str(venue.latitude),
        "longitude": "" if venue.longitude is None else str(venue.longitude),
        "postcode": venue.postcode,
        "public_phone": venue.public_phone,
        "public_email": venue.public_email,
    }


def read_contact(form: dict[str, str]) -> dict[str, Any]:
    raw = {field: form[field].strip() for field in CONTACT_FIELDS if field in form}
    try:
        data = msgspec.convert(raw, VenueUpdate)
    except msgspec.ValidationError as error:
        field = next((name for name in CONTACT_FIELDS if f"$.{name}" in str(error)), "postcode")
        raise InvalidInput(
            field,
            _("%(label)s: %(value)s is not one.")
            % {"label": CONTACT_FIELDS[field], "value": repr(raw.get(field, "")[:60])},
        ) from None
    return provided_fields(data)


def read_settings(form: dict[str, str]) -> OpenDataSettings:
    return OpenDataSettings(
        publish_slots=checked(form.get("publish_slots")),
        slot_minutes=form_int(form.get("slot_minutes"), "slot_minutes", 60, *SLOT_MINUTES) or 0,
        days_ahead=form_int(form.get("days_ahead"), "days_ahead", 14, *DAYS_AHEAD) or 0,
        language=form.get("language", "en").strip() or "en",
    )


def place_name(form: dict[str, str], field: str, words: str) -> str:
    """``words``: what the field is called, in the sentences below (``town or village``, ``county``)."""
    value = form.get(field, "").strip()
    if _CONTROL.search(value):
        if field == "region":
            raise InvalidInput(field, _("The county is one line of text."))
        raise InvalidInput(field, _("The town or village is one line of text."))
    if len(value) > 100:
        if field == "region":
            raise InvalidInput(field, _("The county is at most 100 characters."))
        raise InvalidInput(field, _("The town or village is at most 100 characters."))
    return value


def degrees(form: dict[str, str], field: str, limit: int) -> float | None:
    """A coordinate typed in decimal degrees (``51.752``), or None when blank."""
    value = form.get(field, "").strip()
    if not value:
        return None
    if not _DEGREES.match(value) or not -limit <= float(value) <= limit:
        values = {"value": repr(value[:40]), "limit": limit}
        if field == "latitude":
            raise InvalidInput(
                field, _("%(value)s is not a latitude in decimal degrees, from -%(limit)s to %(limit)s.") % values
            )
        raise InvalidInput(
            field, _("%(value)s is not a longitude in decimal degrees, from -%(limit)s to %(limit)s.") % values
        )
    return float(value)


def read_place(form: dict[str, str]) -> dict[str, Any]:
    latitude, longitude = degrees(form, "latitude", 90), degrees(form, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise InvalidInput(
            "latitude" if latitude is None else "longitude", _("Give both the latitude and the longitude, or neither.")
        )
    return {
        "locality": place_name(form, "locality", "town or village"),
        "region": place_name(form, "region", "county"),
        "latitude": latitude,
        "longitude": longitude,
        **read_contact(form),
    }


async def open_data_page(
    request: Request[Any, Any, Any],
    venue: Venue,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    place: dict[str, str] | None = None,
    problems: list[str] | None = None,
    field: str = "",
) -> Template:
    settings = await open_data_settings(venue.id)
    return await page(
        request,
        "desk_open_data.html.j2",
        status_code=status_code,
        nav="desk",
        tab="open_data",
        venue=venue,
        form=form if form is not None else settings_form(settings),
        place=place if place is not None else place_form(venue),
        slot_choices=SLOT_CHOICES,
        missing=await missing_for_listing(venue, settings),
        problems=problems or [],
        field=field,
        saved=request.query_params.get("saved") if status_code == 200 else None,
    )


class DeskOpenDataPages(Controller):
    path = "/desk/venues/{venue_id:int}/open-data"
    guards = [manages_path_venue]

    @get("/", name="desk_open_data")
    async def show(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await open_data_page(request, await get_venue(venue_id))

    @post("/", status_code=303)
    async def save(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            await save_open_data_settings(current_user(request), venue.id, read_settings(form))
        except DomainError as error:
            field = str(error.extra.get("field", ""))
            return await open_data_page(request, venue, domain_status(error), form, None, [error.detail], field)
        return Redirect(f"/desk/venues/{venue.id}/open-data?saved=settings", status_code=303)

    @post("/place", status_code=303)
    async def save_place(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        """The town, county, map position, postcode and public contact, as ``PATCH /api/v1/venues/{id}`` changes them."""
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            await update_venue(venue, read_place(form))
        except DomainError as error:
            field = str(error.extra.get("field", ""))
            return await open_data_page(request, venue, domain_status(error), None, form, [error.detail], field)
        return Redirect(f"/desk/venues/{venue.id}/open-data?saved=place", status_code=303)
