"""Each person's choice per kind of message: ``immediate`` (the default), ``digest`` or ``none``.

Money is not a choice: an invoice, a credit note or a deposit settled reaches the person billed at once, whatever
they chose for the message carrying it (``scheduling.notices.money``)."""

from __future__ import annotations

from scheduling.models import NoticePreference
from scheduling.notices.messages import Kind
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import InvalidInput

IMMEDIATE = "immediate"
DIGEST = "digest"
NONE = "none"
DELIVERIES = (IMMEDIATE, DIGEST, NONE)


async def choices(user_id: int) -> dict[str, str]:
    """Every kind with the person's choice, ``immediate`` where they chose nothing."""
    rows = await NoticePreference.select(NoticePreference.kind, NoticePreference.delivery).where(
        NoticePreference.user == user_id
    )
    chosen = {row["kind"]: row["delivery"] for row in rows}
    return {str(kind): chosen.get(str(kind), IMMEDIATE) for kind in Kind}


async def delivery_for(user_id: int | None, kind: Kind) -> str:
    """How ``kind`` reaches the person: an address with no account gets everything at once."""
    if user_id is None:
        return IMMEDIATE
    row = (
        await NoticePreference.select(NoticePreference.delivery)
        .where((NoticePreference.user == user_id) & (NoticePreference.kind == str(kind)))
        .first()
    )
    return row["delivery"] if row else IMMEDIATE


async def set_choices(user_id: int, changes: dict[str, str]) -> dict[str, str]:
    """Record the person's choices (kinds not named keep theirs); unknown kinds or deliveries are a 400."""
    for kind, delivery in changes.items():
        if kind not in {str(k) for k in Kind}:
            raise InvalidInput(kind, f"Unknown kind of message {kind!r}; known: {', '.join(map(str, Kind))}.")
        if delivery not in DELIVERIES:
            raise InvalidInput(kind, f"Choose one of {', '.join(DELIVERIES)}, not {delivery!r}.")
    now = clock.now()
    async with write_transaction():
        for kind, delivery in changes.items():
            await NoticePreference.delete().where((NoticePreference.user == user_id) & (NoticePreference.kind == kind))
            if delivery != IMMEDIATE:
                await NoticePreference.insert(
                    NoticePreference(user=user_id, kind=kind, delivery=delivery, updated_at=now)
                )
    return await choices(user_id)
