"""Single-use, expiring links sent by email (verify an address, reset a password, confirm a new address,
accept an invitation).

A link's secret is random (256 bits) and only its SHA-256 is stored, so the table alone opens nothing.
Taking a link is one conditional UPDATE … RETURNING (unused, unexpired, this purpose), so two clicks at
the same moment cannot both succeed, on either engine.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from venues.core import clock
from venues.core.errors import RuleViolation
from venues.core.i18n import lazy_gettext
from venues.models import AccountLink

VERIFY = "verify"
RESET = "reset"
NEW_EMAIL = "new-email"
INVITE_MANAGER = "invite-manager"
INVITE_ORGANISER = "invite-organiser"

LIFETIMES = {
    VERIFY: timedelta(days=2),
    RESET: timedelta(hours=1),
    NEW_EMAIL: timedelta(days=1),
    INVITE_MANAGER: timedelta(days=7),
    INVITE_ORGANISER: timedelta(days=7),
}

NOT_VALID = lazy_gettext("This link is not valid: it is unknown, was already used or has expired. Ask for a new one.")

_TAKE = (
    "UPDATE account_link SET used_at = {} "
    "WHERE token_hash = {} AND purpose = {} AND used_at IS NULL AND expires_at > {} "
    'RETURNING id, "user", email, target'
)


@dataclass(frozen=True)
class TakenLink:
    user_id: int | None
    email: str
    target: int | None


def link_not_valid() -> RuleViolation:
    return RuleViolation("link-not-valid", str(NOT_VALID))


def link_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


async def new_link(purpose: str, *, user_id: int | None, email: str = "", target: int | None = None) -> str:
    """Store a link for ``purpose`` and return its secret (to put in the mail, never stored)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    await AccountLink(
        purpose=purpose,
        user=user_id,
        email=email,
        target=target,
        token_hash=link_digest(token),
        created_at=now,
        expires_at=now + LIFETIMES[purpose],
    ).save()
    return token


async def take_link(purpose: str, token: str) -> TakenLink:
    """Use up the link (call inside the write transaction that acts on it); 422 ``link-not-valid`` otherwise."""
    now = clock.now_exact()
    rows = await AccountLink.raw(_TAKE, now, link_digest(token), purpose, now)
    if not rows:
        raise link_not_valid()
    return TakenLink(rows[0]["user"], rows[0]["email"], rows[0]["target"])


async def drop_links(user_id: int, purpose: str) -> None:
    """Earlier unused links of this kind stop working when a new one is sent or one is used."""
    await AccountLink.delete().where((AccountLink.user == user_id) & (AccountLink.purpose == purpose))


async def drop_invitations_from(inviter_id: int, purpose: str, target: int) -> None:
    """The unused invitations ``inviter_id`` sent to ``target`` stop working: they no longer have the right they
    passed on (call in the transaction that takes it away)."""
    await AccountLink.delete().where(
        (AccountLink.user == inviter_id)
        & (AccountLink.purpose == purpose)
        & (AccountLink.target == target)
        & AccountLink.used_at.is_null()
    )
