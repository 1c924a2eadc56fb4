"""/desk/venues/{id}/terms: the hire terms (publish a new version) and the questions asked on every request,
through the same domain functions as the API (``venues.hire_terms``)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.support.rendering import current_user, form_int, page
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import _
from venues.hire_terms.questions import (
    MAX_POSITION,
    QuestionDraft,
    add_question,
    change_question,
    delete_question,
    venue_questions,
)
from venues.hire_terms.terms import current_terms, publish_terms
from venues.lookups import get_venue
from venues.models import Venue
from venues.vocabulary import QuestionKind


def kind_words() -> dict[str, str]:
    """The kinds of answer a question takes, in the language in force."""
    return {
        QuestionKind.text: _("Text"),
        QuestionKind.yes_no: _("Yes or no"),
        QuestionKind.choice: _("One of some choices"),
    }


def done_words() -> dict[str, str]:
    """What the last action did, in the language in force."""
    return {
        "published": _("The new version of the hire terms is published: requests from now on accept it."),
        "added": _("The question was added."),
        "saved": _("The question was saved."),
        "deleted": _("The question was deleted."),
    }


def form_values(form: Any) -> dict[str, str]:
    return {key: str(value) for key, value in form.items()}


def question_values(form: dict[str, str]) -> dict[str, Any]:
    """The question's fields from its form; choices one per line."""
    kind = form.get("kind", "text")
    if kind not in {str(word) for word in QuestionKind}:
        raise InvalidInput("kind", _("Choose what kind of answer the question takes."))
    return {
        "prompt": form.get("prompt", ""),
        "kind": kind,
        "choices": [line.strip() for line in form.get("choices", "").splitlines() if line.strip()],
        "required": form.get("required") == "1",
        "archived": form.get("archived") == "1",
        "position": form_int(form.get("position"), "position", 0, least=0, most=MAX_POSITION) or 0,
    }


class DeskTermsPages(Controller):
    path = "/desk/venues/{venue_id:int}"
    guards = [manages_path_venue]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Template:
        return await page(
            request,
            "desk_terms.html.j2",
            status_code=status_code,
            nav="desk",
            tab="terms",
            venue=venue,
            terms=await current_terms(venue.id),
            questions=await venue_questions(venue.id, include_archived=True),
            kinds=kind_words(),
            problems=problems or [],
            form=form or {},
            done=done_words().get(request.query_params.get("done") or ""),
        )

    @get("/terms", name="desk_terms")
    async def terms(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, await get_venue(venue_id))

    @post("/terms", status_code=303, opt={MULTI_LINE_FIELDS: {"text"}})
    async def publish(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        user = current_user(request)
        form = form_values(await request.form())
        try:
            await publish_terms(venue.id, form.get("text", ""), user.id if user else None)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(f"/desk/venues/{venue.id}/terms?done=published", status_code=303)

    @post("/questions", status_code=303, opt={MULTI_LINE_FIELDS: {"choices"}})
    async def add(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            values = question_values(form)
            await add_question(venue.id, QuestionDraft(**{**values, "choices": tuple(values["choices"])}))
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(f"/desk/venues/{venue.id}/terms?done=added", status_code=303)

    @post("/questions/{question_id:int}", status_code=303, opt={MULTI_LINE_FIELDS: {"choices"}})
    async def change(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], question_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            await change_question(venue.id, question_id, question_values(form))
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/terms?done=saved", status_code=303)

    @post("/questions/{question_id:int}/delete", status_code=303)
    async def remove(self, venue_id: FromPath[int], question_id: FromPath[int]) -> Redirect:
        await delete_question(venue_id, question_id)
        return Redirect(f"/desk/venues/{venue_id}/terms?done=deleted", status_code=303)
