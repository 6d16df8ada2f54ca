"""One assessment of a day, made once and rendered by every command.

`today`, `next`, the confirmations of `log`/`pain`/`rest`, `week` and `--json`
all show the same object: the target the engine decided, what kind of day it
is, each walk judged, what is done and what is left (they add up to the plan),
how the day before went as known now, and the warnings that stand. Renderers
never work any of it out again, so no two screens can tell different stories.

`build` is pure (plain data in, an Assessment out); `assess` gathers its data
from the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from walkcoach.core.models import (
    OVER_PLAN_FACTOR,
    Dose,
    Entry,
    Kind,
    Status,
    Target,
    Warning,
    counts_as_session,
    from_device,
    has_pain,
    walks_left,
)

if TYPE_CHECKING:
    from walkcoach.core.stats import Streaks
    from walkcoach.storage.store import Store

ONE_DAY = timedelta(days=1)


class DayType(StrEnum):
    """What kind of day the person has in front of them."""

    WALKING = "walking"  # a plan to walk (start, hold, progress, reduce, goal)
    REST = "rest"  # marked as a rest day: nothing to walk
    FLARE = "flare"  # marked as a flare-up day: nothing planned
    STOPPED = "stopped"  # an urgent safety answer stands: no target
    PAUSED = "paused"  # progression paused: the dose holds, see a clinician
    RESTART = "restart"  # back after a break, at a lower dose


# Days with nothing to walk, whatever dose the engine keeps in mind.
NOTHING_TO_WALK = frozenset({DayType.REST, DayType.FLARE, DayType.STOPPED})


# How every screen names a day with nothing to walk.
DAY_WORDS = {
    DayType.REST: "Rest day: nothing to walk",
    DayType.FLARE: "Flare-up day: rest, or short easy walks",
    DayType.STOPPED: "No target: stop and get checked",
}


class Verdict(StrEnum):
    """One walk against the plan."""

    SESSION = "session"  # at least 80% of a planned walk: it counts
    SHORT = "short"  # less than that: shown, but not counted
    FAR_OVER = "far-over"  # counts, and is far longer than any planned walk


@dataclass(frozen=True)
class JudgedWalk:
    """A walk of the day with its verdict."""

    entry: Entry
    verdict: Verdict

    @property
    def minutes(self) -> float:
        return self.entry.minutes or 0.0

    @property
    def counts(self) -> bool:
        return self.verdict is not Verdict.SHORT


@dataclass(frozen=True)
class Assessment:
    """Everything any screen says about one day."""

    day: date
    today: date  # the clock's day when this was made
    type: DayType
    target: Target
    planned: tuple[int, ...]  # the planned walks in minutes, longest first
    walks: tuple[JudgedWalk, ...]  # the day's walks, in time order
    left: tuple[int, ...]  # planned walks not yet done, longest first
    before: str  # the day before as known now: good, amber, bad (on its walks),
    # bad-morning (by this morning's reading), none (no walk), rest or flare
    warnings: tuple[Warning, ...]
    unpained: tuple[Entry, ...] = ()  # recent walks without any pain value
    has_reading: bool = False  # the day has a pain reading (check-in or walk)
    streak: Streaks | None = None  # only where a screen shows it, never under stop

    @property
    def sessions(self) -> int:
        return len(self.planned)

    @property
    def total(self) -> int:
        return sum(self.planned)

    @property
    def done_sessions(self) -> int:
        """Walks that count as a planned session (extra ones included)."""
        return sum(1 for w in self.walks if w.counts)

    @property
    def done_minutes(self) -> float:
        return sum(w.minutes for w in self.walks)

    @property
    def short(self) -> tuple[JudgedWalk, ...]:
        return tuple(w for w in self.walks if w.verdict is Verdict.SHORT)

    @property
    def left_sessions(self) -> int:
        return len(self.left)

    @property
    def left_minutes(self) -> int:
        return sum(self.left)

    @property
    def met(self) -> bool:
        """Every planned walk is done (never on a day with nothing to walk)."""
        return self.type not in NOTHING_TO_WALK and self.sessions > 0 and not self.left

    @property
    def over(self) -> bool:
        """Far more walked than planned: more than OVER_PLAN_FACTOR × the total."""
        return (
            self.type not in NOTHING_TO_WALK
            and self.total > 0
            and self.done_minutes > OVER_PLAN_FACTOR * self.total
        )

    @property
    def future(self) -> bool:
        """A day still ahead: its target waits on that morning's pain reading."""
        return self.day > self.today

    @property
    def past(self) -> bool:
        return self.day < self.today


def planned_walks(dose: Dose | None) -> tuple[int, ...]:
    """The planned walk lengths, longest first (SPEC §6 `walks`; they differ
    while walks merge); none under stop."""
    if dose is None or dose.sessions <= 0:
        return ()
    return dose.walks


def day_type(target: Target, marks: Sequence[Kind]) -> DayType:
    """The kind of day: a stop outranks everything, then the person's own mark."""
    if target.status is Status.STOP:
        return DayType.STOPPED
    if Kind.FLARE in marks:
        return DayType.FLARE
    if Kind.REST in marks or target.status is Status.REST:
        return DayType.REST
    if target.status is Status.PAUSE:
        return DayType.PAUSED
    if target.status is Status.RESTART:
        return DayType.RESTART
    return DayType.WALKING


def judge_walks(
    walks: Sequence[Entry], planned: Sequence[int]
) -> tuple[tuple[JudgedWalk, ...], tuple[int, ...]]:
    """Each walk judged against the planned walks, and the planned walks left.

    The most planned walks are matched: shorter walks take the shortest planned
    walks they reach 80% of (SPEC §6 adherence). A walk that matches none is a
    session beyond the plan when all are done and it would have counted for
    the shortest, otherwise short. So done + left = planned until all are done.
    """
    remaining = sorted(planned)
    matched: set[int] = set()
    for index in sorted(range(len(walks)), key=lambda i: walks[i].minutes or 0):
        minutes = walks[index].minutes
        fits = next(
            (p for p in remaining if counts_as_session(minutes, Dose(1, p))),
            None,
        )
        if fits is not None:
            remaining.remove(fits)
            matched.add(index)
    shortest = min(planned, default=0)
    longest = max(planned, default=0)
    judged = []
    for index, walk in enumerate(walks):
        minutes = walk.minutes or 0
        # An unmatched walk is a session beyond the plan only once every
        # planned walk is done; before that it is short of the walks left.
        counts = index in matched or (
            not remaining
            and shortest > 0
            and counts_as_session(minutes, Dose(1, shortest))
        )
        if not counts:
            verdict = Verdict.SHORT
        elif longest and minutes > OVER_PLAN_FACTOR * longest:
            verdict = Verdict.FAR_OVER
        else:
            verdict = Verdict.SESSION
        judged.append(JudgedWalk(walk, verdict))
    return tuple(judged), tuple(sorted(remaining, reverse=True))


def build(
    day: date,
    today: date,
    target: Target,
    entries: Sequence[Entry],
    before: str = "none",
    extra_warnings: Sequence[Warning] = (),
    streak: Streaks | None = None,
) -> Assessment:
    """The assessment of `day` from its target and the entries around it (pure).

    `entries` holds at least `day` and the day before; `before` is how the day
    before went as known now; `extra_warnings` the log's warnings standing on
    `day` (guidance.day_warnings).
    """
    from walkcoach.core.guidance import one_voice, over_plan_warning

    own = [e for e in entries if e.day == day]
    walks = [e for e in own if e.kind is Kind.WALK]
    marks = [e.kind for e in own if e.kind in (Kind.REST, Kind.FLARE)]
    kind = day_type(target, marks)
    planned = planned_walks(target.dose)
    judged, _ = judge_walks(walks, planned)
    # What is left, by the one rule of models.walks_left.
    left = walks_left((w.minutes for w in walks), target.dose) if planned else ()
    if kind in NOTHING_TO_WALK:
        # Nothing was planned: a walk is just a walk, never short of a plan.
        judged = tuple(JudgedWalk(w, Verdict.SESSION) for w in walks)
        left = ()
    # Typed walks of the day and the day before without any pain: asked for
    # (a watch's walks are asked for apart, over a week: coach.dashboard).
    unpained = tuple(
        e
        for e in entries
        if e.kind is Kind.WALK
        and day - ONE_DAY <= e.day <= day
        and not has_pain(e)
        and not from_device(e)
    )
    assessment = Assessment(
        day=day,
        today=today,
        type=kind,
        target=target,
        planned=planned,
        walks=judged,
        left=left,
        before=before,
        warnings=(),
        unpained=unpained,
        has_reading=any(e.reading is not None for e in own),
        streak=None if kind is DayType.STOPPED else streak,
    )
    pacing = (
        [over_plan_warning(assessment.done_minutes, assessment.total)]
        if assessment.over
        else []
    )
    warnings = one_voice(target.warnings, extra_warnings, pacing)
    return _with(assessment, warnings=tuple(warnings))


def _with(assessment: Assessment, **changes: Any) -> Assessment:
    from dataclasses import replace

    return replace(assessment, **changes)


def assess(
    store: Store, day: date, today: date, with_streak: bool = False
) -> Assessment:
    """Gather `day`'s target and log from the store, then build its assessment."""
    from walkcoach.core.guidance import day_warnings
    from walkcoach.services.coach import target_for

    target = target_for(store, day)
    # The usual pain comes with the target (the engine's 28-day baseline); the
    # day's warnings need the last week (recurring joint pain).
    recent = store.between(day - timedelta(days=7), day)
    usual = target.state.usual
    streak = None
    if with_streak and target.status is not Status.STOP:
        from walkcoach.services.progress import current_streak_for

        streak = current_streak_for(store, day)
    return build(
        day,
        today,
        target,
        recent,
        before=judge_before(recent, day, usual),
        extra_warnings=day_warnings(recent, day, usual, store.settings().region),
        streak=streak,
    )


def longest_planned(store: Store, day: date) -> int:
    """The longest walk planned on `day` (0 when none is: under stop)."""
    from walkcoach.services.coach import target_for

    target = target_for(store, day)
    return max(planned_walks(target.dose), default=0)


def judge_before(entries: Sequence[Entry], day: date, usual: float | None) -> str:
    """How the day before `day` went, as known now (its next morning counts
    when `entries` hold `day`'s first reading)."""
    from walkcoach.core import plan

    yesterday = day - ONE_DAY
    marks = {e.kind for e in entries if e.day == yesterday}
    if Kind.FLARE in marks:
        return "flare"
    if Kind.REST in marks:
        return "rest"
    kind = plan.judge_day(entries, yesterday, usual)
    if kind is plan.DayKind.BAD and plan.judge_day(entries, yesterday, None) != kind:
        return "bad-morning"  # its walks were fine; this morning says otherwise
    return kind.value


def dose_json(dose: Dose) -> dict[str, object]:
    """A dose as SPEC §6 shows `previous`."""
    return {
        "sessions": dose.sessions,
        "minutes_per_session": dose.minutes,
        "total_minutes": dose.total,
        "walks": list(planned_walks(dose)),
    }


def target_json(a: Assessment) -> dict[str, object]:
    """The JSON object of SPEC §6 (`next --json`)."""
    target = a.target
    return {
        "date": a.day.isoformat(),
        "status": target.status.value,
        "sessions": a.sessions,
        "minutes_per_session": max(a.planned, default=0),
        "total_minutes": a.total,
        "walks": list(a.planned),
        "previous": None if target.previous is None else dose_json(target.previous),
        "goal_minutes": target.goal_minutes,
        "reason": target.reason,
        "warnings": [
            {"level": w.level.value, "message": w.message} for w in a.warnings
        ],
    }


def day_json(a: Assessment) -> dict[str, object]:
    """`today --json`: the target plus what is done and what is left."""
    data = target_json(a)
    data.update(
        done_sessions=a.done_sessions,
        done_minutes=round(a.done_minutes, 1),
        left_sessions=a.left_sessions,
        left_minutes=a.left_minutes,
    )
    return data


@dataclass(frozen=True)
class Stage:
    """One stage of the road to the goal, if every day goes well."""

    day: date  # the first day at this dose
    dose: Dose
    days: int | None  # how long it lasts (None: the last stage)
    capped: bool = False  # it lasts longer than the good days a step needs


def road(store: Store, day: date) -> tuple[Target, list[Stage]]:
    """`day`'s target and the stages to the goal, each saying how long it lasts
    and whether the 14-day cap (SPEC §6 rule 3), not the good days a step
    needs, is what holds it: in a projection where every day goes well, the
    cap is the only thing that can."""
    from walkcoach.core import plan
    from walkcoach.services.coach import projection

    target, stages = projection(store, day)
    road: list[Stage] = []
    for index, (first, dose) in enumerate(stages):
        later = stages[index + 1][0] if index + 1 < len(stages) else None
        days = None if later is None else (later - first).days
        # Longer than the most good days a step ever needs (3, under a caution).
        capped = days is not None and days > plan.GOOD_DAYS_CAUTION
        road.append(Stage(first, dose, days, capped))
    return target, road
