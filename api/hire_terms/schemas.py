"""Hire terms (versions) and the venue's questions; what a request accepts and answers, and what those involved see."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import MULTI_LINE, SINGLE_LINE, RowId
from venues.hire_terms.questions import MAX_CHOICE, MAX_CHOICES, MAX_POSITION, MAX_PROMPT
from venues.hire_terms.terms import MAX_TERMS_CHARS
from venues.vocabulary import QuestionKind

TermsText = Annotated[
    str,
    Meta(min_length=1, max_length=MAX_TERMS_CHARS, pattern=MULTI_LINE, description="line feeds and tabs allowed"),
]
Prompt = Annotated[str, Meta(min_length=1, max_length=MAX_PROMPT, pattern=SINGLE_LINE, description="one line")]
Choice = Annotated[str, Meta(min_length=1, max_length=MAX_CHOICE, pattern=SINGLE_LINE)]
Choices = Annotated[
    list[Choice], Meta(max_length=MAX_CHOICES, description="for a choice question: 2 or more, distinct")
]
Position = Annotated[int, Meta(ge=0, le=MAX_POSITION, description="questions are asked in this order")]
Answer = Annotated[str, Meta(max_length=5000, pattern=MULTI_LINE, description="yes/no for a yes_no question")]
TermsVersion = Annotated[
    int, Meta(ge=1, le=1_000_000, description="the version of the venue's hire terms the booker accepted")
]


class TermsIn(Struct, forbid_unknown_fields=True):
    text: TermsText


class TermsOut(Struct):
    venue_id: int
    version: int
    text: str
    created_at: datetime


class QuestionIn(Struct, forbid_unknown_fields=True):
    prompt: Prompt
    kind: QuestionKind = QuestionKind.text
    choices: Choices = msgspec.field(default_factory=list)
    required: bool = False
    archived: bool = False
    position: Position = 0


class QuestionUpdate(Struct, forbid_unknown_fields=True):
    prompt: Prompt | UnsetType = UNSET
    kind: QuestionKind | UnsetType = UNSET
    choices: Choices | UnsetType = UNSET
    required: bool | UnsetType = UNSET
    archived: bool | UnsetType = UNSET
    position: Position | UnsetType = UNSET


class QuestionOut(Struct):
    id: int
    venue_id: int
    prompt: str
    kind: QuestionKind
    choices: list[str]
    required: bool
    archived: bool
    position: int


class AnswerIn(Struct, forbid_unknown_fields=True):
    question_id: RowId
    answer: Answer


Answers = Annotated[list[AnswerIn], Meta(max_length=100)]


def answer_pairs(answers: list[AnswerIn]) -> tuple[tuple[int, str], ...]:
    return tuple((item.question_id, item.answer) for item in answers)


class TermsAcceptedOut(Struct):
    version: int
    accepted_by_name: str
    accepted_at: datetime


class AnswerOut(Struct):
    prompt: str
    answer: str
