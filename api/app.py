"""The Litestar application: routes, auth, error handling, OpenAPI at /schema."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, get
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from api.accounts.controllers import AccountController, AuthController, SelfServiceController, UserController
from api.activities.controllers import ActivityController
from api.admin.controllers import OutboxController
from api.areas.controllers import AreaController
from api.attendance.controllers import AttendanceController
from api.auth import auth_middleware
from api.availability.controllers import AvailabilityController
from api.background import start_background_jobs, stop_background_jobs
from api.billing.controllers import InvoicePdfController, MoneySettingsController
from api.bookings.controllers import BookingController, VenueBookingController
from api.charges.controllers import ChargeRuleController
from api.closures.controllers import ClosureController
from api.errors import EXCEPTION_HANDLERS
from api.extras.controllers import ExtrasController
from api.feeds.controllers import PrivateFeedController, PrivateFeedLinksController, PublicFeedController
from api.groups.controllers import GroupController, VenueGroupTierController
from api.hire_terms.controllers import HireTermsController
from api.hours.controllers import OpeningHoursController
from api.imports.controllers import ImportController
from api.invoices.controllers import InvoiceController, VenueInvoiceController
from api.memberships.controllers import InvitationController, JoinRequestController
from api.notices.controllers import NoticeChoiceController, UnsubscribeController
from api.open_data.controllers import OpenDataController
from api.openactive.controllers import OpenActiveFeedController
from api.pages import csrf_config, page_router, static_router, template_config
from api.pages.support.errors import unknown_address
from api.pages.support.languages import send_language_headers, strip_language_prefix
from api.payments.controllers import PaymentController
from api.pricing.controllers import PricingController
from api.quotes.controllers import QuoteController
from api.reports.controllers import ImpactController, ReportController
from api.security_headers import add_security_headers
from api.series.controllers import SeriesController
from api.spaces.controllers import SpaceController
from api.text_input import check_url
from api.venues.controllers import VenueController
from api.whats_on.controllers import WhatsOnController
from venues.core.database import close_pool, start_pool
from venues.core.i18n import using
from venues.models import User
from venues.publication import start_watch, stop_watch


def provide_user(request: Request[Any, Any, Any]) -> User | None:
    return request.scope.get("user")


@get("/healthz", tags=["service"], summary="Liveness: the process answers", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


ROUTE_HANDLERS: list[Any] = [
    healthz,
    AuthController,
    SelfServiceController,
    AccountController,
    InvitationController,
    JoinRequestController,
    UserController,
    VenueController,
    SpaceController,
    OpeningHoursController,
    ClosureController,
    PricingController,
    ChargeRuleController,
    ExtrasController,
    BookingController,
    VenueBookingController,
    QuoteController,
    SeriesController,
    AvailabilityController,
    GroupController,
    VenueGroupTierController,
    PublicFeedController,
    PrivateFeedController,
    PrivateFeedLinksController,
    OpenActiveFeedController,
    ActivityController,
    WhatsOnController,
    ImportController,
    NoticeChoiceController,
    UnsubscribeController,
    OutboxController,
    AreaController,
    MoneySettingsController,
    OpenDataController,
    InvoicePdfController,
    HireTermsController,
    VenueInvoiceController,
    InvoiceController,
    PaymentController,
    AttendanceController,
    ReportController,
    ImpactController,
    page_router(),
    static_router(),
]


class Commonroom(Litestar):
    """The app, reading a page address's language (``/cy/…``, ``/en/…``) before routing, since Litestar's
    middleware runs after it: every page is routed once whatever language its address names. Each request starts
    in the default language and leaves none behind (a caller awaiting the app in its own task, as tests do)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        strip_language_prefix(scope)
        with using(None):
            await super().__call__(scope, receive, send)


def create_app() -> Litestar:
    return Commonroom(
        route_handlers=ROUTE_HANDLERS,
        dependencies={"user": Provide(provide_user, sync_to_thread=False)},
        middleware=[auth_middleware],
        template_config=template_config(),
        csrf_config=csrf_config(),
        exception_handlers={**EXCEPTION_HANDLERS, NotFoundException: unknown_address},
        before_send=[add_security_headers, send_language_headers],
        before_request=check_url,
        on_startup=[start_pool, start_watch, start_background_jobs],
        on_shutdown=[stop_background_jobs, stop_watch, close_pool],
        cors_config=CORSConfig(allow_origins=["*"], allow_methods=["GET", "HEAD"], allow_credentials=False),
        openapi_config=OpenAPIConfig(
            title="Commonroom",
            version="0.1.0",
            description="Bookings, recurring activities and public calendars for community spaces.",
            path="/schema",
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="POST /api/v1/auth/login")
                }
            ),
            security=[{}, {"bearer": []}],
        ),
        debug=False,
    )


app = create_app()
