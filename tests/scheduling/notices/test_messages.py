"""The words of each message: every kind says what happened, links to its page, and keeps private data to its side."""

from __future__ import annotations

from scheduling.notices.messages import Audience, Facts, Kind, compose

FACTS = Facts(
    title="Choir <practice> & tea",
    when="Sat 5 Dec 2026 18:00–20:00",
    place="Main hall, Village Hall",
    venue_name="Village Hall",
    link="https://rooms.example/bookings/7",
    reason="Boiler",
    by_whom="Alex",
    booker="Sam",
    booker_contact="sam@example.org, 07700 900123",
    group="Choir",
    purpose="Rehearsal before the concert",
    attendance=30,
    reply_to="hall@example.org",
    previously="Sat 5 Dec 2026 17:00–19:00",
)


def test_every_kind_has_a_subject_text_and_html_linking_to_its_page() -> None:
    for kind in Kind:
        for audience in Audience:
            message = compose(kind, audience, FACTS)
            assert message.subject and "\n" not in message.subject
            assert FACTS.link in message.text
            assert f'href="{FACTS.link}"' in message.html
            assert 'name="viewport"' in message.html
            assert "hall@example.org" in message.text


def test_the_managers_read_the_bookers_contact_and_purpose_and_the_booker_side_does_not_get_them_repeated() -> None:
    to_managers = compose(Kind.new_request, Audience.managers, FACTS)
    assert "07700 900123" in to_managers.text and "Rehearsal before the concert" in to_managers.text
    to_booker = compose(Kind.confirmed, Audience.booker, FACTS)
    assert "07700 900123" not in to_booker.text + to_booker.html
    assert "Rehearsal" not in to_booker.text


def test_html_escapes_what_people_typed_and_text_keeps_it_as_written() -> None:
    message = compose(Kind.received, Audience.booker, FACTS)
    assert "Choir &lt;practice&gt; &amp; tea" in message.html and "<practice>" not in message.html
    assert "Choir <practice> & tea" in message.text


def test_declines_cancellations_and_moves_say_why_who_and_from_when() -> None:
    assert "Reason: Boiler" in compose(Kind.declined, Audience.booker, FACTS).text
    cancelled = compose(Kind.cancelled, Audience.managers, FACTS).text
    assert "Cancelled by Alex" in cancelled and "Boiler" in cancelled
    assert "It was Sat 5 Dec 2026 17:00–19:00" in compose(Kind.moved, Audience.booker, FACTS).text


def test_a_message_mentions_a_calendar_attachment_only_when_it_carries_one() -> None:
    assert "invitation attached" in compose(Kind.confirmed, Audience.booker, FACTS, invitation=True).text
    assert "attached" not in compose(Kind.confirmed, Audience.booker, FACTS).text
    assert "attached" not in compose(Kind.cancelled, Audience.booker, FACTS).text
    assert "update attached" in compose(Kind.cancelled, Audience.booker, FACTS, invitation=True).text
