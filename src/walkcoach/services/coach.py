"""Glue between the store and the pure engine: gather, decide, save.

Targets are computed one day at a time by `plan.step` and stored as they are
computed; a change on day X drops the stored targets after X (store.py), and the
next read recomputes them from the last stored one. So a daily command reads a
bounded window however long the history is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from walkcoach.core import plan
from walkcoach.core.models import (
    Dose,
    Entry,
    Kind,
    Screening,
    Settings,
    Target,
    Warning,
    from_device,
    has_pain,
    walks_left,
)
from walkcoach.storage.store import Store

if TYPE_CHECKING:
    from walkcoach.core.stats import Streaks  # loaded only where streaks are shown

ONE_DAY = timedelta(days=1)
TARGET_MEMORY = 15  # days of earlier targets the engine may look at (rule 3)
CHUNK_DAYS = 366  # days computed per read of the log when many are missing


def screening_on(
    screenings: list[Screening],
    day: date,
    clearances: Sequence[tuple[str, datetime]] = (),
) -> Screening:
    """The answers standing on `day`: the newest given on or before it, with
    the clinician's clearances of its caution answers recorded by then."""
    from walkcoach.core.guidance import with_clearances

    standing = [s for s in screenings if s.at is not None and s.at.date() <= day]
    if not standing:
        return Screening()
    return with_clearances(standing[-1], clearances, day)


def target_for(store: Store, day: date) -> Target:
    """The target for `day`, computing and storing any days missing before it."""
    latest = store.latest_target(day)
    if latest is not None and latest.date == day:
        return latest
    # Before the program's first stored target, nothing is stored: such a day
    # is shown as if the program had started then, without changing the plan.
    keep = True
    if latest is not None:
        start = latest.date + ONE_DAY
    else:
        # The program starts with the first entry: a look at an empty log, or
        # at a day before the first entry, must not fix the start.
        first = store.first_day()
        start = min(first or day, day)
        keep = first is not None and first == start
    settings = store.settings()
    screenings = store.screenings()
    clearances = store.clearances()
    known = store.targets_between(start - timedelta(days=TARGET_MEMORY), start)
    computed: list[Target] = []
    # Many missing days (after a big import) are computed a year at a time,
    # each year reading only its own window of the log: memory stays bounded.
    while start <= day:
        end = min(day, start + timedelta(days=CHUNK_DAYS - 1))
        window = start - timedelta(days=plan.WINDOW_DAYS)
        # Each day's own first reading and rest mark are read too (SPEC §6).
        entries = store.between(window, end)
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        made = plan.simulate(
            days,
            settings,
            lambda d: screening_on(screenings, d, clearances),
            entries,
            known,
        )
        computed = list(made.values())
        if keep:
            store.save_targets(computed)
        start = end + ONE_DAY
        remembered = start - timedelta(days=TARGET_MEMORY + 1)
        known = {d: t for d, t in {**known, **made}.items() if d >= remembered}
    return computed[-1]


def projection(store: Store, day: date) -> tuple[Target, list[tuple[date, Dose]]]:
    """`day`'s target and the stages to the goal if every day from it goes well."""
    target = target_for(store, day)
    window = timedelta(days=plan.WINDOW_DAYS)
    settings = store.settings()
    stages = plan.project(
        target,
        settings,
        screening_on(store.screenings(), day, store.clearances()),
        store.targets_between(day - window, day - ONE_DAY),
        store.between(day - window, day - ONE_DAY),
    )
    return target, stages


@dataclass(frozen=True)
class Day:
    """Everything the dashboard shows for one day."""

    target: Target
    walks: tuple[Entry, ...]
    warnings: tuple[Warning, ...]
    marked: Kind | None = None  # the day is marked as a rest or flare-up day

    @property
    def done_sessions(self) -> int:
        return len(self.walks)

    @property
    def done_minutes(self) -> float:
        return sum(w.minutes or 0 for w in self.walks)

    @property
    def left_walks(self) -> tuple[int, ...]:
        """Planned walks not yet done at >= 80% of their minutes (SPEC §6);
        none on a day marked as a rest or flare-up day."""
        if self.marked is not None:
            return ()
        return walks_left((w.minutes for w in self.walks), self.target.dose)

    @property
    def left_sessions(self) -> int:
        return len(self.left_walks)

    @property
    def left_minutes(self) -> int:
        return sum(self.left_walks)


def day_view(store: Store, day: date) -> Day:
    """The target for `day` with what was walked and every warning standing."""
    from walkcoach.core.guidance import day_warnings, sort_warnings

    target = target_for(store, day)
    # The usual pain comes with the target (the engine's baseline of 28 days);
    # the day's warnings need the last week (recurring joint pain).
    recent = store.between(day - timedelta(days=7), day)
    walks = tuple(e for e in recent if e.day == day and e.kind is Kind.WALK)
    marks = [
        e.kind for e in recent if e.day == day and e.kind in (Kind.REST, Kind.FLARE)
    ]
    usual = target.state.usual
    region = store.settings().region
    warnings = tuple(
        sort_warnings(target.warnings, day_warnings(recent, day, usual, region))
    )
    return Day(target, walks, warnings, marks[0] if marks else None)


def dose_json(dose: Dose) -> dict[str, object]:
    """A dose as SPEC §6 shows it: `walks` longest first, `sessions` their
    number, `minutes_per_session` the longest, `total_minutes` their sum."""
    return {
        "sessions": dose.sessions,
        "minutes_per_session": dose.minutes,
        "total_minutes": dose.total,
        "walks": list(dose.walks),
    }


def target_json(target: Target, warnings: Sequence[Warning]) -> dict[str, object]:
    """The JSON object of SPEC §6."""
    previous = target.previous
    return {
        "date": target.date.isoformat(),
        "status": target.status.value,
        **dose_json(target.dose),
        "previous": None if previous is None else dose_json(previous),
        "goal_minutes": target.goal_minutes,
        "reason": target.reason,
        "warnings": [{"level": w.level.value, "message": w.message} for w in warnings],
    }


# A watch's walks wait this many days (today included) for their pain on `today`.
DEVICE_PAIN_DAYS = 7


@dataclass(frozen=True)
class Dashboard:
    """What `today` shows for a day: its view, and what to ask or welcome with."""

    view: Day
    first_use: bool  # nothing set up and nothing logged yet
    answered: bool  # ... though the safety questions were answered
    checked_in: bool  # a pain check-in on the day
    painless: tuple[Entry, ...]  # walks of the day and the day before without pain
    streak: Streaks | None
    # A watch's walks of the last DEVICE_PAIN_DAYS days without pain (issue 15).
    watch_painless: tuple[Entry, ...] = ()


def dashboard(store: Store, day: date, with_streak: bool = True) -> Dashboard:
    """The dashboard of `day` (the streak only when it will be shown)."""
    from walkcoach.services.progress import current_streak_for

    view = day_view(store, day)
    first_use = not store.settings().configured and not store.has_entries()
    week = store.between(day - timedelta(days=DEVICE_PAIN_DAYS - 1), day)
    # Walks without any pain cannot make a day good (SPEC §6, EVIDENCE 11b):
    # ask, for yesterday's and today's, and for a week of a watch's walks.
    unrated = [e for e in week if e.kind is Kind.WALK and not has_pain(e)]
    painless = tuple(
        e for e in unrated if e.day >= day - ONE_DAY and not from_device(e)
    )
    return Dashboard(
        view=view,
        first_use=first_use,
        answered=first_use and bool(store.screenings()),
        checked_in=any(e.day == day and e.kind is Kind.PAIN for e in week),
        painless=painless,
        watch_painless=tuple(e for e in unrated if from_device(e)),
        streak=current_streak_for(store, day) if with_streak else None,
    )


def next_view(store: Store, day: date) -> tuple[Target, list[Warning]]:
    """The target for the day after `day`, from the log up to `day`, with the
    warnings standing for it."""
    from walkcoach.core.guidance import day_warnings, sort_warnings

    tomorrow = day + ONE_DAY
    target = target_for(store, tomorrow)
    recent = store.between(day - timedelta(days=7), day)
    usual = target.state.usual  # the baseline before tomorrow
    return target, sort_warnings(target.warnings, day_warnings(recent, tomorrow, usual))


def program(store: Store) -> Settings:
    """The program chosen in setup (the defaults before it)."""
    return store.settings()


def save_program(store: Store, settings: Settings, effective: date) -> None:
    """Store a new program; targets from `effective` on follow it."""
    store.save_settings(settings, effective)
