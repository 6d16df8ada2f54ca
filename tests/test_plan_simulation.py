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


def test_a_bad_day_every_tenth_day_cuts_back_each_time_and_asks_for_a_review() -> None:
    # Issue 12 changes this: a bad day now cuts at least 20% (EVIDENCE 12b; it
    # was 10%), so a walker whose walks go above 5 every tenth day whatever the
    # dose no longer climbs to the goal between them; three bad days in 28 now
    # suggest a clinician review (it used to get there in under 16 weeks).
    made = live(bad_every_tenth_day, 26 * 7)
    statuses = {t.status for t in made}
    assert Status.PAUSE not in statuses  # one bad day in ten is not a flare
    for n in range(11, 26 * 7, 10):  # the day after each bad day
        before, after = made[n - 2], made[n - 1]
        assert after.status is Status.REDUCE, after.reason
        assert after.dose.total * 5 <= before.dose.total * 4 or after.dose == Dose(3, 5)
    assert "review-bad-days" in [w.code for w in made[31 - 1].warnings]
    assert "review-bad-days" not in [w.code for w in made[21 - 1].warnings]


def test_ten_days_off_restart_at_about_60_percent() -> None:
    def with_break(n: int, target: Target) -> list[Entry]:
        return [] if 71 <= n <= 80 else steady(n, target)

    made = live(with_break, 90)
    last = made[70 - 1]  # the target of the last day walked
    back = made[81 - 1]  # the target of the first day back
    assert last.dose.total >= 25  # far enough along for 60% to be above the start
    assert 0.5 * last.dose.total <= back.dose.total <= 0.7 * last.dose.total
    assert back.dose.total >= Dose(3, 5).total
    # Issue 11/12: a lower dose after a break is `restart` (it was `reduce`, and
    # `hold` on the first day back), on the days off and the first day back.
    assert back.status is Status.RESTART  # cut on day 7 of the gap, held since
    assert back.previous == last.dose  # against the last day walked
    assert made[78 - 1].status is Status.RESTART
    assert "No walk for 7 days" in made[78 - 1].reason
    # Walking again builds back up.
    assert made[-1].dose.total > back.dose.total


def test_projection_agrees_with_the_simulation() -> None:
    made = live(steady, 16 * 7)
    stages = plan.project(made[0], Settings())
    assert stages[-1] == (START + timedelta(days=made.index(_first_goal(made))), GOAL)


def _first_goal(made: list[Target]) -> Target:
    return next(t for t in made if t.dose == GOAL)


# --------------------------------------------------------------------------
# Issue 12 profiles: the morning comes first, as in the app
# --------------------------------------------------------------------------

Morning = Callable[[int], list[Entry]]  # day number -> the morning's entries
Walks = Callable[[int, Target], list[Entry]]  # the walks, against the target


def check_in(level: int) -> Morning:
    return lambda n: [Entry(kind=Kind.PAIN, at=at(n, 7), pain=level)]


def walks(before: int, after: int, share: float = 1.0) -> Walks:
    """Every planned walk, at `share` of its minutes, pain `before` → `after`."""

    def walked(n: int, target: Target) -> list[Entry]:
        return [
            Entry(
                kind=Kind.WALK,
                at=at(n, 9 + 3 * i),
                minutes=float(minutes) * share,
                pain_before=before,
                pain_after=after,
            )
            for i, minutes in enumerate(target.dose.walks)
        ]

    return walked


def live_mornings(
    morning: Morning,
    walked: Walks,
    n_days: int,
    settings: Settings = Settings(),
    screening: Screening = CLEAR,
) -> list[Target]:
    """Each day: the morning is logged, the person reads that day's target
    and walks it; the stored target is the day's, recomputed with its log."""
    targets: dict[date, Target] = {}
    log: list[Entry] = []
    made: list[Target] = []
    for n in range(1, n_days + 1):
        day = START + timedelta(days=n - 1)
        first = morning(n)
        seen = plan.step(day, settings, screening, log + first, targets)
        today = sorted(first + walked(n, seen), key=lambda e: e.at)
        target = plan.step(day, settings, screening, log + today, targets)
        targets[day] = target
        made.append(target)
        log += today
    return made


TOLERANT = (check_in(2), walks(2, 3))


def test_tolerant_walker_with_morning_check_ins_takes_6_to_16_weeks() -> None:
    made = live_mornings(*TOLERANT, 16 * 7 + 1)
    assert 6 <= weeks_to_goal(made) <= 16


def test_persistent_morning_rise_pauses_with_advice_and_never_steps_up() -> None:
    rise, settle = 36, 46  # mornings at 5 (usual 2) on days 36-45

    def morning(n: int) -> list[Entry]:
        return check_in(5 if rise <= n < settle else 2)(n)

    def walked(n: int, target: Target) -> list[Entry]:
        return walks(5, 5)(n, target) if rise <= n < settle else walks(2, 3)(n, target)

    made = live_mornings(morning, walked, 26 * 7)
    paused = [
        n
        for n in range(rise, rise + 4)
        if made[n - 1].status is Status.PAUSE
        and "pause-clinician" in [w.code for w in made[n - 1].warnings]
    ]
    assert paused, [made[n - 1].reason for n in range(rise, rise + 4)]
    # No step up from the rise until the pause lifts (after it settles).
    lifted = next(
        n for n in range(paused[0], len(made)) if made[n - 1].status is not Status.PAUSE
    )
    assert lifted > settle
    totals = [made[n - 1].dose.total for n in range(rise - 1, lifted)]
    assert totals == sorted(totals, reverse=True)
    assert made[rise - 1].dose.total < made[rise - 2].dose.total  # cut at once
    # It builds up again afterwards.
    assert weeks_to_goal(made) <= 26


def test_baseline_6_not_made_worse_reaches_1x30_in_under_26_weeks() -> None:
    made = live_mornings(check_in(6), walks(6, 6), 26 * 7)
    assert weeks_to_goal(made) < 26
    assert Status.PAUSE not in {t.status for t in made}
    assert "pain-high-baseline" in [w.code for w in made[10].warnings]


def test_0_to_2_on_every_walk_is_not_held_much_longer_than_tolerant() -> None:
    tolerant = weeks_to_goal(live_mornings(*TOLERANT, 26 * 7))
    made = live_mornings(check_in(0), walks(0, 2), 26 * 7)
    assert weeks_to_goal(made) <= tolerant + 2


def test_walking_double_the_plan_never_gets_there_sooner() -> None:
    tolerant = weeks_to_goal(live_mornings(*TOLERANT, 26 * 7))
    made = live_mornings(check_in(2), walks(2, 3, share=2.0), 26 * 7)
    assert weeks_to_goal(made) >= tolerant


def test_a_flare_every_ten_days_cuts_at_least_20_percent_each_time() -> None:
    def walked(n: int, target: Target) -> list[Entry]:
        if n % 10 == 0:
            return [Entry(kind=Kind.FLARE, at=at(n, 12))]
        return walks(2, 3)(n, target)

    made = live_mornings(check_in(2), walked, 26 * 7)
    for n in range(10, 26 * 7 - 1, 10):
        flare, before, after = made[n - 1], made[n - 2], made[n]
        assert flare.status is Status.REST
        assert after.status is Status.REDUCE or after.dose == Dose(3, 5), after.reason
        if after.dose != Dose(3, 5):
            assert after.dose.total * 5 <= before.dose.total * 4, after.reason
    assert any("review-bad-days" in [w.code for w in t.warnings] for t in made)
