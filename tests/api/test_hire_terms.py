"""Hire terms and questions over HTTP: managers publish versions and ask questions; a request accepts the current
version and answers; those involved see what was accepted and answered, the public never does."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from scheduling.models import Booking
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from tests.series_support import next_weekday, post_series

MARKER = "MARKER-answer-7f3c"


async def publish(client: httpx.AsyncClient, who: Account, venue_id: int, text: str) -> httpx.Response:
    return await client.post(f"/api/v1/venues/{venue_id}/terms", json={"text": text}, headers=who.headers)


async def ask(client: httpx.AsyncClient, who: Account, venue_id: int, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/venues/{venue_id}/questions", json=body, headers=who.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_managers_publish_versions_that_anyone_reads_and_others_cannot_write(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    stranger = await factory.account("stranger")
    venue = await factory.venue(manager=manager)

    assert (await client.get(f"/api/v1/venues/{venue.id}/terms")).status_code == 404
    assert (await client.post(f"/api/v1/venues/{venue.id}/terms", json={"text": "x"})).status_code == 401
    assert (await publish(client, stranger, venue.id, "Mine now")).status_code == 403
    assert (await publish(client, manager, venue.id, "")).status_code == 400

    first = await publish(client, manager, venue.id, "No glitter.\nOut by 23:00.")
    second = await publish(client, manager, venue.id, "No glitter or confetti.")
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["version"], second.json()["version"]) == (1, 2)

    current = await client.get(f"/api/v1/venues/{venue.id}/terms")
    assert (current.json()["version"], current.json()["text"]) == (2, "No glitter or confetti.")
    old = await client.get(f"/api/v1/venues/{venue.id}/terms/1")
    assert old.json()["text"] == "No glitter.\nOut by 23:00."
    assert (await client.get(f"/api/v1/venues/{venue.id}/terms/3")).status_code == 404


async def test_questions_are_validated_naming_the_field_and_archived_ones_hidden_from_the_public(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    path = f"/api/v1/venues/{venue.id}/questions"

    one_choice = await client.post(
        path, json={"prompt": "Music?", "kind": "choice", "choices": ["Live"]}, headers=manager.headers
    )
    assert one_choice.status_code == 400 and one_choice.json()["field"] == "choices"
    same_twice = await client.post(
        path, json={"prompt": "Music?", "kind": "choice", "choices": ["Live", "Live"]}, headers=manager.headers
    )
    assert same_twice.status_code == 400 and same_twice.json()["field"] == "choices"
    assert (await client.post(path, json={"prompt": "Anon?"})).status_code == 401

    music = await ask(client, manager, venue.id, prompt="Music?", kind="choice", choices=["None", "Live"])
    old = await ask(client, manager, venue.id, prompt="Old question")
    archived = await client.patch(f"{path}/{old['id']}", json={"archived": True}, headers=manager.headers)
    assert archived.status_code == 200 and archived.json()["archived"] is True

    public = await client.get(path)
    assert [item["prompt"] for item in public.json()["items"]] == ["Music?"]
    managers = await client.get(path, headers=manager.headers)
    assert [item["prompt"] for item in managers.json()["items"]] == ["Music?", "Old question"]

    assert (await client.delete(f"{path}/{music['id']}", headers=manager.headers)).status_code == 204
    assert (await client.patch(f"{path}/{music['id']}", json={}, headers=manager.headers)).status_code == 404


async def test_a_request_must_accept_the_current_version_and_answer_what_is_required(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = future_day()
    await publish(client, manager, venue.id, "Version one")
    await publish(client, manager, venue.id, "Version two")
    alcohol = await ask(client, manager, venue.id, prompt="Alcohol?", kind="yes_no", required=True)
    when = (local(day, "10:00"), local(day, "12:00"))
    answered = [{"question_id": alcohol["id"], "answer": "no"}]

    unaccepted = await book(client, booker, space.id, *when, answers=answered)
    assert unaccepted.status_code == 422, unaccepted.text
    assert unaccepted.json()["type"].endswith("/terms-not-accepted")
    stale = await book(client, booker, space.id, *when, terms_version=1, answers=answered)
    assert stale.status_code == 409, stale.text
    assert stale.json()["type"].endswith("/terms-changed") and stale.json()["current_version"] == 2
    unanswered = await book(client, booker, space.id, *when, terms_version=2)
    assert unanswered.status_code == 400 and unanswered.json()["field"] == f"answers.{alcohol['id']}"
    not_yes_no = await book(
        client, booker, space.id, *when, terms_version=2, answers=[{"question_id": alcohol["id"], "answer": "a bit"}]
    )
    assert not_yes_no.status_code == 400 and not_yes_no.json()["field"] == f"answers.{alcohol['id']}"

    made = await book(client, booker, space.id, *when, terms_version=2, answers=answered)
    assert made.status_code == 201, made.text
    assert made.json()["terms_accepted"]["version"] == 2
    assert made.json()["terms_accepted"]["accepted_by_name"] == "Booker"
    assert made.json()["answers"] == [{"prompt": "Alcohol?", "answer": "no"}]


async def test_a_venue_asking_nothing_books_as_before(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    day = future_day()
    made = await book(client, booker, space.id, local(day, "10:00"), local(day, "12:00"))
    assert made.status_code == 201, made.text
    assert made.json()["terms_accepted"] is None and made.json()["answers"] == []


async def test_answers_are_seen_by_the_booker_and_managers_but_never_by_the_public(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = future_day()
    await publish(client, manager, venue.id, "Terms")
    notes = await ask(client, manager, venue.id, prompt="Anything else?")
    made = await book(
        client,
        booker,
        space.id,
        local(day, "10:00"),
        local(day, "12:00"),
        is_public=True,
        terms_version=1,
        answers=[{"question_id": notes["id"], "answer": MARKER}],
    )
    assert made.status_code == 201, made.text
    booking_id = made.json()["id"]
    assert (await client.post(f"/api/v1/bookings/{booking_id}/confirm", headers=manager.headers)).status_code == 200
    await factory.activity(booking=await Booking.objects().get(Booking.id == booking_id), title="Quiz night")

    for who in (booker, manager):
        seen = await client.get(f"/api/v1/bookings/{booking_id}", headers=who.headers)
        assert seen.json()["answers"] == [{"prompt": "Anything else?", "answer": MARKER}]
    listed = await client.get(f"/api/v1/venues/{venue.id}/bookings", headers=manager.headers)
    assert MARKER in listed.text
    mine = await client.get("/api/v1/bookings/mine", headers=booker.headers)
    assert MARKER in mine.text

    public = await client.get(f"/api/v1/bookings/{booking_id}")
    assert public.status_code == 200
    assert MARKER not in public.text and "answers" not in public.json() and "terms_accepted" not in public.json()
    whats_on = await client.get("/api/v1/whats-on", params={"from": day.isoformat(), "to": day.isoformat()})
    assert whats_on.status_code == 200 and "Quiz night" in whats_on.text and MARKER not in whats_on.text
    for feed in (f"/feeds/venues/{venue.id}.ics", f"/feeds/spaces/{space.id}.ics", "/feeds/all.ics"):
        served = await client.get(feed)
        assert served.status_code == 200 and "Quiz night" in served.text and MARKER not in served.text


async def test_a_series_request_accepts_once_for_the_series(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await publish(client, manager, venue.id, "Terms")
    alcohol = await ask(client, manager, venue.id, prompt="Alcohol?", kind="yes_no", required=True)
    rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=3"
    refused = await post_series(client, manager, space.id, rule, next_weekday(1))
    assert refused.status_code == 422 and refused.json()["type"].endswith("/terms-not-accepted")

    made = await post_series(
        client,
        manager,
        space.id,
        rule,
        next_weekday(1),
        is_public=True,
        terms_version=1,
        answers=[{"question_id": alcohol["id"], "answer": "yes"}],
    )
    assert made.status_code == 201, made.text
    series = made.json()["series"]
    assert made.json()["booked"] == 3
    assert series["terms_accepted"]["version"] == 1 and series["terms_accepted"]["accepted_by_name"] == "Manager"
    assert series["answers"] == [{"prompt": "Alcohol?", "answer": "yes"}]

    occurrences = await client.get(f"/api/v1/series/{series['id']}/occurrences", headers=manager.headers)
    first = occurrences.json()["items"][0]["id"]
    one = await client.get(f"/api/v1/bookings/{first}", headers=manager.headers)
    assert one.json()["terms_accepted"]["version"] == 1  # a date shows its series' acceptance
    public = await client.get(f"/api/v1/series/{series['id']}")
    assert public.status_code == 200 and "answers" not in public.json()


async def test_a_series_split_keeps_what_the_old_series_accepted_and_answered(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await publish(client, manager, venue.id, "Terms")
    alcohol = await ask(client, manager, venue.id, prompt="Alcohol?", kind="yes_no", required=True)
    group = await factory.group(organiser, name="Choir")
    first = next_weekday(1)
    made = await post_series(
        client,
        organiser,
        space.id,
        "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
        first,
        group_id=group.id,
        terms_version=1,
        answers=[{"question_id": alcohol["id"], "answer": "no"}],
    )
    assert made.status_code == 201, made.text
    old = made.json()["series"]
    # Version 2 is published meanwhile: the new series keeps the version the hirer accepted.
    await publish(client, manager, venue.id, "Terms, amended")
    split = await client.post(
        f"/api/v1/series/{old['id']}/split",
        json={"from_date": (first + timedelta(days=14)).isoformat(), "start_time": "18:00", "end_time": "19:00"},
        headers=organiser.headers,
    )
    assert split.status_code == 201, split.text
    successor = split.json()["series"]
    assert successor["id"] != old["id"]
    assert successor["terms_accepted"] == old["terms_accepted"]
    assert successor["answers"] == [{"prompt": "Alcohol?", "answer": "no"}]
    ended = await client.get(f"/api/v1/series/{old['id']}", headers=organiser.headers)
    assert ended.json()["answers"] == [{"prompt": "Alcohol?", "answer": "no"}]
    dates = await client.get(f"/api/v1/series/{successor['id']}/occurrences", headers=organiser.headers)
    one = await client.get(f"/api/v1/bookings/{dates.json()['items'][0]['id']}", headers=organiser.headers)
    assert one.json()["terms_accepted"]["version"] == 1
