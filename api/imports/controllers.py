"""/api/v1/groups/{group_id}/imports: bring a group's existing iCal calendar into Commonroom."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.groups.guards import organises_path_group
from api.hire_terms.schemas import answer_pairs
from api.imports.schemas import EventOutcomeOut, ImportBody, ImportReportOut, SkippedOut
from scheduling.imports.apply import ImportReport, ImportRequest, import_calendar
from venues.models import User

DESCRIPTION = (
    "Fetches the calendar at `url` (http, https or webcal; at most 1 MiB, 10 seconds) and books its timed events "
    "in `space_id` for the group: repeating events as series (FREQ DAILY/WEEKLY/MONTHLY with INTERVAL, BYDAY, "
    "COUNT or UNTIL), the rest as one-off bookings. Events that cannot be booked are listed in `skipped`. "
    "Windows zone names (Outlook) are read as their IANA zones. A calendar of more than 500 events, or one that "
    "would make more than 1,000 bookings (each series counted up to the space's horizon), is refused whole with a "
    "422 (`import-too-many-bookings` says how many and the limit). Where the venue has hire terms or questions, "
    "`terms_version` and `answers` accept and answer them as a booking request does, once for the whole import "
    "(422 `terms-not-accepted` or a missing answer refuses it before the calendar is read)."
)


def report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        preview=report.preview,
        events=[EventOutcomeOut(**outcome.__dict__) for outcome in report.events],
        skipped=[SkippedOut(uid=item.uid, title=item.title, reason=item.reason) for item in report.skipped],
    )


def import_request(group_id: int, data: ImportBody) -> ImportRequest:
    return ImportRequest(
        data.url,
        group_id,
        data.space_id,
        data.is_public,
        data.skip_conflicts,
        terms_version=data.terms_version,
        answers=answer_pairs(data.answers),
    )


class ImportController(Controller):
    path = "/api/v1/groups/{group_id:int}/imports"
    tags = ["groups"]
    guards = [organises_path_group]

    @post(
        "/preview",
        status_code=200,
        summary="Preview importing a calendar",
        description=DESCRIPTION + " Nothing is written: each event is tried and rolled back.",
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def preview(
        self, group_id: FromPath[int], user: NamedDependency[User], data: JSONBody[ImportBody]
    ) -> ImportReportOut:
        request = import_request(group_id, data)
        return report_out(await import_calendar(user, request, preview=True))

    @post(
        "/",
        status_code=201,
        summary="Import a calendar",
        description=DESCRIPTION + " Each event is booked on its own: a clash refuses that event, not the others.",
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def run(
        self, group_id: FromPath[int], user: NamedDependency[User], data: JSONBody[ImportBody]
    ) -> ImportReportOut:
        request = import_request(group_id, data)
        return report_out(await import_calendar(user, request, preview=False))
