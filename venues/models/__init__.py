"""Piccolo tables of the venues app, one module per concept."""

from venues.models.accounts import AccountLink, AuthToken, User
from venues.models.areas import Area, AreaOfficer, AreaVenue
from venues.models.charges import ChargeRule, Extra
from venues.models.closures import Closure
from venues.models.hire_terms import HireQuestion, HireTerms
from venues.models.job_leases import JobLease
from venues.models.money_settings import VenueMoneySettings, VenueTreasurer
from venues.models.open_data import VenueOpenData
from venues.models.opening_hours import OpeningHours
from venues.models.outbox import OutboxMessage
from venues.models.price_tiers import PriceTier, SpaceRate
from venues.models.publication import PublicationState
from venues.models.rate_limits import RateLimit
from venues.models.spaces import Space, SpacePart
from venues.models.venues import Venue, VenueManager

__all__ = [
    "Area",
    "AreaOfficer",
    "AreaVenue",
    "AccountLink",
    "AuthToken",
    "ChargeRule",
    "Closure",
    "Extra",
    "HireQuestion",
    "HireTerms",
    "OpeningHours",
    "OutboxMessage",
    "PriceTier",
    "PublicationState",
    "JobLease",
    "RateLimit",
    "Space",
    "SpacePart",
    "SpaceRate",
    "User",
    "Venue",
    "VenueManager",
    "VenueMoneySettings",
    "VenueOpenData",
    "VenueTreasurer",
]
