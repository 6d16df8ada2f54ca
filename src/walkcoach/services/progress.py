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

    For the daily dashboard: 8 weeks are read, then each time an older stretch
    4 times as long (whole weeks, so each stretch is counted on its own), until
    the run is seen to start, but never more than a year (then `longer` says
    the run is older still; `week` counts it whole). Only each day's status and
    dose are read. `best` is the best run within what was read: show it only
    from streaks_for.
    """
    from walkcoach.core.stats import BREAKS, monday_of, streaks_from, tally_days
    from walkcoach.services import coach

    start = monday_of(program_first(store, today))
    days_per_week = store.settings().days_per_week
    today_target = coach.target_for(store, today)
    horizon = max(start, monday_of(today - STREAK_HORIZON))
    last = today
    first = max(start, monday_of(today - timedelta(weeks=8)))
    span = timedelta(weeks=8)
    tallies: list[DayTally] = []
    while True:
        entries = store.between(first, last)
        targets = store.doses_between(first, last)
        if last == today:
            targets[today] = today_target
        tallies = (
            tally_days(entries, targets, first, last, today, days_per_week) + tallies
        )
        if first <= start or any(t.mark in BREAKS for t in tallies):
            return streaks_from(tallies)
        if first <= horizon:
            return replace(streaks_from(tallies), longer=True)
        span *= 4
        last = first - timedelta(days=1)
        first = max(horizon, monday_of(first - span))
