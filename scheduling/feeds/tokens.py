"""Issuing, rotating, revoking and resolving the secret URLs of private feeds.

A token is only as good as its holder's right to the feed. Removing an
organiser deletes their group token in the same transaction, and resolving a
group token checks again that its owner still organises the group, so a token
cannot outlive that right through any other path. A manager's feed needs no
such check: it lists only the venues its owner manages at the moment of the
request. Resolving comes before any 304 or cached body is served.

Resolving also notes the day a calendar app last fetched the feed (one UPDATE
per token per day, so the 304 path stays a read): a holder whose feed was
fetched lately is subscribed, and booking messages leave out the invitation
their feed already carries (``scheduling.notices.notify``).
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from enum import StrEnum

from scheduling.models import FeedToken, GroupOrganiser
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import NotFound

# A feed fetched within this many days counts as subscribed (calendar apps refresh hourly to daily).
SUBSCRIBED_WITHIN = timedelta(days=14)


class FeedScope(StrEnum):
    manager = "manager"
    group = "group"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _where(owner_id: int, scope: FeedScope, group_id: int | None):
    condition = (FeedToken.owner == owner_id) & (FeedToken.scope == str(scope))
    return condition & (FeedToken.group == group_id if group_id is not None else FeedToken.group.is_null())


async def current_token(owner_id: int, scope: FeedScope, group_id: int | None = None) -> str:
    """The owner's token for this feed, made on first use."""
    row = await FeedToken.select(FeedToken.token).where(_where(owner_id, scope, group_id)).first()
    if row is not None:
        return row["token"]
    return await rotate_token(owner_id, scope, group_id)


async def rotate_token(owner_id: int, scope: FeedScope, group_id: int | None = None) -> str:
    """Replace the token: the old URL stops working as soon as this commits."""
    token = _new_token()
    async with FeedToken._meta.db.transaction():
        await FeedToken.delete().where(_where(owner_id, scope, group_id))
        await FeedToken(owner=owner_id, scope=str(scope), group=group_id, token=token).save()
    return token


async def revoke_group_token(owner_id: int, group_id: int) -> None:
    """The owner no longer organises the group: their link to its feed stops working (inside their removal)."""
    await FeedToken.delete().where(_where(owner_id, FeedScope.group, group_id))


async def _holder_may_read(token: FeedToken) -> bool:
    if token.scope != FeedScope.group:
        return True
    return await GroupOrganiser.exists().where(
        (GroupOrganiser.group == token.group) & (GroupOrganiser.user == token.owner)
    )


async def resolve_token(token: str) -> FeedToken:
    """The feed a token opens; an unknown, rotated or revoked token (or one whose holder lost the right) is not found."""
    found = await FeedToken.objects().where(FeedToken.token == token).first() if 20 <= len(token) <= 64 else None
    if found is None or not await _holder_may_read(found):
        raise NotFound("There is no feed at this address; it may have been replaced with a new link.")
    today = clock.now().date()
    if found.fetched_on != today:
        async with write_transaction():
            await FeedToken.update({FeedToken.fetched_on: today}).where(FeedToken.id == found.id)
        found.fetched_on = today
    return found


def fetched_since() -> date:
    """The first day a fetch counts as a live subscription."""
    return clock.now().date() - SUBSCRIBED_WITHIN
