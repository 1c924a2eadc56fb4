import os

from piccolo.conf.apps import AppConfig

from scheduling.models import Booking, BookingEvent, Group, GroupOrganiser, GroupVenueTier, Occupancy

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="scheduling",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[Group, GroupOrganiser, GroupVenueTier, Booking, Occupancy, BookingEvent],
    migration_dependencies=["venues.piccolo_app"],
    commands=[],
)
