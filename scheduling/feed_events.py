"""Turning bookings into calendar events: in full, privately, or as an anonymous busy block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from scheduling.ical import STATUS_CANCELLED, STATUS_CONFIRMED, STATUS_TENTATIVE, FeedEvent
from scheduling.models import Booking

# Feeds show from a month ago to a little over a year ahead: enough for every
# calendar client's default views, bounded so a feed cannot grow without limit.
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=400)

STATUS_OF = {
    "requested": STATUS_TENTATIVE,
    "confirmed": STATUS_CONFIRMED,
    "declined": STATUS_CANCELLED,
    "cancelled": STATUS_CANCELLED,
}

BOOKING_FEED_COLUMNS = (
    Booking.id,
    Booking.uid,
    Booking.title,
    Booking.purpose,
    Booking.status,
    Booking.starts_at,
    Booking.ends_at,
    Booking.sequence,
    Booking.created_at,
    Booking.updated_at,
    Booking.booker_name,
    Booking.booker_email,
    Booking.booker_phone,
    Booking.attendance,
    Booking.is_public,
    Booking.space.name,
    Booking.venue.id,
    Booking.venue.name,
    Booking.venue.timezone,
    Booking.venue.address,
    Booking.venue.postcode,
    Booking.venue.latitude,
    Booking.venue.longitude,
    Booking.group.name,
)


@dataclass(frozen=True)
class FeedWindow:
    starts: datetime
    ends: datetime

    @classmethod
    def around(cls, now: datetime) -> "FeedWindow":
        day = now.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(day - FEED_PAST, day + FEED_FUTURE)


def uid_host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "commonroom"


def location_of(row: dict[str, Any]) -> str:
    parts = [row["space.name"], row["venue.name"], row["venue.address"], row["venue.postcode"]]
    return ", ".join(part for part in parts if part)


def geo_of(row: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = row["venue.latitude"], row["venue.longitude"]
    return (lat, lon) if lat is not None and lon is not None else None


def private_event(row: dict[str, Any], base_url: str) -> FeedEvent:
    """Everything the venue's managers or the group's organisers know about the booking."""
    lines = [f"Status: {row['status']}"]
    contact = ", ".join(v for v in (row["booker_email"], row["booker_phone"]) if v)
    if row["booker_name"] or contact:
        lines.append(f"Booked by: {row['booker_name']}{f' ({contact})' if contact else ''}")
    if row["group.name"]:
        lines.append(f"Group: {row['group.name']}")
    if row["purpose"]:
        lines.append(f"Purpose: {row['purpose']}")
    lines.append(f"Expected attendance: {row['attendance']}")
    lines.append("Public listing" if row["is_public"] else "Private booking")
    return FeedEvent(
        uid=f"booking-{row['uid']}@{uid_host(base_url)}",
        summary=row["title"] or row["group.name"] or row["booker_name"] or "Booking",
        start=row["starts_at"],
        end=row["ends_at"],
        tz=row["venue.timezone"],
        last_modified=row["updated_at"],
        created=row["created_at"],
        sequence=row["sequence"],
        status=STATUS_OF[row["status"]],
        description="\n".join(lines),
        location=location_of(row),
        geo=geo_of(row),
        url=f"{base_url}/api/v1/bookings/{row['id']}",
    )


def busy_event(row: dict[str, Any], base_url: str) -> FeedEvent:
    """A booking the public may know only as taken time: no name, contact or purpose."""
    return FeedEvent(
        uid=f"busy-{row['uid']}@{uid_host(base_url)}",
        summary="Booked",
        start=row["starts_at"],
        end=row["ends_at"],
        tz=row["venue.timezone"],
        last_modified=row["updated_at"],
        sequence=row["sequence"],
        status=STATUS_CONFIRMED,
        location=location_of(row),
    )
