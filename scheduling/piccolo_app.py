import os

from piccolo.conf.apps import AppConfig

from scheduling.models import (
    Activity,
    Booking,
    BookingEvent,
    BookingExtra,
    Deposit,
    ExtraHold,
    FeedToken,
    Group,
    GroupBilling,
    GroupJoinRequest,
    GroupOrganiser,
    GroupVenueTier,
    HeldNotice,
    HireAnswer,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    NoticeDigest,
    NoticePreference,
    Occupancy,
    Payment,
    Series,
    TermsAcceptance,
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
        GroupBilling,
        BookingExtra,
        ExtraHold,
        TermsAcceptance,
        HireAnswer,
        InvoiceCounter,
        Invoice,
        InvoiceLine,
        Payment,
        Deposit,
    ],
    migration_dependencies=["venues.piccolo_app"],
    commands=[],
)
