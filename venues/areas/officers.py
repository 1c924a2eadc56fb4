"""An area's officers: people who read the area's reports (and each of its venues') without managing any venue.

An admin names one by the email of an existing account (404 when no account has it: only admins ask, so saying
so tells nobody else anything), once per area (the (area, user) unique index makes a second naming, even at the
same moment, a 409), and removes one.
"""

from __future__ import annotations

from dataclasses import dataclass

from venues.accounts.credentials import normalise_email
from venues.areas.areas import get_area_row, require_area_admin
from venues.core.database import duplicates_raise, write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import AreaOfficer, User


@dataclass(frozen=True)
class Officer:
    user_id: int
    email: str
    display_name: str


async def list_officers(area_id: int, limit: int = 200, offset: int = 0) -> tuple[list[Officer], int]:
    """An area's officers by email (the caller has checked that an admin asks: officers' emails are private)."""
    await get_area_row(area_id)
    rows = (
        await AreaOfficer.select(AreaOfficer.user.id, AreaOfficer.user.email, AreaOfficer.user.display_name)
        .where(AreaOfficer.area == area_id)
        .order_by(AreaOfficer.user.email)
        .limit(limit)
        .offset(offset)
    )
    total = await AreaOfficer.count().where(AreaOfficer.area == area_id)
    return [Officer(r["user.id"], r["user.email"], r["user.display_name"]) for r in rows], total


async def add_officer(actor: User | None, area_id: int, email: str) -> Officer:
    require_area_admin(actor)
    wanted = normalise_email(email)
    user = await User.objects().where(User.email == wanted).first()
    if user is None:
        raise NotFound(
            _("No account has the email %(wanted)s: ask them to sign up first.") % {"wanted": wanted}, field="email"
        )
    already = Conflict(_("%(email)s is already an officer of this area.") % {"email": user.email}, field="email")
    with duplicates_raise(lambda: already):
        async with write_transaction():
            await get_area_row(area_id)
            if await AreaOfficer.exists().where((AreaOfficer.area == area_id) & (AreaOfficer.user == user.id)):
                raise already
            await AreaOfficer(area=area_id, user=user.id).save()
    return Officer(user.id, user.email, user.display_name)


async def remove_officer(actor: User | None, area_id: int, user_id: int) -> None:
    require_area_admin(actor)
    where = (AreaOfficer.area == area_id) & (AreaOfficer.user == user_id)
    async with write_transaction():
        await get_area_row(area_id)
        if not in_id_range(user_id) or not await AreaOfficer.exists().where(where):
            raise NotFound(_("Account %(user_id)s is not an officer of this area.") % {"user_id": user_id})
        await AreaOfficer.delete().where(where)
