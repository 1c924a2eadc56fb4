"""Hire terms on the pages: the desk publishes versions and asks questions; the request form shows the terms with a
box to accept them and asks the questions; the desk and the booking page show what was accepted and answered,
and no public page does."""

from __future__ import annotations

import html
from datetime import time, timedelta

import httpx
import pytest

from scheduling.models import Booking, HireAnswer, Series, TermsAcceptance
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, post_form, sign_in
from venues.hire_terms.questions import QuestionDraft, add_question
from venues.hire_terms.terms import publish_terms
from venues.models import HireQuestion, HireTerms, Space, Venue
from venues.opening.hours import Interval, replace_weekly_hours
from venues.vocabulary import QuestionKind

MARKER = "MARKER-answer-51aa"


@pytest.fixture
async def place(factory: Factory) -> tuple[Venue, Space, Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    await replace_weekly_hours(venue.id, None, [Interval(day, time(9), time(17)) for day in range(7)])
    space = await factory.space(venue, name="Main hall")
    return venue, space, manager


async def test_the_desk_publishes_multi_line_terms_as_the_next_version_and_adds_questions(
    client: httpx.AsyncClient, place: tuple[Venue, Space, Account]
) -> None:
    venue, _, manager = place
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/terms"
    assert 'aria-current="page">Hire terms<' in (await client.get(tab)).text

    published = await post_form(client, tab, {"text": "No glitter.\r\nOut by 23:00."}, tab)
    assert published.status_code == 303
    again = await post_form(client, tab, {"text": "No glitter or confetti."}, tab)
    assert again.status_code == 303
    rows = await HireTerms.objects().order_by(HireTerms.version)
    assert [(row.version, row.text) for row in rows] == [
        (1, "No glitter.\r\nOut by 23:00."),
        (2, "No glitter or confetti."),
    ]
    assert "Publish as version 3" in (await client.get(tab)).text

    questions = f"/desk/venues/{venue.id}/questions"
    one_choice = await post_form(client, questions, {"prompt": "Music?", "kind": "choice", "choices": "Live"}, tab)
    assert one_choice.status_code == 400 and "at least two different choices" in one_choice.text
    added = await post_form(
        client, questions, {"prompt": "Music?", "kind": "choice", "choices": "None\nLive\n", "required": "1"}, tab
    )
    assert added.status_code == 303
    question = await HireQuestion.objects().first()
    assert question is not None and (question.choices, question.required) == (["None", "Live"], True)
    archived = await post_form(
        client,
        f"{questions}/{question.id}",
        {"prompt": "Music?", "kind": "choice", "choices": "None\nLive", "archived": "1"},
        tab,
    )
    assert archived.status_code == 303
    await question.refresh()
    assert question.archived is True and question.required is False


async def test_the_desk_tab_is_for_the_venues_managers_only(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    venue, _, _ = place
    await sign_in(client, await factory.account("stranger"))
    assert (await client.get(f"/desk/venues/{venue.id}/terms")).status_code == 403


async def test_a_request_accepts_the_terms_shown_and_answers_seen_by_the_booker_and_desk_not_the_public(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    venue, space, manager = place
    await publish_terms(venue.id, "No glitter.\nOut by 23:00.", manager.id)
    alcohol = await add_question(
        venue.id, QuestionDraft(prompt="Will alcohol be served?", kind=QuestionKind.yes_no, required=True)
    )
    notes = await add_question(venue.id, QuestionDraft(prompt="Anything else?", position=1))
    resident = await factory.account("resident")
    await sign_in(client, resident)
    day = days_ahead(8)
    form_path = f"/book/spaces/{space.id}?date={day.isoformat()}&start=10:00&end=12:00"
    shown = (await client.get(form_path)).text
    assert "<p>Out by 23:00.</p>" in shown
    assert "I accept the hire terms (version 1)" in shown
    assert 'name="terms_version" value="1"' in shown
    assert f'name="answer-{alcohol.id}" type="radio" value="yes"' in shown

    form = {
        "date": day.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "title": "Birthday tea",
        "attendance": "20",
        "is_public": "on",
        "terms_version": "1",
        f"answer-{alcohol.id}": "no",
        f"answer-{notes.id}": MARKER,
    }
    unaccepted = await post_form(client, f"/book/spaces/{space.id}", form, form_path)
    assert unaccepted.status_code == 422
    assert "accept the venue&#39;s hire terms (version 1)" in unaccepted.text
    assert await Booking.count() == 0

    await publish_terms(venue.id, "Version two.", manager.id)
    stale = await post_form(client, f"/book/spaces/{space.id}", {**form, "accept_terms": "1"}, form_path)
    assert stale.status_code == 409 and "version 2 is current" in stale.text
    assert (
        "I accept the hire terms (version 2)" in stale.text
        and 'id="accept_terms" name="accept_terms" type="checkbox" value="1" required>' in stale.text
    )

    sent = await post_form(
        client, f"/book/spaces/{space.id}", {**form, "accept_terms": "1", "terms_version": "2"}, form_path
    )
    assert sent.status_code == 303, sent.text
    booking = await Booking.objects().first()
    assert booking is not None
    accepted = await TermsAcceptance.objects().first()
    assert accepted is not None and (accepted.booking, accepted.version, accepted.accepted_by) == (
        booking.id,
        2,
        resident.id,
    )

    detail = html.unescape((await client.get(f"/bookings/{booking.id}")).text)
    assert "Version 2 accepted by Resident on" in detail
    assert "Will alcohol be served?" in detail and MARKER in detail

    await sign_in(client, manager)
    desk = html.unescape((await client.get(f"/desk/venues/{venue.id}")).text)
    assert "Version 2 accepted by Resident on" in desk and MARKER in desk
    assert "<dt>Will alcohol be served?</dt><dd>No</dd>" in desk  # a yes/no answer reads as a word, not a code
    booking.status = "confirmed"  # confirmed and public: what the public may see of it is now listed
    await booking.save()

    client.cookies.clear()
    whats_on = await client.get("/", params={"from": day.isoformat(), "to": day.isoformat()})
    assert "Birthday tea" in whats_on.text and MARKER not in whats_on.text
    for public in (f"/venues/{venue.id}", f"/bookings/{booking.id}", f"/desk/venues/{venue.id}"):
        response = await client.get(public)
        assert MARKER not in response.text, public


async def test_a_weekly_request_records_its_acceptance_once_and_the_desk_shows_it(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    venue, space, manager = place
    await publish_terms(venue.id, "No glitter.", manager.id)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Marsh Choir")
    await sign_in(client, organiser)
    first = days_ahead(8)
    form = {
        "date": first.isoformat(),
        "start": "13:00",
        "end": "15:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=21)).isoformat(),
        "group_id": str(group.id),
        "title": "Choir",
        "attendance": "5",
        "accept_terms": "1",
        "terms_version": "1",
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert sent.status_code == 303, sent.text
    series = await Series.objects().first()
    assert series is not None and await Booking.count() == 4
    accepted = await TermsAcceptance.objects()
    assert [(a.series, a.booking) for a in accepted] == [(series.id, None)]
    assert await HireAnswer.count() == 0

    await sign_in(client, manager)
    desk = html.unescape((await client.get(f"/desk/venues/{venue.id}")).text)
    assert "Version 1 accepted by Organiser on" in desk
