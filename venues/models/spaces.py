"""Rooms, pitches and other bookable spaces, and how combined spaces are made up."""

from piccolo.columns import Array, Boolean, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.venues import Venue


class Space(Table):
    id: Serial
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200)
    name_cy = Varchar(length=200, default="")
    kind = Varchar(length=30, default="hall")
    description = Text(default="")
    description_cy = Text(default="")
    capacity = Integer(default=1)
    facilities = Array(base_column=Varchar(length=40), default=list)
    accessibility = Array(base_column=Varchar(length=40), default=list)
    bookable = Boolean(default=True)
    # Booking rules, in minutes / days so that they are whole numbers on every engine.
    min_booking_minutes = Integer(default=30)
    max_booking_minutes = Integer(default=8 * 60)
    setup_buffer_minutes = Integer(default=0)
    cleanup_buffer_minutes = Integer(default=0)
    min_notice_minutes = Integer(default=24 * 60)
    horizon_days = Integer(default=365)
    requires_approval = Boolean(default=True)
    archived = Boolean(default=False)


class SpacePart(Table):
    """``combined`` is made of ``part``: booking the whole hall occupies each of its parts."""

    id: Serial

    combined = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    part = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
