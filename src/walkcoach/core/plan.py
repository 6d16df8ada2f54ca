"""The progression engine: one day's walking target from the days before it.

A pure function of plain data (models.py): no clock, database, printing or
environment. `step(day, ...)` computes the target for `day` from the target of
the day before and the entries of the last WINDOW_DAYS days; the caller stores
each target and calls `step` again for the next day. SPEC §6 gives the rules,
EVIDENCE.md §0 their sources; docs/plan.md explains every choice below.

Day judgement. When the target for `day` is computed, the day before (`day-1`)
is judged once, on its walks alone (its next morning is `day`, not yet known).
The first reading of `day-1` is the next morning of `day-2`: when it is 2 or
more above usual, `day-2` turns bad after the fact and the plan cuts back now,
unless `day-2` was already bad on its walks (then it was cut back already).
A day counts toward progress when it is good and at least 80% of its planned
sessions were walked; amber and rest days neither count nor reset the count;
a bad, flare, symptom, missed or short day resets it.

Priority when several rules apply: 7 stop > 6 pause > 8 gap restart > 5 cut
back / hold > 2 progress > hold. A pause never raises the dose, but the
cut-backs of rules 5 and 8 still apply under it (they only ever lower it).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from walkcoach.core import guidance
from walkcoach.core.dates import DAY_NAMES
from walkcoach.core.guidance import screening_warnings
from walkcoach.core.models import (
    MORNING_RISE,
    PAIN_CEILING,
    RECORD_ONLY_SYMPTOMS,
    SETTING_RANGES,
    Dose,
    EngineState,
    Entry,
    Kind,
    Screening,
    Settings,
    Status,
    Target,
    Warning,
    counts_as_session,
    first_reading,
    symptom_words,
    within_range,
)

# Days of entries before `day` that step() reads: 14 for the bad-day streak and
# 7 more for the usual pain of the oldest of those days.
WINDOW_DAYS = 21
CAP_DAYS = 14  # rule 3 looks back this many days
ONE_DAY = timedelta(days=1)

RISE_AMBER = 2  # a rise of this much during a walk makes the day amber
MORNING_OK = 1  # ... and at most this far above keeps it good
ADHERENT = 0.8  # share of sessions needed for a day to count toward progress
GOOD_DAYS = 2  # consecutive good days before a step up
GOOD_DAYS_CAUTION = 3  # ... when a caution answer stands
MAX_STEP = 2  # minutes per session a step may add
MAX_STEP_CAUTION = 1  # ... when a caution answer stands
MERGE_AT = 10  # sessions of this many minutes merge into fewer, longer ones
HOLD_AFTER_CUT = 2  # days to hold after a cut-back
PAUSE_BAD_DAYS = 3  # bad days in a row that pause progression
PAUSE_LIFT = 2  # good days that lift a pause
GAP_SHORT, GAP_SHORT_PCT = 3, 80  # days without a walk, and the restart share
GAP_LONG, GAP_LONG_PCT = 7, 60
MAX_GOAL = SETTING_RANGES["goal_minutes"][1]
# The advice a reason ends with; the clinician report names it in its own words.
SEE_CLINICIAN = "Please see a clinician."
SEEK_CARE_NOW = "Seek emergency care now."
PROJECT_MAX_DAYS = 3 * 365

_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven")


class DayKind(StrEnum):
    """How a day went (SPEC §6); `none` = no walks (rest, flare or missed)."""

    GOOD = "good"
    AMBER = "amber"
    BAD = "bad"
    NONE = "none"


# --------------------------------------------------------------------------
# Reading the log
# --------------------------------------------------------------------------


def _entry_day(entry: Entry) -> date:
    return entry.at.date()


def _group(
    entries: Sequence[Entry], first: date, last: date
) -> dict[date, list[Entry]]:
    """The entries of `first`..`last` (inclusive) by local day, in time order.

    Entries are time-ordered; a day's margin on each side covers a change of
    UTC offset, which can put a just-after-midnight entry before one from the
    evening before.
    """
    start = bisect_left(entries, first - ONE_DAY, key=_entry_day)
    grouped: dict[date, list[Entry]] = {}
    for i in range(start, len(entries)):
        entry = entries[i]
        day = entry.at.date()
        if day > last + ONE_DAY:
            break
        if first <= day <= last:
            grouped.setdefault(day, []).append(entry)
    return grouped


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


class _Window:
    """The window's entries grouped by day, with per-day facts computed once."""

    def __init__(self, entries: Sequence[Entry], first: date, last: date) -> None:
        self.by_day = _group(entries, first, last)
        self._first: dict[date, int | None] = {}
        self._usual: dict[date, float | None] = {}

    def on(self, day: date) -> list[Entry]:
        return self.by_day.get(day, [])

    def walks(self, day: date) -> list[Entry]:
        return [e for e in self.on(day) if e.kind is Kind.WALK]

    def first_reading(self, day: date) -> int | None:
        if day not in self._first:
            self._first[day] = first_reading(self.on(day))
        return self._first[day]

    def usual(self, day: date) -> float | None:
        """Median of the first readings of the 7 days before `day`."""
        if day not in self._usual:
            readings = [
                r
                for k in range(1, 8)
                if (r := self.first_reading(day - timedelta(days=k))) is not None
            ]
            self._usual[day] = _median(readings) if readings else None
        return self._usual[day]

    def kind(self, day: date, known_until: date) -> DayKind:
        """`day` judged on its walks, and on its next morning if known by then."""
        kind = _walk_kind(self.walks(day))
        after = day + ONE_DAY
        if after <= known_until:
            kind = _with_morning(kind, self.first_reading(after), self.usual(after))
        return kind


def usual_pain(entries: Sequence[Entry], day: date) -> float | None:
    """Usual pain before `day`: the median of the previous 7 days' first readings."""
    return _Window(entries, day - timedelta(days=7), day - ONE_DAY).usual(day)


def _walk_kind(walks: Sequence[Entry]) -> DayKind:
    """A day judged on its walks alone.

    EVIDENCE §0 rule 7 (pain-monitoring model, Silbernagel 2007: above 5/10
    is too much); a rise of 2 = the minimal important change (Ostelo 2008).
    """
    if not walks:
        return DayKind.NONE
    kind = DayKind.GOOD
    for walk in walks:
        after, before = walk.pain_after, walk.pain_before
        if after is not None and after > PAIN_CEILING:
            return DayKind.BAD
        if after is not None and before is not None and after - before >= RISE_AMBER:
            kind = DayKind.AMBER
    # Walks that carry no pain at all leave the day good on its walks; a day
    # with no pain reading at all then holds (EVIDENCE 11b, see _Yesterday).
    return kind


def _with_morning(kind: DayKind, morning: int | None, usual: float | None) -> DayKind:
    """Apply the next-morning check.

    EVIDENCE §0 rule 8 (pain-monitoring model, Silbernagel 2007: pain must
    settle by the next morning); +1 allowed, +2 is bad (§0 rules 10, 12).
    """
    if kind is DayKind.NONE or morning is None or usual is None:
        return kind
    if morning >= usual + MORNING_RISE:
        return DayKind.BAD
    # Between usual + 1 and usual + 2 (a half-point usual): no longer good.
    if morning > usual + MORNING_OK and kind is DayKind.GOOD:
        return DayKind.AMBER
    return kind


def judge_day(entries: Sequence[Entry], day: date, usual: float | None) -> DayKind:
    """How `day` went: its walks, then the next morning's reading if `entries` has it.

    `usual` is the usual pain the next morning is compared with (that of
    `day + 1`, see usual_pain).
    """
    window = _Window(entries, day, day + ONE_DAY)
    kind = _walk_kind(window.walks(day))
    return _with_morning(kind, window.first_reading(day + ONE_DAY), usual)


def _adherence(walks: Sequence[Entry], dose: Dose) -> float:
    if dose.sessions <= 0:
        return 1.0  # nothing was planned, so nothing was missed
    done = sum(1 for w in walks if counts_as_session(w.minutes, dose))
    return min(done, dose.sessions) / dose.sessions


def adherence(entries: Sequence[Entry], day: date, dose: Dose) -> float:
    """Share of `dose`'s sessions walked on `day` at >= 80% of the planned minutes."""
    walks = [e for e in entries if e.kind is Kind.WALK and e.day == day]
    return _adherence(walks, dose)


# --------------------------------------------------------------------------
# Doses
# --------------------------------------------------------------------------


def _fmt(dose: Dose) -> str:
    return f"{dose.sessions} × {dose.minutes} min"


def _goal(settings: Settings) -> int:
    return max(1, min(settings.goal_minutes, MAX_GOAL))


def start_dose(settings: Settings) -> Dose:
    """The first stage (EVIDENCE §0 rule 1): 2–3 sessions of 5–10 minutes."""
    return Dose(
        within_range("sessions", settings.sessions),
        within_range("start_minutes", settings.start_minutes),
    )


def _floor(start: Dose, sessions: int) -> Dose:
    """The smallest dose with `sessions` sessions that is not below the start."""
    if sessions == start.sessions:
        return start
    return Dose(sessions, -(-start.total // sessions))


def _not_below_start(dose: Dose, start: Dose) -> Dose:
    floor = _floor(start, dose.sessions)
    return dose if dose.total >= floor.total else floor


def _fit_goal(dose: Dose, goal: int) -> Dose:
    """Keep per-session minutes and the day's total within the goal (rule 10)."""
    if dose.total <= goal:
        return dose
    return Dose(dose.sessions, max(1, goal // dose.sessions))


def _scaled(dose: Dose, pct: int, start: Dose) -> Dose:
    """About `pct`% of `dose`'s total in as many sessions, not below the start."""
    minutes = max(1, int(dose.total * pct / 100 / dose.sessions + 0.5))
    return _not_below_start(Dose(dose.sessions, minutes), start)


def _cut_back(base: Dose, tolerated: Dose | None, start: Dose) -> Dose:
    """Rule 5: back to the last tolerated stage, at least 10% below, not below start.

    EVIDENCE §0 rule 12 (reduce to the last tolerated dose; 2 points = the
    minimal important change, Ostelo 2008).
    """
    limit = base.total * 9 // 10
    if tolerated is not None and tolerated.total <= limit:
        cut = tolerated
    else:
        cut = Dose(base.sessions, max(1, limit // base.sessions))
    cut = _not_below_start(cut, start)
    return cut if cut.total < base.total else base


def _cap(reference: int) -> int:
    """Rule 3: the highest total allowed 14 days after a day planned at `reference`.

    EVIDENCE §0 rule 6 (no more than +30% over any 2 weeks; running cohort).
    Below 20 minutes, +5 minutes is allowed when that is more.
    """
    cap = reference * 13 // 10
    return max(cap, reference + 5) if reference < 20 else cap


def _planned_total(target: Target | None, start: Dose) -> int:
    if target is None:
        return start.total  # before the program: the start is the reference
    if target.status is Status.STOP:
        return (target.state.resume or start).total
    return target.dose.total


def _cap_limit(day: date, targets: Mapping[date, Target], start: Dose) -> int:
    """The highest total a step up on `day` may reach under rule 3.

    The reference is the total planned 14 days before (the start before day
    15). A step is checked when it is taken; holding a dose is never a rise.
    """
    return _cap(_planned_total(targets.get(day - timedelta(days=CAP_DAYS)), start))


def _next_dose(base: Dose, goal: int, limit: int, max_step: int) -> Dose | None:
    """The next stage up from `base`, or None when no step fits.

    Rule 4 first (SPEC §6; the end target is one walk, EVIDENCE §0 rule 2,
    WalkBack): sessions of 10 minutes or more merge into one fewer, keeping
    the day's total. Otherwise rule 2 (EVIDENCE §0 rule 5): at most +2 min
    per session and +20% of the day, within the 14-day cap and the goal,
    which also caps the day's total (rule 10).
    """
    s, m = base.sessions, base.minutes
    if s > 1 and m >= MERGE_AT and base.total % (s - 1) == 0:
        merged = Dose(s - 1, base.total // (s - 1))
        if merged.minutes <= goal:
            return merged
    top = min(base.total * 6 // 5, limit, goal)
    for extra in range(max_step, 0, -1):
        if m + extra <= goal and s * (m + extra) <= top:
            return Dose(s, m + extra)
    return None


# --------------------------------------------------------------------------
# Warnings and words
# --------------------------------------------------------------------------


def _word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _days(n: int) -> str:
    return f"{_word(n)} good day{'' if n == 1 else 's'}"


def _max_pain(window: _Window, day: date, n_days: int) -> int | None:
    """The highest pain logged on the last `n_days` walked days before `day`."""
    values: list[int] = []
    seen = 0
    for k in range(1, CAP_DAYS + 1):
        walks = window.walks(day - timedelta(days=k))
        if not walks:
            continue
        values += [
            p for w in walks for p in (w.pain_before, w.pain_after) if p is not None
        ]
        seen += 1
        if seen >= n_days:
            break
    return max(values) if values else None


def _symptom_words(symptoms: Iterable[str]) -> str:
    words = symptom_words(list(symptoms))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------


def _stop_target(
    day: date,
    settings: Settings,
    screening: Screening,
    previous: Dose | None,
    state: EngineState,
) -> Target:
    """Rule 7: stop and seek care (EVIDENCE §0 rule 14, NICE CKS / NHS red flags)."""
    return Target(
        date=day,
        status=Status.STOP,
        dose=Dose(0, 0),
        goal_minutes=_goal(settings),
        reason="An urgent safety answer stands: the walking program is stopped. "
        + SEEK_CARE_NOW,
        warnings=tuple(screening_warnings(screening, settings.region)),
        previous=previous,
        state=state,
    )


def first_target(day: date, settings: Settings, screening: Screening) -> Target:
    """Rule 1: the program's first day starts at the settings' start dose.

    EVIDENCE §0 rule 1 (5–10 min, 2–3 times a day [D]; start quotas below
    tolerance, graded activity). An urgent answer stops even the first day.
    """
    start = start_dose(settings)
    if screening.urgent:
        return _stop_target(day, settings, screening, None, EngineState(resume=start))
    need = GOOD_DAYS_CAUTION if _cautious(screening) else GOOD_DAYS
    status, reason = (
        Status.START,
        (
            f"First day: {_fmt(start)} at an easy pace. The plan steps up "
            f"after {_word(need).lower()} good days."
        ),
    )
    status, reason = _red_flag_hold(screening, start, start) or (status, reason)
    return Target(
        date=day,
        status=status,
        dose=start,
        goal_minutes=_goal(settings),
        reason=reason,
        warnings=tuple(screening_warnings(screening, settings.region)),
        previous=None,
        state=EngineState(),
    )


def _cautious(screening: Screening) -> bool:
    # A caution answer a clinician has cleared no longer slows the plan.
    return screening.answered and bool(screening.open_caution)


def _previous_target(day: date, targets: Mapping[date, Target]) -> Target | None:
    for k in range(1, CAP_DAYS + 1):
        target = targets.get(day - timedelta(days=k))
        if target is not None:
            return target
    return None


def _days_off(window: _Window, day: date, targets: Mapping[date, Target]) -> int:
    """Program days without a walk just before `day` (rest and flare days count)."""
    off = 0
    for k in range(1, WINDOW_DAYS + 1):
        past = day - timedelta(days=k)
        if past not in targets or window.walks(past):
            break
        off += 1
    return off


def _bad_streak(window: _Window, day: date) -> int:
    """Bad walked days in a row before `day`, skipping days without walks."""
    streak = 0
    last_known = day - ONE_DAY
    for k in range(1, CAP_DAYS + 1):
        kind = window.kind(day - timedelta(days=k), last_known)
        if kind is DayKind.NONE:
            continue
        if kind is not DayKind.BAD:
            break
        streak += 1
        if streak >= PAUSE_BAD_DAYS:
            break
    return streak


@dataclass(frozen=True)
class _Yesterday:
    """What the log says about the day before the target."""

    day: date
    walks: list[Entry]
    kind: DayKind  # judged on its walks alone: its next morning is still to come
    adherence: float  # against the dose planned for it
    symptoms: list[str]
    rest: bool
    flare: bool
    morning: int | None  # its first reading: the next morning of the day before
    usual: float | None
    walked_before: bool  # the day before it had walks (to blame, or not)
    unrated: bool = False  # walked, but no pain recorded that day at all

    @property
    def name(self) -> str:
        """The day by name: a reason is read the day before (`next`) or on the
        day (`today`), so "yesterday" would be wrong half the time."""
        return DAY_NAMES[self.day.weekday()]

    @property
    def morning_up(self) -> bool:
        """The first reading is 2 or more above usual (EVIDENCE §0 rule 8)."""
        return (
            self.morning is not None
            and self.usual is not None
            and self.morning >= self.usual + MORNING_RISE
        )


def _yesterday(window: _Window, yday: date, planned: Dose) -> _Yesterday:
    seen = window.on(yday)
    walks = window.walks(yday)
    return _Yesterday(
        day=yday,
        walks=walks,
        kind=_walk_kind(walks),
        adherence=_adherence(walks, planned),
        symptoms=sorted(
            {s for e in seen for s in e.symptoms if s not in RECORD_ONLY_SYMPTOMS}
        ),
        rest=any(e.kind is Kind.REST for e in seen),
        flare=any(e.kind is Kind.FLARE for e in seen),
        morning=window.first_reading(yday),
        usual=window.usual(yday),
        walked_before=bool(window.walks(yday - ONE_DAY)),
        # EVIDENCE 11b: walks with no pain reading that day at all (imported
        # from a watch, or logged by a script) count for adherence, but cannot
        # make the day good.
        unrated=bool(walks)
        and not any(e.reading is not None for e in seen)
        and not any(e.pain_after is not None for e in walks),
    )


def _late_verdict(prev: Target, y: _Yesterday) -> tuple[bool, bool]:
    """(bad, no longer good): the day before yesterday, judged by its next morning.

    That day was judged on its walks when `prev` was computed (`last_kind`);
    a day already bad on its walks was cut back for then, so not again now.
    """
    if prev.date != y.day or y.morning is None or y.usual is None:
        return False, False
    earlier = prev.state.last_kind
    if y.morning_up and earlier in (DayKind.GOOD, DayKind.AMBER):
        return True, False
    amber = y.morning > y.usual + MORNING_OK and earlier == DayKind.GOOD
    return False, amber and prev.state.last_counted


def _count_good_days(
    state: EngineState, y: _Yesterday, *, bad: bool, late_amber: bool, resumed: bool
) -> tuple[int, int, bool]:
    """(good days, good days in the pause, whether yesterday counted).

    EVIDENCE §0 rules 10–11: progress needs good days with >= 80% of the
    sessions done. Amber and rest days neither count nor reset the run (SPEC
    §3, §6); bad, flare, symptom, missed and short days reset it.
    """
    good, pause_good = state.good_days, state.pause_good_days
    if late_amber:
        good, pause_good = max(0, good - 1), max(0, pause_good - 1)
    if bad or y.symptoms or y.flare:
        return 0, 0, False
    if resumed:
        return good, pause_good, False  # nothing was planned under the stop
    if y.walks:
        if y.adherence < ADHERENT:
            return 0, 0, False
        if y.kind is DayKind.GOOD and not y.unrated:
            return good + 1, pause_good + 1, True
        return good, pause_good, False  # amber, or no pain recorded (11b)
    if y.rest:
        return good, pause_good, False
    return 0, 0, False  # a missed day


@dataclass(frozen=True)
class _Pause:
    paused: bool
    cause: str
    new: bool  # started by yesterday's log
    lifted: bool  # lifted by yesterday's good day
    good_days: int


def _pause_rule(state: EngineState, y: _Yesterday, streak: int, good: int) -> _Pause:
    """Rule 6: symptom flags or 3 bad days in a row pause progression.

    EVIDENCE §0 rule 13 (ACSM "four pain rules": limp, dull-to-sharp pain;
    spreading leg symptoms; 3 days [D]). The pause lifts after 2 good days.
    """
    if y.symptoms:
        return _Pause(True, _symptom_words(y.symptoms), True, False, 0)
    if streak >= PAUSE_BAD_DAYS:
        return _Pause(True, "three bad days in a row", True, False, 0)
    if state.paused and good >= PAUSE_LIFT:
        return _Pause(False, "", False, True, good)
    return _Pause(state.paused, state.pause_cause, False, False, good)


def _tolerated(
    state: EngineState, window: _Window, targets: Mapping[date, Target], y: _Yesterday
) -> Dose | None:
    """The last dose with a good, adherent day that its next morning confirmed."""
    before = targets.get(y.day - ONE_DAY)
    if before is None or before.status is Status.STOP:
        return state.tolerated
    walks = window.walks(before.date)
    kind = _with_morning(_walk_kind(walks), y.morning, y.usual)
    if kind is DayKind.GOOD and _adherence(walks, before.dose) >= ADHERENT:
        return before.dose
    return state.tolerated


@dataclass(frozen=True)
class _Gap:
    days_off: int
    pct: int  # the cut applied in this gap so far (0, 80 or 60)
    source: Dose | None  # the dose before the gap's first cut
    restart: Dose | None  # the cut made today, if any


def _gap_rule(state: EngineState, off: int, base: Dose, start: Dose) -> _Gap:
    """Rule 8: after 3–6 days without a walk restart at ~80%, after 7+ at ~60%.

    EVIDENCE §0 rule 15 [D]. Each cut is taken from the dose before the gap,
    once per level, so a long gap does not compound them.
    """
    if off == 0:
        return _Gap(0, 0, None, None)
    pct = GAP_LONG_PCT if off >= GAP_LONG else GAP_SHORT_PCT if off >= GAP_SHORT else 0
    if pct == 0 or (state.gap_pct and state.gap_pct <= pct):
        return _Gap(off, state.gap_pct, state.gap_from, None)
    source = state.gap_from or base
    return _Gap(off, pct, source, _scaled(source, pct, start))


def _lower(dose: Dose, other: Dose) -> Dose:
    return other if other.total < dose.total else dose


def step(
    day: date,
    settings: Settings,
    screening: Screening,
    entries: Sequence[Entry],
    targets: Mapping[date, Target],
) -> Target:
    """One day's target from the day before's target and the recent window.

    `entries` holds (at least) every entry of day-WINDOW_DAYS..day-1 in time
    order (later ones are ignored); `targets` the stored targets of (at least)
    the 14 days before `day`. With no earlier target, this is the first day.
    """
    prev = _previous_target(day, targets)
    if prev is None:
        return first_target(day, settings, screening)
    start, goal = start_dose(settings), _goal(settings)
    resumed = prev.status is Status.STOP
    base = (prev.state.resume or start) if resumed else prev.dose
    if screening.urgent:
        # The counts stand still under a stop; nothing is judged against 0 × 0.
        frozen = replace(prev.state, resume=base, last_kind="", last_counted=False)
        return _stop_target(day, settings, screening, prev.dose, frozen)

    state = prev.state
    window = _Window(entries, day - timedelta(days=WINDOW_DAYS), day - ONE_DAY)
    y = _yesterday(window, day - ONE_DAY, prev.dose)
    late_bad, late_amber = _late_verdict(prev, y)
    bad = y.kind is DayKind.BAD or late_bad
    good, pause_good, counted = _count_good_days(
        state, y, bad=bad, late_amber=late_amber, resumed=resumed
    )
    streak = _bad_streak(window, day)
    pause = _pause_rule(state, y, streak, pause_good)
    tolerated = _tolerated(state, window, targets, y)
    gap = _gap_rule(state, _days_off(window, day, targets), base, start)

    # The dose: held, then only ever lowered by rules 5 and 8 (rule 10 caps it).
    dose = _fit_goal(base, goal)
    hold_days = max(0, state.hold_days - 1)
    if bad:
        dose = _lower(dose, _cut_back(base, tolerated, start))
        hold_days = HOLD_AFTER_CUT
    if gap.restart is not None:
        dose = _lower(dose, gap.restart)

    warnings = screening_warnings(screening, settings.region) + _log_warnings(y, gap)
    # Priority: pause > gap restart > cut back / hold > progress > hold.
    held = _red_flag_hold(screening, base, dose)
    if pause.paused:
        status, reason = Status.PAUSE, _pause_reason(pause, y, base, dose)
        warnings.append(_pause_warning(pause.cause))
    elif held is not None:
        status, reason = held
    elif gap.days_off >= GAP_SHORT:
        status, reason = _gap_verdict(gap, base, dose, start)
    elif bad:
        status, reason = _bad_verdict(y, base, dose)
    else:
        status, dose, reason = _progress_or_hold(
            day,
            settings,
            screening,
            targets,
            window,
            y,
            prev,
            dose,
            good=good,
            holding=state.hold_days > 0,
            resumed=resumed,
        )
        if pause.lifted:
            reason = f"The pause is lifted after two good days. {reason}"
    if dose == Dose(1, goal) and status in (Status.HOLD, Status.PROGRESS):
        status = Status.GOAL  # rule 9

    changed = dose != base
    return Target(
        date=day,
        status=status,
        dose=dose,
        goal_minutes=goal,
        reason=reason,
        warnings=tuple(warnings),
        previous=prev.dose,
        state=EngineState(
            good_days=0 if changed else good,
            hold_days=hold_days,
            paused=pause.paused,
            pause_good_days=pause.good_days,
            tolerated=tolerated,
            pause_cause=pause.cause,
            gap_pct=gap.pct,
            gap_from=gap.source,
            last_kind=str(y.kind),
            last_counted=counted and not changed,
        ),
    )


def _log_warnings(y: _Yesterday, gap: _Gap) -> list[Warning]:
    """Info warnings from yesterday's log (SPEC §5), in guidance's words."""
    warnings: list[Warning] = []
    if y.kind is DayKind.BAD:
        worst = max(w.pain_after or 0 for w in y.walks)
        warnings.append(guidance.pain_after_warning(worst, f"a walk on {y.name}"))
    if y.morning_up and y.morning is not None and y.usual is not None:
        warnings.append(
            guidance.morning_warning(
                y.morning, y.usual, y.walked_before, whose=f"{y.name}'s"
            )
        )
    if gap.days_off >= GAP_SHORT:
        warnings.append(guidance.warn("gap", days=gap.days_off))
    return warnings


def _pause_warning(cause: str) -> Warning:
    return guidance.warn("pause-clinician", cause=cause)


def _pause_reason(pause: _Pause, y: _Yesterday, base: Dose, dose: Dose) -> str:
    if pause.new and pause.cause == "three bad days in a row":
        what = "Three bad days in a row"
    elif pause.new:
        what = f"{pause.cause[0].upper()}{pause.cause[1:]} was logged on {y.name}"
    else:
        what = (
            f"Paused after {pause.cause} ({pause.good_days} of {PAUSE_LIFT} good "
            "days so far)"
        )
    how = (
        f"cutting back to {_fmt(dose)}" if dose != base else f"holding at {_fmt(dose)}"
    )
    return f"{what}: progression is paused, {how}. {SEE_CLINICIAN}"


def _red_flag_hold(
    screening: Screening, base: Dose, dose: Dose
) -> tuple[Status, str] | None:
    """A same-day red flag awaiting a clinician's clearance: `pause`, no build-up.

    EVIDENCE 0b row 14c (red-flag answers end in "get checked", not in a
    plan): the dose never rises until `check --cleared ID` records that a
    clinician has cleared it; cut-backs (rules 5, 8) still apply. The good days
    keep counting, so progression resumes on the day the clearance is recorded.
    """
    if not screening.awaiting:
        return None
    how = (
        f"cutting back to {_fmt(dose)}" if dose != base else f"holding at {_fmt(dose)}"
    )
    cleared = " ".join(f"--cleared {q}" for q in screening.awaiting)
    return Status.PAUSE, (
        f"A same-day warning sign awaits a doctor's check "
        f"({guidance.answer_words(screening.awaiting)}): no build-up, {how}, "
        f"until walkcoach check {cleared} records that a clinician has cleared it."
    )


def _gap_verdict(gap: _Gap, base: Dose, dose: Dose, start: Dose) -> tuple[Status, str]:
    off = f"No walk for {gap.days_off} days"
    if gap.restart is None or dose.total >= base.total:
        return Status.HOLD, f"{off}: holding at {_fmt(dose)} until walking resumes."
    if gap.source is not None and dose.total > _floor(start, dose.sessions).total:
        how = f"about {gap.pct}% of {_fmt(gap.source)}"
    else:
        how = "the starting stage"
    return Status.REDUCE, f"{off}: restarting at {_fmt(dose)}, {how}."


def _bad_verdict(y: _Yesterday, base: Dose, dose: Dose) -> tuple[Status, str]:
    if y.kind is DayKind.BAD:
        what = f"Pain went above {PAIN_CEILING} on a walk on {y.name} (a bad day)"
    else:
        what = (
            f"{y.name}'s first pain reading ({y.morning}) was {MORNING_RISE} or more "
            f"above usual ({y.usual:g}), so the day before was a bad day"
        )
    if dose.total < base.total:
        return (
            Status.REDUCE,
            f"{what}: back to {_fmt(dose)}, then holding {HOLD_AFTER_CUT} days.",
        )
    return Status.HOLD, f"{what}: staying at {_fmt(dose)}, the starting stage."


def _progress_or_hold(
    day: date,
    settings: Settings,
    screening: Screening,
    targets: Mapping[date, Target],
    window: _Window,
    y: _Yesterday,
    prev: Target,
    dose: Dose,
    *,
    good: int,
    holding: bool,
    resumed: bool,
) -> tuple[Status, Dose, str]:
    """Rule 2 (progress), 4 (merge), 9 (goal) or hold, with the reason."""
    goal = _goal(settings)
    cautious = _cautious(screening)
    need = GOOD_DAYS_CAUTION if cautious else GOOD_DAYS
    at = _fmt(dose)
    if dose != prev.dose and not resumed:
        return Status.REDUCE, dose, f"The goal is now {goal} min: the day is now {at}."
    if resumed:
        return Status.HOLD, dose, f"The urgent answer is cleared: resuming at {at}."
    if dose == Dose(1, goal):
        # Rule 9: EVIDENCE §0 rule 2 (WalkBack: >= 30 min, >= 5 days a week).
        return (
            Status.GOAL,
            dose,
            f"One {goal}-min walk a day: the goal is reached. Keep it up on at "
            f"least {settings.days_per_week} days a week.",
        )
    if good >= need and holding:
        return (
            Status.HOLD,
            dose,
            f"{_days(good)} at {at}, but the plan holds {HOLD_AFTER_CUT} days "
            f"after a cut-back: holding at {at}.",
        )
    if good >= need:
        return _step_up(day, settings, targets, window, dose, good, cautious)
    if y.flare:
        days = f"{_word(need).lower()} good days"
        return (
            Status.HOLD,
            dose,
            f"A flare-up day on {y.name}: holding at {at} until {days} have passed.",
        )
    if y.walks and y.adherence < ADHERENT:
        done = round(y.adherence * prev.dose.sessions)
        return (
            Status.HOLD,
            dose,
            f"On {y.name} {done} of {prev.dose.sessions} sessions reached 80% of "
            f"{prev.dose.minutes} min: holding at {at} until a full day is walked.",
        )
    if y.unrated and y.kind is DayKind.GOOD:
        # EVIDENCE 11b: the plan holds until pain is recorded; `today` asks.
        return (
            Status.HOLD,
            dose,
            f"No pain was recorded on {y.name}, so the plan cannot tell how your "
            f"back took its walks: holding at {at} until it is.",
        )
    if y.kind is DayKind.AMBER:
        return (
            Status.HOLD,
            dose,
            f"Pain rose by {RISE_AMBER} or more during a walk on {y.name} (an amber "
            f"day): holding at {at}.",
        )
    if not y.walks:
        if y.rest:
            why = (
                f"A rest day on {y.name}: holding at {at} "
                "(rest does not break the run)."
            )
        else:
            why = f"No walk was logged on {y.name}: holding at {at}."
        return Status.HOLD, dose, why
    more = _word(need - good).lower()
    return (
        Status.HOLD,
        dose,
        f"{_days(good)} at {at}; {more} more and the plan steps up: holding at {at}.",
    )


def _step_up(
    day: date,
    settings: Settings,
    targets: Mapping[date, Target],
    window: _Window,
    dose: Dose,
    good: int,
    cautious: bool,
) -> tuple[Status, Dose, str]:
    """Rule 2: enough good days, so one stage up.

    EVIDENCE §0 rule 10 (progress after good days with >= 80% done) and rule 5
    (+1–2 min per session, change every 2–3 days; VA protocol, Walk With Ease).
    """
    goal = _goal(settings)
    at = _fmt(dose)
    limit = _cap_limit(day, targets, start_dose(settings))
    nxt = _next_dose(dose, goal, limit, MAX_STEP_CAUTION if cautious else MAX_STEP)
    if nxt is None:
        return (
            Status.HOLD,
            dose,
            f"{_days(good)} at {at}, but the day's total may rise at most 30% over "
            f"14 days (to {limit} min for now): holding at {at}.",
        )
    pain = _max_pain(window, day, GOOD_DAYS_CAUTION if cautious else GOOD_DAYS)
    with_pain = f" with pain at most {pain}" if pain is not None else ""
    if nxt.total == dose.total:
        fewer = "one walk" if nxt.sessions == 1 else "fewer, longer walks"
        how = f"merging into {_fmt(nxt)}, the same {nxt.total} min a day in {fewer}"
    else:
        how = f"stepping up to {_fmt(nxt)}"
    if nxt == Dose(1, goal):
        how += ", the goal"
    return Status.PROGRESS, nxt, f"{_days(good)} at {at}{with_pain}: {how}."


# --------------------------------------------------------------------------
# Driving the engine over many days
# --------------------------------------------------------------------------


def simulate(
    days: Iterable[date],
    settings: Settings,
    screening: Screening | Callable[[date], Screening],
    entries: Sequence[Entry],
    targets: Mapping[date, Target] | None = None,
) -> dict[date, Target]:
    """step() over consecutive `days`, each fed its window; the new targets by day.

    `entries` is the whole (time-ordered) log; `targets` any earlier targets;
    `screening` the standing answers, or a function giving them for a day.
    Linear in the number of entries and days.
    """
    answers = screening if callable(screening) else (lambda _day: screening)
    known = dict(targets or {})
    made: dict[date, Target] = {}
    low = high = 0
    for day in days:
        first = day - timedelta(days=WINDOW_DAYS + 1)
        while low < len(entries) and entries[low].day < first:
            low += 1
        high = max(high, low)
        while high < len(entries) and entries[high].day <= day:
            high += 1
        target = step(day, settings, answers(day), entries[low:high], known)
        known[day] = made[day] = target
    return made


def _good_day(day: date, dose: Dose) -> list[Entry]:
    """A day that goes well: a calm morning and every session walked."""
    at = datetime.combine(day, time(7), tzinfo=UTC)
    entries = [Entry(kind=Kind.PAIN, at=at, pain=1)]
    for i in range(dose.sessions):
        walk_at = at + timedelta(hours=2 + 12 * i / max(1, dose.sessions))
        entries.append(
            Entry(
                kind=Kind.WALK,
                at=walk_at,
                minutes=float(dose.minutes),
                pain_before=1,
                pain_after=1,
            )
        )
    return entries


def project(
    target: Target,
    settings: Settings,
    screening: Screening | None = None,
    recent: Mapping[date, Target] | None = None,
    history: Sequence[Entry] | None = None,
) -> list[tuple[date, Dose]]:
    """The stages from `target` to the goal, each with the day it is reached.

    Simulates days that all go well, from `target`'s day on, through step().
    The first element is `target`'s own dose. `recent` (the targets before
    `target`) and `history` (the log of the WINDOW_DAYS before it) make the
    projection exact — the 14-day cap and the good days already counted;
    without them the days before are taken to be good days at `target`'s dose.
    `screening` defaults to answered and clear.
    """
    stages = [(target.date, target.dose)]
    answers = screening if screening is not None else Screening(answered=True)
    if target.status in (Status.STOP, Status.GOAL) or answers.urgent:
        return stages
    if answers.awaiting:  # no build-up until a clinician has cleared it
        return stages
    targets: dict[date, Target] = dict(recent or {})
    log: dict[date, list[Entry]] = {}
    for k in range(WINDOW_DAYS, 0, -1):
        past = target.date - timedelta(days=k)
        if history is not None:
            # The real past: a day with no stored target was before the program.
            log[past] = [e for e in history if e.day == past]
            continue
        earlier = targets.setdefault(past, replace(target, date=past))
        log[past] = _good_day(
            past, earlier.dose if earlier.dose.sessions else target.dose
        )
    targets[target.date] = target
    day, dose = target.date, target.dose
    for _ in range(PROJECT_MAX_DAYS):
        log[day] = _good_day(day, targets[day].dose)
        log.pop(day - timedelta(days=WINDOW_DAYS + 1), None)
        day += ONE_DAY
        window = [e for entries in log.values() for e in entries]
        nxt = step(day, settings, answers, window, targets)
        targets[day] = nxt
        if nxt.dose != dose:
            dose = nxt.dose
            stages.append((day, dose))
        if nxt.status is Status.GOAL:
            break
    return stages


# --------------------------------------------------------------------------
# Storing the engine state
# --------------------------------------------------------------------------

_DOSE_FIELDS = ("tolerated", "resume", "gap_from")


def state_to_json(state: EngineState) -> str:
    """EngineState as compact JSON text (doses as {"sessions", "minutes"})."""
    data: dict[str, Any] = {}
    for name, value in vars(state).items():
        if isinstance(value, Dose):
            value = {"sessions": value.sessions, "minutes": value.minutes}
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def state_from_json(text: str) -> EngineState:
    """EngineState from state_to_json's text; missing fields take their defaults."""
    data = json.loads(text) if text else {}
    if not isinstance(data, dict):
        raise ValueError("engine state must be a JSON object")
    default = EngineState()
    values: dict[str, Any] = {}
    for name, fallback in vars(default).items():
        value = data.get(name, fallback)
        if name in _DOSE_FIELDS:
            value = (
                None
                if value is None
                else Dose(int(value["sessions"]), int(value["minutes"]))
            )
        elif isinstance(fallback, bool):
            value = bool(value)
        elif isinstance(fallback, int):
            value = int(value)
        else:
            value = str(value)
        values[name] = value
    return EngineState(**values)
