"""One rule for the language of every message: the account's choice, else the language the action was taken in."""

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


def test_the_rule_an_accounts_choice_else_the_language_in_force() -> None:
    with using("cy"):
        assert (recipient_language(None), recipient_language(""), recipient_language("en")) == ("cy", "cy", "en")
    assert (recipient_language(""), recipient_language("cy-GB")) == ("en", "cy")


@pytest.mark.parametrize(("chosen", "acted_in", "expected"), [("", "cy", "cy"), ("", "en", "en"), ("en", "cy", "en")])
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
