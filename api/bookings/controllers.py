"""/api/v1/bookings: requests, the manager's workflow, the booker's own list, history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth import requires_login
from api.bookings.guards import involved_in_path_booking, manages_path_booking
from api.bookings.schemas import (
    BookerIn,
    BookerOut,
    BookingCreate,
    BookingEventOut,
    BookingOut,
    BookingUpdate,
    CancelBody,
    ChosenExtraOut,
    ConfirmBody,
    DeclineBody,
    PriceLineOut,
    PriceOut,
    booker_fields,
)
from api.errors import problem_responses
from api.hire_terms.schemas import AnswerOut, TermsAcceptedOut, answer_pairs
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, RowIdQuery, provided_fields
from api.settings import get_settings
from api.venues.guards import manages_path_venue
from scheduling.bookings.access import readable_booking
from scheduling.bookings.audit import history, load_json
from scheduling.bookings.changes import change_booking
from scheduling.bookings.lists import BookingFilters, BookingSpaceLabel, bookings_of, space_labels, venue_bookings
from scheduling.bookings.rules import require_plausible
from scheduling.bookings.status import BookingStatus
from scheduling.bookings.workflow import BookingDraft, cancel_booking, confirm_booking, decline_booking, request_booking
from scheduling.extras.holds import ChosenOut, chosen_by_booking
from scheduling.hire_answers.records import EMPTY, HireRecord, booking_record, booking_records
from scheduling.models import Booking
from scheduling.vocabulary import CancelledBy
from scheduling.wording import local_iso
from venues.core.timezones import to_utc
from venues.lookups import get_venue
from venues.models import User

if TYPE_CHECKING:
    from api.series.schemas import SeriesOut


def price_out(booking: Booking) -> PriceOut | None:
    stored = load_json(booking.price_breakdown)
    if not isinstance(stored, dict):
        return None
    return price_from(stored)


def price_from(stored: dict[str, Any]) -> PriceOut:
    return PriceOut(
        total_minor=stored["total_minor"],
        currency=stored["currency"],
        tier_id=stored["tier_id"],
        tier_kind=stored["tier_kind"],
        tier_name=stored["tier_name"],
        priced=stored["priced"],
        lines=[PriceLineOut(**line) for line in stored["lines"]],
        rounding=stored["rounding"],
        deposit_minor=stored.get("deposit_minor", 0),
    )


def booking_out(booking: Booking, label: BookingSpaceLabel, private: bool) -> BookingOut:
    out = BookingOut(
        id=booking.id,
        uid=booking.uid,
        venue_id=booking.venue,
        space_id=booking.space,
        space_name=label.name,
        group_id=booking.group,
        series_id=booking.series,
        title=booking.title,
        attendance=booking.attendance,
        is_public=booking.is_public,
        status=BookingStatus(booking.status),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        starts_local=local_iso(booking.starts_at, label.timezone),
        ends_local=local_iso(booking.ends_at, label.timezone),
        timezone=label.timezone,
        sequence=booking.sequence,
        url=f"{get_settings().public_base_url}/api/v1/bookings/{booking.id}",
    )
    if private:
        out.purpose = booking.purpose
        out.billing_address = booking.billing_address
        out.booker = BookerOut(name=booking.booker_name, email=booking.booker_email, phone=booking.booker_phone)
        out.booked_by = booking.booked_by
        out.tier_id = booking.tier
        out.price = price_out(booking)
        out.rules_overridden = booking.rules_overridden
        out.status_reason = booking.status_reason
        out.cancelled_by = CancelledBy(booking.cancelled_by) if booking.cancelled_by else None
        out.created_at = booking.created_at
        out.updated_at = booking.updated_at
    return out


def with_hire(out: BookingOut | SeriesOut, record: HireRecord) -> None:
    """What was accepted and answered, on a private view only."""
    accepted = record.accepted
    out.terms_accepted = (
        TermsAcceptedOut(accepted.version, accepted.accepted_by_name, accepted.accepted_at) if accepted else None
    )
    out.answers = [AnswerOut(prompt, answer) for prompt, answer in record.answers]


async def one_out(booking: Booking, private: bool = True) -> BookingOut:
    labels = await space_labels([booking.space])
    out = booking_out(booking, labels[booking.space], private)
    if private:
        with_extras([out], await chosen_by_booking([booking.id]))
        with_hire(out, await booking_record(booking.id, booking.series))
    return out


async def many_out(bookings: list[Booking]) -> list[BookingOut]:
    labels = await space_labels(booking.space for booking in bookings)
    records = await booking_records((booking.id, booking.series) for booking in bookings)
    outs = []
    for booking in bookings:
        out = booking_out(booking, labels[booking.space], private=True)
        with_hire(out, records.get(booking.id, EMPTY))
        outs.append(out)
    return with_extras(outs, await chosen_by_booking([booking.id for booking in bookings]))


def with_extras(outs: list[BookingOut], chosen: dict[int, list[ChosenOut]]) -> list[BookingOut]:
    """The extras each booking chose, for those who see its private fields."""
    for out in outs:
        out.extras = [ChosenExtraOut(c.extra_id, c.name, c.quantity) for c in chosen.get(out.id, [])]
    return outs


def _filters(
    status: BookingStatus | None,
    space_id: int | None,
    from_: datetime | None,
    to: datetime | None,
    tz_name: str = "UTC",
) -> BookingFilters:
    for moment, field in ((from_, "from"), (to, "to")):
        if moment is not None:
            require_plausible(moment, field)
    return BookingFilters(
        status=str(status) if status else None,
        space_id=space_id,
        starts_from=to_utc(from_, tz_name) if from_ else None,
        ends_by=to_utc(to, tz_name) if to else None,
    )


FromParam = Annotated[
    datetime | None, QueryParameter(name="from", description="bookings ending after this (UTC if no offset)")
]
ToParam = Annotated[
    datetime | None, QueryParameter(name="to", description="bookings starting before this (UTC if no offset)")
]

VenueFrom = Annotated[
    datetime | None, QueryParameter(name="from", description="bookings ending after this (venue time if no offset)")
]
VenueTo = Annotated[
    datetime | None, QueryParameter(name="to", description="bookings starting before this (venue time if no offset)")
]


class BookingController(Controller):
    path = "/api/v1/bookings"
    tags = ["bookings"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @post(
        "/",
        guards=[requires_login],
        summary="Request a booking",
        description=(
            "Confirmed at once when the space needs no approval or a manager of the venue books; otherwise "
            "`requested`. Refused with 422 (`type` names the rule) or 409 when the time, buffers included, is taken"
            " (`overlap`) or a chosen extra's stock is all booked then (`extra-stock`). `extras` are the venue's"
            " (`/api/v1/venues/{id}/extras`), quantity 1 unless priced per item."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def create(self, data: JSONBody[BookingCreate], user: NamedDependency[User]) -> BookingOut:
        draft = BookingDraft(
            space_id=data.space_id,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            title=data.title,
            purpose=data.purpose,
            attendance=data.attendance,
            is_public=data.is_public,
            group_id=data.group_id,
            tier_id=data.tier_id,
            override_rules=data.override_rules,
            terms_version=data.terms_version,
            answers=answer_pairs(data.answers),
            **booker_fields(data.booker),
            billing_address=data.billing_address,
            extras=tuple((choice.extra_id, choice.quantity) for choice in data.extras),
        )
        return await one_out(await request_booking(user, draft))

    @get("/mine", guards=[requires_login], summary="My bookings and my groups'", responses=problem_responses(400, 401))
    async def mine(
        self,
        request: Request,
        user: NamedDependency[User],
        paging: NamedDependency[Paging],
        status: FromQuery[BookingStatus | None] = None,
        from_: FromParam = None,
        to: ToParam = None,
    ) -> Page[BookingOut]:
        found, total = await bookings_of(user, _filters(status, None, from_, to), paging.limit, paging.offset)
        return page_of(request, await many_out(found), total, paging)

    @get(
        "/{booking_id:int}",
        summary="One booking",
        description=(
            "Those involved see everything. Anyone else sees a confirmed public booking's public fields only"
            " (no booker, purpose or price); any other booking is a 404 to them, as an unknown id is."
        ),
        responses=problem_responses(400, 401, 404),
    )
    async def get_one(self, booking_id: FromPath[int], user: NamedDependency[User | None]) -> BookingOut:
        booking, found = await readable_booking(user, booking_id)
        return await one_out(booking, private=found.sees_private)

    @patch(
        "/{booking_id:int}",
        guards=[involved_in_path_booking],
        summary="Change a booking",
        description=(
            "A new time (or, for the venue's managers, another space of the same venue) is checked against"
            " every rule and taken under the overlap guard, all or nothing."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def update(
        self, booking_id: FromPath[int], data: JSONBody[BookingUpdate], user: NamedDependency[User]
    ) -> BookingOut:
        fields = provided_fields(data, exclude=("booker", "override_rules", "reason"))
        if isinstance(data.booker, BookerIn):
            contact = {"booker_name": data.booker.name, "booker_email": data.booker.email}
            fields.update({key: value for key, value in contact.items() if value}, booker_phone=data.booker.phone)
        booking = await change_booking(user, booking_id, fields, data.override_rules, data.reason)
        return await one_out(booking)

    @post(
        "/{booking_id:int}/confirm",
        guards=[manages_path_booking],
        status_code=200,
        summary="Confirm a request (the venue's managers)",
        description=(
            "Fixes the price at today's rates, at the tier asked for or at `tier_id` (one of the venue's tiers) "
            "when the manager changes it; the change is recorded in the booking's history. A request the venue's "
            "own opening hours or closures now leave out is refused (422, `rule` `opening_hours` or `closure`) "
            "unless `override` is true; the override is recorded in the booking's history too."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def confirm(
        self, booking_id: FromPath[int], user: NamedDependency[User], data: JSONBody[ConfirmBody | None] = None
    ) -> BookingOut:
        reason, tier_id, override = (data.reason, data.tier_id, data.override) if data else ("", None, False)
        return await one_out(await confirm_booking(user, booking_id, reason, tier_id=tier_id, override=override))

    @post(
        "/{booking_id:int}/decline",
        guards=[manages_path_booking],
        status_code=200,
        summary="Decline a request (the venue's managers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def decline(
        self, booking_id: FromPath[int], user: NamedDependency[User], data: JSONBody[DeclineBody]
    ) -> BookingOut:
        return await one_out(await decline_booking(user, booking_id, data.reason))

    @post(
        "/{booking_id:int}/cancel",
        guards=[involved_in_path_booking],
        status_code=200,
        summary="Cancel a booking (booker, organisers, managers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def cancel(
        self, booking_id: FromPath[int], user: NamedDependency[User], data: JSONBody[CancelBody | None] = None
    ) -> BookingOut:
        return await one_out(await cancel_booking(user, booking_id, data.reason if data else ""))

    @get(
        "/{booking_id:int}/history",
        guards=[involved_in_path_booking],
        summary="Every change to a booking, oldest first",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_history(
        self, request: Request, booking_id: FromPath[int], paging: NamedDependency[Paging]
    ) -> Page[BookingEventOut]:
        rows, total = await history(booking_id, paging.limit, paging.offset)
        items = [
            BookingEventOut(
                id=row["id"],
                at=row["at"],
                action=row["action"],
                actor_id=row["actor"],
                actor_name=row["actor.display_name"],
                changes=row["changes"],
                reason=row["reason"],
            )
            for row in rows
        ]
        return page_of(request, items, total, paging)


class VenueBookingController(Controller):
    path = "/api/v1/venues/{venue_id:int}/bookings"
    tags = ["bookings"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/",
        guards=[manages_path_venue],
        summary="A venue's bookings (its managers)",
        description="Filter by status, space and a from/to window (bookings overlapping it); earliest first.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_bookings(
        self,
        request: Request,
        venue_id: FromPath[int],
        paging: NamedDependency[Paging],
        status: FromQuery[BookingStatus | None] = None,
        space_id: RowIdQuery = None,
        from_: VenueFrom = None,
        to: VenueTo = None,
    ) -> Page[BookingOut]:
        venue = await get_venue(venue_id)
        filters = _filters(status, space_id, from_, to, venue.timezone)
        found, total = await venue_bookings(venue.id, filters, paging.limit, paging.offset)
        return page_of(request, await many_out(found), total, paging)
