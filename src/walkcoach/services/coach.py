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
    from_device,
    has_pain,
)
from walkcoach.storage.store import Store

if TYPE_CHECKING:
    from walkcoach.services.assess import Assessment

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


# A watch's walks wait this many days (today included) for their pain on `today`.
DEVICE_PAIN_DAYS = 7


@dataclass(frozen=True)
class Dashboard:
    """What `today` shows for a day: its assessment, and what to welcome with."""

    view: Assessment
    first_use: bool  # nothing set up and nothing logged yet
    answered: bool  # ... though the safety questions were answered
    # A watch's walks of the last DEVICE_PAIN_DAYS days without pain (issue 15).
    watch_painless: tuple[Entry, ...] = ()


def dashboard(
    store: Store, day: date, today: date | None = None, with_streak: bool = True
) -> Dashboard:
    """The dashboard of `day` seen on `today` (default: `day` itself); the
    streak only when it will be shown."""
    from walkcoach.services.assess import assess

    view = assess(store, day, today or day, with_streak=with_streak)
    first_use = not store.settings().configured and not store.has_entries()
    week = store.between(day - timedelta(days=DEVICE_PAIN_DAYS - 1), day)
    # Walks without any pain cannot make a day good (SPEC §6, EVIDENCE 11b):
    # the assessment asks for yesterday's and today's typed walks; a watch's
    # walks are asked for over a week.
    watch = [
        e for e in week if e.kind is Kind.WALK and not has_pain(e) and from_device(e)
    ]
    return Dashboard(
        view=view,
        first_use=first_use,
        answered=first_use and bool(store.screenings()),
        watch_painless=tuple(watch),
    )


def next_view(store: Store, day: date, today: date) -> Assessment:
    """The day after `day`, from the log up to `day`, assessed on `today`."""
    from walkcoach.services.assess import assess

    return assess(store, day + ONE_DAY, today)


def program(store: Store) -> Settings:
    """The program chosen in setup (the defaults before it)."""
    return store.settings()


def save_program(store: Store, settings: Settings, effective: date) -> None:
    """Store a new program; targets from `effective` on follow it."""
    store.save_settings(settings, effective)
