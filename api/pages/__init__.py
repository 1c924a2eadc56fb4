"""Server-rendered pages for residents, groups and venue managers, on the same domain layer as the API.

Everything here is under one router that reads the session cookie and turns
errors into pages; nothing is in the OpenAPI document.
"""

from __future__ import annotations

from litestar import Router
from litestar.static_files import create_static_files_router

from api.pages.account import AccountPages
from api.pages.account_settings import AccountSettingsPages
from api.pages.activities import ActivityPages
from api.pages.admin_areas import AdminAreaPages
from api.pages.admin_outbox import AdminOutboxPages
from api.pages.attendance import AttendancePages, DeskAttendancePages
from api.pages.booking import BookingPages
from api.pages.booking_detail import BookingDetailPages
from api.pages.desk import DeskPages
from api.pages.desk_billing import DeskBillingPages
from api.pages.desk_charges import DeskChargePages
from api.pages.desk_details import DeskDetailsPages
from api.pages.desk_extras import DeskExtraPages
from api.pages.desk_invoices import DeskInvoicePages
from api.pages.desk_money_page import DeskMoneyPages, GroupStatementPages
from api.pages.desk_open_data import DeskOpenDataPages
from api.pages.desk_settings import DeskSettingsPages
from api.pages.desk_spaces import DeskSpacePages
from api.pages.desk_terms import DeskTermsPages
from api.pages.group_import import GroupImportPages
from api.pages.groups import GroupPages
from api.pages.invoices import InvoicePages
from api.pages.language import LanguagePages
from api.pages.memberships import GroupMembershipPages, InvitationPages, ManagerPages
from api.pages.my_bookings import MyBookingPages
from api.pages.notifications import NotificationPages
from api.pages.openactive import OpenActivePages
from api.pages.reports import AreaReportPages, GroupReportPages, ImpactPages, VenueReportPages
from api.pages.support.errors import PAGE_EXCEPTION_HANDLERS
from api.pages.support.rendering import STATIC, template_config
from api.pages.support.sessions import csrf_config, session_middleware
from api.pages.venues import VenuePages
from api.pages.whats_on import WhatsOnPages
from api.text_input import check_url_and_form_values

__all__ = ["csrf_config", "page_router", "static_router", "template_config"]


def page_router() -> Router:
    return Router(
        path="/",
        route_handlers=[
            WhatsOnPages,
            ActivityPages,
            VenuePages,
            GroupPages,
            GroupImportPages,
            BookingPages,
            BookingDetailPages,
            AttendancePages,
            DeskAttendancePages,
            MyBookingPages,
            DeskPages,
            DeskSettingsPages,
            DeskDetailsPages,
            DeskChargePages,
            DeskExtraPages,
            DeskInvoicePages,
            DeskSpacePages,
            DeskBillingPages,
            DeskTermsPages,
            DeskOpenDataPages,
            DeskMoneyPages,
            GroupStatementPages,
            AccountPages,
            AccountSettingsPages,
            AdminOutboxPages,
            AdminAreaPages,
            InvitationPages,
            ManagerPages,
            GroupMembershipPages,
            NotificationPages,
            InvoicePages,
            VenueReportPages,
            GroupReportPages,
            AreaReportPages,
            ImpactPages,
            OpenActivePages,
            LanguagePages,
        ],
        middleware=[session_middleware],
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        before_request=check_url_and_form_values,
        include_in_schema=False,
    )


def static_router() -> Router:
    """The pages' stylesheet and script, served by the app itself: no CDN."""
    return create_static_files_router(path="/static", directories=[STATIC], include_in_schema=False)
