"""Rendering a page: the template, who is signed in, and the form helpers every page area shares."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from api.pages.support.languages import LANGUAGE_FILTERS, language_context
from api.pages.support.wording import FILTERS
from venues.core.errors import InvalidInput
from venues.core.i18n import _, gettext, ngettext, npgettext, pgettext
from venues.models import User
from venues.permissions import managed_venue_ids, treasurer_venue_ids

TEMPLATES = Path(__file__).parent.parent / "templates"
STATIC = Path(__file__).parent.parent / "static"


def _add_filters(engine: JinjaTemplateEngine) -> None:
    """The wording filters, and gettext in the language in force for the request (``{{ _("Text") }}``,
    ``{% trans %}``; whitespace inside a ``trans`` block is trimmed, as extraction trims it)."""
    env = engine.engine
    env.filters.update(FILTERS)
    env.filters.update(LANGUAGE_FILTERS)
    env.globals["language_context"] = language_context
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=_add_filters)


def current_user(request: Request[Any, Any, Any]) -> User | None:
    return request.scope.get("user")


async def page(request: Request[Any, Any, Any], template: str, status_code: int = 200, **context: Any) -> Template:
    """``template`` with the signed-in account and whether to show the manager desk in the menu."""
    user = current_user(request)
    runs_venues = user is not None and (
        user.is_admin or bool(await managed_venue_ids(user)) or bool(await treasurer_venue_ids(user))
    )
    return Template(
        template_name=template,
        context={
            "user": user,
            "runs_venues": runs_venues,
            "path": request.url.path,
            **language_context(request),
            **context,
        },
        status_code=status_code,
    )


def query_string(pairs: list[tuple[str, Any]]) -> str:
    """``a=1&b=2`` with empty values left out."""
    return urlencode([(key, value) for key, value in pairs if value not in (None, "", False)])


def form_date(value: str | None, field: str, required: bool = True) -> date | None:
    if not value:
        if required:
            raise InvalidInput(field, _("Choose a date."))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, _("%(value)r is not a date such as 2027-03-30.") % {"value": value}) from None


_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def form_month(value: str | None, field: str) -> date | None:
    """A month input's ``2026-10`` as the 1st of that month; None where it was left empty."""
    if not value:
        return None
    match = _MONTH.match(value)
    try:
        if match is None:
            raise ValueError(value)
        return date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise InvalidInput(field, _("%(value)r is not a month such as 2026-10.") % {"value": value}) from None


def form_time(value: str | None, field: str) -> time:
    if not value:
        raise InvalidInput(field, _("Choose a time."))
    try:
        return time.fromisoformat(value).replace(second=0, microsecond=0)
    except ValueError:
        raise InvalidInput(field, _("%(value)r is not a time such as 09:30.") % {"value": value}) from None


MAX_FORM_INT = 2_147_483_647  # the largest a PostgreSQL INTEGER column holds
_WHOLE_NUMBER = re.compile(r"^-?[0-9]{1,10}$")


def form_int(
    value: str | None, field: str, default: int | None = None, least: int = -MAX_FORM_INT, most: int = MAX_FORM_INT
) -> int | None:
    """A whole number typed into a form, within ``least``..``most`` (by default what an INTEGER column holds).

    Only ASCII digits count (``int("²")`` fails and ``int("٣")`` is 3), and never more than ten of them, so no
    odd value becomes a 500 or an overflow in the database.
    """
    if value is None or value.strip() == "":
        return default
    cleaned = value.strip()
    if not _WHOLE_NUMBER.match(cleaned):
        raise InvalidInput(field, _("%(value)r is not a whole number.") % {"value": value[:40]})
    number = int(cleaned)
    if not least <= number <= most:
        raise InvalidInput(
            field,
            _("%(field)s is between %(least)s and %(most)s.")
            % {"field": field.replace("_", " ").capitalize(), "least": least, "most": most},
        )
    return number


def query_int(value: str | None, default: int | None = None) -> int | None:
    """A whole number from a page address (``?page=2``); anything else (``x``, ``²``, ``-1``) is ignored.

    Every page reads numbers from its query through this, so no odd value reaches ``int()`` and becomes a 500.
    """
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        return default
    return int(value)


def checked(value: str | None) -> bool:
    return value is not None and value.lower() in ("on", "1", "true", "yes")
