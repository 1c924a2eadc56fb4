"""A request's acceptance of the venue's hire terms and its answers to the venue's questions, checked before the
write: 422 ``terms-not-accepted`` when the venue has terms and none were accepted, 409 ``terms-changed`` when the
version accepted is not the current one (naming it), 400 per question (``answers.<question id>``) otherwise.
A venue with no terms and no questions asks nothing: free hire stays simple."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from venues.core.errors import Conflict, InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.hire_terms.questions import venue_questions
from venues.hire_terms.terms import current_terms
from venues.models import HireQuestion, HireTerms
from venues.vocabulary import QuestionKind

MAX_ANSWER = 5000
YES_NO = ("yes", "no")


class TermsChanged(Conflict):
    """The version accepted is not the venue's current hire terms."""

    rule = "terms_changed"


@dataclass(frozen=True)
class Checked:
    """What to record: the terms accepted (None when the venue has none) and each answer with its question."""

    terms: HireTerms | None
    answers: tuple[tuple[HireQuestion, str], ...] = ()


NOTHING = Checked(None)


def answer_field(question_id: int) -> str:
    return f"answers.{question_id}"


def checked_answer(question: HireQuestion, answer: str) -> str:
    """The answer as stored (yes/no lower-cased), or a 400 naming the question."""
    field = answer_field(question.id)
    if len(answer) > MAX_ANSWER:
        raise InvalidInput(field, _("An answer is at most %(MAX_ANSWER)s characters.") % {"MAX_ANSWER": MAX_ANSWER})
    if question.kind == QuestionKind.yes_no:
        if answer.lower() not in YES_NO:
            raise InvalidInput(field, _("Answer “%(prompt)s” with yes or no.") % {"prompt": question.prompt})
        return answer.lower()
    if question.kind == QuestionKind.choice and answer not in (question.choices or ()):
        raise InvalidInput(
            field,
            _("Answer “%(prompt)s” with one of: %(value)s.")
            % {"prompt": question.prompt, "value": ", ".join(question.choices or ())},
        )
    return answer


async def check_terms(venue_id: int, terms_version: int | None) -> HireTerms | None:
    current = await current_terms(venue_id)
    if current is None:
        if terms_version is not None:
            raise TermsChanged(
                _("This venue has no hire terms to accept; send the request without terms_version."),
                rule="terms_changed",
                current_version=None,
            )
        return None
    if terms_version is None:
        raise RuleViolation(
            "terms_not_accepted",
            _("Read and accept the venue's hire terms (version %(version)s) to make this request.")
            % {"version": current.version},
            current_version=current.version,
        )
    if terms_version != current.version:
        raise TermsChanged(
            _(
                "The venue's hire terms changed: version %(version)s is current, not %(terms_version)s. Read them and accept the current version."
            )
            % {"version": current.version, "terms_version": terms_version},
            rule="terms_changed",
            current_version=current.version,
        )
    return current


async def check_hire_answers(venue_id: int, terms_version: int | None, answers: Sequence[tuple[int, str]]) -> Checked:
    """Call before the write transaction; pass the result to ``record_hire_answers`` inside it."""
    terms = await check_terms(venue_id, terms_version)
    questions = {question.id: question for question in await venue_questions(venue_id, include_archived=True)}
    given: dict[int, str] = {}
    for question_id, answer in answers:
        question = questions.get(question_id)
        if question is None or question.archived:
            raise InvalidInput(
                answer_field(question_id),
                _("This venue does not ask question %(question_id)s.") % {"question_id": question_id},
            )
        if question_id in given:
            raise InvalidInput(answer_field(question_id), _("Answer each question once."))
        given[question_id] = answer.strip()
    kept: list[tuple[HireQuestion, str]] = []
    for question in questions.values():
        if question.archived:
            continue
        answer = given.get(question.id, "")
        if not answer:
            if question.required:
                raise InvalidInput(
                    answer_field(question.id),
                    _("Answer “%(prompt)s”: the venue needs to know.") % {"prompt": question.prompt},
                )
            continue
        kept.append((question, checked_answer(question, answer)))
    kept.sort(key=lambda pair: (pair[0].position, pair[0].id))
    return Checked(terms, tuple(kept))
