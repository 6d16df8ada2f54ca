"""The safety answers: save a screening with the answers a clinician has
already cleared, record a clearance later, and the region the words follow
(SPEC §5; EVIDENCE 0b rows 14b, 14c)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from walkcoach.core import guidance
from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.core.models import Screening
from walkcoach.services import coach
from walkcoach.storage.store import Store


@dataclass(frozen=True)
class Answered:
    """The answers standing after a check, with their clearances, and the
    region whose emergency and same-day words they are shown in."""

    screening: Screening
    region: str


def region(store: Store) -> str:
    """The region chosen in setup (SPEC §5), "other" before it."""
    return store.settings().region


def answer(store: Store, screening: Screening, cleared: Sequence[str]) -> Answered:
    """Save new answers, with the caution answers a clinician has already
    cleared (`check --yes ID --cleared ID`, or asked on a terminal)."""
    assert screening.at is not None
    store.save_screening(screening, cleared)
    clearances = [(qid, screening.at) for qid in cleared]
    return Answered(
        guidance.with_clearances(screening, clearances, screening.at.date()),
        store.settings().region,
    )


def clear(store: Store, ids: Sequence[str], at: datetime) -> Answered:
    """`check --cleared ID`: record that a clinician has cleared caution
    answers standing now. InvalidInput for an unknown, split or urgent id;
    WalkcoachError for one that is not answered yes (nothing is saved)."""
    for qid in ids:  # a bad id is bad input, whatever the database holds
        try:
            guidance.clearable_question(qid)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
    standing = coach.screening_on(store.screenings(), at.date())
    try:
        chosen = guidance.check_clearable(ids, standing)
    except ValueError as error:
        raise WalkcoachError(str(error)) from None
    store.save_clearances(chosen, at)
    screening = coach.screening_on(store.screenings(), at.date(), store.clearances())
    return Answered(screening, store.settings().region)
