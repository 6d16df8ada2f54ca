"""Pure summaries of the log: each day's mark, weekly rows, streaks, what is left.

No I/O, no clock, no rich: entries and stored targets come in, plain data goes
out, and "today" is always a parameter. docs/progress.md explains the rules in
plain words; in short:

- A day's *planned sessions* are its stored target's sessions, except on a
  rest or flare day, under `stop`, on a day without a target (before the
  program), and, at `goal`, on the week's days off (7 - days per week).
- A walk *counts* toward the plan when it lasts at least 80% of the target's
  minutes per session (SPEC §6 adherence); a day is *on plan* when it has as
  many such walks as planned sessions.
- Streaks count days on plan; rest and flare days (and days off at goal) are
  skipped, a planned day not on plan ends the run, and today stays open until
  it is on plan or over.
- Walks count in the totals whatever the plan said: a week's minutes are always
  the sum of its walks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from walkcoach.core.models import (
    Entry,
    Kind,
    Screening,
    Status,
    Target,
    counts_as_session,
    first_reading,
)

# WHO 2020: at least 150 min of moderate activity a week (EVIDENCE §0 row 3).
WHO_WEEKLY_MINUTES = 150
ONE_DAY = timedelta(days=1)


class Mark(StrEnum):
    """How a day stands against the plan."""

    ON_PLAN = "on-plan"  # every planned session walked, each at >= 80% minutes
    SHORT = "short"  # planned and walked, but less than the plan asked
    MISSED = "missed"  # planned, and no walk at all
    REST = "rest"  # a rest day: nothing planned
    FLARE = "flare"  # a flare-up day: nothing planned
    DAY_OFF = "day-off"  # at goal: one of the week's 7 - days-per-week days off
    OPEN = "open"  # today, not on plan yet: it can still be
    NO_PLAN = "no-plan"  # before the program, after today, or under `stop`


# Marks that end a streak, and marks whose planned sessions count for adherence.
BREAKS = frozenset({Mark.SHORT, Mark.MISSED})
PLANNED = frozenset({Mark.ON_PLAN, Mark.SHORT, Mark.MISSED, Mark.OPEN})


@dataclass(frozen=True)
class DayTally:
    """One calendar day: what was walked, what was planned, and its mark."""

    day: date
    mark: Mark
    walks: int = 0
    minutes: float = 0.0
    counted: int = 0  # walks at >= 80% of the planned minutes per session
    planned_sessions: int = 0  # 0 unless the mark is in PLANNED
    planned_minutes: int = 0
    morning_pain: int | None = None  # the day's first pain reading
    pain_after_max: int | None = None  # the highest pain after a walk that day

    @property
    def adherence_done(self) -> int:
        """Planned sessions done (today: as far as it has gone)."""
        return min(self.counted, self.planned_sessions)

    @property
    def adherence_planned(self) -> int:
        """Planned sessions that count in adherence: today's only once done."""
        if self.mark is Mark.OPEN:
            return self.adherence_done
        return self.planned_sessions

    @property
    def planned_so_far(self) -> int:
        """Planned minutes that count in a week's Plan: the same sessions as
        adherence, so an open today adds only the sessions walked so far."""
        if self.mark is Mark.OPEN:
            return self.planned_minutes * self.adherence_done // self.planned_sessions
        return self.planned_minutes


@dataclass(frozen=True)
class WeekRow:
    """One Monday-Sunday week (SPEC §3 `week --json`)."""

    week_start: date
    days_walked: int
    sessions: int
    minutes: float
    planned_minutes: int
    adherence: float | None  # 0-1; None when nothing was planned
    pain_before_mean: float | None
    pain_after_mean: float | None
    morning_pain_mean: float | None
    rest_days: int
    flare_days: int
    days_on_plan: int = 0
    days_planned: int = 0  # days that had planned sessions (today once on plan)
    steps: int = 0  # steps logged with the week's walks (not in the JSON)
    # What the means and adherence are made of, so that weeks add up (week_total).
    sessions_done: int = 0
    sessions_planned: int = 0
    pain_before_count: int = 0
    pain_after_count: int = 0
    morning_count: int = 0

    def to_json(self) -> dict[str, object]:
        """The object of SPEC §3, exactly those fields."""
        return {
            "week_start": self.week_start.isoformat(),
            "days_walked": self.days_walked,
            "sessions": self.sessions,
            "minutes": round(self.minutes, 2),
            "planned_minutes": self.planned_minutes,
            "adherence": _round(self.adherence, 3),
            "pain_before_mean": _round(self.pain_before_mean, 2),
            "pain_after_mean": _round(self.pain_after_mean, 2),
            "morning_pain_mean": _round(self.morning_pain_mean, 2),
            "rest_days": self.rest_days,
            "flare_days": self.flare_days,
        }


@dataclass(frozen=True)
class Streaks:
    """Runs of days on plan: the one still going, and the longest."""

    current: int
    best: int
    today_open: bool = False  # today can still extend the current run
    longer: bool = False  # the run goes back further than was read


@dataclass(frozen=True)
class WeekLeft:
    """What is left of the current week, against the plan and against WHO's 150."""

    week_start: date
    days_left: int  # today to Sunday, both included
    minutes_done: float  # walked so far this week
    plan_left: int | None  # minutes the plan still asks for, if today's target holds
    who_left: float  # minutes still short of 150 this week (0 when reached)

    @property
    def who_per_day(self) -> float:
        """WHO minutes still to walk, spread over the days left."""
        return self.who_left / self.days_left if self.days_left else 0.0


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _mean(values: Sequence[float]) -> float | None:
    # math.fsum / n is statistics.fmean, without loading the statistics module
    # (and its decimal and fractions) on the dashboard's path.
    return math.fsum(values) / len(values) if values else None


def by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    """Entries grouped by their local day, each day's in time order."""
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    for day_entries in days.values():
        day_entries.sort(key=lambda e: (e.at, e.id or 0))
    return dict(days)


def morning_pain(day_entries: Sequence[Entry]) -> int | None:
    """The first pain reading of a day: a check-in, or a walk's pain before."""
    return first_reading(day_entries)


def counts_toward(walk: Entry, target: Target) -> bool:
    """A walk counts as a planned session at >= 80% of the minutes per session."""
    return counts_as_session(walk.minutes, target.dose)


def tally_days(
    entries: Iterable[Entry],
    targets: Mapping[date, Target],
    first: date,
    last: date,
    today: date,
    days_per_week: int = 5,
) -> list[DayTally]:
    """One tally per day from first to last (both included), oldest first.

    Start `first` on a Monday: days off at goal are counted per Monday-Sunday
    week from `first` on.
    """
    grouped = by_day(entries)
    days_off_allowed = max(0, 7 - days_per_week)
    tallies: list[DayTally] = []
    days_off = 0
    day = first
    while day <= last:
        if day.weekday() == 0:
            days_off = 0
        tally = _tally(grouped.get(day, []), targets.get(day), day, today)
        if (
            tally.mark in BREAKS
            and targets[day].status is Status.GOAL
            and days_off < days_off_allowed
        ):
            # At goal the plan is one walk on `days_per_week` days: the first
            # days of a week without it are the week's days off.
            days_off += 1
            tally = replace(
                tally, mark=Mark.DAY_OFF, planned_sessions=0, planned_minutes=0
            )
        tallies.append(tally)
        day += ONE_DAY
    return tallies


def _tally(
    day_entries: Sequence[Entry], target: Target | None, day: date, today: date
) -> DayTally:
    walks = [e for e in day_entries if e.kind is Kind.WALK]
    minutes = math.fsum(w.minutes or 0 for w in walks)
    pain = morning_pain(day_entries)
    after = max((w.pain_after for w in walks if w.pain_after is not None), default=None)
    kinds = {e.kind for e in day_entries}
    unplanned: Mark | None = None
    if Kind.FLARE in kinds:
        unplanned = Mark.FLARE
    elif Kind.REST in kinds:
        unplanned = Mark.REST
    elif target is None or target.dose.sessions == 0 or day > today:
        unplanned = Mark.NO_PLAN
    if unplanned is not None or target is None:
        mark = unplanned or Mark.NO_PLAN
        return DayTally(
            day, mark, len(walks), minutes, morning_pain=pain, pain_after_max=after
        )
    counted = sum(1 for w in walks if counts_toward(w, target))
    sessions = target.dose.sessions
    if counted >= sessions:
        mark = Mark.ON_PLAN
    elif day == today:
        mark = Mark.OPEN
    elif walks:
        mark = Mark.SHORT
    else:
        mark = Mark.MISSED
    return DayTally(
        day,
        mark,
        len(walks),
        minutes,
        counted,
        planned_sessions=sessions,
        planned_minutes=target.dose.total,
        morning_pain=pain,
        pain_after_max=after,
    )


def week_rows(
    entries: Iterable[Entry],
    targets: Mapping[date, Target],
    first_monday: date,
    last_monday: date,
    today: date,
    days_per_week: int = 5,
) -> list[WeekRow]:
    """One row per Monday-Sunday week from first_monday to last_monday, oldest first.

    `entries` should cover first_monday to the Sunday after last_monday.
    Planned minutes and adherence cover the same sessions: every planned one
    before today, and today's only as far as walked (all of them once today is
    on plan), so an unwalked morning neither adds to Plan nor lowers Done.
    """
    entries = list(entries)
    last_day = last_monday + timedelta(days=6)
    tallies = tally_days(entries, targets, first_monday, last_day, today, days_per_week)
    walks_by_week: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind is Kind.WALK:
            walks_by_week[monday_of(entry.day)].append(entry)
    rows: list[WeekRow] = []
    for index in range(0, len(tallies), 7):
        week = tallies[index : index + 7]
        start = week[0].day
        walks = walks_by_week.get(start, [])
        planned = sum(t.adherence_planned for t in week)
        done = sum(t.adherence_done for t in week)
        mornings = [t.morning_pain for t in week if t.morning_pain is not None]
        befores = [w.pain_before for w in walks if w.pain_before is not None]
        afters = [w.pain_after for w in walks if w.pain_after is not None]
        rows.append(
            WeekRow(
                week_start=start,
                days_walked=sum(1 for t in week if t.walks),
                sessions=len(walks),
                minutes=math.fsum(w.minutes or 0 for w in walks),
                planned_minutes=sum(t.planned_so_far for t in week),
                adherence=done / planned if planned else None,
                pain_before_mean=_mean(befores),
                pain_after_mean=_mean(afters),
                morning_pain_mean=_mean(mornings),
                rest_days=sum(1 for t in week if t.mark is Mark.REST),
                flare_days=sum(1 for t in week if t.mark is Mark.FLARE),
                days_on_plan=sum(1 for t in week if t.mark is Mark.ON_PLAN),
                days_planned=sum(
                    1 for t in week if t.mark in PLANNED and t.adherence_planned
                ),
                steps=sum(w.steps or 0 for w in walks),
                sessions_done=done,
                sessions_planned=planned,
                pain_before_count=len(befores),
                pain_after_count=len(afters),
                morning_count=len(mornings),
            )
        )
    return rows


def _pooled(pairs: Sequence[tuple[float | None, int]]) -> float | None:
    """The mean of several means, each weighed by how many values it holds."""
    total = sum(count for _, count in pairs if count)
    if not total:
        return None
    return math.fsum((mean or 0) * count for mean, count in pairs) / total


def week_total(rows: Sequence[WeekRow]) -> WeekRow:
    """The weeks added up: counts summed, adherence and pain means over every
    planned session, walk and morning of them (not a mean of weekly means)."""
    done = sum(r.sessions_done for r in rows)
    planned = sum(r.sessions_planned for r in rows)
    return WeekRow(
        week_start=rows[0].week_start if rows else date.min,
        days_walked=sum(r.days_walked for r in rows),
        sessions=sum(r.sessions for r in rows),
        minutes=math.fsum(r.minutes for r in rows),
        planned_minutes=sum(r.planned_minutes for r in rows),
        adherence=done / planned if planned else None,
        pain_before_mean=_pooled(
            [(r.pain_before_mean, r.pain_before_count) for r in rows]
        ),
        pain_after_mean=_pooled(
            [(r.pain_after_mean, r.pain_after_count) for r in rows]
        ),
        morning_pain_mean=_pooled(
            [(r.morning_pain_mean, r.morning_count) for r in rows]
        ),
        rest_days=sum(r.rest_days for r in rows),
        flare_days=sum(r.flare_days for r in rows),
        days_on_plan=sum(r.days_on_plan for r in rows),
        days_planned=sum(r.days_planned for r in rows),
        steps=sum(r.steps for r in rows),
        sessions_done=done,
        sessions_planned=planned,
        pain_before_count=sum(r.pain_before_count for r in rows),
        pain_after_count=sum(r.pain_after_count for r in rows),
        morning_count=sum(r.morning_count for r in rows),
    )


def streaks_from(tallies: Iterable[DayTally], run: int = 0) -> Streaks:
    """Current and best runs of days on plan, from tallies oldest first; `run`:
    the run already going on the day before the first tally."""
    best = run
    today_open = False
    for tally in tallies:
        if tally.mark is Mark.ON_PLAN:
            run += 1
            best = max(best, run)
        elif tally.mark in BREAKS:
            run = 0
        today_open = tally.mark is Mark.OPEN
    return Streaks(current=run, best=best, today_open=today_open)


def runs_on_sundays(tallies: Iterable[DayTally], run: int = 0) -> dict[date, int]:
    """The run of days on plan ending on each Sunday among `tallies` (oldest
    first; `run` as in streaks_from): what the dashboard may remember."""
    found: dict[date, int] = {}
    for tally in tallies:
        if tally.mark is Mark.ON_PLAN:
            run += 1
        elif tally.mark in BREAKS:
            run = 0
        elif tally.mark is Mark.OPEN:
            break  # today: not over yet
        if tally.day.weekday() == 6:
            found[tally.day] = run
    return found


def streaks(
    entries: Iterable[Entry],
    targets: Mapping[date, Target],
    today: date,
    days_per_week: int = 5,
) -> Streaks:
    """Current and best runs of days on plan, up to today.

    `entries` and `targets` should reach back to the program's first day (for
    the best run); the count starts on the Monday of the earliest of them.
    """
    entries = list(entries)
    starts = [e.day for e in entries] + list(targets)
    if not starts:
        return Streaks(0, 0)
    first = monday_of(min(starts))
    return streaks_from(
        tally_days(entries, targets, first, today, today, days_per_week)
    )


def this_week_left(
    week: Sequence[DayTally],
    today_target: Target | None,
    today: date,
    days_per_week: int = 5,
    today_left: int | None = None,
) -> WeekLeft:
    """What is left this week: `week` is the current week's tallies (from Monday).

    The plan's part assumes today's target holds for the rest of the week; at
    goal it is the goal walks still needed for `days_per_week` days.
    `today_left`: the minutes the day's assessment leaves today, when known.
    """
    start = monday_of(today)
    this_week = [t for t in week if start <= t.day <= start + timedelta(days=6)]
    done = math.fsum(t.minutes for t in this_week)
    days_left = 7 - today.weekday()
    now = next((t for t in this_week if t.day == today), None)
    plan_left: int | None = None
    if today_target is not None:
        dose = today_target.dose
        later = days_left - 1
        if dose.sessions == 0:
            plan_left = 0
        elif today_target.status is Status.GOAL:
            walked = sum(1 for t in this_week if t.mark is Mark.ON_PLAN)
            can = later + (1 if now is not None and now.mark is Mark.OPEN else 0)
            plan_left = min(max(0, days_per_week - walked), can) * dose.total
        else:
            rest_today = now is not None and now.mark in (Mark.REST, Mark.FLARE)
            today_part = 0 if rest_today else dose.total
            if today_left is not None:
                today_part = today_left
            elif now is not None:
                today_part = max(0, round(today_part - now.minutes))
            plan_left = today_part + later * dose.total
    return WeekLeft(
        week_start=start,
        days_left=days_left,
        minutes_done=done,
        plan_left=plan_left,
        who_left=max(0.0, WHO_WEEKLY_MINUTES - done),
    )


@dataclass(frozen=True)
class PlanChange:
    """A day whose target differs from the day before's, with the engine's reason."""

    day: date
    status: Status
    sessions: int
    minutes: int
    reason: str


def plan_changes(targets: Mapping[date, Target]) -> list[PlanChange]:
    """Days where the dose or the status changed (and the first day), oldest first."""
    changes: list[PlanChange] = []
    before: Target | None = None
    for day in sorted(targets):
        target = targets[day]
        if (
            before is None
            or target.dose != before.dose
            or (target.status != before.status and target.status is not Status.HOLD)
        ):
            changes.append(
                PlanChange(
                    day,
                    target.status,
                    target.dose.sessions,
                    target.dose.minutes,
                    target.reason,
                )
            )
        before = target
    return changes


def warnings_raised(
    targets: Mapping[date, Target], skip: Iterable[str] = ()
) -> list[tuple[date, str, str]]:
    """Each warning of the stored targets on the first day of every run it stood.

    Returns (day, level, message) tuples, oldest first; warnings whose code is
    in `skip` are left out.
    """
    raised: list[tuple[date, str, str]] = []
    standing: set[str] = set()
    left_out = set(skip)
    for day in sorted(targets):
        now: set[str] = set()
        for warning in targets[day].warnings:
            if warning.code in left_out:
                continue
            key = warning.code or warning.message
            now.add(key)
            if key not in standing:
                raised.append((day, warning.level.value, warning.message))
        standing = now
    return raised


@dataclass(frozen=True)
class Answer:
    """A safety question answered yes: from the screening that first said so
    to the first later one that answered it no (`cleared`; None: still yes)."""

    question: str  # the question's id (guidance.QUESTION_BY_ID)
    level: str  # "urgent" or "caution"
    at: datetime
    cleared: datetime | None = None
    # When `check --cleared` recorded that a clinician had cleared it (the
    # first clearance while it stood; EVIDENCE 0b rows 14b, 14c).
    clinician: datetime | None = None


def yes_answers(
    screenings: Iterable[Screening],
    clearances: Iterable[tuple[str, datetime]] = (),
) -> list[Answer]:
    """Every yes answer of the screenings (oldest first), in order of answering,
    with the clinician's clearance of it, if one was recorded while it stood.

    A question answered yes again in later screenings is one answer, until a
    screening answers it no; a yes given and cleared minutes later is one too.
    """
    answers = _yes_runs(screenings)
    for question, at in sorted(clearances, key=lambda c: c[1]):
        for i, answer in enumerate(answers):
            if (
                answer.question == question
                and answer.clinician is None
                and answer.at <= at
                and (answer.cleared is None or at <= answer.cleared)
            ):
                answers[i] = replace(answer, clinician=at)
    return answers


def _yes_runs(screenings: Iterable[Screening]) -> list[Answer]:
    answers: list[Answer] = []
    standing: dict[str, int] = {}  # question id -> its answer's index
    for screening in screenings:
        if screening.at is None:
            continue
        yes = dict.fromkeys(screening.urgent, "urgent")
        yes |= dict.fromkeys(screening.caution, "caution")
        for question in [q for q in standing if q not in yes]:
            index = standing.pop(question)
            answers[index] = replace(answers[index], cleared=screening.at)
        for question, level in yes.items():
            if question not in standing:
                standing[question] = len(answers)
                answers.append(Answer(question, level, screening.at))
    return answers


def answers_standing(
    answers: Iterable[Answer], first: date, last: date
) -> list[Answer]:
    """The answers that stood at some time from `first` to `last` (local days,
    both included): given in that period, or before it and cleared no earlier."""
    return [
        a
        for a in answers
        if a.at.date() <= last and (a.cleared is None or a.cleared.date() >= first)
    ]
