import os

from piccolo.conf.apps import AppConfig

from venues.models import (
    AuthToken,
    Closure,
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
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="venues",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[
        User,
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
    ],
    migration_dependencies=[],
    commands=[],
)
