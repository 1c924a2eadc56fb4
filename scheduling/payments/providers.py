"""The seam for taking card payments online; no provider is built in.

A provider would implement ``PaymentProvider``: ``start`` returns where to send the hirer to pay (the
provider's hosted page) and the provider's own reference; when the provider reports the payment as
settled (its webhook, served by a small ``api/payments`` route that checks the provider's signature),
the handler calls ``scheduling.payments.record.record_payment`` with ``method="card_online"`` (to be
added to ``scheduling.vocabulary.PaymentMethod`` then), ``provider`` set to the provider's name and
``provider_ref`` to its reference, so the payment lands in balances, statements and the CSV like any
other. Refunds go the same way through ``refund``. Nothing here is called today.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CheckoutStarted:
    redirect_url: str
    provider_ref: str


class PaymentProvider(Protocol):
    name: str

    async def start(self, venue_id: int, amount_minor: int, currency: str, description: str) -> CheckoutStarted:
        """Open a checkout for ``amount_minor``; the payment is recorded only when the provider confirms it."""
        ...

    async def refund(self, provider_ref: str, amount_minor: int) -> str:
        """Ask the provider to pay back part or all of a payment; returns the refund's own reference."""
        ...
