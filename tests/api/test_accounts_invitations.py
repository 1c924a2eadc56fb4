"""Invitations to co-manage a venue or co-organise a group, and requests to join a group: who may send
or decide them (403s), and that an invitation works once, for the invited address only."""

from __future__ import annotations

import httpx

from scheduling.accounts.invitations import INVITATIONS_PER_INVITER
from scheduling.models import GroupOrganiser
from tests.accounts_support import kinds_sent_to, last_link, mails_to, text_of, token_of
from tests.factories import Account, Factory
from venues.managers import add_manager
from venues.models import User, VenueManager

ACCEPT = "/api/v1/account/invitations/accept"


async def test_a_manager_invites_a_co_manager_who_accepts_once_with_the_invited_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, invitee, stranger = await factory.account(), await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    sent = await client.post(
        f"/api/v1/venues/{venue.id}/manager-invitations", json={"email": invitee.user.email}, headers=manager.headers
    )
    assert sent.status_code == 202
    token = token_of(await last_link(invitee.user.email, "invitation_manager", "/invitations/"))
    wrong = await client.post(ACCEPT, json={"token": token}, headers=stranger.headers)
    assert wrong.status_code == 403
    accepted = await client.post(ACCEPT, json={"token": token}, headers=invitee.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json() == {"kind": "venue", "target_id": venue.id, "name": venue.name}
    managers = await client.get(f"/api/v1/venues/{venue.id}/managers", headers=invitee.headers)
    assert invitee.user.email in managers.text
    assert (await client.post(ACCEPT, json={"token": token}, headers=invitee.headers)).status_code == 422


async def test_only_a_venues_managers_invite_to_it(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, other = await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=other)
    url = f"/api/v1/venues/{venue.id}/manager-invitations"
    assert (await client.post(url, json={"email": "x@example.org"}, headers=other.headers)).status_code == 403
    assert (await client.post(url, json={"email": "x@example.org"})).status_code == 401
    assert (
        await client.post(
            "/api/v1/venues/999999/manager-invitations", json={"email": "x@example.org"}, headers=manager.headers
        )
    ).status_code == 404
    assert await mails_to("x@example.org") == []


async def test_an_organiser_invites_a_co_organiser_and_others_may_not(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, outsider = await factory.account(), await factory.account()
    group = await factory.group(organiser=organiser)
    url = f"/api/v1/groups/{group.id}/organiser-invitations"
    assert (await client.post(url, json={"email": outsider.user.email}, headers=outsider.headers)).status_code == 403
    assert (await client.post(url, json={"email": outsider.user.email}, headers=organiser.headers)).status_code == 202
    message = (await mails_to(outsider.user.email, "invitation_organiser"))[-1]
    assert group.name in text_of(message)
    token = token_of(await last_link(outsider.user.email, "invitation_organiser", "/invitations/"))
    accepted = await client.post(ACCEPT, json={"token": token}, headers=outsider.headers)
    assert accepted.status_code == 200 and accepted.json()["kind"] == "group"
    organisers = await client.get(f"/api/v1/groups/{group.id}/organisers", headers=outsider.headers)
    assert organisers.status_code == 200


async def test_a_join_request_is_decided_by_the_groups_organisers_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, asker, outsider = await factory.account(), await factory.account(), await factory.account()
    group = await factory.group(organiser=organiser)
    base = f"/api/v1/groups/{group.id}/join-requests"
    asked = await client.post(base, json={"message": "I run the Tuesday session"}, headers=asker.headers)
    assert asked.status_code == 201, asked.text
    assert (await client.post(base, json={}, headers=asker.headers)).status_code == 409
    assert await kinds_sent_to(organiser.user.email) == ["group_join_request"]
    request_id = asked.json()["id"]
    assert (await client.get(base, headers=outsider.headers)).status_code == 403
    assert (await client.post(f"{base}/{request_id}/approve", headers=outsider.headers)).status_code == 403
    assert (await client.post(f"{base}/{request_id}/approve", headers=asker.headers)).status_code == 403
    listed = await client.get(base, headers=organiser.headers)
    assert [item["user_id"] for item in listed.json()["items"]] == [asker.id]
    assert (await client.post(f"{base}/{request_id}/approve", headers=organiser.headers)).status_code == 204
    assert (await client.get(f"/api/v1/groups/{group.id}/organisers", headers=asker.headers)).status_code == 200
    assert await kinds_sent_to(asker.user.email) == ["group_join_decision"]
    assert (await client.post(f"{base}/{request_id}/decline", headers=organiser.headers)).status_code == 404


async def test_a_declined_request_adds_nobody(client: httpx.AsyncClient, factory: Factory) -> None:
    organiser, asker = await factory.account(), await factory.account()
    group = await factory.group(organiser=organiser)
    base = f"/api/v1/groups/{group.id}/join-requests"
    request_id = (await client.post(base, json={}, headers=asker.headers)).json()["id"]
    assert (await client.post(f"{base}/{request_id}/decline", headers=organiser.headers)).status_code == 204
    assert (await client.get(f"/api/v1/groups/{group.id}/organisers", headers=asker.headers)).status_code == 403


async def test_an_unconfirmed_account_may_not_ask_to_join(client: httpx.AsyncClient, factory: Factory) -> None:
    organiser, asker = await factory.account(), await factory.account()
    await User.update({User.email_verified: False}).where(User.id == asker.id)
    group = await factory.group(organiser=organiser)
    refused = await client.post(f"/api/v1/groups/{group.id}/join-requests", json={}, headers=asker.headers)
    assert refused.status_code == 403
    assert await mails_to(organiser.user.email) == []


async def test_invitations_are_limited_per_inviter_with_retry_after(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, other_manager = await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    group = await factory.group(organiser=manager)
    other_venue = await factory.venue(manager=other_manager)
    to_venue = f"/api/v1/venues/{venue.id}/manager-invitations"
    to_group = f"/api/v1/groups/{group.id}/organiser-invitations"
    for n in range(INVITATIONS_PER_INVITER):
        url = to_venue if n % 2 else to_group  # both kinds count against the one inviter
        sent = await client.post(url, json={"email": f"p{n}@example.org"}, headers=manager.headers)
        assert sent.status_code == 202, sent.text
    refused = await client.post(to_venue, json={"email": "one-more@example.org"}, headers=manager.headers)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert (
        await client.post(to_group, json={"email": "one-more@example.org"}, headers=manager.headers)
    ).status_code == 429
    assert await mails_to("one-more@example.org") == []
    # Another inviter is not held up by the first one's count.
    other = f"/api/v1/venues/{other_venue.id}/manager-invitations"
    assert (await client.post(other, json={"email": "q@example.org"}, headers=other_manager.headers)).status_code == 202


async def _invite(client: httpx.AsyncClient, who: Account, url: str, email: str, kind: str) -> str:
    sent = await client.post(url, json={"email": email}, headers=who.headers)
    assert sent.status_code == 202, sent.text
    return token_of(await last_link(email, kind, "/invitations/"))


async def test_a_removed_manager_cannot_pass_the_venue_on_through_an_invitation_to_their_second_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    leaving, staying, second = await factory.account(), await factory.account(), await factory.account()
    venue = await factory.venue(manager=staying)
    await add_manager(venue.id, leaving.user)
    token = await _invite(
        client, leaving, f"/api/v1/venues/{venue.id}/manager-invitations", second.user.email, "invitation_manager"
    )
    removed = await client.delete(f"/api/v1/venues/{venue.id}/managers/{leaving.id}", headers=staying.headers)
    assert removed.status_code == 204, removed.text
    pending = await client.get(f"/api/v1/venues/{venue.id}/manager-invitations", headers=staying.headers)
    assert pending.status_code == 200 and pending.json() == []
    refused = await client.post(ACCEPT, json={"token": token}, headers=second.headers)
    assert refused.status_code == 422
    assert not await VenueManager.exists().where((VenueManager.venue == venue.id) & (VenueManager.user == second.id))


async def test_an_invitation_is_refused_when_its_sender_no_longer_has_the_right_it_passes_on(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    inviter, other, invitee = await factory.account(), await factory.account(), await factory.account()
    venue = await factory.venue(manager=other)
    await add_manager(venue.id, inviter.user)
    group = await factory.group(organiser=other)
    await GroupOrganiser(group=group.id, user=inviter.id).save()
    to_venue = await _invite(
        client, inviter, f"/api/v1/venues/{venue.id}/manager-invitations", invitee.user.email, "invitation_manager"
    )
    to_group = await _invite(
        client, inviter, f"/api/v1/groups/{group.id}/organiser-invitations", invitee.user.email, "invitation_organiser"
    )
    # The right goes some other way than the removal (which also drops the invitations): the accept checks it.
    await VenueManager.delete().where((VenueManager.venue == venue.id) & (VenueManager.user == inviter.id))
    await GroupOrganiser.delete().where((GroupOrganiser.group == group.id) & (GroupOrganiser.user == inviter.id))
    for token, words in ((to_venue, "no longer manages this venue"), (to_group, "no longer organises this group")):
        refused = await client.post(ACCEPT, json={"token": token}, headers=invitee.headers)
        assert refused.status_code == 409 and words in refused.json()["detail"], refused.text
    assert not await VenueManager.exists().where(VenueManager.user == invitee.id)
    assert not await GroupOrganiser.exists().where(GroupOrganiser.user == invitee.id)


async def test_removing_an_organiser_drops_the_invitations_they_sent_and_only_theirs(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    leaving, staying, first, second = [await factory.account() for _ in range(4)]
    group = await factory.group(organiser=staying)
    await GroupOrganiser(group=group.id, user=leaving.id).save()
    url = f"/api/v1/groups/{group.id}/organiser-invitations"
    theirs = await _invite(client, leaving, url, first.user.email, "invitation_organiser")
    kept = await _invite(client, staying, url, second.user.email, "invitation_organiser")
    assert [row["email"] for row in (await client.get(url, headers=staying.headers)).json()] == [
        first.user.email,
        second.user.email,
    ]
    removed = await client.delete(f"/api/v1/groups/{group.id}/organisers/{leaving.id}", headers=staying.headers)
    assert removed.status_code == 204, removed.text
    assert [row["email"] for row in (await client.get(url, headers=staying.headers)).json()] == [second.user.email]
    assert (await client.post(ACCEPT, json={"token": theirs}, headers=first.headers)).status_code == 422
    assert (await client.post(ACCEPT, json={"token": kept}, headers=second.headers)).status_code == 200


async def test_a_venues_managers_list_and_withdraw_its_waiting_invitations_and_nobody_else_does(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, invitee, other = await factory.account(), await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=other)
    url = f"/api/v1/venues/{venue.id}/manager-invitations"
    token = await _invite(client, manager, url, invitee.user.email, "invitation_manager")
    (pending,) = (await client.get(url, headers=manager.headers)).json()
    assert pending["email"] == invitee.user.email and pending["invited_by"] == manager.user.display_name
    assert (await client.get(url, headers=other.headers)).status_code == 403
    assert (await client.delete(f"{url}/{pending['id']}", headers=other.headers)).status_code == 403
    assert (await client.delete(f"{url}/999999", headers=manager.headers)).status_code == 404
    assert (await client.delete(f"{url}/{pending['id']}", headers=manager.headers)).status_code == 204
    assert (await client.get(url, headers=manager.headers)).json() == []
    assert (await client.delete(f"{url}/{pending['id']}", headers=manager.headers)).status_code == 404
    assert (await client.post(ACCEPT, json={"token": token}, headers=invitee.headers)).status_code == 422


async def test_a_join_request_and_its_answer_reach_each_person_in_their_own_language(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    welsh_organiser, english_organiser, asker = (
        await factory.account(),
        await factory.account(),
        await factory.account(),
    )
    for account, language in ((welsh_organiser, "cy"), (asker, "cy")):
        await User.update({User.language: language}).where(User.id == account.user.id)
    group = await factory.group(organiser=welsh_organiser, name="Choir", name_cy="Côr")
    await GroupOrganiser(group=group.id, user=english_organiser.user.id).save()
    base = f"/api/v1/groups/{group.id}/join-requests"
    asked = await client.post(base, json={"message": "Rwy'n canu tenor"}, headers=asker.headers)
    assert asked.status_code == 201, asked.text
    (to_welsh,) = await mails_to(welsh_organiser.user.email, "group_join_request")
    (to_english,) = await mails_to(english_organiser.user.email, "group_join_request")
    assert to_welsh["Subject"] == "Cais i ymuno â Côr" and "fel trefnydd" in text_of(to_welsh)
    assert to_english["Subject"] == "Request to join Choir" and "as an organiser" in text_of(to_english)
    await client.post(f"{base}/{asked.json()['id']}/approve", headers=english_organiser.headers)
    (answer,) = await mails_to(asker.user.email, "group_join_decision")
    assert answer["Subject"] == "Eich cais i ymuno â Côr"
    assert "Cymeradwywyd eich cais i ymuno â Côr" in text_of(answer)
