"""Recording what a request accepted and answered, inside its write transaction, and reading it back.

Private: only those who see a booking's private fields (the booker, the group's organisers, the venue's managers)
are shown it. A date of a series shows what was accepted for its series."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from scheduling.hire_answers.check import Checked
from scheduling.models import HireAnswer, TermsAcceptance
from venues.core import clock
from venues.models import User


async def record_hire_answers(
    checked: Checked, actor: User, booking_id: int | None = None, series_id: int | None = None
) -> None:
    """Write the acceptance (when the venue has terms) and the answers (prompts copied) for one booking or series.

    Call inside the request's ``write_transaction()``; a manager booking for someone is the one who accepted."""
    if checked.terms is not None:
        await TermsAcceptance(
            booking=booking_id,
            series=series_id,
            terms=checked.terms.id,
            version=checked.terms.version,
            accepted_by=actor.id,
            accepted_name=actor.display_name,
            accepted_at=clock.now(),
        ).save()
    if checked.answers:
        await HireAnswer.insert(
            *(
                HireAnswer(
                    booking=booking_id, series=series_id, question=question.id, prompt=question.prompt, answer=answer
                )
                for question, answer in checked.answers
            )
        )


async def carry_hire_answers(from_series_id: int, to_series_id: int) -> None:
    """The new series a split makes keeps what the old one accepted and answered (as it was, by whom and
    when): copies of its rows naming the new series. Call inside the split's ``write_transaction()``."""
    accepted = await TermsAcceptance.objects().where(TermsAcceptance.series == from_series_id)
    if accepted:
        await TermsAcceptance.insert(
            *(
                TermsAcceptance(
                    series=to_series_id,
                    terms=row.terms,
                    version=row.version,
                    accepted_by=row.accepted_by,
                    accepted_name=row.accepted_name,
                    accepted_at=row.accepted_at,
                )
                for row in accepted
            )
        )
    answers = await HireAnswer.objects().where(HireAnswer.series == from_series_id).order_by(HireAnswer.id)
    if answers:
        await HireAnswer.insert(
            *(
                HireAnswer(series=to_series_id, question=row.question, prompt=row.prompt, answer=row.answer)
                for row in answers
            )
        )


@dataclass(frozen=True)
class Accepted:
    version: int
    accepted_by_name: str
    accepted_at: datetime


@dataclass(frozen=True)
class HireRecord:
    """What one booking or series holds; empty for a request made when the venue asked nothing."""

    accepted: Accepted | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)


EMPTY = HireRecord()


async def _records(column: str, ids: Sequence[int]) -> dict[int, HireRecord]:
    if not ids:
        return {}
    acceptance_key = getattr(TermsAcceptance, column)
    answer_key = getattr(HireAnswer, column)
    accepted = await TermsAcceptance.objects().where(acceptance_key.is_in(list(ids))).order_by(TermsAcceptance.id)
    answers = await HireAnswer.objects().where(answer_key.is_in(list(ids))).order_by(HireAnswer.id)
    acceptance_by: dict[int, Accepted] = {}
    for row in accepted:
        acceptance_by[getattr(row, column)] = Accepted(row.version, row.accepted_name, row.accepted_at)
    answers_by: dict[int, list[tuple[str, str]]] = {}
    for answer in answers:
        answers_by.setdefault(getattr(answer, column), []).append((answer.prompt, answer.answer))
    return {
        key: HireRecord(acceptance_by.get(key), answers_by.get(key, [])) for key in set(acceptance_by) | set(answers_by)
    }


async def series_records(series_ids: Iterable[int]) -> dict[int, HireRecord]:
    return await _records("series", sorted(set(series_ids)))


async def booking_records(bookings: Iterable[tuple[int, int | None]]) -> dict[int, HireRecord]:
    """By booking id, from (booking id, series id) pairs: the booking's own record, else its series'."""
    pairs = list(bookings)
    own = await _records("booking", sorted({booking_id for booking_id, _ in pairs}))
    by_series = await series_records(
        series_id for booking_id, series_id in pairs if series_id and booking_id not in own
    )
    found: dict[int, HireRecord] = {}
    for booking_id, series_id in pairs:
        record = own.get(booking_id) or (by_series.get(series_id) if series_id else None)
        if record is not None:
            found[booking_id] = record
    return found


async def booking_record(booking_id: int, series_id: int | None) -> HireRecord:
    return (await booking_records([(booking_id, series_id)])).get(booking_id, EMPTY)


async def series_record(series_id: int) -> HireRecord:
    return (await series_records([series_id])).get(series_id, EMPTY)
