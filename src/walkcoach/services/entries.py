"""Recording and correcting entries: log a walk or check-in, mark a rest day,
list, edit, delete, undo. Each use case gathers from the store, decides with the
core and saves; the command line only parses what was typed and renders."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from walkcoach.core import entries
from walkcoach.core.entries import describe, entry_details, entry_label
from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.core.guidance import (
    entry_warnings,
    one_voice,
    screening_from_answers,
)
from walkcoach.core.models import (
    NUMB_BOTH_LEGS,
    SYMPTOM_RED_FLAGS,
    WEAK_URGENT,
    Entry,
    Kind,
    Screening,
    Warning,
)
from walkcoach.core.timer import Timer
from walkcoach.services.assess import Assessment, assess, longest_planned
from walkcoach.storage.store import Store


@dataclass(frozen=True)
class Logged:
    """A new entry as stored, its day as it stands now, and what to warn about."""

    entry: Entry
    view: Assessment  # the entry's day as every screen shows it
    warnings: list[Warning]


def record(
    store: Store, entry: Entry, now: datetime, stopping: Timer | None = None
) -> Logged:
    """Store a new entry (undoable) with the safety answer it implies, and
    assess its day afterwards. With `stopping`, the entry is that timed walk,
    which ends in the same change (services/timer.py)."""
    recent = store.between(entry.day - timedelta(days=7), entry.day)
    first_of_day = not any(
        e.day == entry.day and e.at <= entry.at and e.reading is not None
        for e in recent
    )
    action = "log" if stopping is None else "stop"
    stored = store.add(
        entry,
        summary=f"{action} of {describe(entry, now, with_id=False)}",
        screening=_red_flag_answer(store, entry.symptoms, now),
        stopping=stopping,
    )
    view = assess(store, stored.day, now.date())
    # The engine's baseline (28 days, EVIDENCE 13b) comes with the day's target.
    usual = view.target.state.usual
    walked_before = any(
        e.kind is Kind.WALK and e.day == stored.day - timedelta(days=1) for e in recent
    )
    region = store.settings().region
    fresh = entry_warnings(stored, usual, first_of_day, walked_before, region)
    # The day's own words first: a code the day already shows keeps its text.
    return Logged(stored, view, one_voice(view.warnings, fresh))


def implausible(store: Store, minutes: float, day: date) -> int | None:
    """The longest walk planned on `day` when `minutes` is implausible for this
    person (models.is_implausible_walk), else None."""
    from walkcoach.core.models import is_implausible_walk

    if not is_implausible_walk(minutes, 0):
        return None  # plausible whatever the plan: no need to read it
    longest = longest_planned(store, day)
    return longest if is_implausible_walk(minutes, longest) else None


def _red_flag_answer(
    store: Store, symptoms: tuple[str, ...], now: datetime
) -> Screening | None:
    """A red-flag symptom (saddle numbness, bladder or bowel trouble, numbness
    or weakness in both legs, weakness getting worse quickly) answers its
    urgent question yes on top of the standing answers, in the entry's own
    transaction: the program stops until `walkcoach check` is answered clear
    (SPEC §5, rule 7). None otherwise."""
    flagged = {SYMPTOM_RED_FLAGS[s] for s in symptoms if s in SYMPTOM_RED_FLAGS}
    if not flagged:
        return None
    standing = store.screenings()
    yes = set(standing[-1].urgent + standing[-1].caution) if standing else set()
    return screening_from_answers(sorted(yes | flagged), now)


def mark_day(store: Store, entry: Entry, today: date, now: datetime) -> Logged:
    """Mark a rest or flare-up day; a day is marked once."""
    day = entry.day
    taken = [e for e in store.between(day, day) if e.kind in (Kind.REST, Kind.FLARE)]
    if taken:
        from walkcoach.core.dates import format_day

        raise WalkcoachError(
            f"{format_day(day, today)} is already marked as a "
            f"{entry_label(taken[0], with_id=False)} (#{taken[0].id}; change "
            f"it with walkcoach edit {taken[0].id}, or remove it with "
            f"walkcoach delete {taken[0].id})"
        )
    return record(store, entry, now)


@dataclass(frozen=True)
class Break:
    """A planned break as stored: its marks, their span in words, and the days
    left as they were because they were marked already."""

    marks: list[Entry]
    span: str
    skipped: list[date]


def mark_break(store: Store, marks: list[Entry], now: datetime) -> Break:
    """Mark several days at once (`rest --until`), in one transaction and one
    change, so that one undo takes them all back; marked days are skipped."""
    from walkcoach.core.dates import format_day

    first, last = marks[0].day, marks[-1].day
    taken = {
        e.day for e in store.between(first, last) if e.kind in (Kind.REST, Kind.FLARE)
    }
    free = [m for m in marks if m.day not in taken]
    if not free:
        raise WalkcoachError("every day of that break is already marked")
    today = now.date()
    name = entries.KIND_NAMES[free[0].kind]
    span = (
        f"{len(free)} {name}s, {format_day(free[0].day, today)} to "
        f"{format_day(free[-1].day, today)}"
    )
    stored = store.add_all(free, summary=f"log of {span}")
    return Break(stored, span, sorted(taken))


@dataclass(frozen=True)
class Listing:
    """Entries to show, whether older ones were left out, and the distance unit."""

    entries: list[Entry]
    older: bool
    units: str


def listing(
    store: Store, first: date | None, end: date, count: int | None, default: int
) -> Listing:
    """The entries from `first` (or the newest `count`, else `default`) to `end`."""
    if first is None:
        # One more than shown, to tell whether older entries were left out.
        shown = store.last((count or default) + 1, until=end)
        older = len(shown) > (count or default)
        shown = shown[1:] if older else shown
    else:
        shown = store.between(first, end)
        older = count is not None and len(shown) > count
        shown = shown[-count:] if count is not None else shown
    return Listing(shown, older, store.settings().units)


def units(store: Store) -> str:
    """The distance unit chosen in setup."""
    return store.settings().units


def find(store: Store, entry_id: int) -> Entry:
    """The entry with this id (-1: the newest); NotFound otherwise."""
    return store.get(entry_id)


def edit(
    store: Store,
    entry_id: int,
    changes: dict[str, object],
    flags: dict[str, bool | None],
    now: datetime,
) -> tuple[Entry, Entry]:
    """Change fields of one entry (undoable); (before, after), equal if nothing
    changed. `flags` sets (True) or clears (False) symptom flags."""
    before = store.get(entry_id)
    changes = dict(changes)
    if flags.get("numbness") is False:
        flags = {**flags, NUMB_BOTH_LEGS: False}  # no numbness: not in both legs
    if flags.get("leg-weakness") is False:
        flags = {**flags, WEAK_URGENT: False}
    if any(v is not None for v in flags.values()):
        kept = [s for s in before.symptoms if flags.get(s) is not False]
        added = [s for s, on in flags.items() if on and s not in kept]
        changes["symptoms"] = tuple(kept + added)
    if not changes:
        raise InvalidInput("nothing to change: give a flag such as --minutes 12")
    entries.check_fields(before.kind, set(changes))
    after = replace(before, **changes)  # type: ignore[arg-type]
    if after != before:
        summary = (
            f"edit of {entry_label(before)} (back to {entry_details(before, now)})"
        )
        store.update(before, after, summary=summary)
    return before, after


def delete(store: Store, entry: Entry, now: datetime) -> None:
    """Delete one entry (undoable), after a safety copy of the database."""
    from walkcoach.storage.backup import backup_before

    backup_before(store, "delete")
    store.delete(entry, summary=f"delete of {describe(entry, now)}")


def undo(store: Store) -> tuple[str, str] | None:
    """Revert the newest change: its (action, summary), or None if none."""
    return store.undo()
