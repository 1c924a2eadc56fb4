"""Each person chooses per kind of message: immediate, in a daily digest, or none; digests carry List-Unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from api.settings import get_settings
from scheduling.models import HeldNotice, NoticeDigest
from scheduling.notices.digests import send_digests
from tests.api.test_notices_bookings import email, request, scene
from tests.factories import Factory
from tests.mail_support import outbox, sent_to
from venues.core import clock
from venues.mail.outbox import Mail

PATH = "/api/v1/account/notifications"


async def test_choices_default_to_immediate_and_only_known_kinds_and_deliveries_are_accepted(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    person = await factory.account()
    assert (await client.get(PATH)).status_code == 401
    seen = await client.get(PATH, headers=person.headers)
    assert seen.status_code == 200 and set(seen.json().values()) == {"immediate"} and "new_request" in seen.json()
    changed = await client.put(PATH, json={"confirmed": "digest", "received": "none"}, headers=person.headers)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["confirmed"], changed.json()["received"], changed.json()["declined"]) == (
        "digest",
        "none",
        "immediate",
    )
    for bad in ({"confirmed": "weekly"}, {"gossip": "none"}):
        refused = await client.put(PATH, json=bad, headers=person.headers)
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(PATH, headers=person.headers)).json() == changed.json()
    back = await client.put(PATH, json={"confirmed": "immediate"}, headers=person.headers)
    assert back.json()["confirmed"] == "immediate"


async def test_none_silences_a_kind_and_digest_holds_it_for_one_daily_message_with_a_working_unsubscribe(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    await client.put(PATH, json={"new_request": "none"}, headers=s["deputy"].headers)
    await client.put(PATH, json={"new_request": "digest"}, headers=s["manager"].headers)
    first = await request(client, s)
    await client.post(f"/api/v1/bookings/{first}/decline", json={"reason": "No"}, headers=s["manager"].headers)
    second = await request(client, s)

    assert not await sent_to(email(s["deputy"]))  # chose none
    assert not await sent_to(email(s["manager"]))  # held for the digest
    assert await HeldNotice.count() == 2

    settings = get_settings()
    now = clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    assert await send_digests(settings.public_base_url, settings.secret_key, now) == 1
    # A second run the same day (another worker, say) sends nothing again.
    assert await send_digests(settings.public_base_url, settings.secret_key, now + timedelta(minutes=5)) == 0
    assert await NoticeDigest.count() == 1
    (digest,) = await sent_to(email(s["manager"]))
    assert digest.kind == "digest" and "2 updates" in digest.subject
    assert digest.text.count("New request:") == 2
    assert f"http://testserver/desk/venues/{s['venue'].id}" in digest.html
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(digest.message["List-Unsubscribe"]).strip("<>")
    assert link.startswith("http://testserver/notices/unsubscribe/")
    path = link.removeprefix("http://testserver")

    asked = await client.get(path)
    assert asked.status_code == 200 and "<form" in asked.text
    assert (await client.get(PATH, headers=s["manager"].headers)).json()[
        "new_request"
    ] == "digest"  # GET changes nothing
    done = await client.post(path)
    assert done.status_code == 200, done.text
    assert (await client.get(PATH, headers=s["manager"].headers)).json()["new_request"] == "none"
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert (await client.post(forged)).status_code == 404

    # Nothing more is held or sent of that kind.
    await client.post(f"/api/v1/bookings/{second}/decline", json={"reason": "No"}, headers=s["manager"].headers)
    await request(client, s)
    assert await HeldNotice.count() == 2
    assert [m.kind for m in await sent_to(email(s["manager"]))] == ["digest"]


async def test_an_address_without_an_account_always_hears_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    s = await scene(factory)
    # A manager booking for someone is the one path where a typed-in address hears (see test_notices_recipients).
    await request(client, s, who="manager", group_id=None, booker={"email": "choir.secretary@example.net"})
    assert [m.kind for m in await outbox() if m.to == "choir.secretary@example.net"] == ["confirmed"]


async def test_one_persons_digest_failing_does_not_stop_the_others(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scheduling.notices.digests as digests

    s = await scene(factory)
    for who in ("manager", "deputy"):
        await client.put(PATH, json={"new_request": "digest"}, headers=s[who].headers)
    await request(client, s)
    original = digests.enqueue

    async def refuse_the_manager(mail: Mail) -> int:
        if mail.to == email(s["manager"]):
            raise RuntimeError("this one message cannot be written")
        return await original(mail)

    monkeypatch.setattr(digests, "enqueue", refuse_the_manager)
    settings = get_settings()
    now = clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    assert await send_digests(settings.public_base_url, settings.secret_key, now) == 1
    assert [m.kind for m in await sent_to(email(s["deputy"]))] == ["digest"]
    assert not await sent_to(email(s["manager"]))
    # The manager's notices stay held for the next run, which sends them.
    monkeypatch.setattr(digests, "enqueue", original)
    assert await send_digests(settings.public_base_url, settings.secret_key, now + timedelta(hours=1)) == 1
    assert [m.kind for m in await sent_to(email(s["manager"]))] == ["digest"]
