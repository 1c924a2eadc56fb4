"""Piccolo tables of the venues app, one module per concept."""

from venues.models.accounts import AuthToken, User
from venues.models.closures import Closure
from venues.models.opening_hours import OpeningHours
from venues.models.outbox import OutboxMessage
from venues.models.price_tiers import PriceTier, SpaceRate
from venues.models.publication import PublicationState
from venues.models.rate_limits import RateLimit
from venues.models.spaces import Space, SpacePart
from venues.models.venues import Venue, VenueManager

__all__ = [
    "AuthToken",
    "Closure",
    "OpeningHours",
    "OutboxMessage",
    "PriceTier",
    "PublicationState",
    "RateLimit",
    "Space",
    "SpacePart",
    "SpaceRate",
    "User",
    "Venue",
    "VenueManager",
]
