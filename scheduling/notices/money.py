"""What money messages say: an invoice issued, a cancellation's credit note, a deposit returned or kept.

The words go into the booking's own message where there is one in the same change (a confirmation carries its
invoice, a cancellation its credit), or into a message of their own (a month's invoice, a deposit settled).
They go only to the people billed (``notify.billed_people``) and are not optional: a person's choice of
``none`` or ``digest`` for confirmations never holds back an invoice (``MONEY_KINDS`` are not choices).
Each message links to the printable document and its PDF rather than attaching it: drawing a PDF takes about a
tenth of a second, and inside the change's write transaction that holds every other writer (SQLite's one lock),
so fifty confirmations at once would time out. The billed person reads both at ``/invoices/{id}`` once signed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scheduling.invoices.document import invoice_document
from scheduling.models import Deposit, Invoice
from scheduling.payments.balances import booking_balance, group_balance
from scheduling.wording import money as written
from venues.core.i18n import _
from venues.core.i18n.formatting import day_month_year

INVOICE = "invoice"  # a month's invoice, told on its own
CREDIT = "credit_note"  # a credit note, told on its own (the cancellation's message carries it otherwise)
DEPOSIT = "deposit"  # a deposit returned or kept
MONEY_KINDS = (INVOICE, CREDIT, DEPOSIT)


@dataclass(frozen=True)
class MoneyNews:
    """Lines and facts added to a message for the people billed."""

    lines: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()

    def __add__(self, other: MoneyNews) -> MoneyNews:
        return MoneyNews(self.lines + other.lines, self.facts + other.facts)


def _day(value: date | None) -> str:
    """``08 December 2026`` (``08 Rhagfyr 2026`` in Welsh)."""
    if value is None:
        return ""
    return f"{value.day:02d} {day_month_year(value).split(' ', 1)[1]}"


async def invoice_news(invoice: Invoice, base_url: str) -> MoneyNews:
    """The invoice's reference, total, VAT, due date, how to pay and its link."""
    doc = await invoice_document(invoice)
    link = f"{base_url}/invoices/{invoice.id}"
    lines = [
        _("%(seller)s has issued invoice %(reference)s for %(amount)s.")
        % {"seller": doc.seller_name, "reference": doc.reference, "amount": doc.money(doc.total_minor)}
    ]
    if doc.due_on is not None:
        lines.append(_("Please pay by %(day)s.") % {"day": _day(doc.due_on)})
    if doc.payment_instructions.strip():
        lines.append(_("How to pay: %(instructions)s") % {"instructions": doc.payment_instructions.strip()})
    lines.append(_("Read or print the invoice, or download it as a PDF: %(link)s") % {"link": link})
    facts = [(_("Invoice"), doc.reference), (_("Total"), doc.money(doc.total_minor))]
    if doc.shows_vat and doc.vat_minor:
        facts.append((_("VAT included"), doc.money(doc.vat_minor)))
    if doc.period_start is not None and doc.period_end is not None:
        facts.append(
            (_("Period"), _("%(first)s to %(last)s") % {"first": _day(doc.period_start), "last": _day(doc.period_end)})
        )
    if doc.due_on is not None:
        facts.append((_("Due"), _day(doc.due_on)))
    return MoneyNews(tuple(lines), tuple(facts))


async def credit_news(credits: Sequence[Invoice], base_url: str) -> MoneyNews:
    """Each credit note's amount and what it leaves: a refund due, nothing more to pay, or what is still owed
    ."""
    news = MoneyNews()
    for credit in credits:
        doc = await invoice_document(credit)
        link = f"{base_url}/invoices/{credit.id}"
        values = {"reference": doc.reference, "amount": doc.money(doc.total_minor), "invoice": doc.credits_reference}
        if doc.credits_reference:
            lines = [_("Credit note %(reference)s credits %(amount)s against invoice %(invoice)s.") % values]
        else:
            lines = [_("Credit note %(reference)s credits %(amount)s.") % values]
        left = await _what_is_left(credit)
        if left:
            lines.append(left)
        lines.append(_("Read or print it: %(link)s") % {"link": link})
        facts = ((_("Credit note"), doc.reference), (_("Credited"), doc.money(doc.total_minor)))
        news = news + MoneyNews(tuple(lines), facts)
    return news


async def _what_is_left(credit: Invoice) -> str:
    """The hirer's balance after the credit: the group's at the venue for a group's invoice, else the booking's
    own (a series' invoice without a group has no one booking to read it from: nothing is said)."""
    money = credit.currency
    if credit.group is not None:
        owed = (await group_balance(credit.venue, credit.group)).owed_minor
        if owed < 0:
            return _("A refund of %(amount)s is due to the group.") % {"amount": written(-owed, money)}
        if owed == 0:
            return _("There is nothing more to pay for the group at this venue.")
        return _("%(amount)s is still to pay for the group at this venue.") % {"amount": written(owed, money)}
    if credit.booking is not None:
        owed = (await booking_balance(credit.venue, credit.booking)).owed_minor
        if owed < 0:
            return _("A refund of %(amount)s is due to you.") % {"amount": written(-owed, money)}
        if owed == 0:
            return _("There is nothing more to pay for this booking.")
        return _("%(amount)s is still to pay for this booking.") % {"amount": written(owed, money)}
    return ""


def deposit_news(deposit: Deposit) -> tuple[str, MoneyNews]:
    """The subject's opening and the lines for a deposit settled: what goes back, what is kept and why."""
    returned = written(deposit.returned_minor, deposit.currency)
    kept = written(deposit.retained_minor, deposit.currency)
    values = {"returned": returned, "kept": kept}
    if not deposit.retained_minor:
        opening = _("Deposit returned")
        lines = [_("Your deposit of %(returned)s is being returned to you in full.") % values]
    elif not deposit.returned_minor:
        opening, lines = _("Deposit kept"), [_("The venue has kept your deposit of %(kept)s.") % values]
    else:
        opening = _("Deposit partly returned")
        lines = [_("%(returned)s of your deposit is being returned to you; the venue has kept %(kept)s.") % values]
    facts: list[tuple[str, str]] = [(_("Deposit"), written(deposit.taken_minor, deposit.currency))]
    facts.append((_("Returned"), returned))
    if deposit.retained_minor:
        facts.append((_("Kept"), kept))
        facts.append((_("Why it was kept"), deposit.reason))
    return opening, MoneyNews(tuple(lines), tuple(facts))
