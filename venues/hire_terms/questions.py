"""The questions a venue asks on every request: a prompt, a kind (text, yes/no, one of some choices), whether an
answer is required, an order, and archiving (no longer asked; answers given keep their own copy of the prompt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import _
from venues.models import HireQuestion
from venues.vocabulary import QuestionKind

MAX_PROMPT = 300
MAX_CHOICE = 100
MAX_CHOICES = 30
MAX_POSITION = 10_000


@dataclass(frozen=True)
class QuestionDraft:
    prompt: str
    kind: QuestionKind = QuestionKind.text
    choices: tuple[str, ...] = field(default_factory=tuple)
    required: bool = False
    archived: bool = False
    position: int = 0


def _position(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POSITION:
        raise InvalidInput(
            "position",
            _("A question's position is a whole number from 0 to %(MAX_POSITION)s.") % {"MAX_POSITION": MAX_POSITION},
        )
    return value


def check_question(values: dict[str, Any]) -> dict[str, Any]:
    """The fields cleaned, or a 400 naming the first field that is wrong."""
    prompt = str(values["prompt"]).strip()
    if not prompt:
        raise InvalidInput("prompt", _("Write the question."))
    if len(prompt) > MAX_PROMPT:
        raise InvalidInput("prompt", _("A question is at most %(MAX_PROMPT)s characters.") % {"MAX_PROMPT": MAX_PROMPT})
    try:
        kind = QuestionKind(values["kind"])
    except ValueError:
        raise InvalidInput("kind", _("A question is text, yes_no or choice.")) from None
    choices = [str(choice).strip() for choice in values.get("choices") or ()]
    if kind == QuestionKind.choice:
        if any(not choice for choice in choices):
            raise InvalidInput("choices", _("A choice cannot be blank."))
        if any(len(choice) > MAX_CHOICE for choice in choices):
            raise InvalidInput(
                "choices", _("A choice is at most %(MAX_CHOICE)s characters.") % {"MAX_CHOICE": MAX_CHOICE}
            )
        if len(set(choices)) != len(choices):
            raise InvalidInput("choices", _("Each choice must differ from the others."))
        if len(choices) < 2:
            raise InvalidInput("choices", _("A choice question needs at least two different choices."))
        if len(choices) > MAX_CHOICES:
            raise InvalidInput(
                "choices", _("A question offers at most %(MAX_CHOICES)s choices.") % {"MAX_CHOICES": MAX_CHOICES}
            )
    elif choices:
        raise InvalidInput("choices", _("Only a choice question has choices."))
    return {
        "prompt": prompt,
        "kind": str(kind),
        "choices": choices,
        "required": bool(values.get("required", False)),
        "archived": bool(values.get("archived", False)),
        "position": _position(values.get("position", 0)),
    }


def as_values(question: HireQuestion) -> dict[str, Any]:
    return {
        "prompt": question.prompt,
        "kind": question.kind,
        "choices": list(question.choices or ()),
        "required": question.required,
        "archived": question.archived,
        "position": question.position,
    }


async def venue_questions(venue_id: int, include_archived: bool = False) -> list[HireQuestion]:
    """In the order they are asked (position, then the order they were added)."""
    query = HireQuestion.objects().where(HireQuestion.venue == venue_id)
    if not include_archived:
        query = query.where(HireQuestion.archived.eq(False))
    return await query.order_by(HireQuestion.position).order_by(HireQuestion.id)


async def get_question(venue_id: int, question_id: int) -> HireQuestion:
    found = (
        await HireQuestion.objects().where((HireQuestion.id == question_id) & (HireQuestion.venue == venue_id)).first()
    )
    if found is None:
        raise NotFound(_("This venue has no question %(question_id)s.") % {"question_id": question_id})
    return found


async def add_question(venue_id: int, draft: QuestionDraft) -> HireQuestion:
    values = check_question(
        {
            "prompt": draft.prompt,
            "kind": draft.kind,
            "choices": draft.choices,
            "required": draft.required,
            "archived": draft.archived,
            "position": draft.position,
        }
    )
    question = HireQuestion(venue=venue_id, **values)
    async with write_transaction():
        await question.save()
    return question


async def change_question(venue_id: int, question_id: int, changes: dict[str, Any]) -> HireQuestion:
    """``changes``: only the fields given (prompt, kind, choices, required, archived, position); the result is
    checked whole, so changing the kind to choice without choices is a 400 on ``choices``."""
    question = await get_question(venue_id, question_id)
    merged = {**as_values(question), **changes}
    if merged["kind"] != QuestionKind.choice and "choices" not in changes:
        merged["choices"] = []
    values = check_question(merged)
    for key, value in values.items():
        setattr(question, key, value)
    async with write_transaction():
        await question.save()
    return question


async def delete_question(venue_id: int, question_id: int) -> None:
    """Gone for good; answers already given keep their copy of the prompt (archive to stop asking and keep it)."""
    question = await get_question(venue_id, question_id)
    async with write_transaction():
        await HireQuestion.delete().where(HireQuestion.id == question.id)
