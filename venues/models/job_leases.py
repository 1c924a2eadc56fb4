"""Who runs each periodic job now: one row per job, held by one process until ``expires_at``."""

from piccolo.columns import BigInt, Serial, Varchar
from piccolo.table import Table


class JobLease(Table):
    """The lease on one periodic job (``send-mail``, ``extend-series``…), taken and renewed by
    ``venues.core.leases``.

    ``holder`` names one process (``host:pid:random``); ``expires_at`` is in Unix seconds so both
    engines compare it the same way. A row whose time has passed is free for any process to take.
    """

    id: Serial

    name = Varchar(length=64, unique=True)
    holder = Varchar(length=200, default="")
    expires_at = BigInt(default=0)
