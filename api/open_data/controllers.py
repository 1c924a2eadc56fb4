"""/api/v1/venues/{id}/open-data: whether a venue publishes its bookable spaces and free slots as OpenActive open
data, how long a slot is and how many days ahead; for its managers."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.open_data.schemas import OpenDataIn, OpenDataOut
from api.venues.guards import manages_path_venue
from venues.lookups import get_venue
from venues.models import User
from venues.open_data.listing import missing_for_listing
from venues.open_data.settings import OpenDataSettings, open_data_settings, save_open_data_settings


async def settings_out(venue_id: int, settings: OpenDataSettings) -> OpenDataOut:
    venue = await get_venue(venue_id)
    return OpenDataOut(
        venue_id=venue_id,
        publish_slots=settings.publish_slots,
        slot_minutes=settings.slot_minutes,
        days_ahead=settings.days_ahead,
        language=settings.language,
        missing=await missing_for_listing(venue, settings),
    )


class OpenDataController(Controller):
    path = "/api/v1/venues/{venue_id:int}/open-data"
    tags = ["open data"]

    @get(
        "/",
        guards=[manages_path_venue],
        summary="A venue's open-data settings (its managers)",
        description="Defaults until a manager saves them: slots published, an hour long, 14 days ahead. "
        "``missing`` says what the venue's listing still lacks.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_settings(self, venue_id: FromPath[int]) -> OpenDataOut:
        return await settings_out(venue_id, await open_data_settings(venue_id))

    @put(
        "/",
        guards=[manages_path_venue],
        summary="Replace a venue's open-data settings (its managers)",
        description="The OpenActive feeds follow within moments: the venue's facility uses and slots are rebuilt.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def put_settings(
        self, venue_id: FromPath[int], data: JSONBody[OpenDataIn], user: NamedDependency[User | None]
    ) -> OpenDataOut:
        wanted = OpenDataSettings(data.publish_slots, data.slot_minutes, data.days_ahead, data.language)
        return await settings_out(venue_id, await save_open_data_settings(user, venue_id, wanted))
