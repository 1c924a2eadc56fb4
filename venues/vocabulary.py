"""The fixed words venues are described with; API schemas validate against these."""

from enum import StrEnum


class VenueKind(StrEnum):
    village_hall = "village_hall"
    community_centre = "community_centre"
    hub = "hub"
    sports_pitch = "sports_pitch"
    park = "park"
    library = "library"
    faith_building = "faith_building"
    other = "other"


class Ownership(StrEnum):
    community_owned = "community_owned"
    council = "council"
    charity = "charity"
    faith = "faith"
    other = "other"


class Accessibility(StrEnum):
    step_free = "step_free"
    accessible_toilet = "accessible_toilet"
    hearing_loop = "hearing_loop"
    baby_change = "baby_change"
    parking = "parking"
    blue_badge_parking = "blue_badge_parking"
    lift = "lift"
    quiet_room = "quiet_room"
    large_print = "large_print"
    assistance_dogs = "assistance_dogs"


class SpaceKind(StrEnum):
    hall = "hall"
    meeting_room = "meeting_room"
    kitchen = "kitchen"
    pitch = "pitch"
    court = "court"
    studio = "studio"
    outdoor = "outdoor"


class Facility(StrEnum):
    kitchen = "kitchen"
    projector = "projector"
    stage = "stage"
    wifi = "wifi"
    floodlights = "floodlights"
    changing_rooms = "changing_rooms"
    piano = "piano"
    sound_system = "sound_system"
    tables_chairs = "tables_chairs"
    showers = "showers"
    goals = "goals"
    sink = "sink"


class TierKind(StrEnum):
    """What a tier means for the booker; ``free`` and ``low_cost`` are the community tiers."""

    free = "free"
    low_cost = "low_cost"
    standard = "standard"
    commercial = "commercial"


COMMUNITY_TIERS = frozenset({TierKind.free, TierKind.low_cost})


class ChargeKind(StrEnum):
    """Charge rules on top of a space's hourly rate (``venues.models.ChargeRule``)."""

    fixed = "fixed"
    minimum = "minimum"
    band = "band"
    daily_cap = "daily_cap"


class ExtraUnit(StrEnum):
    """How an extra is priced: once per booking, per booked hour, or per item."""

    booking = "booking"
    hour = "hour"
    item = "item"


class VatTreatment(StrEnum):
    """UK VAT treatment of a line: hall hire is normally exempt unless the venue opted to tax; sports
    facilities and equipment hire are usually standard-rated; a returnable deposit is outside the scope."""

    exempt = "exempt"
    standard = "standard"
    zero = "zero"
    outside_scope = "outside_scope"


class QuestionKind(StrEnum):
    text = "text"
    yes_no = "yes_no"
    choice = "choice"
