"""/api/v1/venues/{venue_id}/terms and /questions: the hire agreement as versions, and the questions asked on
every request. Reading is public (what a hirer will be asked to accept); writing is for the venue's managers."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.hire_terms.schemas import QuestionIn, QuestionOut, QuestionUpdate, TermsIn, TermsOut
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, provided_fields
from api.venues.guards import manages_path_venue
from venues.core.errors import NotFound
from venues.hire_terms.questions import (
    QuestionDraft,
    add_question,
    change_question,
    delete_question,
    venue_questions,
)
from venues.hire_terms.terms import current_terms, publish_terms, terms_version
from venues.models import HireQuestion, HireTerms, User
from venues.permissions import manages_venue
from venues.visibility import visible_venue
from venues.vocabulary import QuestionKind


def terms_out(terms: HireTerms) -> TermsOut:
    return TermsOut(venue_id=terms.venue, version=terms.version, text=terms.text, created_at=terms.created_at)


def question_out(question: HireQuestion) -> QuestionOut:
    return QuestionOut(
        id=question.id,
        venue_id=question.venue,
        prompt=question.prompt,
        kind=QuestionKind(question.kind),
        choices=list(question.choices or ()),
        required=question.required,
        archived=question.archived,
        position=question.position,
    )


class HireTermsController(Controller):
    path = "/api/v1/venues/{venue_id:int}"
    tags = ["hire terms"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/terms",
        summary="The venue's current hire terms",
        description="Public: what a request must accept (send its `version` as `terms_version`). 404 when the "
        "venue has no hire terms, and then requests accept nothing.",
        responses=problem_responses(400, 401, 404),
    )
    async def current(self, venue_id: FromPath[int], user: NamedDependency[User | None]) -> TermsOut:
        venue, _ = await visible_venue(user, venue_id)
        found = await current_terms(venue.id)
        if found is None:
            raise NotFound("This venue has no hire terms.")
        return terms_out(found)

    @post(
        "/terms",
        guards=[manages_path_venue],
        summary="Publish a new version of the hire terms (its managers)",
        description="Each save is the next version; versions are never edited, so what someone accepted stays "
        "readable. Requests accepting an older version are refused (409 `terms-changed`). Two managers saving at "
        "once: one gets the number, the other a 409.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def publish(self, venue_id: FromPath[int], data: JSONBody[TermsIn], user: NamedDependency[User]) -> TermsOut:
        return terms_out(await publish_terms(venue_id, data.text, user.id))

    @get(
        "/terms/{version:int}",
        summary="One version of the hire terms",
        description="Public: the text as it read when someone accepted it.",
        responses=problem_responses(400, 401, 404),
    )
    async def one_version(
        self, venue_id: FromPath[int], version: FromPath[int], user: NamedDependency[User | None]
    ) -> TermsOut:
        venue, _ = await visible_venue(user, venue_id)
        return terms_out(await terms_version(venue.id, version))

    @get(
        "/questions",
        summary="The questions the venue asks on every request",
        description="Public: the questions asked, in order. The venue's managers also see archived ones.",
        responses=problem_responses(400, 401, 404),
    )
    async def questions(
        self,
        request: Request,
        venue_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
    ) -> Page[QuestionOut]:
        venue, _ = await visible_venue(user, venue_id)
        found = await venue_questions(venue.id, include_archived=await manages_venue(user, venue.id))
        shown = found[paging.offset : paging.offset + paging.limit]
        return page_of(request, [question_out(question) for question in shown], len(found), paging)

    @post(
        "/questions",
        guards=[manages_path_venue],
        summary="Add a question (its managers)",
        description="`kind` text, yes_no (answered yes or no) or choice (`choices`: two or more, all different).",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def add(self, venue_id: FromPath[int], data: JSONBody[QuestionIn]) -> QuestionOut:
        draft = QuestionDraft(
            prompt=data.prompt,
            kind=data.kind,
            choices=tuple(data.choices),
            required=data.required,
            archived=data.archived,
            position=data.position,
        )
        return question_out(await add_question(venue_id, draft))

    @patch(
        "/questions/{question_id:int}",
        guards=[manages_path_venue],
        summary="Change a question (its managers)",
        description="Answers already given keep the prompt they answered. `archived` stops asking it.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def change(
        self, venue_id: FromPath[int], question_id: FromPath[int], data: JSONBody[QuestionUpdate]
    ) -> QuestionOut:
        return question_out(await change_question(venue_id, question_id, provided_fields(data)))

    @delete(
        "/questions/{question_id:int}",
        guards=[manages_path_venue],
        summary="Delete a question (its managers)",
        description="Answers already given keep their copy of the prompt; archive it instead to keep it listed.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove(self, venue_id: FromPath[int], question_id: FromPath[int]) -> None:
        await delete_question(venue_id, question_id)
