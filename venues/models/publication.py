"""The site-wide publication version: one row, bumped by every change the public can see."""

from piccolo.columns import BigInt, Serial, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class PublicationState(Table):
    """Feeds and listings key their caches on ``version``, read from the database,
    so every worker on every machine agrees on what is stale."""

    id: Serial

    version = BigInt(default=1)
    changed_at = Timestamptz(default=TimestamptzNow())
