"""Counters of attempts per key (a sign-in address, a client address), shared by every worker and machine."""

from piccolo.columns import BigInt, Integer, Serial, Varchar
from piccolo.table import Table


class RateLimit(Table):
    """One counting window per key: ``hits`` attempts since it opened, until ``resets_at``.

    ``key`` is a digest of what is counted (never the email address itself), and
    ``resets_at`` is in Unix seconds so both engines compare it the same way.
    """

    id: Serial

    key = Varchar(length=64, unique=True)
    hits = Integer(default=0)
    resets_at = BigInt(default=0, index=True)
