"""Public listings: what happens during a booking or every occurrence of a series."""

from piccolo.columns import Array, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from scheduling.models.series import Series


class Activity(Table):
    """Attached to exactly one booking or one series, at most one listing each (see migrations).

    Its times are those of the booking, or of the series' occurrence bookings.
    ``category``, ``audience`` and ``cost_kind`` take the words in
    ``scheduling.vocabulary`` and are indexed for what's-on filters. Money is
    integer minor units; only a ``priced`` activity has a price.
    """

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    series = ForeignKey(references=Series, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    title = Varchar(length=200)
    title_cy = Varchar(length=200, default="")
    description = Text(default="")
    description_cy = Text(default="")
    search_text = Text(default="")
    """Title and description in both languages folded (``venues.core.i18n.content.search_text``), kept by every
    write of those; What's on's text search reads only this, the same on both engines."""
    category = Varchar(length=30, default="other", index=True)
    tags = Array(base_column=Varchar(length=40), default=list)
    audience = Varchar(length=20, default="all_ages", index=True)
    cost_kind = Varchar(length=20, default="free", index=True)
    price_minor = Integer(default=0)
    currency = Varchar(length=3, default="GBP")
    book_ahead = Boolean(default=False)
    # "Come along any time" rather than a run session with a start: set by the organiser, counted in reports.
    drop_in = Boolean(default=False)
    accessibility_notes = Text(default="")
    public_email = Varchar(length=254, default="")
    public_phone = Varchar(length=40, default="")
    public_url = Varchar(length=500, default="")
    # "This and following" gives the later dates a new series and a copy of this listing, which
    # names the one it carries on from: an activity's page and calendar follow that chain.
    # The OpenActive Activity List concept it is published as (its URL), chosen by the organiser;
    # empty: matched from the title, or not published as OpenActive (scheduling.openactive.activity_list).
    openactive_activity = Varchar(length=200, default="")
    continues: ForeignKey["Activity"] = ForeignKey(
        references="self", on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    # The publication version of its last write: the SEQUENCE of the events showing it counts it, and
    # a listing removed and attached again starts above the old one (scheduling.feeds.events).
    revision = Integer(default=0)
