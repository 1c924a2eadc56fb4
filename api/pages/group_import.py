"""/groups/{id}/import: an organiser brings the group's calendar into a space, accepting the venue's hire terms
and answering its questions once for the whole import, as the booking form asks them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Template

from api.errors import domain_status
from api.groups.guards import organises_path_group
from api.pages.desk_settings import form_values
from api.pages.support.rendering import checked, page, query_int
from api.pages.views.booking_form import Choice
from scheduling.groups import get_group
from scheduling.imports.apply import ImportReport, ImportRequest, import_calendar
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import gettext
from venues.hire_terms.questions import venue_questions
from venues.hire_terms.terms import current_terms
from venues.spaces.bookable import load_bookable


class GroupImportPages(Controller):
    path = "/groups/{group_id:int}/import"
    guards = [organises_path_group]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        group_id: int,
        space_id: int | None,
        form: dict[str, str] | None = None,
        report: ImportReport | None = None,
        problems: list[str] | None = None,
        status_code: int = 200,
    ) -> Template:
        space = venue = None
        if space_id is not None:
            try:
                bookable = await load_bookable(space_id)
                space, venue = bookable.space, bookable.venue
            except DomainError as error:
                problems = [*(problems or []), error.detail]
        return await page(
            request,
            "group_import.html.j2",
            status_code=status_code,
            group=await get_group(group_id),
            space=space,
            venue=venue,
            hire_terms=await current_terms(venue.id) if venue is not None else None,
            hire_questions=await venue_questions(venue.id) if venue is not None else [],
            choice=Choice.read(form or {}),
            form=form or {},
            report=report,
            problems=problems or [],
        )

    @get("/", name="group_import")
    async def show(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template:
        return await self._page(request, group_id, query_int(request.query_params.get("space_id")))

    @post("/", status_code=200)
    async def run(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template:
        form = form_values(await request.form())
        space_id = query_int(form.get("space_id"))
        user = request.scope.get("user")
        try:
            if space_id is None:
                raise InvalidInput("space_id", gettext("Choose the space to book."))
            hire = Choice.read(form).hire()
            wanted = ImportRequest(
                form.get("url", "").strip(),
                group_id,
                space_id,
                is_public=checked(form.get("is_public")),
                skip_conflicts=checked(form.get("skip_conflicts")),
                terms_version=hire["terms_version"],
                answers=hire["answers"],
            )
            report = await import_calendar(user, wanted, preview=form.get("action") == "preview")
        except DomainError as error:
            return await self._page(
                request, group_id, space_id, form, problems=[error.detail], status_code=domain_status(error)
            )
        return await self._page(request, group_id, space_id, form, report=report)
