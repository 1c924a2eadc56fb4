"""The OpenActive feeds' items, the marks writers leave for them, and the change counter.

Writers never build feed items. Database triggers (migration ``scheduling_2026_11_30t02_10_00``)
leave an ``OpenActiveChange`` mark in the writer's own transaction naming what it touched (a
booking, a series, a listing, a group, a space with the time it held, a venue). A stamper
(``scheduling.openactive.stamping.refresh``) turns marks into items: it recomputes the items of
whatever the marks reach, and gives each item whose JSON changed the next change number, holding
the counter row until it commits. Only one stamper holds numbers at a time, so numbers become
visible in order and a consumer paging by change number never misses one.
"""

from piccolo.columns import BigInt, Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class OpenActiveItem(Table, tablename="openactive_item"):
    """One RPDE item of one feed, current (``updated``) or a tombstone (``deleted``).

    ``change_number`` is the item's RPDE ``modified`` and its place in the feed (unique per feed,
    see migrations). ``owner`` names what its items are recomputed from together
    (``activity:12``, ``space:3``, ``slots:3:2026-12-01``); ``venue_id`` and ``space_id`` find
    the owners a venue's or a space's change reaches even after the rows are gone (no foreign
    keys, so tombstones outlive them). ``ends_at`` is when an updated item is over (rolled off as a
    tombstone); ``deleted_at`` when a tombstone was made (purged after the retention).
    """

    id: Serial

    feed = Varchar(length=30)
    item_id = Varchar(length=100)
    kind = Varchar(length=40)
    change_number = BigInt()
    state = Varchar(length=8)
    data = Text(default="")
    owner = Varchar(length=60, index=True)
    venue_id = Integer(null=True, default=None, index=True)
    space_id = Integer(null=True, default=None, index=True)
    day = Date(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    deleted_at = Timestamptz(null=True, default=None)


class OpenActiveChange(Table, tablename="openactive_change"):
    """A mark a trigger left: ``kind`` (booking, series, activity, group, space, venue) and the row's id (``row_id``).

    A space's mark from held time carries the span (UTC epoch seconds) so only its days' slots are
    recomputed. Marks are plain inserts, never upserts: a stamper deletes exactly the marks it
    read, so a mark committed while it worked stays for the next run.
    """

    id: Serial

    kind = Varchar(length=12)
    row_id = BigInt()
    starts_ts = BigInt(null=True, default=None)
    ends_ts = BigInt(null=True, default=None)


class OpenActiveCounter(Table, tablename="openactive_counter"):
    """The single row (id 1): the last change number given, and when time last rolled the feeds on."""

    id: Serial

    last_change = BigInt(default=0)
    rolled_at = Timestamptz(null=True, default=None)
