"""Every error leaves as RFC 9457 ``application/problem+json`` with a message a person can act on."""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState
from msgspec import UNSET, Struct, UnsetType

from api.schemas import control_character_detail, is_control_character_refusal, refused_character
from venues.core.database import busy_error, is_lock_timeout
from venues.core.errors import (
    Busy,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolation,
    TooManyAttempts,
    TryLater,
)

logger = logging.getLogger("commonroom")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://commonroom.example/problems/"

_TITLES = {
    400: "Bad request",
    401: "Sign-in required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Rule not met",
    429: "Too many requests",
    500: "Internal error",
    503: "Try again shortly",
}

DOMAIN_STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    RuleViolation: 422,
    InvalidInput: 400,
    TooManyAttempts: 429,
    Busy: 503,
}


def domain_status(exc: DomainError) -> int:
    """The HTTP status of a domain error, for the API's problems and the pages alike."""
    return next((code for kind, code in DOMAIN_STATUS.items() if isinstance(exc, kind)), 400)


class ProblemItem(Struct):
    """One of several validation errors: ``key`` names the field, ``source`` where it was sent."""

    message: str
    key: str | UnsetType = UNSET
    source: str | UnsetType = UNSET


class AffectedBooking(Struct):
    """A booking a change to its space or its venue's opening would affect (409 ``affects-bookings``).

    Times in UTC and venue time; a change to the opening also says the booking's status, its series (a
    series date), space, booker and ``why`` it would no longer fit.
    """

    id: int
    title: str
    starts_at: str
    ends_at: str
    starts_local: str
    ends_local: str
    clashes_with: list[int] | UnsetType = UNSET
    status: str | UnsetType = UNSET
    series_id: int | None | UnsetType = UNSET
    space: str | UnsetType = UNSET
    booker: str | UnsetType = UNSET
    why: str | UnsetType = UNSET


class Problem(Struct):
    """An RFC 9457 problem; domain errors may add members (``field``, ``rule`` and others)."""

    type: str
    title: str
    status: int
    detail: str
    field: str | UnsetType = UNSET
    rule: str | UnsetType = UNSET
    errors: list[ProblemItem] | UnsetType = UNSET
    bookings: list[AffectedBooking] | UnsetType = UNSET
    total: int | UnsetType = UNSET
    overridable: bool | UnsetType = UNSET


_WHEN = {
    400: "The request is malformed or a value is not acceptable; `field` names it.",
    401: "No valid bearer token: sign in first (also sent for an expired or revoked token).",
    403: "Signed in, but not allowed to do this.",
    404: "An id in the path names nothing the caller may see.",
    409: "The request collides with what already exists.",
    422: "A rule refuses the request; `rule` names which.",
    429: "Too many attempts: wait the `Retry-After` seconds before trying again.",
    503: "The database is busy with other changes and nothing was saved: retry after `Retry-After` seconds.",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problem+json errors a route can answer with.

    400 and 503 are always among them: any request's path or query string can hold a control
    character or an unsupported date (refused by ``api.text_input`` before the route runs), and any
    request can meet a database too busy to answer in time.
    """
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=_WHEN.get(status, _TITLES.get(status, "Error")),
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in sorted({*statuses, 400, 503})
    }


def kebab_case(name: str) -> str:
    """``NotFound`` → ``not-found``, ``slot_taken`` → ``slot-taken``: the style of problem types."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).replace("_", "-").lower()


def problem(status: int, detail: str, type_: str | None = None, **extra: Any) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (type_ or str(status)),
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


_MEMBER = re.compile(r"(?:unknown|missing required) field `([^`]+)`")
_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _error_item(item: dict[str, Any]) -> dict[str, Any]:
    """Litestar's error entry, with ``key`` naming the offending member itself.

    msgspec reports an unknown or missing member at the object holding it
    ("hours[0]", or "data" for the body itself); the key then names the
    member ("hours[0].note").
    """
    error: dict[str, Any] = {k: item[k] for k in ("key", "message", "source") if k in item}
    member = _MEMBER.search(str(error.get("message", "")))
    if member:
        holder = error.get("key", "data")
        error["key"] = member.group(1) if holder == "data" else f"{holder}.{member.group(1)}"
    return error


def _sent_value(request: Request, error: dict[str, Any]) -> Any:
    """The value the request sent at ``error['key']`` (``booker.name``, ``hours[0].note``), if it can be found."""
    key = str(error.get("key", ""))
    if error.get("source") == "query":
        return request.query_params.get(key)
    value: Any = ScopeState.from_scope(request.scope).json
    for name, index in _KEY_PART.findall(key):
        try:
            value = value[int(index)] if index else value[name]
        except (KeyError, IndexError, TypeError):
            return None
    return None if value is Empty else value


def _named_character(request: Request, error: dict[str, Any]) -> dict[str, Any]:
    """A control character refused by a text pattern: say which field and which character, not the regex."""
    multiline = is_control_character_refusal(str(error.get("message", "")))
    value = _sent_value(request, error) if multiline is not None and error.get("key") else None
    code = refused_character(value, multiline=bool(multiline)) if isinstance(value, str) else None
    if code is None:
        return error
    return {**error, "message": control_character_detail(error["key"], code, multiline=bool(multiline))}


def _validation_handler(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    if isinstance(exc.extra, list):
        errors = [_named_character(request, _error_item(item)) for item in exc.extra if isinstance(item, dict)]
    first = errors[0] if errors else {}
    detail = first.get("message") or exc.detail or "The request is not valid."
    if first.get("key") and first["key"] not in detail:
        detail = f"{first['key']}: {detail}"
    return problem(400, detail, "validation", field=first.get("key"), errors=errors or None)


def http_problem(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    extra = exc.extra if isinstance(exc.extra, dict) else {}
    response = problem(exc.status_code, exc.detail, None, **extra)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _domain_handler(request: Request, exc: DomainError) -> Response[dict[str, Any]]:
    status = domain_status(exc)
    type_ = getattr(exc, "rule", None) or type(exc).__name__
    response = problem(status, exc.detail, kebab_case(type_), **exc.extra)
    if isinstance(exc, TryLater):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _operational_handler(request: Request, exc: sqlite3.OperationalError) -> Response[dict[str, Any]]:
    """A SQLite lock still held when the busy timeout ran out is a 503 to retry; anything else a 500."""
    if is_lock_timeout(exc):
        return _domain_handler(request, busy_error())
    return _internal_handler(request, exc)


def _undecodable_handler(request: Request, exc: UnicodeDecodeError) -> Response[dict[str, Any]]:
    """msgspec raises this (not a DecodeError, which Litestar turns into a 400) for bytes that are not UTF-8."""
    return problem(400, "The request body is not valid UTF-8 text; send JSON encoded as UTF-8.", "validation")


def _too_deep_handler(request: Request, exc: RecursionError) -> Response[dict[str, Any]]:
    """msgspec raises RecursionError (not a DecodeError) for JSON nested beyond its limit, e.g. ``[`` x 1000.

    Only a body that never finished decoding is the sender's fault; a RecursionError anywhere else is ours.
    """
    if ScopeState.from_scope(request.scope).json is not Empty:
        return _internal_handler(request, exc)
    return problem(400, "The request body nests arrays or objects too deeply to read; send flat JSON.", "validation")


def _integrity_handler(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    """A database constraint refused the write: the request collides with existing data."""
    logger.info("constraint refused a write on %s: %s", request.url.path, exc)
    return problem(409, "That collides with something that already exists.", "constraint")


def _internal_handler(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side; nothing was saved.")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ValidationException: _validation_handler,
    HTTPException: http_problem,
    DomainError: _domain_handler,
    UnicodeDecodeError: _undecodable_handler,
    RecursionError: _too_deep_handler,
    sqlite3.IntegrityError: _integrity_handler,
    sqlite3.OperationalError: _operational_handler,
    asyncpg.IntegrityConstraintViolationError: _integrity_handler,
    Exception: _internal_handler,
}
