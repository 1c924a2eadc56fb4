"""Languages: which one a reader is served in, the catalogues that word the interface, and locale formatting.

One mechanism everywhere: the language in force is a context variable (``current_language``), set by the pages
for each request, by the feeds for each feed, and by whatever builds a message for each recipient
(``using(language)``). ``gettext`` and the formatting functions read it, so a domain function words a sentence the
same way whoever asked; outside any of those (the API, the CLI) it is English.

Catalogues are gettext ``.po`` files under ``locale/`` built with Babel (``make messages`` extracts from Python and
Jinja templates and updates them, ``make compile-messages`` writes the ``.mo`` files the install builds); a missing
or out-of-date ``.mo`` is compiled from its ``.po`` in memory, so a checkout that skipped the build still speaks
Welsh. Content (a venue's or an activity's own words) is not in the catalogues: it is stored in both languages and
chosen by ``content.shown``.
"""

from venues.core.i18n.catalogues import gettext, lazy_gettext, ngettext, npgettext, pgettext
from venues.core.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    current_language,
    language_or_default,
    recipient_language,
    using,
)

_ = gettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "_",
    "current_language",
    "gettext",
    "language_or_default",
    "lazy_gettext",
    "ngettext",
    "npgettext",
    "pgettext",
    "recipient_language",
    "using",
]
