"""/api/v1/series: recurring bookings, their occurrences, and changes to one date, to the rest, or to the end."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth import requires_login
from api.bookings.controllers import booking_out, with_hire
from api.bookings.schemas import BookerOut, CancelBody, booker_fields
from api.errors import problem_responses
from api.hire_terms.schemas import answer_pairs
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from api.series.guards import manages_path_series, runs_path_series
from api.series.schemas import (
    ClashOut,
    OccurrenceOut,
    OccurrenceUpdate,
    RuleIn,
    RuleOut,
    SeriesCancelDates,
    SeriesConfirm,
    SeriesCreate,
    SeriesCreated,
    SeriesDatesCancelled,
    SeriesDecisionOut,
    SeriesDecline,
    SeriesEnd,
    SeriesEndOut,
    SeriesOut,
    SeriesSplit,
    SeriesSplitOut,
)
from api.settings import get_settings
from scheduling.bookings.access import shown_to_public
from scheduling.bookings.lists import space_labels
from scheduling.bookings.status import BookingStatus
from scheduling.hire_answers.records import series_record
from scheduling.models import Booking, Series
from scheduling.recurrence.rules import RecurrenceRule, parse_rrule
from scheduling.recurrence.schedule import schedule_of
from scheduling.series.access import find_occurrence, readable_series, series_occurrences
from scheduling.series.changes import (
    SeriesEdit,
    cancel_dates,
    cancel_occurrence,
    change_occurrence,
    end_series,
    split_series,
)
from scheduling.series.conflicts import Clash, clash_json
from scheduling.series.create import SeriesDraft, create_series
from scheduling.series.decisions import SeriesDecision, confirm_series, decline_series
from scheduling.vocabulary import SeriesStatus
from venues.core.errors import InvalidInput, NotFound
from venues.core.timezones import to_utc, zone
from venues.models import User

FromParam = Annotated[
    datetime | None, QueryParameter(name="from", description="occurrences ending after this (venue time if no offset)")
]
ToParam = Annotated[
    datetime | None, QueryParameter(name="to", description="occurrences starting before this (venue time if no offset)")
]


def rule_from(value: str | RuleIn) -> RecurrenceRule:
    """The domain rule from RRULE text or the structured form; a refusal names the member under ``rule``."""
    try:
        if isinstance(value, str):
            return parse_rrule(value)
        return RecurrenceRule(value.freq, value.interval, tuple(value.by_day), value.count, value.until)
    except InvalidInput as error:
        raise InvalidInput("rule" if error.field == "rrule" else f"rule.{error.field}", error.detail) from None


def clock(value: str) -> time:
    return time.fromisoformat(value)


async def series_out(series: Series, private: bool) -> SeriesOut:
    labels = await space_labels([series.space])
    rule = schedule_of(series).rule
    base = get_settings().public_base_url
    out = SeriesOut(
        id=series.id,
        uid=series.uid,
        venue_id=series.venue,
        space_id=series.space,
        space_name=labels[series.space].name,
        group_id=series.group,
        title=series.title,
        is_public=series.is_public,
        attendance=series.attendance,
        rrule=series.rrule,
        rule=RuleOut(
            freq=rule.freq, interval=rule.interval, by_day=list(rule.by_day), count=rule.count, until=rule.until
        ),
        dtstart=series.dtstart,
        start_time=series.start_time.strftime("%H:%M"),
        end_time=series.end_time.strftime("%H:%M"),
        timezone=series.timezone,
        until=series.until,
        status=SeriesStatus(series.status),
        sequence=series.sequence,
        booked_until=series.materialised_until,
        url=f"{base}/api/v1/series/{series.id}",
        occurrences_url=f"{base}/api/v1/series/{series.id}/occurrences",
    )
    if private:
        out.purpose = series.purpose
        out.booker = BookerOut(name=series.booker_name, email=series.booker_email, phone=series.booker_phone)
        out.booked_by = series.booked_by
        out.tier_id = series.tier
        out.created_at = series.created_at
        out.updated_at = series.updated_at
        with_hire(out, await series_record(series.id))
    return out


def clashes_out(clashes: list[Clash], tz_name: str, reveal: bool) -> list[ClashOut]:
    return [msgspec.convert(clash_json(clash, tz_name, reveal), ClashOut) for clash in clashes]


async def occurrences_out(bookings: list[Booking], private: bool) -> list[OccurrenceOut]:
    labels = await space_labels(booking.space for booking in bookings)
    return [
        OccurrenceOut(
            **msgspec.structs.asdict(booking_out(booking, labels[booking.space], private)),
            recurrence_id=booking.recurrence_id,
            local_date=(
                booking.recurrence_id.astimezone(zone(labels[booking.space].timezone)).date()
                if booking.recurrence_id is not None
                else None
            ),
            detached=booking.detached,
        )
        for booking in bookings
    ]


_REFERENCE = (
    "`reference` names the occurrence by its venue-local date (`2027-02-16`: the date the rule put it on, even "
    "if it has since moved), its booking id, or its recurrence id (original start, ISO 8601). A date the series "
    "has no booking on is a 404; a date outside 2000–2200 or one that does not exist a 400."
)


async def decision_out(decision: SeriesDecision) -> SeriesDecisionOut:
    return SeriesDecisionOut(
        series=await series_out(decision.series, private=True),
        status=str(decision.status),
        decided=len(decision.decided),
        occurrences=await occurrences_out(decision.decided, private=True),
    )


async def _readable(user: User | None, series_id: int) -> tuple[Series, bool]:
    """The series for this reader (404 for a private one to anyone not involved); reading never books dates."""
    series, found = await readable_series(user, series_id)
    return series, found.sees_private


class SeriesController(Controller):
    path = "/api/v1/series"
    tags = ["series"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @post(
        "/",
        guards=[requires_login],
        summary="Book a recurring series (a group's organisers, the venue's managers)",
        description=(
            "Every date inside the space's booking horizon becomes a booking of the series, checked like a one-off "
            "booking and held under the overlap guard; later dates are booked as time passes. All or nothing: 409 "
            "`series-conflict` lists each date that cannot be booked and why (`clashes`) out of the `total` asked for. "
            "With `skip_conflicts`, "
            "the other dates are booked and the skipped ones listed."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def create(self, data: JSONBody[SeriesCreate], user: NamedDependency[User]) -> SeriesCreated:
        draft = SeriesDraft(
            space_id=data.space_id,
            rule=rule_from(data.rule),
            dtstart=data.dtstart,
            start_time=clock(data.start_time),
            end_time=clock(data.end_time),
            title=data.title,
            purpose=data.purpose,
            attendance=data.attendance,
            is_public=data.is_public,
            group_id=data.group_id,
            tier_id=data.tier_id,
            skip_conflicts=data.skip_conflicts,
            terms_version=data.terms_version,
            answers=answer_pairs(data.answers),
            **booker_fields(data.booker),
        )
        made = await create_series(user, draft)
        return SeriesCreated(
            series=await series_out(made.series, private=True),
            booked=len(made.booked),
            skipped=clashes_out(made.skipped, made.series.timezone, made.reveal),
        )

    @get(
        "/{series_id:int}",
        summary="One series",
        description=(
            "Public series for anyone (no private members); private ones for those involved. Dates that come "
            "inside the booking horizon are booked by the periodic extension, not by reading."
        ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_one(self, series_id: FromPath[int], user: NamedDependency[User | None]) -> SeriesOut:
        series, private = await _readable(user, series_id)
        return await series_out(series, private)

    @get(
        "/{series_id:int}/occurrences",
        summary="The series' occurrence bookings, by start",
        description=(
            "Those involved see every occurrence, cancelled and moved ones included; anyone else sees only the "
            "confirmed dates of a public series. Filter by status and a from/to window."
        ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_occurrences(
        self,
        request: Request,
        series_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
        status: FromQuery[BookingStatus | None] = None,
        from_: FromParam = None,
        to: ToParam = None,
    ) -> Page[OccurrenceOut]:
        series, private = await _readable(user, series_id)
        found, total = await series_occurrences(
            series.id,
            to_utc(from_, series.timezone) if from_ else None,
            to_utc(to, series.timezone) if to else None,
            str(status) if status else None,
            paging.limit,
            paging.offset,
            public_only=not private,
        )
        return page_of(request, await occurrences_out(found, private), total, paging)

    @get(
        "/{series_id:int}/occurrences/{reference:str}",
        summary="One occurrence, by its date",
        description=(
            _REFERENCE + " Those involved see any occurrence with its status and reason; anyone else only a "
            "confirmed date of a public series."
        ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_occurrence(
        self, series_id: FromPath[int], reference: FromPath[str], user: NamedDependency[User | None]
    ) -> OccurrenceOut:
        series, private = await _readable(user, series_id)
        booking = await find_occurrence(series, reference)
        if not private and not shown_to_public(booking):
            raise NotFound(f"Series {series.id} has no booked occurrence {reference}.")
        return (await occurrences_out([booking], private))[0]

    @post(
        "/{series_id:int}/cancel",
        guards=[runs_path_series],
        status_code=200,
        summary="Cancel the series' dates from one date to another (a holiday)",
        description=(
            "Every date of the series from `from` to `to` (venue-local, inclusive) that has not started becomes a "
            "cancelled occurrence with `reason`, in one transaction; the rest of the series stands. 404 when the "
            "series has no booked date in the range, 409 when none is left to cancel, 422 "
            "(`dates-not-booked-yet`) for a range reaching dates beyond the booking horizon."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def cancel_range(
        self, series_id: FromPath[int], data: JSONBody[SeriesCancelDates], user: NamedDependency[User]
    ) -> SeriesDatesCancelled:
        result = await cancel_dates(user, series_id, data.from_, data.to, data.reason)
        return SeriesDatesCancelled(
            series=await series_out(result.series, private=True),
            cancelled=await occurrences_out(result.cancelled, private=True),
        )

    @post(
        "/{series_id:int}/occurrences/{reference:str}/cancel",
        guards=[runs_path_series],
        status_code=200,
        summary="Cancel one occurrence",
        description=_REFERENCE,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def cancel_one(
        self,
        series_id: FromPath[int],
        reference: FromPath[str],
        user: NamedDependency[User],
        data: JSONBody[CancelBody | None] = None,
    ) -> OccurrenceOut:
        booking = await cancel_occurrence(user, series_id, reference, data.reason if data else "")
        return (await occurrences_out([booking], private=True))[0]

    @patch(
        "/{series_id:int}/occurrences/{reference:str}",
        guards=[runs_path_series],
        summary="Move, re-time or re-word one occurrence",
        description=(
            "A new time is checked like a booking's and taken under the overlap guard; the occurrence is then "
            "detached from the rule. " + _REFERENCE
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def change_one(
        self,
        series_id: FromPath[int],
        reference: FromPath[str],
        data: JSONBody[OccurrenceUpdate],
        user: NamedDependency[User],
    ) -> OccurrenceOut:
        fields = provided_fields(data, exclude=("override_rules", "reason"))
        booking = await change_occurrence(user, series_id, reference, fields, data.override_rules, data.reason)
        return (await occurrences_out([booking], private=True))[0]

    @post(
        "/{series_id:int}/split",
        guards=[runs_path_series],
        summary="Change the series from a date on (this and following)",
        description=(
            "The series ends the day before `from_date` (UNTIL) and a new series with the changed rule, times or "
            "details starts on it; the old occurrences from that date are cancelled in the same transaction. The "
            "new dates are checked like a new series' (409 `series-conflict`, or `skip_conflicts`)."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def split(
        self, series_id: FromPath[int], data: JSONBody[SeriesSplit], user: NamedDependency[User]
    ) -> SeriesSplitOut:
        changed: dict[str, Any] = provided_fields(data, exclude=("from_date", "skip_conflicts", "reason"))
        edit = SeriesEdit(
            rule=rule_from(changed["rule"]) if "rule" in changed else None,
            start_time=clock(changed["start_time"]) if "start_time" in changed else None,
            end_time=clock(changed["end_time"]) if "end_time" in changed else None,
            title=changed.get("title"),
            purpose=changed.get("purpose"),
            attendance=changed.get("attendance"),
            is_public=changed.get("is_public"),
        )
        result = await split_series(user, series_id, data.from_date, edit, data.skip_conflicts, data.reason)
        return SeriesSplitOut(
            ended=await series_out(result.ended, private=True),
            series=await series_out(result.series, private=True),
            booked=len(result.booked),
            skipped=clashes_out(result.skipped, result.series.timezone, result.reveal),
            cancelled=len(result.cancelled),
        )

    @post(
        "/{series_id:int}/end",
        guards=[runs_path_series],
        status_code=200,
        summary="End the series early",
        description="Occurrences after `last_date` (venue time) are cancelled; earlier ones, and any that have started, stay.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def end(
        self, series_id: FromPath[int], data: JSONBody[SeriesEnd], user: NamedDependency[User]
    ) -> SeriesEndOut:
        result = await end_series(user, series_id, data.last_date, data.reason)
        return SeriesEndOut(series=await series_out(result.series, private=True), cancelled=len(result.cancelled))

    @post(
        "/{series_id:int}/confirm",
        guards=[manages_path_series],
        status_code=200,
        summary="Confirm a series request, all of it or chosen dates (the venue's managers)",
        description=(
            "Confirms every date waiting for an answer, or those in `dates` (venue-local), in one transaction; "
            "each is priced at today's rates at the tier asked for, or at `tier_id` (one of the venue's tiers), "
            "which the series keeps for its later dates. A date that is not the series' is a 400 naming it, one "
            "already answered or started a 409. Dates the venue's own opening hours or closures leave out are "
            "refused together (422, `rule` `closure` or `opening_hours`, `overridable`, `dates` listing each in "
            "venue time with why) unless `override` is true, which each such date's history records; a date kept "
            "as an exception when the opening changed needs no override. Whatever is refused, nothing is written."
        ),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def confirm(
        self, series_id: FromPath[int], user: NamedDependency[User], data: JSONBody[SeriesConfirm | None] = None
    ) -> SeriesDecisionOut:
        body = data or SeriesConfirm()
        return await decision_out(
            await confirm_series(user, series_id, body.dates, body.reason, tier_id=body.tier_id, override=body.override)
        )

    @post(
        "/{series_id:int}/decline",
        guards=[manages_path_series],
        status_code=200,
        summary="Decline a series request, all of it or chosen dates (the venue's managers)",
        description=(
            "Declines every date waiting for an answer, or those in `dates` (venue-local), in one transaction, "
            "freeing their time; `reason` is shown to the booker. A date that is not the series' is a 400 naming "
            "it, one already answered or started a 409; either way nothing is written."
        ),
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def decline(
        self, series_id: FromPath[int], user: NamedDependency[User], data: JSONBody[SeriesDecline | None] = None
    ) -> SeriesDecisionOut:
        body = data or SeriesDecline()
        return await decision_out(await decline_series(user, series_id, body.dates, body.reason))
