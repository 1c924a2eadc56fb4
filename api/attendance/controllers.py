"""/api/v1/bookings/{id}/attendance and the sessions waiting for a record: what happened at a session, recorded
by its booker, its group's organisers or its venue's managers once it has started (``scheduling.attendance``)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.attendance.schemas import AttendanceOut, RecordIn, RecordOut, SuggestionOut, WaitingOut
from api.auth import requires_login
from api.bookings.guards import involved_in_path_booking
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.venues.guards import manages_path_venue
from scheduling.attendance.records import (
    Suggestion,
    checked_counts,
    clear_record,
    record_session,
    session_attendance,
)
from scheduling.attendance.waiting import WAITING_DAYS, Waiting, waiting_at_venue, waiting_for
from scheduling.models import SessionRecord
from venues.core import clock
from venues.models import User

Days = Annotated[int, QueryParameter(ge=1, le=366, description=f"how many days back to look (default {WAITING_DAYS})")]


def record_out(record: SessionRecord) -> RecordOut:
    return RecordOut(
        booking_id=record.booking,
        held=record.held,
        headcount=record.headcount,
        first_timers=record.first_timers,
        recorded_by=record.recorded_by,
        recorded_at=record.recorded_at,
    )


def suggestion_out(suggestion: Suggestion | None) -> SuggestionOut | None:
    if suggestion is None:
        return None
    return SuggestionOut(
        headcount=suggestion.headcount,
        first_timers=suggestion.first_timers,
        from_booking_id=suggestion.from_booking_id,
        from_starts_at=suggestion.from_starts_at,
    )


def waiting_out(item: Waiting) -> WaitingOut:
    booking = item.booking
    return WaitingOut(
        booking_id=booking.id,
        title=booking.title,
        venue_id=booking.venue,
        venue_name=item.venue_name,
        space_id=booking.space,
        space_name=item.space_name,
        group_id=booking.group,
        series_id=booking.series,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
    )


class AttendanceController(Controller):
    path = "/api/v1"
    tags = ["attendance"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/bookings/{booking_id:int}/attendance",
        guards=[involved_in_path_booking],
        summary="A session's record of what happened, or a suggestion from last time",
        description="For the booker, the group's organisers and the venue's managers. `recorded` is null until "
        "someone records the session; meanwhile a series date suggests the counts of the series' last earlier date "
        "recorded as held. `recordable` is false (with the reason) before the session starts or when the booking "
        "is not confirmed.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def read(self, booking_id: FromPath[int], user: NamedDependency[User]) -> AttendanceOut:
        seen = await session_attendance(user, booking_id)
        return AttendanceOut(
            booking_id=seen.booking.id,
            recordable=seen.refusal is None,
            refusal=seen.refusal,
            recorded=record_out(seen.record) if seen.record is not None else None,
            suggested=suggestion_out(seen.suggestion),
        )

    @put(
        "/bookings/{booking_id:int}/attendance",
        guards=[involved_in_path_booking],
        summary="Record a session as held with a headcount, or as not held",
        description="Replaces any earlier record of the session. Only a confirmed booking that has started "
        "(422 `session-not-confirmed`, `session-not-started`). Held needs a headcount (400); first-timers are "
        "among those who came (422 `first-timers-over-headcount`); a session not held has no counts "
        "(422 `counts-for-session-not-held`). Counts only: nothing about who came.",
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def record(
        self, booking_id: FromPath[int], data: JSONBody[RecordIn], user: NamedDependency[User]
    ) -> RecordOut:
        counts = checked_counts(data.held, data.headcount, data.first_timers)
        return record_out(await record_session(user, booking_id, counts))

    @delete(
        "/bookings/{booking_id:int}/attendance",
        guards=[involved_in_path_booking],
        summary="Clear a mistaken record of a session",
        description="The session is then waiting for a record again. Nothing to clear is no error.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def clear(self, booking_id: FromPath[int], user: NamedDependency[User]) -> None:
        await clear_record(user, booking_id)

    @get(
        "/attendance/to-record",
        guards=[requires_login],
        summary="Sessions waiting for a record: mine, my groups' and my venues'",
        description="Confirmed sessions that started in the last `days` days (default 60) with no record yet, "
        "most recent first.",
        responses=problem_responses(400, 401),
    )
    async def to_record(
        self,
        request: Request,
        user: NamedDependency[User],
        paging: NamedDependency[Paging],
        days: Days = WAITING_DAYS,
    ) -> Page[WaitingOut]:
        found, total = await waiting_for(user, clock.now(), paging.limit, paging.offset, days)
        return page_of(request, [waiting_out(item) for item in found], total, paging)

    @get(
        "/venues/{venue_id:int}/attendance/to-record",
        guards=[manages_path_venue],
        summary="A venue's sessions waiting for a record (its managers)",
        description="As `/attendance/to-record`, for every booking at the venue.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def venue_to_record(
        self,
        request: Request,
        venue_id: FromPath[int],
        paging: NamedDependency[Paging],
        days: Days = WAITING_DAYS,
    ) -> Page[WaitingOut]:
        found, total = await waiting_at_venue(venue_id, clock.now(), paging.limit, paging.offset, days)
        return page_of(request, [waiting_out(item) for item in found], total, paging)
