"""STAND-IN ONLY (payments branch): the invoices work provides the real ``credit_cancelled``; the lead
replaces this file with theirs on merge. It issues nothing, so a cancelled booking that was never
invoiced gets no credit note, which is what the real one does too."""

from __future__ import annotations

from scheduling.models import Invoice


async def credit_cancelled(booking_id: int, refund_percent: int, actor_id: int | None, reason: str) -> Invoice | None:
    """Credit ``refund_percent``% of the booking's invoiced hire and extras and all of its deposit, inside the
    caller's transaction; ``None`` when the booking was never invoiced. (Stand-in: always ``None``.)"""
    return None
