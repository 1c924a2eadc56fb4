"""The what's-on filters as query parameters, shared by the listing and the what's-on feed."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromQuery, QueryParameter

from api.schemas import RowIdQuery
from scheduling.listings.activities import clean_tag
from scheduling.listings.whats_on import MAX_SEARCH_LENGTH, WhatsOnScope, search_words
from scheduling.vocabulary import ActivityCategory, Audience
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.vocabulary import Accessibility


def provide_whats_on_scope(
    venue_id: RowIdQuery = None,
    space_id: RowIdQuery = None,
    group_id: RowIdQuery = None,
    category: Annotated[list[ActivityCategory] | None, QueryParameter(description="any of these")] = None,
    audience: Annotated[list[Audience] | None, QueryParameter(description="any of these")] = None,
    free_only: FromQuery[bool] = False,
    accessibility: Annotated[list[Accessibility] | None, QueryParameter(description="every listed feature")] = None,
    tag: Annotated[str | None, QueryParameter(max_length=40)] = None,
    lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
    lng: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
    within_km: Annotated[float | None, QueryParameter(gt=0, le=500)] = None,
    q: Annotated[
        str | None,
        QueryParameter(
            max_length=MAX_SEARCH_LENGTH,
            description=(
                "words the activity's title or description (in English or Welsh) must all contain, "
                "ignoring case and accents"
            ),
        ),
    ] = None,
) -> WhatsOnScope:
    if (lat is None) != (lng is None):
        raise InvalidInput("lat" if lat is None else "lng", "Give both lat and lng to search by distance.")
    if within_km is not None and lat is None:
        raise InvalidInput("within_km", _("within_km needs lat and lng."))
    return WhatsOnScope(
        venue_id=venue_id,
        space_id=space_id,
        group_id=group_id,
        categories=tuple(str(item) for item in category or ()),
        audiences=tuple(str(item) for item in audience or ()),
        free_only=free_only,
        accessibility=tuple(str(item) for item in accessibility or ()),
        tag=clean_tag(tag, "tag") if tag is not None else None,
        near=(lat, lng) if lat is not None and lng is not None else None,
        within_km=within_km,
        q=search_words(q),
    )
