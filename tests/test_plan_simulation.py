"""Whole programs, simulated day by day (SPEC §6: 6–16 weeks to one 30-min walk)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone

import pytest

from walkcoach.core import plan
from walkcoach.core.models import Dose, Entry, Kind, Screening, Settings, Status, Target

TZ = timezone(timedelta(hours=2))
START = date(2026, 4, 6)
CLEAR = Screening(answered=True)
GOAL = Dose(1, 30)

# A day's plan for the simulated person: (day number, target) -> that day's log.
Person = Callable[[int, Target], list[Entry]]


def at(n: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(
        START + timedelta(days=n - 1), time(hour, minute), tzinfo=TZ
    )


def steady(n: int, target: Target) -> list[Entry]:
    """Every planned session walked, pain 2 → 3, back to 2 by the next morning."""
    log = [Entry(kind=Kind.PAIN, at=at(n, 7), pain=2)]
    for i in range(target.dose.sessions):
        log.append(
            Entry(
                kind=Kind.WALK,
                at=at(n, 9 + 4 * i),
                minutes=float(target.dose.minutes),
                pain_before=2,
                pain_after=3,
            )
        )
    return log


def bad_every_tenth_day(n: int, target: Target) -> list[Entry]:
    """Like `steady`, but every 10th day the walks push pain to 6."""
    log = steady(n, target)
    if n % 10:
        return log
    return [e if e.kind is Kind.PAIN else _with_pain_after(e, 6) for e in log]


def _with_pain_after(walk: Entry, pain: int) -> Entry:
    return Entry(
        kind=walk.kind,
        at=walk.at,
        minutes=walk.minutes,
        pain_before=walk.pain_before,
        pain_after=pain,
    )


def live(person: Person, n_days: int, settings: Settings = Settings()) -> list[Target]:
    """Step through `n_days`, the person walking each day's target."""
    targets: dict[date, Target] = {}
    log: list[Entry] = []
    made: list[Target] = []
    for n in range(1, n_days + 1):
        day = START + timedelta(days=n - 1)
        target = plan.step(day, settings, CLEAR, log, targets)
        targets[day] = target
        made.append(target)
        log += person(n, target)
    return made


def weeks_to_goal(made: list[Target]) -> float:
    first = next(i for i, t in enumerate(made) if t.dose == GOAL)
    return first / 7


def test_steady_walker_reaches_one_30_min_walk_in_6_to_16_weeks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    made = live(steady, 16 * 7 + 1)
    weeks = weeks_to_goal(made)
    assert 6 <= weeks <= 16
    assert made[0].dose == Dose(3, 5)
    assert made[-1].status is Status.GOAL and made[-1].dose == GOAL
    # Every day good and fully walked: the dose never drops on the way.
    totals = [t.dose.total for t in made]
    assert totals == sorted(totals)
    assert capsys.readouterr() == ("", "")


def test_a_bad_day_every_tenth_day_still_gets_there_later() -> None:
    steady_weeks = weeks_to_goal(live(steady, 16 * 7 + 1))
    made = live(bad_every_tenth_day, 26 * 7)
    assert steady_weeks < weeks_to_goal(made) <= 16
    statuses = {t.status for t in made}
    assert Status.REDUCE in statuses  # the bad days were not ignored
    assert Status.PAUSE not in statuses  # one bad day in ten is not a flare


def test_ten_days_off_restart_at_about_60_percent() -> None:
    def with_break(n: int, target: Target) -> list[Entry]:
        return [] if 71 <= n <= 80 else steady(n, target)

    made = live(with_break, 90)
    last = made[70 - 1]  # the target of the last day walked
    back = made[81 - 1]  # the target of the first day back
    assert last.dose.total >= 25  # far enough along for 60% to be above the start
    assert 0.5 * last.dose.total <= back.dose.total <= 0.7 * last.dose.total
    assert back.dose.total >= Dose(3, 5).total
    assert back.status is Status.HOLD  # cut on day 7 of the gap, held since
    assert made[78 - 1].status is Status.REDUCE
    assert "No walk for 7 days" in made[78 - 1].reason
    # Walking again builds back up.
    assert made[-1].dose.total > back.dose.total


def test_projection_agrees_with_the_simulation() -> None:
    made = live(steady, 16 * 7)
    stages = plan.project(made[0], Settings())
    assert stages[-1] == (START + timedelta(days=made.index(_first_goal(made))), GOAL)


def _first_goal(made: list[Target]) -> Target:
    return next(t for t in made if t.dose == GOAL)
