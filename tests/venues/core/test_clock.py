"""One clock: setting the time once moves every stamp the domain writes and every expiry it checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import Factory
from venues.accounts.credentials import create_user, issue_token, user_for_token
from venues.core import clock
from venues.models import PublicationState, Venue
from venues.publication import STATE_ID, touch_venue

SECRET = "clock test secret"
WHEN = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def test_frozen_time_is_read_in_whole_seconds_and_minutes() -> None:
    with clock.frozen_at(WHEN):
        assert clock.now_exact() == WHEN
        assert clock.now() == WHEN.replace(microsecond=0)
        assert clock.this_minute() == WHEN.replace(second=0, microsecond=0)
    assert clock.now() != WHEN.replace(microsecond=0)


async def test_venue_and_publication_stamps_follow_the_clock(factory: Factory) -> None:
    venue = await factory.venue()
    with clock.frozen_at(WHEN):
        await touch_venue(venue.id)
    stored = await Venue.select(Venue.updated_at).where(Venue.id == venue.id).first()
    state = await PublicationState.select(PublicationState.changed_at).where(PublicationState.id == STATE_ID).first()
    assert stored["updated_at"] == state["changed_at"] == WHEN.replace(microsecond=0)


async def test_token_expiry_is_judged_by_the_clock() -> None:
    user = await create_user("clock@example.org", "long password", "Clock")
    with clock.frozen_at(WHEN):
        token, expires_at = await issue_token(user, SECRET, timedelta(hours=2))
    assert expires_at == WHEN.replace(microsecond=0) + timedelta(hours=2)
    with clock.frozen_at(expires_at - timedelta(seconds=1)):
        assert (await user_for_token(token, SECRET)).id == user.id
    with clock.frozen_at(expires_at):
        assert await user_for_token(token, SECRET) is None
