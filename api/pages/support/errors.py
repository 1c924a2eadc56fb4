"""Errors on pages are pages: sign-in redirects, a readable refusal, never problem+json."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException, ValidationException
from litestar.response import Redirect, Template

from api.errors import domain_status, http_problem
from venues.core.database import busy_error, is_lock_timeout
from venues.core.errors import (
    DomainError,
    TryLater,
)
from venues.core.i18n import _, lazy_gettext

logger = logging.getLogger("commonroom")

TITLES = {
    400: lazy_gettext("Something in that request is not right"),
    403: lazy_gettext("You can't do that"),
    404: lazy_gettext("Page not found"),
    405: lazy_gettext("That doesn't work here"),
    409: lazy_gettext("That clashes with something"),
    422: lazy_gettext("That isn't allowed"),
    429: lazy_gettext("Too many attempts"),
    500: lazy_gettext("Something went wrong"),
    503: lazy_gettext("Busy: please try again"),
}
CSRF_REFUSED = "CSRF token verification failed"


def sign_in_url(request: Request[Any, Any, Any]) -> str:
    """Back to this page after signing in; after a refused form post, back to the home page."""
    target = request.url.path
    if request.url.query:
        target += f"?{request.url.query}"
    return "/sign-in?" + urlencode({"next": target if request.method == "GET" else "/"})


def error_page(request: Request[Any, Any, Any], status: int, detail: str) -> Template:
    user = request.scope.get("user")
    return Template(
        template_name="error.html.j2",
        context={
            "user": user,
            "runs_venues": False,
            "title": str(TITLES[status]) if status in TITLES else _("Error"),
            "detail": detail,
            "status": status,
        },
        status_code=status,
    )


def _sign_in(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    return Redirect(sign_in_url(request), status_code=303)


def _domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    response = error_page(request, domain_status(exc), exc.detail)
    if isinstance(exc, TryLater):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _operational(request: Request[Any, Any, Any], exc: sqlite3.OperationalError) -> Response[Any]:
    return _domain(request, busy_error()) if is_lock_timeout(exc) else _internal(request, exc)


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    detail = exc.detail
    if detail == CSRF_REFUSED:
        detail = _(
            "This form had expired or came from another site, so nothing was done. "
            "Go back, reload the page and try again."
        )
    return error_page(request, exc.status_code, detail)


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    return error_page(request, 400, _("The address has a value this page cannot read; check it and try again."))


def _internal(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on page %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(request, 500, _("Something went wrong on our side; nothing was saved. Please try again."))


MACHINE_PATHS = ("/api/", "/feeds/", "/schema", "/static/", "/healthz")


def wants_a_page(request: Request[Any, Any, Any]) -> bool:
    """A browser asking for a page: not the API, feeds or files, and HTML among what it accepts."""
    path = request.url.path
    return not path.startswith(MACHINE_PATHS) and "text/html" in request.headers.get("accept", "")


def unknown_address(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    """An address no route answers: a page for a browser (a mistyped or old link), problem+json for the rest."""
    if wants_a_page(request):
        return error_page(
            request,
            404,
            _(
                "There is no page at this address: the link may be mistyped or out of date. "
                "What's on, the venues and booking are all reached from the menu above."
            ),
        )
    return http_problem(request, exc)


PAGE_EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotAuthorizedException: _sign_in,
    ValidationException: _validation,
    HTTPException: _http,
    DomainError: _domain,
    sqlite3.OperationalError: _operational,
    Exception: _internal,
}
