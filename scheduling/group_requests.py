"""Asking to join a group as one of its organisers, and the organisers' answer.

Anyone with a confirmed account may ask (once at a time per group); each organiser is told by email,
inside the same transaction. Only the group's organisers (or site admins) see the requests and decide:
approving makes the person an organiser, declining removes the request; either way they are told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduling.groups import get_group, organises
from scheduling.models import Group, GroupJoinRequest, GroupOrganiser
from venues.accounts.notices import send
from venues.accounts.self_service import require_verified
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, Forbidden, NotFound
from venues.core.i18n import _, recipient_language, using
from venues.core.i18n.content import shown
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import User


@dataclass(frozen=True)
class JoinRequest:
    id: int
    group_id: int
    user_id: int
    display_name: str
    email: str
    message: str
    created_at: datetime


async def _organisers(group_id: int) -> list[tuple[str, str, str]]:
    """Each organiser's address, name and chosen language."""
    rows = await GroupOrganiser.select(
        GroupOrganiser.user.email, GroupOrganiser.user.display_name, GroupOrganiser.user.language
    ).where(GroupOrganiser.group == group_id)
    return [(row["user.email"], row["user.display_name"], row["user.language"]) for row in rows]


async def pending_request(user: User | None, group_id: int) -> bool:
    if user is None:
        return False
    return await GroupJoinRequest.exists().where(
        (GroupJoinRequest.group == group_id) & (GroupJoinRequest.user == user.id)
    )


async def ask_to_join(user: User, group_id: int, message: str, base_url: str) -> JoinRequest:
    group = await get_group(group_id)
    require_verified(user)
    async with write_transaction():
        await lock_row(Group, group_id)
        if await GroupOrganiser.exists().where((GroupOrganiser.group == group_id) & (GroupOrganiser.user == user.id)):
            raise Conflict(_("You already organise this group."))
        if await pending_request(user, group_id):
            raise Conflict(_("You have already asked to join this group; its organisers will answer."))
        row = GroupJoinRequest(group=group_id, user=user.id, message=message, created_at=clock.now())
        await row.save()
        link = f"{base_url}/groups/{group_id}"
        for email, name, language in await _organisers(group_id):
            with using(recipient_language(language)):
                group_name = shown(group, "name").text
                paragraphs = [
                    _("Hello %(name)s,") % {"name": name},
                    _("%(person)s (%(email)s) asked to join %(group)s as an organiser.")
                    % {"person": user.display_name, "email": user.email, "group": group_name},
                ]
                if message:
                    paragraphs.append(_("They wrote: %(message)s") % {"message": message})
                paragraphs.append(_("Approve or decline the request on the group's page."))
                await send(
                    email,
                    _("Request to join %(group)s") % {"group": group_name},
                    "group_join_request",
                    paragraphs,
                    link,
                    _("Open the group"),
                )
    return JoinRequest(row.id, group_id, user.id, user.display_name, user.email, message, row.created_at)


async def list_requests(actor: User, group_id: int) -> list[JoinRequest]:
    await get_group(group_id)
    if not await organises(actor, group_id):
        raise Forbidden(_("Only this group's organisers may see requests to join it."))
    rows = (
        await GroupJoinRequest.select(
            GroupJoinRequest.id,
            GroupJoinRequest.user,
            GroupJoinRequest.user.display_name,
            GroupJoinRequest.user.email,
            GroupJoinRequest.message,
            GroupJoinRequest.created_at,
        )
        .where(GroupJoinRequest.group == group_id)
        .order_by(GroupJoinRequest.id)
    )
    return [
        JoinRequest(
            r["id"], group_id, r["user"], r["user.display_name"], r["user.email"], r["message"], r["created_at"]
        )
        for r in rows
    ]


async def decide_request(actor: User, group_id: int, request_id: int, approve: bool, base_url: str) -> None:
    group = await get_group(group_id)
    if not await organises(actor, group_id):
        raise Forbidden(_("Only this group's organisers may answer requests to join it."))
    async with write_transaction():
        await lock_row(Group, group_id)
        row = (
            await GroupJoinRequest.objects()
            .where((GroupJoinRequest.id == request_id) & (GroupJoinRequest.group == group_id))
            .first()
            if in_id_range(request_id)
            else None
        )
        if row is None:
            raise NotFound(_("There is no request %(request_id)s to join this group.") % {"request_id": request_id})
        person = await User.objects().where(User.id == row.user).first()
        await GroupJoinRequest.delete().where(GroupJoinRequest.id == row.id)
        if person is None:
            return
        if approve and not await GroupOrganiser.exists().where(
            (GroupOrganiser.group == group_id) & (GroupOrganiser.user == person.id)
        ):
            await GroupOrganiser(group=group_id, user=person.id).save()
        with using(recipient_language(person.language)):
            group_name = shown(group, "name").text
            answer = (
                _("Your request to join %(group)s was approved: you are now one of its organisers.")
                if approve
                else _("Your request to join %(group)s was declined.")
            ) % {"group": group_name}
            await send(
                person.email,
                _("Your request to join %(group)s") % {"group": group_name},
                "group_join_decision",
                [_("Hello %(name)s,") % {"name": person.display_name}, answer],
                f"{base_url}/groups/{group_id}",
                _("Open the group"),
            )
