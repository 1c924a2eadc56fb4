"""The group's import page asks the venue's hire terms and questions as the booking form does, and the import
records the organiser's acceptance and answers for what it books."""

from __future__ import annotations

import httpx

from scheduling.hire_answers.records import booking_record, series_record
from scheduling.models import Booking, Series
from tests.api.test_imports import allow_local_calendars, calendar_server, club_calendar, serve  # noqa: F401
from tests.factories import Factory
from tests.pages.support import post_form, sign_in
from venues.hire_terms.questions import QuestionDraft, add_question
from venues.hire_terms.terms import publish_terms
from venues.vocabulary import QuestionKind


async def test_the_import_page_asks_the_terms_and_questions_and_records_them(
    client: httpx.AsyncClient,
    factory: Factory,
    calendar_server: str,  # noqa: F811
) -> None:
    organiser = await factory.account("organiser")
    venue = await factory.venue()
    space = await factory.space(venue, requires_approval=False)
    group = await factory.group(organiser=organiser)
    await publish_terms(venue.id, "Leave the hall tidy.", None)
    question = await add_question(venue.id, QuestionDraft(prompt="Alcohol?", kind=QuestionKind.yes_no, required=True))
    url = calendar_server + serve("/page-club.ics", club_calendar())
    await sign_in(client, organiser)
    form_url = f"/groups/{group.id}/import?space_id={space.id}"
    shown = await client.get(form_url)
    assert shown.status_code == 200
    assert "Leave the hall tidy." in shown.text and "Alcohol?" in shown.text and 'name="accept_terms"' in shown.text

    fields = {"space_id": str(space.id), "url": url, "terms_version": "1", "action": "import"}
    refused = await post_form(client, f"/groups/{group.id}/import", fields, form_url)
    assert refused.status_code == 422 and await Booking.count() == 0

    accepted = {**fields, "accept_terms": "1", f"answer-{question.id}": "yes"}
    preview = await post_form(client, f"/groups/{group.id}/import", {**accepted, "action": "preview"}, form_url)
    assert preview.status_code == 200 and "What an import would do" in preview.text
    assert await Booking.count() == 0
    done = await post_form(client, f"/groups/{group.id}/import", accepted, form_url)
    assert done.status_code == 200 and "What was imported" in done.text, done.text
    series = await Series.objects().first()
    one_off = await Booking.objects().where(Booking.series.is_null()).first()
    for record in (await series_record(series.id), await booking_record(one_off.id, None)):
        assert record.accepted is not None and record.accepted.version == 1
        assert record.answers == [("Alcohol?", "yes")]


async def test_only_the_groups_organisers_open_the_import_page(client: httpx.AsyncClient, factory: Factory) -> None:
    group = await factory.group(organiser=await factory.account("organiser"))
    await sign_in(client, await factory.account("someone"))
    assert (await client.get(f"/groups/{group.id}/import")).status_code == 403
