"""Mail waiting to leave the system, written in the same transaction as the change that causes it."""

from piccolo.columns import Bytea, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxMessage(Table):
    """One message: its RFC 5322 bytes built when it was enqueued, and where its delivery stands.

    ``status`` is ``pending`` (due at ``next_attempt_at``), ``sending`` (claimed by ``claimed_by``
    until ``claimed_until``; a claim left to expire by a sender that died is taken up again),
    ``sent`` or ``failed`` (gave up after the attempts allowed, ``last_error`` says why).
    ``message_id`` is the Message-ID header in ``content``, the same on every attempt, so the rare
    second delivery after a lost acknowledgement is recognisable by the receiving side.
    """

    id: Serial

    message_id = Varchar(length=255, unique=True)
    kind = Varchar(length=64, index=True)
    recipient = Varchar(length=320)
    subject = Text()
    content = Bytea()
    status = Varchar(length=16, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    last_error = Text(default="")
    claimed_by = Varchar(length=64, null=True, default=None)
    claimed_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
