"""Odd numbers typed into the money pages' forms are a 400 page, never a 500 or a database overflow.

Every field of every form on the desk's money pages (charges, extras, hire terms and questions, money
settings, invoices, the money page) and the booking form is sent digits that are not ASCII, a number
too large for an INTEGER column and a negative one; and the field names the pages number themselves
(``answer-<question>``, ``policy-days-<row>``) are sent with odd suffixes.
"""

from __future__ import annotations

from datetime import time as dtime

import httpx

from scheduling.models import HireAnswer
from tests.factories import Factory
from tests.pages.support import days_ahead, post_form, sign_in
from tests.pages.test_bad_form_input import every_field, submit
from venues.hire_terms.questions import QuestionDraft, add_question
from venues.hire_terms.terms import publish_terms
from venues.models import HireQuestion
from venues.opening.hours import Interval, replace_weekly_hours
from venues.vocabulary import QuestionKind

ODD_NUMBERS = ("²", "٣", "1" + "0" * 20, "9" * 4300, "-5", "2147483648")


async def test_every_money_form_field_refuses_odd_numbers_without_a_500(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1800)
    await sign_in(client, manager)
    desk = f"/desk/venues/{venue.id}"
    pages = [f"{desk}/{tab}/" for tab in ("charges", "extras", "money-settings", "invoices", "money")]
    pages += [f"{desk}/terms"]
    fields = await every_field(client, pages)
    assert len(fields) > 15, "the money forms were not found"
    for form, name in fields:
        for value in ODD_NUMBERS:
            response = await submit(client, form, name, value)
            assert response.status_code < 500, (form.action, name, value[:20], response.status_code)


async def test_a_question_position_too_large_for_the_database_is_a_400_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    terms = f"/desk/venues/{venue.id}/terms"
    for position in ("1" + "0" * 20, "2147483648", "10001", "-1", "²"):
        sent = await post_form(
            client,
            f"/desk/venues/{venue.id}/questions",
            {"prompt": "Alcohol?", "kind": "yes_no", "position": position},
            terms,
        )
        assert sent.status_code == 400 and "position" in sent.text, (position, sent.status_code)
    assert await HireQuestion.count() == 0


async def test_money_settings_with_an_odd_policy_row_name_redisplay_as_a_400_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/money-settings/"
    for row in ("x", "²", "9" * 4300):
        form = {"vat_rate": "abc", f"policy-days-{row}": "1", "invoice_prefix": "INV", "credit_note_prefix": "CN"}
        sent = await post_form(client, tab, form, tab)
        assert sent.status_code == 400 and "VAT rate" in sent.text, (row[:10], sent.status_code)


async def test_booking_form_answers_under_odd_field_names_are_ignored(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await replace_weekly_hours(venue.id, None, [Interval(d, dtime(9), dtime(17)) for d in range(7)])
    space = await factory.space(venue, name="Main hall")
    await publish_terms(venue.id, "Leave the hall tidy.", None)
    question = await add_question(venue.id, QuestionDraft(prompt="Alcohol served?", kind=QuestionKind.yes_no))
    hirer = await factory.account("hirer")
    await sign_in(client, hirer)
    day = days_ahead(3)
    form_path = f"/book/spaces/{space.id}?date={day.isoformat()}"
    form = {
        "date": day.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "title": "Tea",
        "attendance": "20",
        "accept_terms": "on",
        "terms_version": "1",
        f"answer-{question.id}": "no",
        "answer-²": "yes",
        "answer-٣": "yes",
        "answer-" + "9" * 4300: "yes",
        "answer-99999999999": "yes",
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, form_path)
    assert sent.status_code == 303, (sent.status_code, sent.text[:2000])
    assert [row["answer"] for row in await HireAnswer.select(HireAnswer.answer)] == ["no"]
