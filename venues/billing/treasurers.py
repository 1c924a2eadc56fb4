"""A venue's treasurers: people who see and record its money without managing its bookings.

Its managers add one by the email of a confirmed account (a treasurer need not manage the venue), list and
remove them. Both changes run under the venue's row lock, so the same person is never added twice at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import User, Venue, VenueTreasurer


@dataclass(frozen=True)
class Treasurer:
    user_id: int
    email: str
    display_name: str


async def list_treasurers(venue_id: int) -> list[Treasurer]:
    rows = (
        await VenueTreasurer.select(VenueTreasurer.user.id, VenueTreasurer.user.email, VenueTreasurer.user.display_name)
        .where(VenueTreasurer.venue == venue_id)
        .order_by(VenueTreasurer.user.email)
    )
    return [Treasurer(r["user.id"], r["user.email"], r["user.display_name"]) for r in rows]


async def add_treasurer(venue_id: int, email: str) -> Treasurer:
    """The confirmed account with ``email`` becomes a treasurer: 400 when no confirmed account has it, 409 when
    it already is one."""
    wanted = email.strip().lower()
    user = await User.objects().where(User.email == wanted).first()
    if user is None or not user.email_verified:
        raise InvalidInput(
            "email",
            _("No confirmed account has the email %(wanted)s: ask them to sign up and confirm their address first.")
            % {"wanted": wanted},
        )
    async with write_transaction():
        await lock_row(Venue, venue_id)
        if await VenueTreasurer.exists().where((VenueTreasurer.venue == venue_id) & (VenueTreasurer.user == user.id)):
            raise Conflict(_("%(email)s is already a treasurer of this venue.") % {"email": user.email}, field="email")
        await VenueTreasurer(venue=venue_id, user=user.id).save()
    return Treasurer(user.id, user.email, user.display_name)


async def remove_treasurer(venue_id: int, user_id: int) -> None:
    where = (VenueTreasurer.venue == venue_id) & (VenueTreasurer.user == user_id)
    async with write_transaction():
        await lock_row(Venue, venue_id)
        if not in_id_range(user_id) or not await VenueTreasurer.exists().where(where):
            raise NotFound(_("Account %(user_id)s is not a treasurer of this venue.") % {"user_id": user_id})
        await VenueTreasurer.delete().where(where)
