"""Calendar invitations (RFC 5546 iTIP) carried by confirmation and cancellation messages.

A one-off booking's VEVENT is the booker's private feed event (``scheduling.feeds.events.private_event``):
the same UID (``booking-<uid>@host``) and the same SEQUENCE (the booking's own plus the venue's and the
group's revisions), so a calendar that holds the invitation and reads the feed meets one event, and a later
message (moved, cancelled) carries a higher SEQUENCE that replaces what it holds. A series is one recurring
VEVENT whose UID is the public feed's (``series-<uid>@host``), its RRULE ended at the last date booked and
its EXDATEs the dates not confirmed.

METHOD:REQUEST with the venue as ORGANIZER and the booker as ATTENDEE (RSVP=FALSE: nothing to answer, the
booking is already decided) makes Outlook, Gmail and Apple Mail add or update the event; METHOD:CANCEL
with the same UID and a higher SEQUENCE removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from icalendar import Calendar, vCalAddress, vText

from scheduling.feeds.ical import PRODID, STATUS_CANCELLED, STATUS_CONFIRMED, FeedEvent, event_component
from scheduling.feeds.vtimezone import vtimezone

REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Party:
    email: str
    name: str = ""


def _address(party: Party, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{party.email}")
    if party.name:
        address.params["CN"] = vText(party.name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def invitation(
    event: FeedEvent, method: str, organizer: Party, attendee: Party, overrides: tuple[FeedEvent, ...] = ()
) -> bytes:
    """The iCalendar body of an invitation (``REQUEST``) or a cancellation (``CANCEL``) of ``event``.

    ``overrides``: a series' dates moved from where its rule puts them, each with its RECURRENCE-ID.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    first = min([event.start, *event.exdates]).date()
    last = event.end.date()
    if event.rrule and "UNTIL=" in event.rrule:
        until = event.rrule.split("UNTIL=", 1)[1][:8]
        last = max(last, date(int(until[:4]), int(until[4:6]), int(until[6:8])))
    if event.tz not in ("UTC", "Etc/UTC"):
        calendar.add_component(vtimezone(event.tz, date(first.year - 1, 1, 1), date(last.year + 2, 1, 1)))
    status = STATUS_CANCELLED if method == CANCEL else STATUS_CONFIRMED
    for part in (event, *(o for o in overrides if method != CANCEL)):
        component = event_component(replace(part, status=status))
        component.add("organizer", _address(organizer))
        component.add(
            "attendee",
            _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="ACCEPTED", RSVP="FALSE", CUTYPE="INDIVIDUAL"),
        )
        calendar.add_component(component)
    return calendar.to_ical()
