"""Deleting an account finds its address however a message or a booking spells or encodes it, and cuts only it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

import scheduling.accounts.erasure as erasure
from scheduling.bookings.audit import record
from scheduling.models import Booking, BookingEvent, HireAnswer, TermsAcceptance
from tests.bookings_support import book, future_day, local
from tests.factories import PASSWORD, Factory
from venues.core.database import write_transaction
from venues.hire_terms.questions import QuestionDraft, add_question
from venues.hire_terms.terms import publish_terms
from venues.mail.outbox import Mail, enqueue
from venues.models import OutboxMessage
from venues.vocabulary import QuestionKind

STARTS = datetime(2030, 5, 4, 10, tzinfo=UTC)


async def delete(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    done = await client.post("/api/v1/account/delete", json={"password": PASSWORD}, headers=headers)
    assert done.status_code == 204, done.text


async def test_messages_naming_the_address_in_encoded_bodies_or_any_case_go_and_others_stay(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(erasure, "OUTBOX_BATCH", 2)  # several batches over the outbox
    leaver = await factory.account()
    shouted = leaver.user.email.upper()
    accented = "Κράτηση στην αίθουσα. " * 4  # mostly beyond ASCII: the body travels base64
    async with write_transaction():
        kept = await enqueue(Mail(to="other@example.org", subject="Kept", text=accented, kind="x"))
        await enqueue(Mail(to="other@example.org", subject="Body", text=f"{accented} Contact {shouted}", kind="x"))
        await enqueue(
            Mail(to="other@example.org", subject="Html", text="-", html=f"<p>{accented}{shouted}</p>", kind="x")
        )
        await enqueue(Mail(to="other@example.org", subject="Reply", text=accented, reply_to=shouted, kind="x"))
        await enqueue(Mail(to=shouted, subject="To them", text=accented, kind="x"))
        also_kept = await enqueue(Mail(to="other@example.org", subject="Later", text="Nothing of theirs", kind="x"))
    encoded = {r["subject"]: bytes(r["content"]) for r in await OutboxMessage.select()}
    assert all(leaver.user.email.encode() not in encoded[s].lower() for s in ("Body", "Html"))  # encoding hides it

    await delete(client, leaver.headers)

    assert sorted(r["id"] for r in await OutboxMessage.select(OutboxMessage.id)) == [kept, also_kept]


async def test_a_booking_typed_with_the_address_in_another_case_is_anonymised(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    space = await factory.space(await factory.venue(manager=manager))
    leaver = await factory.account()
    booking = await factory.booking(
        space,
        STARTS,
        STARTS + timedelta(hours=2),
        booked_by=manager.id,
        booker_name="Resident Person",
        booker_email=leaver.user.email.upper(),
        booker_phone="0123 456",
    )
    await delete(client, leaver.headers)
    kept = await Booking.objects().where(Booking.id == booking.id).first()
    assert kept is not None
    assert (kept.booker_name, kept.booker_email, kept.booker_phone) == ("", "", "")


async def test_a_history_reason_loses_only_the_erased_contact_and_whole_names_of_three_letters_or_more(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    space = await factory.space(await factory.venue(manager=manager))
    jo, ann = await factory.account(name="jo"), await factory.account(name="ann")
    booked = []
    for who in (jo, ann):
        booked.append(
            await factory.booking(
                space,
                STARTS + timedelta(days=len(booked)),
                STARTS + timedelta(days=len(booked), hours=1),
                booked_by=who.id,
                booker_name=who.user.display_name,
                booker_email=who.user.email,
                booker_phone="07700 900123",
            )
        )
    await record(booked[0].id, manager.id, "confirmed", {}, reason="Join us, Jo: ring 07700 900123 in June")
    await record(booked[1].id, manager.id, "confirmed", {}, reason=f"Thanks Ann ({ann.user.email.upper()}), Annabel")
    await delete(client, jo.headers)
    await delete(client, ann.headers)
    reasons = [r["reason"] for r in await BookingEvent.select(BookingEvent.reason).order_by(BookingEvent.id)]
    assert reasons == ["Join us, Jo: ring  in June", "Thanks  (), Annabel"]


async def test_the_name_on_accepted_terms_and_the_answers_go_while_the_acceptance_stays(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await publish_terms(venue.id, "Leave the hall tidy.", None)
    question = await add_question(venue.id, QuestionDraft(prompt="Who is your first aider?", kind=QuestionKind.text))
    leaver = await factory.account("zanzibarquux")
    answers = [{"question_id": question.id, "answer": "MARKER-first-aider 07700 900123"}]
    day = future_day()
    made = await book(
        client, leaver, space.id, local(day, "10:00"), local(day, "12:00"), terms_version=1, answers=answers
    )
    assert made.status_code == 201, made.text
    other = await factory.account("keeper")
    kept = await book(
        client,
        other,
        space.id,
        local(day, "13:00"),
        local(day, "15:00"),
        terms_version=1,
        answers=[{"question_id": question.id, "answer": "KEPT answer"}],
    )
    assert kept.status_code == 201, kept.text
    assert await TermsAcceptance.count().where(TermsAcceptance.accepted_name == "Zanzibarquux") == 1

    await delete(client, leaver.headers)

    acceptances = await TermsAcceptance.select(
        TermsAcceptance.booking, TermsAcceptance.version, TermsAcceptance.accepted_name
    ).order_by(TermsAcceptance.id)
    assert [(row["version"], row["accepted_name"]) for row in acceptances] == [(1, ""), (1, "Keeper")]
    answered = await HireAnswer.select(HireAnswer.answer).order_by(HireAnswer.id)
    assert [row["answer"] for row in answered] == ["", "KEPT answer"]
    for table in ("terms_acceptance", "hire_answer", "booking"):
        dump = str(await Booking.raw(f"SELECT * FROM {table}"))
        assert "MARKER" not in dump and "Zanzibarquux".lower() not in dump.lower(), table
