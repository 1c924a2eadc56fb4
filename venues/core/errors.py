"""Domain errors: plain exceptions the API layer maps to HTTP problems.

Domain code raises these without knowing about HTTP; ``api.errors`` turns
them into RFC 9457 responses (404, 403, 409, 422; 429 and 503 with ``Retry-After``).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class; ``detail`` is a sentence a volunteer can act on."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    """An id that names nothing (or nothing the caller may know exists)."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Conflict(DomainError):
    """The request collides with the current state (taken time, duplicate name)."""


class RuleViolation(DomainError):
    """A booking or configuration rule refuses the request; ``rule`` names which one."""

    def __init__(self, rule: str, detail: str, **extra: Any) -> None:
        super().__init__(detail, rule=rule, **extra)
        self.rule = rule


class InvalidInput(DomainError):
    """A value is well-formed but unacceptable; ``field`` names it."""

    def __init__(self, field: str, detail: str, **extra: Any) -> None:
        super().__init__(detail, field=field, **extra)
        self.field = field


class AffectsBookings(Conflict):
    """A change to a space would leave bookings holding time that no longer matches it (or clashes).

    ``bookings`` lists them (id, title, starts and ends in venue time) for the manager to resolve.
    """

    rule = "affects_bookings"


class TryLater(DomainError):
    """Refused for now, not for good: ``retry_after`` says in how many seconds to try again."""

    def __init__(self, detail: str, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.retry_after = max(1, int(retry_after))


class TooManyAttempts(TryLater):
    """Too many tries of something guessable (a password) from one address or for one account."""


class Busy(TryLater):
    """The database could not take the write lock in time; nothing was written."""
