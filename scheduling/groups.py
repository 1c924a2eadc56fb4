"""Community groups and the accounts that organise them.

A group always keeps at least one organiser, so someone can always edit it and
book for it: the count and the removal happen in one write transaction that
first locks the group's row (``venues.core.row_locks``), so two organisers removing
each other at once cannot both succeed. Removing an organiser also revokes
their link to the group's private feed. Site admins count as organisers of
every group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduling.feeds.tokens import revoke_group_token
from scheduling.models import Group, GroupOrganiser
from venues.accounts import links
from venues.accounts.credentials import normalise_email
from venues.core import clock, slugs
from venues.core.database import is_postgres, write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import User
from venues.publication import bump_publication

SLUG_LENGTH = 100


@dataclass(frozen=True)
class Organiser:
    user_id: int
    email: str
    display_name: str


async def get_group(group_id: int) -> Group:
    group = await Group.objects().where(Group.id == group_id).first() if in_id_range(group_id) else None
    if group is None:
        raise NotFound(f"There is no group with id {group_id}.")
    return group


async def organises(user: User | None, group_id: int) -> bool:
    if user is None:
        return False
    if user.is_admin:
        return True
    return await GroupOrganiser.exists().where((GroupOrganiser.group == group_id) & (GroupOrganiser.user == user.id))


async def reads_group_reports(user: User | None, group_id: int) -> bool:
    """A group's reports (its bookings at every venue): its organisers and site admins."""
    return await organises(user, group_id)


async def organised_group_ids(user: User) -> set[int]:
    rows = await GroupOrganiser.select(GroupOrganiser.group).where(GroupOrganiser.user == user.id)
    return {row["group"] for row in rows}


async def private_contact_readable(user: User | None, found: list[Group]) -> set[int]:
    """Which of ``found`` (ids) ``user`` may read the private contact of: the groups they organise, every group
    for a site admin, none for the public. One query at most, however many groups."""
    if user is None:
        return set()
    if user.is_admin:
        return {group.id for group in found}
    return {group.id for group in found} & await organised_group_ids(user)


async def find_groups(name: str | None, limit: int, offset: int) -> tuple[list[Group], int]:
    """Groups whose name in English or Welsh contains ``name`` (any case), by name."""
    query = Group.objects()
    count = Group.count()
    if name and (text := name.replace("%", "").replace("_", "").strip()):
        # SQLite's LIKE already ignores (ASCII) case; PostgreSQL needs ILIKE.
        pattern = f"%{text}%"
        if is_postgres():
            contains = Group.name.ilike(pattern) | Group.name_cy.ilike(pattern)
        else:
            contains = Group.name.like(pattern) | Group.name_cy.like(pattern)
        query = query.where(contains)
        count = count.where(contains)
    groups = await query.order_by(Group.name).order_by(Group.id).limit(limit).offset(offset)
    return groups, await count


def slugify(name: str) -> str:
    """ "Marsh Coffee Morning!" → "marsh-coffee-morning"; accents dropped, never empty."""
    return slugs.slugify(name, SLUG_LENGTH, "group")


async def _slug_taken(slug: str, except_id: int | None = None) -> bool:
    return await slugs.slug_taken(Group, slug, except_id)


async def _free_slug(name: str) -> str:
    return await slugs.free_slug(Group, name, SLUG_LENGTH, "group", "groups")


async def create_group(fields: dict[str, Any], creator: User) -> Group:
    """The group, with ``creator`` as its first organiser. Without a slug one is made from the name."""
    fields = dict(fields)
    async with write_transaction():
        if fields.get("slug"):
            if await _slug_taken(fields["slug"]):
                raise Conflict(f"The slug {fields['slug']!r} is already used by another group.", field="slug")
        else:
            fields["slug"] = await _free_slug(fields["name"])
        group = Group(**fields)
        await group.save()
        await GroupOrganiser(group=group.id, user=creator.id).save()
        await bump_publication()
    return group


async def update_group(group: Group, fields: dict[str, Any]) -> Group:
    async with write_transaction():
        if "slug" in fields and fields["slug"] != group.slug and await _slug_taken(fields["slug"], except_id=group.id):
            raise Conflict(f"The slug {fields['slug']!r} is already used by another group.", field="slug")
        for key, value in fields.items():
            setattr(group, key, value)
        group.updated_at = clock.now()
        await group.save()
        # Counted in SQL: the SEQUENCE of every event that shows the group's name (scheduling.feeds.events).
        await Group.update({Group.revision: Group.revision + 1}).where(Group.id == group.id)
        await bump_publication()
    group.revision = (group.revision or 0) + 1
    return group


async def list_organisers(group_id: int, limit: int, offset: int) -> tuple[list[Organiser], int]:
    rows = (
        await GroupOrganiser.select(GroupOrganiser.user.id, GroupOrganiser.user.email, GroupOrganiser.user.display_name)
        .where(GroupOrganiser.group == group_id)
        .order_by(GroupOrganiser.user.email)
        .limit(limit)
        .offset(offset)
    )
    total = await GroupOrganiser.count().where(GroupOrganiser.group == group_id)
    return [Organiser(r["user.id"], r["user.email"], r["user.display_name"]) for r in rows], total


async def add_organiser(group_id: int, email: str) -> Organiser:
    user = await User.objects().where(User.email == normalise_email(email)).first()
    if user is None:
        raise NotFound(f"No account has the email {normalise_email(email)}.", field="email")
    async with write_transaction():
        await lock_row(Group, group_id)
        if await GroupOrganiser.exists().where((GroupOrganiser.group == group_id) & (GroupOrganiser.user == user.id)):
            raise Conflict(f"{user.email} already organises this group.", field="email")
        await GroupOrganiser(group=group_id, user=user.id).save()
    return Organiser(user.id, user.email, user.display_name)


async def remove_organiser(group_id: int, user_id: int) -> None:
    where = (GroupOrganiser.group == group_id) & (GroupOrganiser.user == user_id)
    async with write_transaction():
        await lock_row(Group, group_id)
        if not in_id_range(user_id) or not await GroupOrganiser.exists().where(where):
            raise NotFound(f"Account {user_id} does not organise this group.")
        if await GroupOrganiser.count().where(GroupOrganiser.group == group_id) <= 1:
            raise Conflict("A group keeps at least one organiser; add another before removing this one.")
        await GroupOrganiser.delete().where(where)
        await links.drop_invitations_from(user_id, links.INVITE_ORGANISER, group_id)
        await revoke_group_token(user_id, group_id)
