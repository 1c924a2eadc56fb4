"""A venue's questions: validated with the field named, archived ones no longer asked."""

from __future__ import annotations

import pytest

from tests.factories import Factory
from venues.core.errors import InvalidInput
from venues.hire_terms.questions import QuestionDraft, add_question, change_question, venue_questions
from venues.models import HireQuestion
from venues.vocabulary import QuestionKind


@pytest.mark.parametrize(
    ("kind", "choices", "field"),
    [
        (QuestionKind.choice, ("Tea",), "choices"),
        (QuestionKind.choice, ("Tea", "Tea "), "choices"),
        (QuestionKind.choice, ("Tea", ""), "choices"),
        (QuestionKind.text, ("Tea", "Coffee"), "choices"),
    ],
)
async def test_a_choice_question_needs_two_different_choices_and_only_it_has_any(
    factory: Factory, kind: QuestionKind, choices: tuple[str, ...], field: str
) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as refused:
        await add_question(venue.id, QuestionDraft(prompt="Drinks?", kind=kind, choices=choices))
    assert refused.value.field == field
    assert await HireQuestion.count() == 0


async def test_a_blank_prompt_is_refused_naming_it(factory: Factory) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as refused:
        await add_question(venue.id, QuestionDraft(prompt="   "))
    assert refused.value.field == "prompt"


async def test_changing_the_kind_checks_the_question_whole(factory: Factory) -> None:
    venue = await factory.venue()
    question = await add_question(venue.id, QuestionDraft(prompt="Alcohol?", kind=QuestionKind.yes_no))
    with pytest.raises(InvalidInput) as refused:
        await change_question(venue.id, question.id, {"kind": "choice"})
    assert refused.value.field == "choices"
    made_choice = await change_question(venue.id, question.id, {"kind": "choice", "choices": ["None", "Bar"]})
    assert made_choice.choices == ["None", "Bar"]
    back_to_text = await change_question(venue.id, question.id, {"kind": "text"})
    assert (back_to_text.kind, back_to_text.choices) == ("text", [])


async def test_archived_questions_are_no_longer_asked_and_order_follows_position(factory: Factory) -> None:
    venue = await factory.venue()
    later = await add_question(venue.id, QuestionDraft(prompt="Later", position=2))
    first = await add_question(venue.id, QuestionDraft(prompt="First", position=1))
    gone = await add_question(venue.id, QuestionDraft(prompt="Gone"))
    await change_question(venue.id, gone.id, {"archived": True})
    assert [q.id for q in await venue_questions(venue.id)] == [first.id, later.id]
    assert [q.id for q in await venue_questions(venue.id, include_archived=True)] == [gone.id, first.id, later.id]
