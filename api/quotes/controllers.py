"""/api/v1/quotes: what a booking would cost, without booking (scheduling.pricing.quoting decides)."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from api.bookings.controllers import price_from
from api.errors import problem_responses
from api.quotes.schemas import QuoteOut, QuoteRequest
from scheduling.pricing.quoting import quote_time


class QuoteController(Controller):
    path = "/api/v1/quotes"
    tags = ["bookings"]

    @post(
        "/",
        status_code=200,
        summary="What a booking would cost",
        description="Tier: `tier_id`, else the group's agreed tier at the venue, else the standard tier. Integer pence; `rounding` says how. "
        "`extras` (the venue's, not archived) each add a line; every line says its kind (hire, extra, deposit), "
        "quantity, unit price and VAT treatment. `deposit_minor` is the returnable deposit, not in `total_minor`.",
        responses=problem_responses(400, 404, 422),
    )
    async def create_quote(self, data: JSONBody[QuoteRequest]) -> QuoteOut:
        quoted = await quote_time(
            data.space_id,
            data.starts_at,
            data.ends_at,
            data.tier_id,
            data.group_id,
            [(choice.extra_id, choice.quantity) for choice in data.extras],
        )
        return QuoteOut(
            space_id=quoted.space_id,
            starts_at=quoted.starts_at,
            ends_at=quoted.ends_at,
            price=price_from(quoted.quote.as_json()),
        )
