"""Progress over time: the log and the plan's targets gathered once for the
week table, the chart, the streaks of the dashboard and the report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from walkcoach.core.models import Entry, Settings, Target
from walkcoach.storage.store import Store

if TYPE_CHECKING:
    from walkcoach.core.stats import Streaks


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

    For the daily dashboard: 8 weeks are read, then 4 times more until the run
    is seen to start, so a long history costs nothing. `best` is the best run
    within what was read: show it only from streaks_for.
    """
    from walkcoach.core.stats import BREAKS, streaks_from, tally_days

    start = program_first(store, today)
    span = timedelta(weeks=8)
    while True:
        history = History(store, today, max(start, today - span))
        days_per_week = history.settings.days_per_week
        tallies = tally_days(
            history.entries, history.targets, history.first, today, today, days_per_week
        )
        if history.first <= start or any(t.mark in BREAKS for t in tallies):
            return streaks_from(tallies)
        span *= 4
