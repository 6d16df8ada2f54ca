"""Progress over time: the log and the plan's targets gathered once for the
week table, the chart, the streaks of the dashboard and the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from walkcoach.core.models import Entry, Settings, Target
from walkcoach.storage.store import Store

if TYPE_CHECKING:
    from walkcoach.core.stats import DayTally, Streaks


# How far back the dashboard counts a run of days on plan (a year: the cost of
# reading it stays bounded however long the run, SPEC §8).
STREAK_HORIZON = timedelta(weeks=52)


class History:
    """The log and the stored targets from a Monday to today (gathered once)."""

    def __init__(self, store: Store, today: date, first: date) -> None:
        from walkcoach.core.stats import monday_of
        from walkcoach.services import coach

        # Fills any target not stored yet; today's is kept even where the
        # engine does not store it (a day before the program's first target).
        today_target = coach.target_for(store, today)
        self.today = today
        self.settings: Settings = store.settings()
        self.first = monday_of(min(first, today))
        sunday = monday_of(today) + timedelta(days=6)
        self.entries: list[Entry] = store.between(self.first, sunday)
        self.targets: dict[date, Target] = store.targets_between(self.first, today)
        self.targets.setdefault(today, today_target)


def program_first(store: Store, today: date) -> date:
    """The first day anything was logged (today on an empty log)."""
    return min(store.first_day() or today, today)


def streaks_for(store: Store, today: date) -> Streaks:
    """Current and best streaks over the whole log (for `week` and `today`)."""
    from walkcoach.core.stats import streaks

    history = History(store, today, program_first(store, today))
    days_per_week = history.settings.days_per_week
    return streaks(history.entries, history.targets, today, days_per_week)


def current_streak_for(store: Store, today: date) -> Streaks:
    """The current run of days on plan, reading back only as far as it goes.

    For the daily dashboard. The run ending on each past Sunday is remembered
    on that day's stored target (dropped with it when anything it counted
    changes), so a day reads only the days since the last Sunday counted.
    Without one, 8 weeks are read, then each time an older stretch 4 times as
    long (whole weeks, so each stretch is counted on its own), until the run is
    seen to start, but never more than a year (then `longer` says the run is
    older still; `week` counts it whole). `best` is the best run within what was
    read: show it only from streaks_for.
    """
    from walkcoach.core.stats import (
        BREAKS,
        monday_of,
        runs_on_sundays,
        streaks_from,
        tally_days,
    )
    from walkcoach.services import coach

    start = monday_of(program_first(store, today))
    days_per_week = store.settings().days_per_week
    today_target = coach.target_for(store, today)
    horizon = max(start, monday_of(today - STREAK_HORIZON))

    def tallies_of(first: date, last: date) -> list[DayTally]:
        targets = store.doses_between(first, last)
        if last == today:
            targets[today] = today_target
        entries = store.between(first, last)
        return tally_days(entries, targets, first, last, today, days_per_week)

    known = store.run_before(monday_of(today), since=start)
    if known is not None:
        sunday, run = known
        recent = tallies_of(sunday + timedelta(days=1), today)
        store.save_runs(runs_on_sundays(recent, run))
        return streaks_from(recent, run)
    last = today
    first = max(start, monday_of(today - timedelta(weeks=8)))
    span = timedelta(weeks=8)
    tallies: list[DayTally] = []
    while True:
        tallies = tallies_of(first, last) + tallies
        breaks = [t.day for t in tallies if t.mark in BREAKS]
        if first <= start or breaks:
            # The runs of the Sundays after the oldest break read (or from the
            # program's start) are whole: they can be remembered.
            runs = runs_on_sundays(tallies)
            if first > start:
                runs = {day: run for day, run in runs.items() if day >= breaks[0]}
            store.save_runs(runs)
            return streaks_from(tallies)
        if first <= horizon:
            return replace(streaks_from(tallies), longer=True)
        span *= 4
        last = first - timedelta(days=1)
        first = max(horizon, monday_of(first - span))
