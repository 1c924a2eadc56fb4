"""One rule for the language of every message: the account's choice; English for an account that never chose; for
an address with no account, the language the action was taken in."""

from __future__ import annotations

from datetime import time

import pytest

from scheduling.accounts.invitations import invite_manager
from scheduling.bookings.workflow import confirm_booking
from tests.factories import Factory
from tests.mail_support import sent_to
from tests.series_support import next_weekday
from venues.core.i18n import recipient_language, using
from venues.core.timezones import local_datetime
from venues.models import User


def test_the_rule_an_accounts_choice_else_english_else_for_no_account_the_language_in_force() -> None:
    with using("cy"):
        assert (recipient_language(""), recipient_language("en"), recipient_language("cy")) == ("en", "en", "cy")
        assert recipient_language(None, has_account=False) == "cy"
        assert recipient_language("", has_account=False) == "cy"
    assert (recipient_language(""), recipient_language("cy-GB")) == ("en", "cy")
    assert recipient_language(None, has_account=False) == "en"


@pytest.mark.parametrize(
    ("chosen", "acted_in", "expected"), [("", "cy", "en"), ("", "en", "en"), ("en", "cy", "en"), ("cy", "en", "cy")]
)
async def test_an_invitation_and_a_booking_notice_to_one_account_follow_the_same_rule(
    factory: Factory, chosen: str, acted_in: str, expected: str
) -> None:
    manager = await factory.account("manager")
    person = await factory.account("person")
    await User.update({User.language: chosen}).where(User.id == person.user.id)
    venue = await factory.venue(manager=manager, name="Village Hall")
    space = await factory.space(venue)
    day = next_weekday(2, days_ahead=14)
    booking = await factory.booking(
        space,
        local_datetime(day, time(10), "Europe/London"),
        local_datetime(day, time(12), "Europe/London"),
        status="requested",
        booked_by=person.user.id,
        booker_email=person.user.email,
    )

    with using(acted_in):
        await invite_manager(manager.user, venue.id, person.user.email, "https://commonroom.test")
        await confirm_booking(manager.user, booking.id)

    mails = {mail.kind: mail for mail in await sent_to(person.user.email)}
    invited, confirmed = mails["invitation_manager"], mails["confirmed"]
    welsh = expected == "cy"
    assert invited.subject.startswith("Gwahoddiad i helpu i reoli" if welsh else "Invitation to help manage")
    assert confirmed.subject.startswith("Wedi'i chadarnhau:" if welsh else "Confirmed:")


@pytest.mark.parametrize("acted_in", ["cy", "en"])
async def test_a_resident_with_no_account_hears_in_the_language_the_manager_booked_in(
    factory: Factory, acted_in: str
) -> None:
    """A manager books for a resident by their address alone: the resident has no account to choose with, so the
    page the manager worked on is the best guess (a Welsh desk, a Welsh message)."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Village Hall")
    space = await factory.space(venue)
    day = next_weekday(3, days_ahead=14)
    booking = await factory.booking(
        space,
        local_datetime(day, time(10), "Europe/London"),
        local_datetime(day, time(12), "Europe/London"),
        status="requested",
        booked_by=manager.user.id,
        booker_email="resident@example.org",
    )
    with using(acted_in):
        await confirm_booking(manager.user, booking.id)
    (confirmed,) = [mail for mail in await sent_to("resident@example.org") if mail.kind == "confirmed"]
    assert confirmed.subject.startswith("Wedi'i chadarnhau:" if acted_in == "cy" else "Confirmed:")
