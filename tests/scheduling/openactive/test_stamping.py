"""The change numbers: a consumer polling the feeds never misses an item, whatever order writers and stampers
commit in, and ends with exactly what the database holds.

A consumer here is what a finder app does: page each feed by ``afterChangeNumber`` from where it stopped,
keep the latest of each item, drop tombstones. It reads over HTTP while writers and stampers run.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, cancel_booking, request_booking
from scheduling.listings.activities import attach_activity, change_activity
from scheduling.listings.activity_access import booking_owner
from scheduling.models import Activity, Booking, OpenActiveChange, OpenActiveItem
from scheduling.openactive import stamping
from scheduling.openactive.feeds import Feed, data_text
from scheduling.openactive.owners import whole_spaces
from scheduling.openactive.stamping import refresh
from tests.factories import Factory
from venues.core import clock
from venues.core.database import is_postgres
from venues.models import User

# A Monday morning, so bookings a few days on fall at fixed local hours whatever the day the tests run.
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
LONDON_DAY = datetime(2027, 1, 6, tzinfo=UTC)


class Consumer:
    """A finder app: pages every feed from where it stopped and keeps the latest of each item."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.after: dict[Feed, int | None] = {feed: None for feed in Feed}
        self.items: dict[tuple[str, str], tuple[int, str]] = {}

    async def poll_once(self, feed: Feed) -> int:
        """One page of ``feed``; how many items it held. Checks the order a consumer relies on."""
        after = self.after[feed]
        response = await self.client.get(
            f"/openactive/{feed.value}", params={} if after is None else {"afterChangeNumber": after}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        for item in page["items"]:
            assert isinstance(item["modified"], int)
            assert after is None or item["modified"] > after, "a page went back below where the consumer was"
            after = item["modified"]
            key = (feed.value, str(item["id"]))
            if item["state"] == "deleted":
                self.items.pop(key, None)
            else:
                self.items[key] = (item["modified"], data_text(item["data"]))
        self.after[feed] = after
        return len(page["items"])

    async def catch_up(self) -> None:
        for feed in Feed:
            while await self.poll_once(feed):
                pass

    def state(self) -> dict[tuple[str, str], str]:
        return {key: text for key, (_, text) in self.items.items()}


async def stored_state() -> dict[tuple[str, str], str]:
    rows = await OpenActiveItem.select(OpenActiveItem.feed, OpenActiveItem.item_id, OpenActiveItem.data).where(
        OpenActiveItem.state == "updated"
    )
    return {(row["feed"], row["item_id"]): row["data"] for row in rows}


async def built_state(now: datetime) -> dict[tuple[str, str], str]:
    """Every item as the builders compute it from the tables now: what the feeds must end up saying."""
    from venues.models import Space

    targets = await whole_spaces({row["id"] for row in await Space.select(Space.id)}, now)
    targets.activities = {row["id"] for row in await Activity.select(Activity.id)}
    owned = await stamping.build(targets, now)
    return {(item.feed.value, item.item_id): data_text(item.data) for entry in owned for item in entry.items}


async def _highest_number() -> int:
    row = (
        await OpenActiveItem.select(OpenActiveItem.change_number)
        .order_by(OpenActiveItem.change_number, ascending=False)
        .first()
    )
    return int(row["change_number"]) if row else 0


async def _user(account: Any) -> User:
    return await User.objects().get(User.id == account.id)


async def _hall(factory: Factory) -> tuple[User, Any]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, locality="Little Marsh", region="Marshshire")
    space = await factory.space(venue, name="Main hall", requires_approval=False, min_notice_minutes=0)
    return await _user(manager), space


async def _listed_booking(actor: User, space: Any, day: int, hour: int, title: str = "Yoga class") -> Booking:
    starts = datetime(2027, 1, 5 + day, hour, 0)
    booking = await request_booking(
        actor,
        BookingDraft(space.id, starts, starts + timedelta(hours=1), title=title, is_public=True),
    )
    await attach_activity(actor, booking_owner(booking), {"title": title})
    return booking


async def test_a_stamper_holding_numbers_keeps_every_later_number_back_until_it_commits(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    with clock.frozen_at(NOW):
        manager, space = await _hall(factory)
        await refresh()
        consumer = Consumer(client)
        await consumer.catch_up()
        seen = dict(consumer.items)
        await _listed_booking(manager, space, 1, 10)

        holding = asyncio.Event()
        release = asyncio.Event()

        async def hold() -> None:
            holding.set()
            await release.wait()

        first = asyncio.create_task(refresh(before_commit=hold))
        await holding.wait()
        # The first stamper has written its numbers and not committed: nobody else may give any now
        # (PostgreSQL: the counter row is locked; SQLite: the write lock is held), and nothing new is visible.
        # (A bound rather than a hang if a second stamper ever waited on the first's uncommitted rows.)
        assert await asyncio.wait_for(refresh(wait=False), timeout=30) is None
        waiting = asyncio.create_task(refresh())
        await consumer.catch_up()
        assert consumer.items == seen
        release.set()
        stamped = await first
        assert stamped
        given = await _highest_number()
        await waiting  # a stamper that waited for the counter goes on after the first commits
        assert await _highest_number() >= given
        await consumer.catch_up()
        assert consumer.state() == await stored_state() == await built_state(NOW)
        assert any(key[0] == Feed.scheduled_sessions.value for key in consumer.state())


@pytest.mark.skipif(not is_postgres(), reason="SQLite has one writer: no write can commit inside a stamper's run")
async def test_a_change_committed_while_a_stamper_works_is_kept_for_the_next_run(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    with clock.frozen_at(NOW):
        manager, space = await _hall(factory)
        booking = await _listed_booking(manager, space, 1, 10, "Yoga class")
        await refresh()
        consumer = Consumer(client)
        await consumer.catch_up()

        activity_id = (
            await OpenActiveItem.select(OpenActiveItem.owner)
            .where(OpenActiveItem.feed == Feed.session_series.value)
            .first()
            or {}
        )["owner"].split(":")[1]

        go = asyncio.Event()
        renamed = asyncio.Event()

        async def renamer() -> None:
            # Started here, outside any transaction, so it writes and commits on its own connection.
            await go.wait()
            await change_activity(manager, int(activity_id), {"title": "Yoga for beginners"})
            renamed.set()

        async def rename_meanwhile() -> None:
            # The stamper has read its marks and written its numbers; another writer commits now.
            go.set()
            await renamed.wait()

        writer = asyncio.create_task(renamer())
        await _listed_booking(manager, space, 2, 11, "Pilates class")
        await refresh(before_commit=rename_meanwhile)
        await writer
        assert await OpenActiveChange.count() > 0, "the rename's marks must wait for the next run"
        names = {
            json.loads(text)["name"] for (feed, _), text in (await stored_state()).items() if feed == "session-series"
        }
        assert "Yoga for beginners" not in names, "the stamper read the listing before the rename committed"
        await refresh()
        await consumer.catch_up()
        assert consumer.state() == await stored_state() == await built_state(NOW)
        series = [json.loads(text) for (feed, _), text in consumer.state().items() if feed == Feed.session_series.value]
        assert "Yoga for beginners" in {data["name"] for data in series}
        assert booking.id


async def test_a_consumer_polling_while_writers_and_stampers_race_ends_with_exactly_the_database_state(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On SQLite the writers queue behind two stampers that never stop; on a loaded machine that queue can outlast
    # the 5 s a request waits before its 503. What is tested is the order of what the consumer sees, not the wait.
    monkeypatch.setenv("COMMONROOM_SQLITE_BUSY_SECONDS", "60")
    with clock.frozen_at(NOW):
        manager, space = await _hall(factory)
        account = await factory.account("other manager")
        pavilion = await factory.space(
            await factory.venue(manager=account, locality="Great Marsh", region="Marshshire"),
            name="Pavilion",
            requires_approval=False,
            min_notice_minutes=0,
        )
        other_manager = await _user(account)
        await refresh()
        consumer = Consumer(client)
        await consumer.catch_up()
        writing = True

        async def writer(number: int) -> None:
            actor, where = (manager, space) if number % 2 else (other_manager, pavilion)
            booking = await _listed_booking(actor, where, number % 3, 8 + number // 2, f"Yoga {number}")
            if number % 3 == 0:
                await cancel_booking(actor, booking.id, "The hall flooded")
            elif number % 3 == 1:
                listing = await Activity.select(Activity.id).where(Activity.booking == booking.id).first()
                assert listing is not None
                await change_activity(actor, listing["id"], {"title": f"Yoga {number}, all levels"})

        async def stamper(wait: bool) -> None:
            while writing:
                await refresh(wait=wait)
                await asyncio.sleep(0)

        async def poller() -> None:
            while writing:
                for feed in Feed:
                    await consumer.poll_once(feed)
                await asyncio.sleep(0)

        racing = [
            asyncio.create_task(stamper(True)),
            asyncio.create_task(stamper(False)),
            asyncio.create_task(poller()),
        ]
        try:
            await asyncio.gather(*(writer(number) for number in range(12)))
        finally:
            writing = False
            await asyncio.gather(*racing)
        await refresh()
        await consumer.catch_up()
        assert consumer.state() == await stored_state() == await built_state(NOW)
        sessions = [json.loads(text) for (feed, _), text in consumer.state().items() if feed == "scheduled-sessions"]
        # Eight dates go ahead; the four called off are there as cancelled only if a stamper had published them
        # before they were called off (a cancellation only takes back what was published), which the race decides.
        status = [data["eventStatus"].rsplit("/", 1)[1] for data in sessions]
        assert status.count("EventScheduled") == 8 and len(sessions) <= 12
        assert set(status) <= {"EventScheduled", "EventCancelled"}
        names = {json.loads(text)["name"] for (feed, _), text in consumer.state().items() if feed == "session-series"}
        assert {f"Yoga {number}, all levels" for number in range(1, 12, 3)} <= names


async def test_a_mark_whose_rebuild_fails_is_set_aside_and_the_rest_are_stamped(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with clock.frozen_at(NOW):
        manager, space = await _hall(factory)
        good = await _listed_booking(manager, space, 1, 10, "Yoga class")
        bad = await _listed_booking(manager, space, 2, 10, "Pilates class")
        bad_listing = (await Activity.select(Activity.id).where(Activity.booking == bad.id).first() or {})["id"]
        real = stamping.activity_items

        async def failing(activity_ids: Any, now: datetime) -> Any:
            if bad_listing in activity_ids:
                raise ValueError("a row the builder cannot read")
            return await real(activity_ids, now)

        monkeypatch.setattr(stamping, "activity_items", failing)
        await refresh()

        sessions = await OpenActiveItem.select(OpenActiveItem.item_id).where(
            OpenActiveItem.feed == Feed.scheduled_sessions.value
        )
        assert {row["item_id"] for row in sessions} == {str(good.id)}
        aside = await OpenActiveChange.select(OpenActiveChange.kind, OpenActiveChange.row_id)
        set_aside = {(row["kind"], row["row_id"]) for row in aside}
        # Every mark that reaches the failing listing (it, its booking, the space and venue holding it) waits.
        assert ("!activity", bad_listing) in set_aside and ("!booking", bad.id) in set_aside
        assert all(kind.startswith("!") for kind, _ in set_aside)
        assert ("!booking", good.id) not in set_aside
        assert await refresh() == 0, "a mark set aside is not retried for ever"
