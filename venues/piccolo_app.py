import os

from piccolo.conf.apps import AppConfig

from venues.models import (
    AccountLink,
    Area,
    AreaOfficer,
    AreaVenue,
    AuthToken,
    ChargeRule,
    Closure,
    Extra,
    HireQuestion,
    HireTerms,
    OpeningHours,
    OutboxMessage,
    PriceTier,
    PublicationState,
    RateLimit,
    Space,
    SpacePart,
    SpaceRate,
    User,
    Venue,
    VenueManager,
    VenueMoneySettings,
    VenueTreasurer,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="venues",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[
        User,
        AccountLink,
        AuthToken,
        Venue,
        VenueManager,
        Space,
        SpacePart,
        OpeningHours,
        Closure,
        PriceTier,
        SpaceRate,
        PublicationState,
        RateLimit,
        OutboxMessage,
        VenueTreasurer,
        VenueMoneySettings,
        ChargeRule,
        Extra,
        HireTerms,
        HireQuestion,
        Area,
        AreaVenue,
        AreaOfficer,
    ],
    migration_dependencies=[],
    commands=[],
)
