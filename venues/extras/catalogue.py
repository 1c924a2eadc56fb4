"""The venue's catalogue of extras: adding, changing and archiving them; names unique per venue.

Lowering an extra's stock must not contradict bookings already holding it; that check reads held
stock, which is scheduling's, so ``update_extra`` takes it as ``check`` and runs it inside its
transaction, after the extra's row is locked (``scheduling.extras.stock.change_extra``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from piccolo.columns.combination import Combinable

from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import Extra
from venues.publication import touch_venue
from venues.vocabulary import ExtraUnit, VatTreatment

MAX_UNLIMITED_ITEMS = 99
FIELDS = frozenset(
    {"name", "description", "unit", "price_minor", "currency", "stock", "vat_treatment", "archived", "position"}
)


async def get_extra(extra_id: int) -> Extra:
    extra = await Extra.objects().where(Extra.id == extra_id).first() if in_id_range(extra_id) else None
    if extra is None:
        raise NotFound(_("There is no extra with id %(extra_id)s.") % {"extra_id": extra_id})
    return extra


async def list_extras(
    venue_id: int, limit: int, offset: int, include_archived: bool = False
) -> tuple[list[Extra], int]:
    where: Combinable = Extra.venue == venue_id
    if not include_archived:
        where = where & (Extra.archived.eq(False))
    extras = await Extra.objects().where(where).order_by(Extra.position).order_by(Extra.id).limit(limit).offset(offset)
    return extras, await Extra.count().where(where)


async def _check_name_free(venue_id: int, name: str, except_id: int | None = None) -> None:
    taken = await Extra.select(Extra.id, Extra.name).where(Extra.venue == venue_id)
    if any(row["name"].casefold() == name.casefold() and row["id"] != except_id for row in taken):
        raise Conflict(_("This venue already has an extra called %(name)r.") % {"name": name}, field="name")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - FIELDS
    if unknown:
        raise InvalidInput(sorted(unknown)[0], _("Not a field of an extra."))
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise InvalidInput("name", _("Give the extra a name, for example 'Projector'."))
    for key, vocabulary in (("unit", ExtraUnit), ("vat_treatment", VatTreatment)):
        if key in fields:
            try:
                fields[key] = str(vocabulary(fields[key]))
            except ValueError as exc:
                raise InvalidInput(key, _("Choose one of: %(value)s.") % {"value": ", ".join(vocabulary)}) from exc
    if fields.get("price_minor", 0) < 0:
        raise InvalidInput("price_minor", _("A price cannot be negative."))
    if fields.get("stock") is not None and fields["stock"] < 1:
        raise InvalidInput("stock", _("Stock is at least 1; leave it empty for unlimited."))
    return fields


async def add_extra(venue_id: int, fields: dict[str, Any]) -> Extra:
    """A new extra, placed last unless ``position`` says otherwise."""
    fields = _clean(dict(fields))
    async with write_transaction():
        await _check_name_free(venue_id, fields["name"])
        if fields.get("position") is None:
            last = (
                await Extra.select(Extra.position)
                .where(Extra.venue == venue_id)
                .order_by(Extra.position, ascending=False)
                .first()
            )
            fields["position"] = last["position"] + 1 if last else 0
        extra = Extra(venue=venue_id, **fields)
        await extra.save()
        await touch_venue(venue_id)
    return extra


async def update_extra(
    extra: Extra, fields: dict[str, Any], check: Callable[[Extra, dict[str, Any]], Awaitable[None]] | None = None
) -> Extra:
    """Change ``fields``; ``check(extra, fields)`` runs first in the transaction, with the extra's row held."""
    fields = _clean(dict(fields))
    async with write_transaction():
        await lock_row(Extra, extra.id)
        # Read again under the lock: a copy read before it may predate another change (it would be undone).
        fresh = await Extra.objects().where(Extra.id == extra.id).first()
        if fresh is None:
            raise NotFound(_("There is no extra with id %(id)s.") % {"id": extra.id})
        extra = fresh
        if "name" in fields:
            await _check_name_free(extra.venue, fields["name"], except_id=extra.id)
        if check is not None:
            await check(extra, fields)
        for name, value in fields.items():
            setattr(extra, name, value)
        await extra.save()
        await touch_venue(extra.venue)
    return extra


async def delete_extra(extra: Extra) -> None:
    """Remove an extra no booking ever chose (the caller checks; one that was chosen is archived instead)."""
    async with write_transaction():
        await Extra.delete().where(Extra.id == extra.id)
        await touch_venue(extra.venue)
