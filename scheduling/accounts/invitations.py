"""Inviting someone by email to co-manage a venue or co-organise a group, and accepting the invitation.

An invitation is a single-use, expiring link (``venues.accounts.links``) sent to the address; it does
not say, to the inviter, whether the address has an account. Whoever follows it must be signed in with
that address (signing up with it first if need be) and have confirmed it; then they become a manager
or organiser. Only a venue's managers invite to it, only a group's organisers (or site admins) to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduling.groups import get_group, organises
from scheduling.models import Group, GroupOrganiser
from venues.accounts import links
from venues.accounts.credentials import normalise_email
from venues.accounts.notices import send
from venues.accounts.rate_limits import check_and_count
from venues.accounts.self_service import require_verified
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, Forbidden, NotFound
from venues.core.i18n import _, lazy_gettext, recipient_language, using
from venues.core.i18n.content import shown
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.lookups import get_venue
from venues.managers import add_manager
from venues.models import AccountLink, User, Venue, VenueManager
from venues.permissions import manages_venue
from venues.publication import bump_publication

INVITATIONS_PER_INVITER = 20
INVITATION_WINDOW = timedelta(hours=1)
TOO_MANY_INVITATIONS = lazy_gettext(
    "You have sent many invitations in the last hour; wait a while before sending more."
)
WRONG_ADDRESS = lazy_gettext("This invitation was sent to another address: sign in with that address to accept it.")


@dataclass(frozen=True)
class Accepted:
    kind: str  # "venue" or "group"
    target_id: int
    name: str


def _invitation_text(invited: str, link: str) -> list[str]:
    """``invited``: the whole sentence saying who invited them to what."""
    return [
        _("Hello,"),
        invited,
        _(
            "Follow the link below to accept. If you have no account yet, sign up with this address first, "
            "then follow the link again. It works once, for seven days."
        ),
    ]


async def _speaks(email: str) -> str:
    """An invitation's language (``recipient_language``): the invited address's account's choice (English if it never
    chose), else, for an address with no account yet, the one the invitation was made in."""
    found = await User.select(User.language).where(User.email == email).first()
    return recipient_language(found["language"] if found else None, has_account=found is not None)


async def _limit(inviter: User) -> None:
    """Count one invitation against its sender (manager and organiser invitations alike): each sends an email
    to an address of the inviter's choosing, so an account may not use them to mail strangers in bulk."""
    await check_and_count(
        f"invitation:user:{inviter.id}", INVITATIONS_PER_INVITER, INVITATION_WINDOW, str(TOO_MANY_INVITATIONS)
    )


async def invite_manager(inviter: User, venue_id: int, email: str, base_url: str) -> str:
    """Send an invitation to co-manage ``venue_id``; returns the link's secret (for tests and tools)."""
    if not await manages_venue(inviter, venue_id):
        raise Forbidden(_("Only this venue's managers may invite managers to it."))
    venue = await get_venue(venue_id)
    await _limit(inviter)
    email = normalise_email(email)
    async with write_transaction():
        token = await links.new_link(links.INVITE_MANAGER, user_id=inviter.id, email=email, target=venue_id)
        link = f"{base_url}/invitations/{token}"
        with using(await _speaks(email)):
            name = shown(venue, "name").text
            await send(
                email,
                _("Invitation to help manage %(venue)s") % {"venue": name},
                "invitation_manager",
                _invitation_text(
                    _("%(inviter)s invited you to help manage the bookings of %(venue)s on Commonroom.")
                    % {"inviter": inviter.display_name, "venue": name},
                    link,
                ),
                link,
                _("Accept the invitation"),
            )
    return token


async def invite_organiser(inviter: User, group_id: int, email: str, base_url: str) -> str:
    group = await get_group(group_id)
    if not await organises(inviter, group_id):
        raise Forbidden(_("Only this group's organisers may invite organisers to it."))
    await _limit(inviter)
    email = normalise_email(email)
    async with write_transaction():
        token = await links.new_link(links.INVITE_ORGANISER, user_id=inviter.id, email=email, target=group_id)
        link = f"{base_url}/invitations/{token}"
        with using(await _speaks(email)):
            name = shown(group, "name").text
            await send(
                email,
                _("Invitation to organise %(group)s") % {"group": name},
                "invitation_organiser",
                _invitation_text(
                    _("%(inviter)s invited you to be an organiser of %(group)s on Commonroom.")
                    % {"inviter": inviter.display_name, "group": name},
                    link,
                ),
                link,
                _("Accept the invitation"),
            )
    return token


async def invitation_purpose(token: str) -> str:
    """What an unused, unexpired invitation is for (to show before accepting); 422 when not valid."""
    row = (
        await AccountLink.select(AccountLink.purpose)
        .where(
            (AccountLink.token_hash == links.link_digest(token))
            & AccountLink.purpose.is_in([links.INVITE_MANAGER, links.INVITE_ORGANISER])
        )
        .first()
    )
    if row is None:
        raise links.link_not_valid()
    return str(row["purpose"])


async def accept_invitation(user: User, token: str) -> Accepted:
    purpose = await invitation_purpose(token)
    require_verified(user)
    async with write_transaction():
        taken = await links.take_link(purpose, token)
        if normalise_email(taken.email) != user.email:
            raise Forbidden(str(WRONG_ADDRESS))
        if taken.target is None:
            raise links.link_not_valid()
        if purpose == links.INVITE_MANAGER:
            venue = await Venue.objects().where(Venue.id == taken.target).first()
            if venue is None:
                raise NotFound(_("That venue no longer exists."))
            await lock_row(Venue, venue.id)
            if taken.user_id is not None and not await VenueManager.exists().where(
                (VenueManager.venue == venue.id) & (VenueManager.user == taken.user_id)
            ):
                raise Conflict(
                    _(
                        "Whoever sent this invitation no longer manages this venue, so it cannot be accepted; ask one "
                        "of its current managers to invite you again."
                    ),
                    rule="inviter-gone",
                )
            await add_manager(venue.id, user)
            return Accepted("venue", venue.id, venue.name)
        group = await Group.objects().where(Group.id == taken.target).first()
        if group is None:
            raise NotFound(_("That group no longer exists."))
        await lock_row(Group, group.id)
        if taken.user_id is not None and not await GroupOrganiser.exists().where(
            (GroupOrganiser.group == group.id) & (GroupOrganiser.user == taken.user_id)
        ):
            raise Conflict(
                _(
                    "Whoever sent this invitation no longer organises this group, so it cannot be accepted; ask one "
                    "of its current organisers to invite you again."
                ),
                rule="inviter-gone",
            )
        if await GroupOrganiser.exists().where((GroupOrganiser.group == group.id) & (GroupOrganiser.user == user.id)):
            raise Conflict(_("You already organise this group."))
        await GroupOrganiser(group=group.id, user=user.id).save()
        await bump_publication()
        return Accepted("group", group.id, group.name)


@dataclass(frozen=True)
class Pending:
    """An invitation not yet accepted, withdrawn or expired, as its venue's managers or group's organisers see it."""

    id: int
    email: str
    invited_by: str
    created_at: datetime
    expires_at: datetime


def _purpose(kind: str) -> str:
    return links.INVITE_MANAGER if kind == "venue" else links.INVITE_ORGANISER


async def _require_right(actor: User, kind: str, target_id: int) -> None:
    if kind == "venue":
        await get_venue(target_id)
        if not await manages_venue(actor, target_id):
            raise Forbidden(_("Only this venue's managers see and withdraw its invitations."))
    else:
        await get_group(target_id)
        if not await organises(actor, target_id):
            raise Forbidden(_("Only this group's organisers see and withdraw its invitations."))


async def pending_invitations(actor: User, kind: str, target_id: int) -> list[Pending]:
    """The invitations to the venue (``kind`` "venue") or group ("group") still waiting, oldest first."""
    await _require_right(actor, kind, target_id)
    rows = (
        await AccountLink.select(
            AccountLink.id,
            AccountLink.email,
            AccountLink.user.display_name,
            AccountLink.user.email,
            AccountLink.created_at,
            AccountLink.expires_at,
        )
        .where(
            (AccountLink.purpose == _purpose(kind))
            & (AccountLink.target == target_id)
            & AccountLink.used_at.is_null()
            & (AccountLink.expires_at > clock.now_exact())
        )
        .order_by(AccountLink.id)
    )
    return [
        Pending(
            row["id"],
            row["email"],
            row["user.display_name"] or row["user.email"] or "",
            row["created_at"],
            row["expires_at"],
        )
        for row in rows
    ]


async def withdraw_invitation(actor: User, kind: str, target_id: int, invitation_id: int) -> None:
    """Any of the venue's managers (group's organisers) withdraws a waiting invitation to it; its link stops
    working. 404 for an invitation that is not waiting for this venue or group."""
    await _require_right(actor, kind, target_id)
    async with write_transaction():
        where = (
            (AccountLink.id == invitation_id)
            & (AccountLink.purpose == _purpose(kind))
            & (AccountLink.target == target_id)
            & AccountLink.used_at.is_null()
        )
        if not in_id_range(invitation_id) or not await AccountLink.exists().where(where):
            raise NotFound(
                _("There is no waiting invitation with id %(invitation_id)s.") % {"invitation_id": invitation_id}
            )
        await AccountLink.delete().where(where)
