"""What a request accepts and answers: checked before the write, recorded in the request's transaction."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.hire_answers.check import NOTHING, TermsChanged, check_hire_answers
from scheduling.models import Booking, HireAnswer, TermsAcceptance
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.core import clock
from venues.core.errors import Conflict, InvalidInput, RuleViolation
from venues.hire_terms.questions import QuestionDraft, add_question, change_question
from venues.hire_terms.terms import publish_terms
from venues.models import HireQuestion
from venues.vocabulary import QuestionKind


def draft_at(space_id: int, hour: int = 10, **fields: object) -> BookingDraft:
    day = next_weekday(2, days_ahead=10)
    return BookingDraft(
        space_id=space_id,
        starts_at=datetime.combine(day, time(hour)),
        ends_at=datetime.combine(day, time(hour + 1)),
        title="Party",
        **fields,  # type: ignore[arg-type]
    )


async def questions(venue_id: int) -> tuple[HireQuestion, HireQuestion, HireQuestion]:
    alcohol = await add_question(
        venue_id, QuestionDraft(prompt="Will alcohol be served?", kind=QuestionKind.yes_no, required=True)
    )
    music = await add_question(
        venue_id,
        QuestionDraft(prompt="Music?", kind=QuestionKind.choice, choices=("None", "Recorded", "Live"), position=1),
    )
    notes = await add_question(venue_id, QuestionDraft(prompt="Anything else?", position=2))
    return alcohol, music, notes


async def test_a_venue_asking_nothing_needs_nothing(factory: Factory) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    assert await check_hire_answers(venue.id, None, ()) == NOTHING
    booking = await request_booking(booker.user, draft_at(space.id))
    assert booking.id and await TermsAcceptance.count() == 0 and await HireAnswer.count() == 0


async def test_terms_not_accepted_is_a_422_and_a_stale_version_a_409_naming_the_current(factory: Factory) -> None:
    venue = await factory.venue()
    await publish_terms(venue.id, "Version one", None)
    await publish_terms(venue.id, "Version two", None)
    with pytest.raises(RuleViolation) as missing:
        await check_hire_answers(venue.id, None, ())
    assert missing.value.rule == "terms_not_accepted"
    with pytest.raises(TermsChanged) as stale:
        await check_hire_answers(venue.id, 1, ())
    assert isinstance(stale.value, Conflict) and stale.value.extra["current_version"] == 2
    checked = await check_hire_answers(venue.id, 2, ())
    assert checked.terms is not None and checked.terms.version == 2


async def test_each_answer_is_checked_against_its_question(factory: Factory) -> None:
    venue = await factory.venue()
    elsewhere = await factory.venue()
    alcohol, music, notes = await questions(venue.id)
    foreign = await add_question(elsewhere.id, QuestionDraft(prompt="Theirs"))
    retired = await add_question(venue.id, QuestionDraft(prompt="Old question"))
    await change_question(venue.id, retired.id, {"archived": True})

    refusals = {
        "missing required": [],
        "blank required": [(alcohol.id, "  ")],
        "yes/no": [(alcohol.id, "maybe")],
        "choice": [(alcohol.id, "no"), (music.id, "Karaoke")],
        "foreign": [(alcohol.id, "no"), (foreign.id, "x")],
        "archived": [(alcohol.id, "no"), (retired.id, "x")],
        "twice": [(alcohol.id, "no"), (alcohol.id, "yes")],
    }
    fields = {}
    for name, answers in refusals.items():
        with pytest.raises(InvalidInput) as refused:
            await check_hire_answers(venue.id, None, answers)
        fields[name] = refused.value.field
    assert fields == {
        "missing required": f"answers.{alcohol.id}",
        "blank required": f"answers.{alcohol.id}",
        "yes/no": f"answers.{alcohol.id}",
        "choice": f"answers.{music.id}",
        "foreign": f"answers.{foreign.id}",
        "archived": f"answers.{retired.id}",
        "twice": f"answers.{alcohol.id}",
    }

    checked = await check_hire_answers(venue.id, None, [(notes.id, " Cake "), (alcohol.id, "Yes"), (music.id, "Live")])
    assert [(question.id, answer) for question, answer in checked.answers] == [
        (alcohol.id, "yes"),
        (music.id, "Live"),
        (notes.id, "Cake"),
    ]


async def test_a_request_records_the_version_accepted_and_the_answers_with_their_prompts(factory: Factory) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    terms = await publish_terms(venue.id, "No glitter.", manager.id)
    alcohol, _, _ = await questions(venue.id)
    instant = clock.now().replace(microsecond=0)

    with clock.frozen_at(instant):
        mine = await request_booking(booker.user, draft_at(space.id, terms_version=1, answers=((alcohol.id, "no"),)))
        for_someone = await request_booking(
            manager.user,
            draft_at(space.id, hour=14, terms_version=1, answers=((alcohol.id, "yes"),), booker_name="Jo Bloggs"),
        )
    await change_question(venue.id, alcohol.id, {"prompt": "Alcohol served or sold?"})

    accepted = await TermsAcceptance.objects().order_by(TermsAcceptance.id)
    assert [
        (a.booking, a.series, a.terms, a.version, a.accepted_by, a.accepted_name, a.accepted_at) for a in accepted
    ] == [
        (mine.id, None, terms.id, 1, booker.id, "Booker", instant),
        (for_someone.id, None, terms.id, 1, manager.id, "Manager", instant),
    ]
    answers = await HireAnswer.objects().order_by(HireAnswer.id)
    assert [(a.booking, a.question, a.prompt, a.answer) for a in answers] == [
        (mine.id, alcohol.id, "Will alcohol be served?", "no"),
        (for_someone.id, alcohol.id, "Will alcohol be served?", "yes"),
    ]


async def test_a_refused_request_records_nothing(factory: Factory) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    await publish_terms(venue.id, "No glitter.", None)
    await request_booking(booker.user, draft_at(space.id, terms_version=1))
    with pytest.raises(Conflict):
        await request_booking(booker.user, draft_at(space.id, terms_version=1))  # the same time: taken
    assert await Booking.count() == 1 and await TermsAcceptance.count() == 1


async def test_a_series_records_its_acceptance_once_not_once_per_date(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await publish_terms(venue.id, "No glitter.", None)
    alcohol, _, _ = await questions(venue.id)
    draft = SeriesDraft(
        space_id=space.id,
        rule=parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=4"),
        dtstart=next_weekday(1),
        start_time=time(10),
        end_time=time(12),
        title="Pilates",
        terms_version=1,
        answers=((alcohol.id, "no"),),
    )
    with pytest.raises(RuleViolation):
        await create_series(manager.user, SeriesDraft(**{**draft.__dict__, "terms_version": None}))
    made = await create_series(manager.user, draft)
    assert len(made.booked) == 4
    accepted = await TermsAcceptance.objects()
    assert [(a.series, a.booking, a.version) for a in accepted] == [(made.series.id, None, 1)]
    assert [(a.series, a.booking, a.answer) for a in await HireAnswer.objects()] == [(made.series.id, None, "no")]
