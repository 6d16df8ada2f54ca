"""Import walks a phone or watch recorded (issue 15): gather -> decide -> save.

`decide` is pure: from the activities the readers found and the walks already
logged around them, it works out what to add, what to merge and what to skip.
A device walk overlapping a logged walk by at least half of the shorter of the
two is the same walk: the logged entry keeps its pain (and its minutes) and
gains the measured distance and steps; no entry is ever doubled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from walkcoach.core.entries import MAX_DISTANCE, MAX_MINUTES, MAX_STEPS
from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.core.models import Entry, Kind, has_pain
from walkcoach.storage.devices import (
    FORMAT_NAMES,
    FORMATS,
    HEAD_BYTES,
    SUFFIXES,
    Activity,
    Reading,
    detect,
    read,
    work,
)

if TYPE_CHECKING:
    from walkcoach.storage.store import Store

__all__ = ["FORMATS", "Reading", "read", "work"]

MIN_MINUTES = 0.5  # shorter: a GPS blip or a button pressed twice, not a walk
OVERLAP_SHARE = 0.5  # of the shorter walk: over this, two walks are one
ONE_DAY = timedelta(days=1)  # a walk near midnight may meet one of the next day

Local = Callable[[datetime], datetime]
# Richest first: an Apple Health export before the GPX routes of its workouts.
FORMAT_ORDER = {"health": 0, "fit": 1, "tcx": 2, "gpx": 3}


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as raw:
            return raw.read(HEAD_BYTES)
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None


def device_format(path: Path) -> str | None:
    """The device format of a file named on the command line, by its content;
    None for anything else (a walkcoach export). A file named like a device
    file (.gpx, .fit, .tcx, .zip, .xml) that is none is refused."""
    found = detect(_head(path))
    if found is None and path.suffix.lower() in SUFFIXES:
        raise InvalidInput(
            f"{path.name} is not a GPX, FIT, TCX or Apple Health file (by its "
            "content); nothing was imported"
        )
    return found


def device_files(folder: Path, forced: str | None) -> list[tuple[Path, str]]:
    """The device files in a folder and below (`forced`: all read as that
    format), richest formats first, each in name order."""
    found: list[tuple[Path, str]] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        fmt = forced if forced in FORMATS else detect(_head(path))
        if fmt is not None:
            found.append((path, fmt))
    return sorted(found, key=lambda item: FORMAT_ORDER[item[1]])


@dataclass
class Outcome:
    """What an import does (or, with --dry-run, would do)."""

    added: list[Entry] = field(default_factory=list)
    merged: list[tuple[Entry, Entry]] = field(default_factory=list)  # before, after
    already: int = 0  # the same activity, or a walk already holding its data
    not_walks: Counter[str] = field(default_factory=Counter)  # by sport
    too_long: int = 0
    too_short: int = 0
    future: int = 0
    before_since: int = 0

    @property
    def changes(self) -> bool:
        return bool(self.added or self.merged)


def walk_of(activity: Activity, local: Local) -> Entry:
    """The walk entry an activity becomes (not yet checked against the log)."""
    start = activity.start if activity.local else local(activity.start)
    km = activity.distance_km
    steps = activity.steps
    note = f"from {activity.source} ({FORMAT_NAMES[activity.fmt]})"
    return Entry(
        kind=Kind.WALK,
        at=start.replace(microsecond=0),
        minutes=round(activity.minutes, 1),
        distance_km=round(km, 3) if km and 0.001 <= km < MAX_DISTANCE else None,
        steps=steps if steps and 0 < steps <= MAX_STEPS else None,
        note=note,
        uuid=activity.uuid,
    )


def _end(entry: Entry) -> datetime:
    return entry.at + timedelta(minutes=entry.minutes or 0)


def overlap_share(one: Entry, two: Entry) -> float:
    """How much of the shorter walk the two share in time (0 to 1)."""
    shared = (min(_end(one), _end(two)) - max(one.at, two.at)).total_seconds()
    shorter = min(one.minutes or 0, two.minutes or 0) * 60
    return max(shared, 0.0) / shorter if shorter > 0 else 0.0


def merge(kept: Entry, device: Entry) -> Entry:
    """`kept` with what `device` measured: a walk with pain keeps its pain and
    its minutes and gains the measured distance and steps; a walk without pain
    (another device's) only fills in what it lacks."""
    if has_pain(kept):
        return replace(
            kept,
            distance_km=device.distance_km or kept.distance_km,
            steps=device.steps or kept.steps,
            note=kept.note or device.note,
        )
    return replace(
        kept,
        distance_km=kept.distance_km or device.distance_km,
        steps=kept.steps or device.steps,
    )


def decide(
    activities: Iterable[Activity],
    logged: Callable[[date], Sequence[Entry]],
    known: set[str],
    now: datetime,
    local: Local,
    keep_all: bool = False,
    since: date | None = None,
) -> Outcome:
    """What to add, merge and skip. `logged(day)` gives the walks logged on a
    day; `known` the UUIDs the log already has."""
    out = Outcome()
    # The entries of the log as this import leaves them, by id (merges) and
    # the walks it adds, so that two files of one walk make one entry.
    changed: dict[int, tuple[Entry, Entry]] = {}
    seen = set(known)
    for activity in sorted(activities, key=lambda a: a.start):
        if not keep_all and not activity.is_walk:
            out.not_walks[activity.sport or "unknown"] += 1
            continue
        if activity.minutes > MAX_MINUTES:
            out.too_long += 1
            continue
        if activity.minutes < MIN_MINUTES:
            out.too_short += 1
            continue
        walk = walk_of(activity, local)
        if walk.at > now:
            out.future += 1
            continue
        if since is not None and walk.day < since:
            out.before_since += 1
            continue
        if walk.uuid in seen:
            out.already += 1
            continue
        seen.add(walk.uuid)
        candidates = [
            changed[e.id][1] if e.id in changed else e
            for day in (walk.day - ONE_DAY, walk.day, walk.day + ONE_DAY)
            for e in logged(day)
            if e.kind == Kind.WALK and e.id is not None
        ] + out.added
        same = max(
            (c for c in candidates if overlap_share(c, walk) >= OVERLAP_SHARE),
            key=lambda c: overlap_share(c, walk),
            default=None,
        )
        if same is None:
            out.added.append(walk)
            continue
        after = merge(same, walk)
        if after == same:
            out.already += 1
        elif same.id is None:  # a walk of this same import
            out.added[out.added.index(same)] = after
        else:
            before = changed[same.id][0] if same.id in changed else same
            changed[same.id] = (before, after)
    out.merged = list(changed.values())
    return out


def gather_and_decide(
    store: Store,
    activities: list[Activity],
    now: datetime,
    local: Local,
    keep_all: bool,
    since: date | None,
) -> Outcome:
    """Read what the log has around the activities, then decide."""
    cache: dict[date, list[Entry]] = {}

    def logged(day: date) -> list[Entry]:
        if day not in cache:
            cache[day] = store.between(day, day)
        return cache[day]

    known = store.known_uuids(a.uuid for a in activities)
    return decide(activities, logged, known, now, local, keep_all, since)


def walks(count: int) -> str:
    """'1 walk', '2 walks'."""
    return f"{count} walk{'' if count == 1 else 's'}"


def save(store: Store, outcome: Outcome, names: str) -> tuple[list[Entry], Path]:
    """Write the outcome as one undoable change, after a backup; the walks
    added (with their ids) and the backup's path."""
    from walkcoach.storage.backup import backup_before

    copy = backup_before(store, "import")
    summary = f"import of {walks(len(outcome.added))} from {names}"
    if outcome.merged:
        summary += f" ({len(outcome.merged)} merged)"
    return store.import_walks(outcome.added, outcome.merged, summary), copy
