"""Activities: the public listing of what happens during a booking or at every occurrence of a series.

A listing exists to be published, so only a public booking or series may carry
one; a booking made private later keeps its listing, hidden (see
``activity_access.is_live``). Every write bumps the venue's version in the
same transaction, because feeds key their caches on it, and stamps the listing's
``updated_at`` and ``revision``, which the events showing it carry (``scheduling.feeds.events``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scheduling.bookings.status import WrongStatus
from scheduling.listings.activity_access import Owner, get_activity, is_live, may_change, owner_of
from scheduling.models import Activity
from scheduling.openactive import activity_list
from scheduling.vocabulary import ActivityCategory, Audience, CostKind
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from venues.core.i18n.content import search_text
from venues.models import PublicationState, User
from venues.publication import STATE_ID, touch_venue

MAX_TAGS = 10
TAG_LENGTH = 40
# Tags are matched inside stored arrays with LIKE on SQLite, where % and _ are wildcards.
_TAG_REFUSED = re.compile(r'[%_"\\\x00-\x1f\x7f]')

EDITABLE = frozenset(
    {
        "title",
        "title_cy",
        "description",
        "description_cy",
        "category",
        "tags",
        "audience",
        "cost_kind",
        "price_minor",
        "currency",
        "book_ahead",
        "drop_in",
        "accessibility_notes",
        "public_email",
        "public_phone",
        "public_url",
        "openactive_activity",
    }
)
LIMITS = {
    "title": 200,
    "title_cy": 200,
    "description": 5000,
    "description_cy": 5000,
    "accessibility_notes": 5000,
    "public_email": 254,
    "public_phone": 40,
    "public_url": 500,
    "openactive_activity": 200,
}


_STAMP_SQL = (
    f'UPDATE "{Activity._meta.tablename}" SET "revision" = '
    f'(SELECT "version" FROM "{PublicationState._meta.tablename}" WHERE "id" = {{}}) WHERE "id" = {{}}'
)


async def _stamp(activity_id: int) -> None:
    """The listing's ``revision`` becomes the publication version its write (``touch_venue``) just bumped."""
    await Activity.raw(_STAMP_SQL, STATE_ID, activity_id)


def normalise_tag(tag: str) -> str:
    """Lower case with single spaces, so "Knitting " and "knitting" are one tag on every engine."""
    return " ".join(tag.split()).lower()


def clean_tag(tag: str, field: str = "tags") -> str:
    cleaned = normalise_tag(tag)
    if not cleaned or len(cleaned) > TAG_LENGTH:
        raise InvalidInput(field, f"A tag has 1 to {TAG_LENGTH} characters; {tag!r} does not.")
    if _TAG_REFUSED.search(cleaned):
        raise InvalidInput(field, f"A tag may not contain %, _, quotes, backslashes or control characters: {tag!r}.")
    return cleaned


def clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(clean_tag(tag) for tag in tags))
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput("tags", f"An activity has at most {MAX_TAGS} tags; {len(cleaned)} were given.")
    return cleaned


def openactive_choice(text: str, field: str = "openactive_activity") -> str:
    """The organiser's OpenActive activity as stored: a concept's URL, given as the URL or one of its names
    (ignoring case and punctuation); "none" (any case) means "never publish it"; empty means "match it from
    the title"."""
    if not text.strip():
        return ""
    if text.strip().casefold() == activity_list.NOT_PUBLISHED:
        return activity_list.NOT_PUBLISHED
    concept = activity_list.lookup(text)
    if concept is None:
        raise InvalidInput(
            field,
            f"{text.strip()!r} is not an activity on the OpenActive Activity List. Give one of the list's names "
            "(for example 'Yoga', 'Walking Football' or 'Chair Based Exercise') or its URL, 'none' never to "
            "publish it, or leave it empty to have it matched from the title. Listings that are not a physical activity are not published "
            "to OpenActive.",
        )
    return concept.id


def check_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The columns of an activity, checked as a whole: words from the vocabulary, lengths, a price only when
    priced, an OpenActive activity the list knows (stored as its URL)."""
    values = dict(values)
    values["openactive_activity"] = openactive_choice(values.get("openactive_activity", ""))
    for key, limit in LIMITS.items():
        if len(values.get(key, "")) > limit:
            raise InvalidInput(key, f"{key} has at most {limit} characters.")
    if not values.get("title", "").strip():
        raise InvalidInput("title", "An activity needs a title.")
    for key, words in (("category", ActivityCategory), ("audience", Audience), ("cost_kind", CostKind)):
        try:
            values[key] = str(words(values[key]))
        except ValueError:
            raise InvalidInput(key, f"{values[key]!r} is not one of: {', '.join(words)}.") from None
    values["tags"] = clean_tags(values.get("tags", []))
    values["search_text"] = search_text(
        values.get("title"), values.get("title_cy"), values.get("description"), values.get("description_cy")
    )
    price = values.get("price_minor", 0)
    if values["cost_kind"] == CostKind.priced and price <= 0:
        raise InvalidInput("cost.price_minor", "A priced activity needs a price above 0 (in minor units, e.g. pence).")
    if values["cost_kind"] != CostKind.priced and price != 0:
        raise InvalidInput("cost.price_minor", f"A {values['cost_kind']} activity has no price: send price_minor 0.")
    return values


def _defaults() -> dict[str, Any]:
    return {
        column._meta.name: column.get_default_value()
        for column in Activity._meta.columns
        if column._meta.name in EDITABLE
    }


def check_listable(owner: Owner) -> None:
    """Only a public booking or series that is still on can have a public listing."""
    if owner.gone:
        if owner.booking is not None:
            raise WrongStatus(
                f"This booking is {owner.booking.status}; an activity can only be listed on a requested or confirmed booking.",
                rule="booking_status",
                current_status=owner.booking.status,
            )
        raise Conflict("This series is cancelled; an activity cannot be listed on it.")
    if not owner.is_public:
        raise RuleViolation(
            "activity_needs_public",
            f"This {owner.noun} is private, and private bookings have no public activity: "
            f"make the {owner.noun} public first.",
        )
    if owner.booking is not None and owner.booking.series is not None:
        raise RuleViolation(
            "activity_on_series",
            f"This booking is an occurrence of series {owner.booking.series}: list the activity on the series.",
            series_id=owner.booking.series,
        )


async def _require_change(actor: User, owner: Owner) -> None:
    if not await may_change(actor, owner):
        raise Forbidden(
            f"Only whoever may change this {owner.noun} (its booker, its group's organisers or the venue's managers) "
            "may change its activity."
        )


async def attach_activity(actor: User, owner: Owner, fields: dict[str, Any]) -> Activity:
    """List an activity on a public booking or series that has none yet."""
    await _require_change(actor, owner)
    check_listable(owner)
    values = check_fields({**_defaults(), **{k: v for k, v in fields.items() if k in EDITABLE}})
    now = clock.now()
    activity = Activity(
        booking=owner.booking.id if owner.booking is not None else None,
        series=owner.series.id if owner.series is not None else None,
        created_at=now,
        updated_at=now,
        **values,
    )
    taken = Activity.booking == activity.booking if owner.booking is not None else Activity.series == activity.series
    async with write_transaction():
        existing = await Activity.select(Activity.id).where(taken).first()
        if existing is not None:
            raise Conflict(
                f"This {owner.noun} already has activity {existing['id']}; change it with PATCH /api/v1/activities/{existing['id']}.",
                activity_id=existing["id"],
            )
        await activity.save()
        await touch_venue(owner.venue_id)
        await _stamp(activity.id)
    return activity


async def readable_activity(user: User | None, activity_id: int) -> tuple[Activity, Owner, bool]:
    """The activity, its owner and whether ``user`` may change it; to anyone else NotFound until ``is_live``."""
    activity = await get_activity(activity_id)
    owner = await owner_of(activity)
    editor = await may_change(user, owner)
    if not editor and not await is_live(owner):
        raise NotFound(f"There is no activity with id {activity_id}.")
    return activity, owner, editor


async def change_activity(actor: User, activity_id: int, fields: dict[str, Any]) -> tuple[Activity, Owner]:
    activity = await get_activity(activity_id)
    owner = await owner_of(activity)
    await _require_change(actor, owner)
    current = {key: getattr(activity, key) for key in EDITABLE | {"search_text"}}
    values = check_fields({**current, **{k: v for k, v in fields.items() if k in EDITABLE}})
    changed = {key: value for key, value in values.items() if value != current[key]}
    if not changed:
        return activity, owner
    changed["updated_at"] = clock.now()
    async with write_transaction():
        await Activity.update({getattr(Activity, key): value for key, value in changed.items()}).where(
            Activity.id == activity.id
        )
        await touch_venue(owner.venue_id)
        await _stamp(activity.id)
    for key, value in changed.items():
        setattr(activity, key, value)
    return activity, owner


async def remove_activity(actor: User, activity_id: int) -> None:
    activity = await get_activity(activity_id)
    owner = await owner_of(activity)
    await _require_change(actor, owner)
    async with write_transaction():
        await Activity.delete().where(Activity.id == activity.id)
        await touch_venue(owner.venue_id)
