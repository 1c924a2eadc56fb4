"""The language a person chose, kept on their account so pages and mail follow them to any device."""

from __future__ import annotations

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.i18n.languages import LANGUAGES
from venues.models import User


async def choose_language(user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(
            "language",
            _("%(language)r is not one of %(value)s.") % {"language": language[:20], "value": ", ".join(LANGUAGES)},
        )
    async with write_transaction():
        await User.update({User.language: language}).where(User.id == user.id)
    user.language = language
