"""The fixed words series and activities are described with; API schemas validate against these."""

from enum import StrEnum


class Frequency(StrEnum):
    """The RFC 5545 frequencies a series may use; finer ones (hourly…) are not bookings."""

    daily = "DAILY"
    weekly = "WEEKLY"
    monthly = "MONTHLY"


class SeriesStatus(StrEnum):
    active = "active"
    ended = "ended"
    cancelled = "cancelled"


class ActivityCategory(StrEnum):
    coffee_morning = "coffee_morning"
    lunch_club = "lunch_club"
    youth_club = "youth_club"
    sport = "sport"
    exercise = "exercise"
    arts_and_crafts = "arts_and_crafts"
    music = "music"
    learning = "learning"
    support_group = "support_group"
    faith = "faith"
    family = "family"
    other = "other"


class Audience(StrEnum):
    all_ages = "all_ages"
    children = "children"
    young_people = "young_people"
    families = "families"
    older_people = "older_people"
    adults = "adults"


class CancelledBy(StrEnum):
    """Who called a booking off, for reports: the hirer (the booker or the group's organisers) or the venue."""

    hirer = "hirer"
    venue = "venue"


class CostKind(StrEnum):
    """``priced`` activities carry a price in minor units; the others carry none."""

    free = "free"
    pay_what_you_can = "pay_what_you_can"
    priced = "priced"


class PaymentMethod(StrEnum):
    """How money came in or went back. ``card_online`` is the seam a card provider plugs into (not offered yet)."""

    cash = "cash"
    cheque = "cheque"
    bank_transfer = "bank_transfer"
    card_elsewhere = "card_elsewhere"


class PaymentKind(StrEnum):
    payment = "payment"
    refund = "refund"


class InvoiceKind(StrEnum):
    invoice = "invoice"
    credit_note = "credit_note"


class InvoiceLineKind(StrEnum):
    hire = "hire"
    extra = "extra"
    deposit = "deposit"


class DepositStatus(StrEnum):
    due = "due"
    held = "held"
    returned = "returned"
    part_returned = "part_returned"
    retained = "retained"
