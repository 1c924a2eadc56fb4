"""/admin/areas: a site admin defines areas (named sets of venues), fills them and names their officers.

The same domain functions as ``/api/v1/areas`` (``venues.areas``), so a refusal (a slug taken, a venue already in
the area, an email with no account) reads the same on the page as in the API. Deleting an area asks first on a
page of its own. Venues are picked from a list that a search box narrows by name (no script needed).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_admin
from api.errors import domain_status
from api.pages.support.rendering import current_user, form_int, page
from api.text_input import MULTI_LINE_FIELDS
from venues.areas import members, officers
from venues.areas.areas import area_detail, create_area, delete_area, list_areas, update_area, venues_outside
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import _, lazy_gettext

MAX_AREAS = 200
MAX_FIND = 100
DONE = {
    "created": lazy_gettext("The area is created. Add its venues and name its officers."),
    "saved": lazy_gettext("The area's details are saved."),
    "venue-added": lazy_gettext("The venue is in the area."),
    "venue-removed": lazy_gettext("The venue is out of the area."),
    "officer-added": lazy_gettext("The officer is named: they can read the area's reports now."),
    "officer-removed": lazy_gettext("The officer is removed."),
    "deleted": lazy_gettext("The area is deleted. Its venues and officers' accounts are unchanged."),
}


def _done(key: str) -> str:
    """The sentence a finished change shows, in the page's language (empty for an unknown key)."""
    found = DONE.get(key)
    return str(found) if found is not None else ""


def _form(raw: Any) -> dict[str, str]:
    return {key: str(value) for key, value in raw.items()}


class AdminAreaPages(Controller):
    path = "/admin/areas"
    guards = [requires_admin]

    async def _list(
        self, request: Request[Any, Any, Any], status_code: int = 200, problems: list[str] | None = None, **sent: str
    ) -> Template:
        areas, total = await list_areas(MAX_AREAS, 0)
        return await page(
            request,
            "admin_areas.html.j2",
            status_code=status_code,
            nav="desk",
            areas=areas,
            total=total,
            problems=problems or [],
            sent=sent,
            done=_done(request.query_params.get("done", "")),
        )

    async def _area(
        self,
        request: Request[Any, Any, Any],
        area_id: int,
        status_code: int = 200,
        problems: list[str] | None = None,
        sent: dict[str, str] | None = None,
    ) -> Template:
        area = await area_detail(area_id, include_archived=True)
        find = (request.query_params.get("find") or "").strip()[:MAX_FIND]
        choices = await venues_outside(area.id)
        if find:
            choices = [venue for venue in choices if find.casefold() in venue.name.casefold()]
        found_officers, _ = await officers.list_officers(area.id)
        return await page(
            request,
            "admin_area.html.j2",
            status_code=status_code,
            nav="desk",
            area=area,
            choices=choices,
            find=find,
            officers=found_officers,
            problems=problems or [],
            sent=sent or {},
            done=_done(request.query_params.get("done", "")),
        )

    @get("/", name="admin_areas")
    async def listing(self, request: Request[Any, Any, Any]) -> Template:
        return await self._list(request)

    @post("/", status_code=303, opt={MULTI_LINE_FIELDS: {"description"}})
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = _form(await request.form())
        try:
            area = await create_area(
                current_user(request),
                form.get("name", ""),
                form.get("slug", "").strip() or None,
                form.get("description", ""),
            )
        except DomainError as error:
            return await self._list(request, domain_status(error), [error.detail], **form)
        return Redirect(f"/admin/areas/{area.id}?done=created", status_code=303)

    @get("/{area_id:int}", name="admin_area")
    async def area(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template:
        return await self._area(request, area_id)

    @post("/{area_id:int}", status_code=303, opt={MULTI_LINE_FIELDS: {"description"}})
    async def save(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template | Redirect:
        form = _form(await request.form())
        fields: dict[str, Any] = {key: form[key] for key in ("name", "slug", "description") if key in form}
        try:
            await update_area(current_user(request), area_id, fields)
        except DomainError as error:
            return await self._area(request, area_id, domain_status(error), [error.detail], form)
        return Redirect(f"/admin/areas/{area_id}?done=saved", status_code=303)

    @post("/{area_id:int}/venues", status_code=303)
    async def add_venue(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template | Redirect:
        form = _form(await request.form())
        try:
            venue_id = form_int(form.get("venue_id"), "venue_id", least=1)
            if venue_id is None:
                raise InvalidInput("venue_id", _("Choose a venue to add."))
            await members.add_venue(current_user(request), area_id, venue_id)
        except DomainError as error:
            return await self._area(request, area_id, domain_status(error), [error.detail])
        return Redirect(f"/admin/areas/{area_id}?done=venue-added", status_code=303)

    @post("/{area_id:int}/venues/{venue_id:int}/remove", status_code=303)
    async def remove_venue(
        self, request: Request[Any, Any, Any], area_id: FromPath[int], venue_id: FromPath[int]
    ) -> Redirect:
        await members.remove_venue(current_user(request), area_id, venue_id)
        return Redirect(f"/admin/areas/{area_id}?done=venue-removed", status_code=303)

    @post("/{area_id:int}/officers", status_code=303)
    async def add_officer(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template | Redirect:
        form = _form(await request.form())
        email = form.get("email", "").strip()
        try:
            if not email:
                raise InvalidInput("email", _("Give the email address of the officer's account."))
            await officers.add_officer(current_user(request), area_id, email)
        except DomainError as error:
            return await self._area(request, area_id, domain_status(error), [error.detail], form)
        return Redirect(f"/admin/areas/{area_id}?done=officer-added", status_code=303)

    @post("/{area_id:int}/officers/{user_id:int}/remove", status_code=303)
    async def remove_officer(
        self, request: Request[Any, Any, Any], area_id: FromPath[int], user_id: FromPath[int]
    ) -> Redirect:
        await officers.remove_officer(current_user(request), area_id, user_id)
        return Redirect(f"/admin/areas/{area_id}?done=officer-removed", status_code=303)

    @get("/{area_id:int}/delete", name="admin_area_delete")
    async def confirm_delete(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template:
        area = await area_detail(area_id, include_archived=True)
        _, officer_count = await officers.list_officers(area.id, limit=1)
        return await page(request, "admin_area_delete.html.j2", nav="desk", area=area, officer_count=officer_count)

    @post("/{area_id:int}/delete", status_code=303)
    async def delete(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Redirect:
        await delete_area(current_user(request), area_id)
        return Redirect("/admin/areas?done=deleted", status_code=303)
