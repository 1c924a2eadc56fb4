"""Values sent in a URL or a page form obey the same rules as JSON bodies, checked before any handler runs.

Request bodies are checked by the constrained types in ``api.schemas``; a
URL's values arrive as plain ``str`` parameters (a tag, a slug, a feed token,
a page's ``?week=``) and a form's as plain text, so these hooks apply the
rules to all of them at once and a new parameter or form field is covered
without naming it:

- the text rule: no control characters; URLs carry no multi-line text, and
  a form's fields are single-line unless its route names them in
  ``opt={MULTI_LINE_FIELDS: {"purpose"}}`` (those may hold line feeds and tabs);
- the supported dates: a value that starts like a date (``2027-03-28``,
  ``2027-03-28T10:00``) must fall in ``venues.core.timezones``' range.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from litestar import Request

from api.schemas import control_character_detail, refused_character
from venues.core.errors import InvalidInput
from venues.core.timezones import check_day

MULTI_LINE_FIELDS = "multi_line_fields"
# Browsers post forms as either; both are parsed by ``request.form()`` and both are checked.
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def check_sent_value(name: str, value: str, multiline: bool = False) -> None:
    """InvalidInput (400) naming ``name`` for a refused character or an unsupported date."""
    if code := refused_character(value, multiline=multiline):
        raise InvalidInput(name, control_character_detail(name, code, multiline=multiline))
    if match := _DATE_LIKE.match(value):
        try:
            day = date(*map(int, match.groups()))
        except ValueError:
            return  # not a real date: the parameter's own parsing refuses it
        check_day(name, day)


def check_url_values(request: Request[Any, Any, Any]) -> None:
    """Litestar ``before_request`` hook for every route: query string and path values."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        if isinstance(value, str):
            check_sent_value(name, value)


async def check_url(request: Request[Any, Any, Any]) -> None:
    """The API's ``before_request`` hook: ``check_url_values``, as a coroutine so Litestar calls it on the event loop
    (a plain function hook is run in a worker thread, a thread hop on every request)."""
    check_url_values(request)


async def check_url_and_form_values(request: Request[Any, Any, Any]) -> None:
    """The pages' ``before_request`` hook: the URL's values, then a posted form's (parsed once, kept for the handler)."""
    check_url_values(request)
    if request.method == "POST" and request.content_type[0] in _FORM_TYPES:
        multi_line = request.route_handler.opt.get(MULTI_LINE_FIELDS, ())
        for name, value in (await request.form()).multi_items():
            if isinstance(value, str):
                check_sent_value(name, value, multiline=name in multi_line)
