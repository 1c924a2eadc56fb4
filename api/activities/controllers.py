"""/api/v1/activities, and listing one on a booking or a series: what residents look for."""

from __future__ import annotations

from typing import Any

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.activities.guards import may_change_path_activity, may_list_on_path_booking, may_list_on_path_series
from api.activities.schemas import ActivityCreate, ActivityOut, ActivityUpdate, Cost, PublicContact
from api.errors import problem_responses
from api.schemas import provided_fields
from api.settings import get_settings
from scheduling.listings.activities import attach_activity, change_activity, readable_activity, remove_activity
from scheduling.listings.activity_access import Owner, is_live, owner_of_booking, owner_of_series
from scheduling.models import Activity
from scheduling.openactive.activity_list import concept_for
from scheduling.vocabulary import ActivityCategory, Audience, CostKind
from venues.models import User


def activity_url(activity_id: int) -> str:
    return f"{get_settings().public_base_url}/api/v1/activities/{activity_id}"


async def activity_out(activity: Activity, owner: Owner) -> ActivityOut:
    return ActivityOut(
        id=activity.id,
        booking_id=activity.booking,
        series_id=activity.series,
        venue_id=owner.venue_id,
        title=activity.title,
        description=activity.description,
        category=ActivityCategory(activity.category),
        tags=list(activity.tags or []),
        audience=Audience(activity.audience),
        cost=Cost(kind=CostKind(activity.cost_kind), price_minor=activity.price_minor, currency=activity.currency),
        book_ahead=activity.book_ahead,
        drop_in=activity.drop_in,
        accessibility_notes=activity.accessibility_notes,
        contact=PublicContact(email=activity.public_email, phone=activity.public_phone, url=activity.public_url),
        listed=await is_live(owner),
        url=activity_url(activity.id),
        updated_at=activity.updated_at,
        continues_id=activity.continues,
        openactive_activity=activity.openactive_activity,
        openactive_label=published_as(activity),
        title_cy=activity.title_cy or "",
        description_cy=activity.description_cy or "",
    )


def published_as(activity: Activity) -> str:
    """The OpenActive activity's name the listing is published as, chosen or matched from its title."""
    concept = concept_for(activity.openactive_activity, activity.title, activity.tags or (), activity.category)
    return concept.pref_label if concept is not None else ""


def _columns(data: ActivityCreate | ActivityUpdate) -> dict[str, Any]:
    """The request's members as Activity columns (``cost`` and ``contact`` unfold into theirs)."""
    fields = provided_fields(data, exclude=("cost", "contact"))
    fields = {key: str(value) if key in ("category", "audience") else value for key, value in fields.items()}
    if isinstance(data.cost, Cost):
        fields.update(cost_kind=str(data.cost.kind), price_minor=data.cost.price_minor, currency=data.cost.currency)
    if isinstance(data.contact, PublicContact):
        fields.update(public_email=data.contact.email, public_phone=data.contact.phone, public_url=data.contact.url)
    return fields


_ATTACH = (
    "Only on a public booking or series that is still on: a private one is refused with 422 "
    "(`activity-needs-public`), a second listing with 409. Who may: the booker, the group's organisers, "
    "the venue's managers."
)


class ActivityController(Controller):
    path = "/api/v1"
    tags = ["activities"]

    @post(
        "/bookings/{booking_id:int}/activity",
        guards=[may_list_on_path_booking],
        summary="List an activity on a booking",
        description=_ATTACH,
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def list_on_booking(
        self, booking_id: FromPath[int], data: JSONBody[ActivityCreate], user: NamedDependency[User]
    ) -> ActivityOut:
        owner = await owner_of_booking(booking_id)
        return await activity_out(await attach_activity(user, owner, _columns(data)), owner)

    @post(
        "/series/{series_id:int}/activity",
        guards=[may_list_on_path_series],
        summary="List an activity on every occurrence of a series",
        description=_ATTACH + " For a series also its booker.",
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def list_on_series(
        self, series_id: FromPath[int], data: JSONBody[ActivityCreate], user: NamedDependency[User]
    ) -> ActivityOut:
        owner = await owner_of_series(series_id)
        return await activity_out(await attach_activity(user, owner, _columns(data)), owner)

    @get(
        "/activities/{activity_id:int}",
        summary="One activity",
        description=(
            "Public while its booking or series is public and not cancelled or declined; otherwise 404, "
            "except to those who may change it."
        ),
        responses=problem_responses(400, 401, 404),
    )
    async def get_one(self, activity_id: FromPath[int], user: NamedDependency[User | None]) -> ActivityOut:
        activity, owner, _ = await readable_activity(user, activity_id)
        return await activity_out(activity, owner)

    @patch(
        "/activities/{activity_id:int}",
        guards=[may_change_path_activity],
        summary="Change an activity",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def update(
        self, activity_id: FromPath[int], data: JSONBody[ActivityUpdate], user: NamedDependency[User]
    ) -> ActivityOut:
        activity, owner = await change_activity(user, activity_id, _columns(data))
        return await activity_out(activity, owner)

    @delete(
        "/activities/{activity_id:int}",
        guards=[may_change_path_activity],
        summary="Remove an activity (the booking or series stays)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove(self, activity_id: FromPath[int], user: NamedDependency[User]) -> None:
        await remove_activity(user, activity_id)
