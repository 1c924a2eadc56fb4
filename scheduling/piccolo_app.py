import os

from piccolo.conf.apps import AppConfig

from scheduling.models import (
    Activity,
    Booking,
    BookingEvent,
    FeedToken,
    Group,
    GroupJoinRequest,
    GroupOrganiser,
    GroupVenueTier,
    HeldNotice,
    NoticeDigest,
    NoticePreference,
    Occupancy,
    Series,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="scheduling",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[
        Group,
        GroupOrganiser,
        GroupJoinRequest,
        GroupVenueTier,
        Series,
        Booking,
        Occupancy,
        BookingEvent,
        Activity,
        FeedToken,
        NoticePreference,
        NoticeDigest,
        HeldNotice,
    ],
    migration_dependencies=["venues.piccolo_app"],
    commands=[],
)
