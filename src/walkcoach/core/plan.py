"""The progression engine: one day's walking target from the days before it.

A pure function of plain data (models.py): no clock, database, printing or
environment. `step(day, ...)` computes the target for `day` from the target of
the day before and the entries of the last WINDOW_DAYS days, plus the first
pain reading of `day` itself; the caller stores each target and calls `step`
again for the next day. SPEC §6 gives the rules, EVIDENCE.md §0 and §0b their
sources; docs/plan.md explains every choice below.

Day judgement. When the target for `day` is computed, the day before (`day-1`)
is judged once: on its walks and on its next morning, the first reading of
`day` (EVIDENCE 7b, 10b, rule 8). A reading logged later on `day` recomputes
`day`'s target (the store drops it), so a morning that says yesterday was too
much lowers today's target at once. Where no reading of `day` exists yet,
`day-1` is judged on its walks alone.

Usual pain (the baseline) is a robust median of the first readings of the 28
days before (EVIDENCE 13b): readings 2 or more above the running median, and
flare-up days, are left out, so a lasting rise does not become "usual".

A day counts toward progress when it is good and at least 80% of its planned
walks were walked; amber, rest and no-pain days neither count nor reset the
count; a bad, flare, symptom, missed or short day resets it.

Priority when several rules apply: 7 stop > rest day > 6 pause > 8 gap restart
> 5 cut back / way down / hold > 2 progress > hold. A pause never raises the
dose, but the cut-backs of rules 5 and 8 still apply under it. The status then
compares the dose with `previous`, the target of the last day walked.
"""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from walkcoach.core import guidance
from walkcoach.core.dates import DAY_NAMES, format_day
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
    first_reading,
    symptom_words,
    walks_left,
    within_range,
)

BASELINE_DAYS = 28  # usual pain looks back this many days (EVIDENCE 13b)
BASELINE_MIN = 3  # readings taken as they come before raised ones are left out
# Days of entries before `day` that step() reads: the baseline's window.
WINDOW_DAYS = BASELINE_DAYS
CAP_DAYS = 14  # rule 3 looks back this many days
REVIEW_DAYS = 28  # bad or flare-up days counted over this many days ...
REVIEW_BAD_DAYS = 3  # ... this many suggest a clinician review (EVIDENCE 12b, 13)
ONE_DAY = timedelta(days=1)

SAFE_ZONE = 3  # pain 0-3 is safe: a rise that stays inside it is fine (10b)
RISE_AMBER = 2  # a rise of this much ending above the safe zone: amber
MORNING_OK = 1  # the next morning at most this far above usual keeps it good
ADHERENT = 0.8  # share of sessions needed for a day to count toward progress
GOOD_DAYS = 2  # consecutive good days before a step up
GOOD_DAYS_CAUTION = 3  # ... when a caution answer stands (or pain is above 5)
MAX_STEP = 2  # minutes per walk a step may add
MAX_STEP_CAUTION = 1  # ... when a caution answer stands
STEP_SHARE = (6, 5)  # a step adds at most 20% to the day's total
CAP_SHARE = (13, 10)  # rule 3: at most 1.3 × the lowest total of 14 days ...
CAP_PER_WALK = 1  # ... or one minute per walk when that is more
CUT_SHARE = (4, 5)  # a cut-back leaves at most 80% of the day's total (12b)
MERGE_AT = 10  # walks of this many minutes start to merge (rule 4)
MERGE_GROWTH = (3, 2)  # no walk longer than 1.5 × the longest tolerated (16b)
SHORTEST_WALK = 5  # a shorter walk is folded into the others
CLAUDICATION_BOUT = 15  # longest walk with walking leg pain (EVIDENCE 16b)
HOLD_AFTER_CUT = 2  # days to hold after a cut-back
PAUSE_BAD_DAYS = 3  # bad days in a row that pause progression
PAUSE_RAISED_DAYS = 3  # raised first readings in a row that pause (13b)
PAUSE_LIFT = 2  # good days that lift a pause
SMALLEST_STAGE = 5  # minutes: the smallest walk setup offers ...
SHORT_DAYS = 2  # ... days with no walk at 80% of it before a way down
WAY_DOWN = (3, 4)  # minutes of the smaller walks offered then (rule 5)
GAP_SHORT, GAP_SHORT_PCT = 3, 80  # days without a walk, and the restart share
GAP_LONG, GAP_LONG_PCT = 7, 60
MAX_GOAL = SETTING_RANGES["goal_minutes"][1]
# The advice a reason ends with; the clinician report names it in its own words.
SEE_CLINICIAN = "Please see a clinician."
SEEK_CARE_NOW = "Seek emergency care now."
PROJECT_MAX_DAYS = 3 * 365

# The caution answers the engine reads (guidance.QUESTIONS ids).
RADIATING_PAIN = "radiating-pain"  # known pain down one leg (sciatica)
WALKING_LEG_PAIN = "walking-leg-pain"  # neurogenic claudication

_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven")


class DayKind(StrEnum):
    """How a day went (SPEC §6); `none` = no walks (rest, flare or missed);
    `no-pain` = walks without any pain reading that day (EVIDENCE 11b)."""

    GOOD = "good"
    AMBER = "amber"
    BAD = "bad"
    NO_PAIN = "no-pain"
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


def _median(ordered: Sequence[int]) -> float:
    """The median of already sorted values."""
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
        self._kinds: dict[date, frozenset[Kind]] = {}
        self._readings: dict[int, int | None] = {}

    def on(self, day: date) -> list[Entry]:
        return self.by_day.get(day, [])

    def walks(self, day: date) -> list[Entry]:
        return [e for e in self.on(day) if e.kind is Kind.WALK]

    def marked(self, day: date, kind: Kind) -> bool:
        if day not in self._kinds:
            self._kinds[day] = frozenset(e.kind for e in self.on(day))
        return kind in self._kinds[day]

    def first_reading(self, day: date) -> int | None:
        if day not in self._first:
            self._first[day] = first_reading(self.on(day))
        return self._first[day]

    def usual(self, day: date) -> float | None:
        """Usual pain before `day` (EVIDENCE 13b): the median of the first
        readings of the 28 days before it, in day order, leaving out flare-up
        days and each reading 2 or more above the median of those kept so far
        (once BASELINE_MIN are kept): a lasting rise cannot become "usual"."""
        if day not in self._usual:
            kept: list[int] = []
            end = day.toordinal()
            readings = self._readings
            for ordinal in range(end - BASELINE_DAYS, end):
                reading = (
                    readings[ordinal]
                    if ordinal in readings
                    else self._baseline_reading(ordinal)
                )
                if reading is None:
                    continue
                n = len(kept)
                if n >= BASELINE_MIN:
                    # Twice the median, in whole numbers: reading >= median + 2.
                    mid = n >> 1
                    twice = 2 * kept[mid] if n & 1 else kept[mid - 1] + kept[mid]
                    if 2 * reading >= twice + 2 * MORNING_RISE:
                        continue
                insort(kept, reading)
            self._usual[day] = _median(kept) if kept else None
        return self._usual[day]

    def _baseline_reading(self, ordinal: int) -> int | None:
        """A day's first reading, unless it was a flare-up day."""
        if ordinal not in self._readings:
            past = date.fromordinal(ordinal)
            flare = self.marked(past, Kind.FLARE)
            self._readings[ordinal] = None if flare else self.first_reading(past)
        return self._readings[ordinal]


def usual_pain(entries: Sequence[Entry], day: date) -> float | None:
    """Usual pain before `day` (the baseline of SPEC §6, see _Window.usual)."""
    return _Window(entries, day - timedelta(days=BASELINE_DAYS), day - ONE_DAY).usual(
        day
    )


def _walk_too_much(walk: Entry) -> bool:
    """Ended above 5 and above its own pain before (EVIDENCE 7b)."""
    after, before = walk.pain_after, walk.pain_before
    return (
        after is not None
        and after > PAIN_CEILING
        and (before is None or after > before)
    )


def _walk_amber(walk: Entry) -> bool:
    """Rose by 2 or more and ended outside the safe 0-3 zone (EVIDENCE 10b)."""
    after, before = walk.pain_after, walk.pain_before
    return (
        after is not None
        and before is not None
        and after - before >= RISE_AMBER
        and after > SAFE_ZONE
    )


def _walk_kind(walks: Sequence[Entry]) -> DayKind:
    """A day judged on its walks alone.

    EVIDENCE §0 rule 7 with 7b and 10b: the response is judged, not the level
    (pain-monitoring model, Silbernagel 2007). A walk that ends above 5 and
    above its pain before is too much; a rise of 2 (the minimal important
    change, Ostelo 2008) that ends above 3 is amber; a rise inside 0-3, or pain
    above 5 that the walk did not raise, is fine.
    """
    if not walks:
        return DayKind.NONE
    if any(_walk_too_much(w) for w in walks):
        return DayKind.BAD
    if any(_walk_amber(w) for w in walks):
        return DayKind.AMBER
    return DayKind.GOOD


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


def _day_kind(
    walks: Sequence[Entry],
    own_reading: int | None,
    morning: int | None,
    usual: float | None,
) -> DayKind:
    """A walked day: its walks, whether it had any pain reading at all
    (EVIDENCE 11b: none, and it cannot be good), then the next morning."""
    kind = _walk_kind(walks)
    if kind is DayKind.GOOD and own_reading is None:
        if all(w.pain_after is None for w in walks):
            kind = DayKind.NO_PAIN
    return _with_morning(kind, morning, usual)


def judge_day(entries: Sequence[Entry], day: date, usual: float | None) -> DayKind:
    """How `day` went: its walks, then the next morning's reading if `entries` has it.

    `usual` is the usual pain the next morning is compared with (that of
    `day + 1`, see usual_pain).
    """
    window = _Window(entries, day, day + ONE_DAY)
    return _day_kind(
        window.walks(day),
        window.first_reading(day),
        window.first_reading(day + ONE_DAY),
        usual,
    )


def _adherence(walks: Sequence[Entry], dose: Dose) -> float:
    if dose.sessions <= 0:
        return 1.0  # nothing was planned, so nothing was missed
    left = walks_left((w.minutes for w in walks), dose)
    return (dose.sessions - len(left)) / dose.sessions


def adherence(entries: Sequence[Entry], day: date, dose: Dose) -> float:
    """Share of `dose`'s walks walked on `day` at >= 80% of their planned minutes."""
    walks = [e for e in entries if e.kind is Kind.WALK and e.day == day]
    return _adherence(walks, dose)


# --------------------------------------------------------------------------
# Doses
# --------------------------------------------------------------------------


def _fmt(dose: Dose) -> str:
    return dose.text


def _goal(settings: Settings) -> int:
    return max(1, min(settings.goal_minutes, MAX_GOAL))


def start_dose(settings: Settings) -> Dose:
    """The first stage (EVIDENCE §0 rule 1): 2–3 sessions of 5–10 minutes."""
    return Dose(
        within_range("sessions", settings.sessions),
        within_range("start_minutes", settings.start_minutes),
    )


def _not_below(dose: Dose, floor: Dose) -> Dose:
    """Never below the starting stage (`floor`), keeping the number of walks
    where that makes no walk longer than `dose`'s; otherwise the starting stage
    itself (a cut never lengthens a walk)."""
    if dose.total >= floor.total:
        return dose
    if dose.sessions == floor.sessions or dose.sessions == 0:
        return floor
    spread = _spread(floor.total, dose.sessions)
    return floor if spread.minutes > dose.minutes else spread


def _spread(total: int, count: int) -> Dose:
    """`total` minutes in `count` walks as even as whole minutes allow."""
    count = max(1, min(count, total))
    return Dose.of(
        total // count + (1 if i < total % count else 0) for i in range(count)
    )


def _fold(walks: list[int]) -> Dose:
    """Walks shorter than 5 minutes folded into the others (rule 4)."""
    walks = sorted((w for w in walks if w > 0), reverse=True)
    while len(walks) > 1 and walks[-1] < SHORTEST_WALK and walks[0] >= SHORTEST_WALK:
        short = walks.pop()
        walks[-1] += short
        walks.sort(reverse=True)
    return Dose.of(walks) if walks else Dose(0, 0)


def _fit_goal(dose: Dose, goal: int) -> Dose:
    """Keep each walk and the day's total within the goal (rule 10)."""
    if dose.total <= goal and dose.minutes <= goal:
        return dose
    if dose.even:
        return Dose(dose.sessions, max(1, goal // dose.sessions))
    return _shrink(dose, goal)


def _shrink(dose: Dose, limit: int) -> Dose:
    """`dose` brought down to at most `limit` minutes, each walk in proportion."""
    if dose.total <= limit:
        return dose
    if dose.even:
        return Dose(dose.sessions, max(1, limit // dose.sessions))
    return _fold([max(1, w * limit // dose.total) for w in dose.walks])


def _scaled(dose: Dose, pct: int, floor: Dose) -> Dose:
    """About `pct`% of `dose`'s total in as many walks, not below the start."""
    if dose.even:
        minutes = max(1, int(dose.total * pct / 100 / dose.sessions + 0.5))
        return _not_below(Dose(dose.sessions, minutes), floor)
    walks = [max(1, int(w * pct / 100 + 0.5)) for w in dose.walks]
    return _not_below(_fold(walks), floor)


def _cut_back(base: Dose, tolerated: Dose | None, floor: Dose) -> Dose:
    """Rule 5: back to the last tolerated stage, at least 20% below, not below start.

    EVIDENCE §0 rule 12 with 12b (reduce to the last tolerated dose, about −20
    to −50%; 2 points = the minimal important change, Ostelo 2008).
    """
    limit = base.total * CUT_SHARE[0] // CUT_SHARE[1]
    if tolerated is not None and 0 < tolerated.total <= limit:
        cut = tolerated
    else:
        cut = _shrink(base, limit)
    cut = _not_below(cut, floor)
    return cut if cut.total < base.total else base


def _cap(reference: int, walks: int) -> int:
    """Rule 3: the highest total allowed within 14 days of a day planned at
    `reference` minutes, for a dose of `walks` walks.

    EVIDENCE §0 rule 6 (no more than +30% over any 2 weeks; running cohort).
    Where 30% is less than one minute per walk (small doses), one minute per
    walk is allowed, so that whole minutes can move at all: never more than
    1.3 × the reference plus one minute per walk.
    """
    return max(
        reference * CAP_SHARE[0] // CAP_SHARE[1], reference + CAP_PER_WALK * walks
    )


def _planned_total(target: Target | None, start: Dose) -> int:
    if target is None:
        return start.total  # before the program: the start is the reference
    if target.status is Status.STOP:
        return (target.state.resume or start).total
    return target.dose.total


def _cap_reference(day: date, targets: Mapping[date, Target], start: Dose) -> int:
    """The lowest total planned on the 14 days before `day` (the start before
    the program): a step on `day` may rise at most 30% above every one of them,
    so no 14-day window ever rises more. The plan is the reference, never the
    minutes walked."""
    lowest = start.total
    past = day - timedelta(days=CAP_DAYS)
    first = True
    for _ in range(CAP_DAYS):
        total = _planned_total(targets.get(past), start)
        if first or total < lowest:
            lowest, first = total, False
        past += ONE_DAY
    return lowest


def _cap_limit(
    day: date, targets: Mapping[date, Target], start: Dose, walks: int
) -> int:
    """The highest total a step up on `day` may reach under rule 3."""
    return _cap(_cap_reference(day, targets, start), walks)


def _cap_frees(
    day: date, targets: Mapping[date, Target], start: Dose, dose: Dose, nxt: Dose
) -> date | None:
    """The first day after `day` on which `nxt` fits the cap, holding `dose`."""
    # The totals planned on the 13 days before `day`, oldest first.
    totals = [
        _planned_total(targets.get(day - timedelta(days=k)), start)
        for k in range(CAP_DAYS - 1, 0, -1)
    ]
    for j in range(1, CAP_DAYS + 1):
        # Day + j looks back at day + j - 14 .. day + j - 1: the older totals
        # still in reach, and `dose` from `day` on.
        reference = min([dose.total, *totals[j - 1 :]])
        if nxt.total <= _cap(reference, nxt.sessions):
            return day + timedelta(days=j)
    return None


def _merge(base: Dose, goal: int, bout: int) -> Dose | None:
    """Rule 4 (SPEC §6; EVIDENCE 16b): one walk grows while the others shrink,
    keeping the day's total; no walk longer than 1.5 × the longest tolerated
    (the current longest: its good days tolerated it), nor than `bout`."""
    if base.sessions < 2 or base.minutes < MERGE_AT:
        return None
    total = base.total
    grow = min(base.minutes * MERGE_GROWTH[0] // MERGE_GROWTH[1], goal, bout, total)
    rest = total - grow
    if 0 < rest < SHORTEST_WALK:
        grow, rest = total - SHORTEST_WALK, SHORTEST_WALK
    if grow <= base.minutes:
        return None
    count = -(-rest // grow) if rest else 0
    others = [rest // count + (1 if i < rest % count else 0) for i in range(count)]
    merged = Dose.of([grow, *others])
    return merged if merged != base else None


def _grow(
    base: Dose, step_top: int, cap_top: int, max_step: int, longest: int
) -> Dose | None:
    """Rule 2: the biggest step within `step_top` (+20%) and `cap_top` (the
    14-day cap and the goal) minutes a day, at most `max_step` minutes per walk
    and no walk above `longest`. Every walk the same step when that fits; on
    small or uneven doses, where one minute on every walk is more than 20%, a
    minute at a time to the shortest walks."""
    top = min(step_top, cap_top)
    if base.even:
        for extra in range(max_step, 0, -1):
            walks = [min(w + extra, longest) for w in base.walks]
            if sum(walks) <= top and walks != list(base.walks):
                return Dose.of(walks)
        one_more = sum(min(w + 1, longest) for w in base.walks)
        if one_more > cap_top:
            return None  # the cap, not the 20%, stops the step: wait for it
    walks = list(base.walks)
    added = [0] * len(walks)
    while True:
        i = min(range(len(walks)), key=lambda n: (walks[n], n))
        if walks[i] + 1 > longest or added[i] >= max_step or sum(walks) + 1 > top:
            break
        walks[i] += 1
        added[i] += 1
    return Dose.of(walks) if walks != list(base.walks) else None


def _next_dose(
    base: Dose, goal: int, limit: int, max_step: int, bout: int
) -> Dose | None:
    """The next stage up from `base`, or None when no step fits.

    Rule 4 first (the end target is one walk, EVIDENCE §0 rule 2, WalkBack):
    walks of 10 minutes or more merge, keeping the day's total. Otherwise rule
    2 (EVIDENCE §0 rule 5): at most +2 min per walk and +20% of the day,
    within the 14-day cap and the goal, which also caps the day's total.
    """
    merged = _merge(base, goal, bout)
    if merged is not None:
        return merged
    step_top = base.total * STEP_SHARE[0] // STEP_SHARE[1]
    return _grow(base, step_top, min(limit, goal), max_step, min(goal, bout))


# --------------------------------------------------------------------------
# Warnings and words
# --------------------------------------------------------------------------


def _word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _days(n: int) -> str:
    return f"{_word(n)} good day{'' if n == 1 else 's'}"


def _name(day: date) -> str:
    """A day by name: a reason is read the day before (`next`) or on the day
    (`today`), so "yesterday" would be wrong half the time."""
    return DAY_NAMES[day.weekday()]


def _short_date(day: date) -> str:
    """'Wed 18 Mar' (English, whatever the locale): dates.format_day."""
    return format_day(day)


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


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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


@dataclass(frozen=True)
class _Yesterday:
    """What the log says about the day before the target, judged fully."""

    day: date
    walks: list[Entry]
    kind: DayKind  # its walks, and its next morning (today's first reading)
    adherence: float  # against the dose planned for it
    symptoms: list[str]  # flags that pause (a known, stable leg pain is not one)
    known_leg_pain: bool  # leg pain logged, already on record as stable
    rest: bool
    flare: bool
    morning: int | None  # today's first reading: yesterday's next morning
    usual: float | None  # today's usual pain (the baseline)

    @property
    def name(self) -> str:
        return _name(self.day)

    @property
    def morning_up(self) -> bool:
        """Today's first reading is 2 or more above usual (EVIDENCE §0 rule 8)."""
        return (
            self.morning is not None
            and self.usual is not None
            and self.morning >= self.usual + MORNING_RISE
        )

    @property
    def too_much(self) -> Entry | None:
        """A walk that ended above 5 and above its pain before (7b)."""
        return next((w for w in self.walks if _walk_too_much(w)), None)


def _yesterday(
    window: _Window, day: date, planned: Dose, screening: Screening
) -> _Yesterday:
    yday = day - ONE_DAY
    seen = window.on(yday)
    walks = window.walks(yday)
    flags = sorted(
        {s for e in seen for s in e.symptoms if s not in RECORD_ONLY_SYMPTOMS}
    )
    # EVIDENCE §4: a one-sided leg pain already known (the radiating-pain
    # caution) is judged on its pain; it escalates when anything else comes.
    known = flags == ["leg-pain"] and RADIATING_PAIN in screening.caution
    morning, usual = window.first_reading(day), window.usual(day)
    return _Yesterday(
        day=yday,
        walks=walks,
        kind=_day_kind(walks, window.first_reading(yday), morning, usual)
        if walks
        else DayKind.NONE,
        adherence=_adherence(walks, planned),
        symptoms=[] if known else flags,
        known_leg_pain=known,
        rest=window.marked(yday, Kind.REST),
        flare=window.marked(yday, Kind.FLARE),
        morning=morning,
        usual=usual,
    )


def _count_good_days(
    state: EngineState, y: _Yesterday, *, bad: bool, resumed: bool
) -> tuple[int, int]:
    """(good days, good days in the pause).

    EVIDENCE §0 rules 10–11: progress needs good days with >= 80% of the
    sessions done. Amber, rest and no-pain days neither count nor reset the
    run (SPEC §3, §6; EVIDENCE 11b); bad, flare, symptom, missed and short
    days reset it.
    """
    good, pause_good = state.good_days, state.pause_good_days
    if bad or y.symptoms or y.flare:
        return 0, 0
    if resumed:
        return good, pause_good  # nothing was planned under the stop
    if y.walks:
        if y.adherence < ADHERENT:
            return 0, 0
        if y.kind is DayKind.GOOD:
            return good + 1, pause_good + 1
        return good, pause_good  # amber or no pain recorded
    if y.rest:
        return good, pause_good
    return 0, 0  # a missed day


@dataclass(frozen=True)
class _Pause:
    paused: bool
    cause: str
    new: bool  # started by the latest log
    lifted: bool  # lifted by yesterday's good day
    good_days: int


def _pause_rule(
    state: EngineState,
    y: _Yesterday,
    streak: int,
    raised: Sequence[date],
    window: _Window,
    good: int,
) -> _Pause:
    """Rule 6: symptom flags, 3 bad days in a row, or first readings 2 or more
    above the baseline on 3 days in a row pause progression.

    EVIDENCE §0 rule 13 with 13b (ACSM "four pain rules": limp, dull-to-sharp
    pain; spreading leg symptoms; persistent worsening; 3 days [D]). The pause
    lifts after 2 good days.
    """
    if y.symptoms:
        return _Pause(True, _symptom_words(y.symptoms), True, False, 0)
    if len(raised) >= PAUSE_RAISED_DAYS:
        days = [f"{window.first_reading(r)} on {_name(r)}" for r in raised[-3:]]
        cause = f"morning pain 2 or more above usual ({_and(days)})"
        return _Pause(True, cause, True, False, 0)
    if streak >= PAUSE_BAD_DAYS:
        return _Pause(True, "three bad days in a row", True, False, 0)
    if state.paused and good >= PAUSE_LIFT:
        return _Pause(False, "", False, True, good)
    return _Pause(state.paused, state.pause_cause, False, False, good)


@dataclass(frozen=True)
class _Gap:
    days_off: int
    pct: int  # the cut applied in this gap so far (0, 80 or 60)
    source: Dose | None  # the dose before the gap's first cut
    restart: Dose | None  # the cut made today, if any


def _gap_rule(state: EngineState, off: int, base: Dose, floor: Dose) -> _Gap:
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
    return _Gap(off, pct, source, _scaled(source, pct, floor))


def _lower(dose: Dose, other: Dose) -> Dose:
    return other if other.total < dose.total else dose


def _days_off(prev: Target, window: _Window, day: date) -> int:
    """Real days without a walk just before `day` (rest and flare days count)."""
    for k in range(1, (day - prev.date).days + 1):
        if window.walks(day - timedelta(days=k)):
            return k - 1
    return prev.state.days_off + (day - prev.date).days


def _last_walked(prev: Target, window: _Window) -> Dose:
    """`previous` (SPEC §6): the target of the last day the person walked."""
    if window.walks(prev.date):
        return prev.dose
    return prev.state.walked or prev.dose


def _way_down(state: EngineState, y: _Yesterday, planned: Dose) -> int:
    """Walked days in a row at the smallest stage with no walk at 80% of it."""
    if not y.walks:
        return state.short_days
    longest = max(w.minutes or 0 for w in y.walks)
    if planned.minutes <= SMALLEST_STAGE and longest * 5 < SMALLEST_STAGE * 4:
        return state.short_days + 1
    return 0


def _smaller_start(y: _Yesterday, planned: Dose) -> Dose:
    """Rule 5's way down: 2–3 walks of 3–4 minutes (EVIDENCE §0 rule 1: start
    below what a person manages, 70–80% of a measured baseline)."""
    longest = max(w.minutes or 0 for w in y.walks)
    minutes = WAY_DOWN[1] if longest * 5 >= WAY_DOWN[1] * 4 else WAY_DOWN[0]
    return Dose(min(max(planned.sessions, 2), 3), minutes)


def step(
    day: date,
    settings: Settings,
    screening: Screening,
    entries: Sequence[Entry],
    targets: Mapping[date, Target],
) -> Target:
    """One day's target from the day before's target and the recent window.

    `entries` holds (at least) every entry of day-WINDOW_DAYS..day in time
    order: of `day` itself only its first pain reading and a rest or flare-up
    mark are read (later ones are ignored). `targets` holds the stored targets
    of (at least) the 14 days before `day`. With no earlier target, this is the
    first day.
    """
    window = _Window(entries, day - timedelta(days=WINDOW_DAYS), day)
    return _step(day, settings, screening, window, targets)


def _step(
    day: date,
    settings: Settings,
    screening: Screening,
    window: _Window,
    targets: Mapping[date, Target],
) -> Target:
    """step() on a window read already (shared by simulate's days)."""
    prev = _previous_target(day, targets)
    if prev is None:
        return first_target(day, settings, screening)
    start, goal = start_dose(settings), _goal(settings)
    resumed = prev.status is Status.STOP
    base = (prev.state.resume or start) if resumed else prev.dose
    previous = _last_walked(prev, window)
    if screening.urgent:
        # The counts stand still under a stop; nothing is judged against 0 × 0.
        frozen = replace(
            prev.state, resume=base, walked=previous, usual=window.usual(day)
        )
        return _stop_target(day, settings, screening, previous, frozen)

    state = prev.state
    floor = state.floor or start
    y = _yesterday(window, day, prev.dose, screening)
    cut_cause = _cut_cause(y)
    bad = cut_cause is not None
    good, pause_good = _count_good_days(state, y, bad=bad, resumed=resumed)
    if y.kind is DayKind.BAD or y.flare:
        streak = state.bad_streak + 1
    else:
        streak = state.bad_streak if y.kind is DayKind.NONE else 0
    raised = _raised(state, y, day)
    review = _bad_days(state, y, day)
    pause = _pause_rule(state, y, streak, raised, window, pause_good)
    tolerated = state.tolerated
    if (
        y.kind is DayKind.GOOD
        and y.adherence >= ADHERENT
        and prev.date == y.day
        and prev.status not in (Status.STOP, Status.REST)
    ):
        tolerated = prev.dose
    off = _days_off(prev, window, day)
    gap = _gap_rule(state, off, base, floor)
    short = _way_down(state, y, prev.dose)

    # The dose: held, then only ever lowered by rules 5 and 8 (rule 10 caps it).
    dose = _fit_goal(base, goal)
    hold_days = max(0, state.hold_days - 1)
    if bad:
        cut = _cut_back(base, tolerated, floor)
        if cut.total < dose.total:
            dose, hold_days = cut, HOLD_AFTER_CUT
    if gap.restart is not None:
        dose = _lower(dose, gap.restart)
    smaller = None
    if (
        short >= SHORT_DAYS
        and y.walks
        and not bad
        and prev.dose.minutes >= SMALLEST_STAGE
    ):
        smaller = _smaller_start(y, prev.dose)
        dose, floor, short = _lower(dose, smaller), smaller, 0

    high = _high_pain(y)
    cautious = _cautious(screening) or high
    warnings = screening_warnings(screening, settings.region) + _log_warnings(
        y, gap, review, high
    )
    held = _red_flag_hold(screening, base, dose)
    # Priority: pause > gap restart > cut back / way down / hold > progress.
    if pause.paused:
        status, reason = Status.PAUSE, _pause_reason(pause, y, base, dose)
        warnings.append(_pause_warning(pause.cause))
    elif held is not None:
        status, reason = held
    elif gap.days_off >= GAP_SHORT:
        status, reason = _gap_verdict(gap, base, dose, floor)
    elif bad:
        status, reason = _bad_verdict(y, cut_cause, base, dose)
    elif smaller is not None and dose != base:
        status, reason = Status.REDUCE, _smaller_reason(y, dose)
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
            cautious=cautious,
        )
        if pause.lifted:
            # The good days that lift a pause do not also step up (rule 6).
            dose = _fit_goal(base, goal) if status is Status.PROGRESS else dose
            status = Status.HOLD if status is Status.PROGRESS else status
            reason = (
                f"The pause is lifted after two good days: holding at {_fmt(dose)}."
            )
    rest = window.marked(day, Kind.REST) or window.marked(day, Kind.FLARE)
    if rest:
        if dose.total > base.total or (dose.total == base.total and dose != base):
            dose = base  # a step up waits for a walking day
        status, reason = Status.REST, _rest_reason(window, day, dose)
    else:
        status, reason = _against_previous(status, reason, dose, previous, gap)
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
        previous=previous,
        state=EngineState(
            good_days=0 if changed else good,
            hold_days=hold_days,
            paused=pause.paused,
            pause_good_days=pause.good_days,
            tolerated=tolerated,
            pause_cause=pause.cause,
            gap_pct=gap.pct,
            gap_from=gap.source,
            walked=previous,
            days_off=off,
            bad_streak=streak,
            raised=tuple(r.isoformat() for r in raised),
            bad_days=tuple(r.isoformat() for r in review),
            short_days=short,
            floor=None if floor == start else floor,
            usual=y.usual,
        ),
    )


def _cut_cause(y: _Yesterday) -> str | None:
    """Why today is cut back (rule 5), if it is: "walk", "morning" or "flare"."""
    if y.too_much is not None:
        return "walk"
    if y.morning_up:
        return "morning"  # yesterday walked or not: pain is up, go lighter today
    if y.flare:
        return "flare"
    return None


def _raised(state: EngineState, y: _Yesterday, day: date) -> list[date]:
    """This run of first readings 2 or more above usual (EVIDENCE 13b): days
    without a reading neither extend nor break it."""
    run = [r for r in map(date.fromisoformat, state.raised) if (day - r).days < 7]
    if y.morning is None:
        return run
    return [*run, day] if y.morning_up else []


def _bad_days(state: EngineState, y: _Yesterday, day: date) -> list[date]:
    """The bad and flare-up days of the last 28 days, yesterday included."""
    oldest = day - timedelta(days=REVIEW_DAYS)
    days = [d for d in map(date.fromisoformat, state.bad_days) if d >= oldest]
    if (y.kind is DayKind.BAD or y.flare or y.morning_up) and y.day not in days:
        days.append(y.day)
    return days


def _high_pain(y: _Yesterday) -> bool:
    """Pain above 5 before walking (EVIDENCE 7b): progress slowly."""
    return (y.usual is not None and y.usual > PAIN_CEILING) or any(
        (w.pain_before or 0) > PAIN_CEILING for w in y.walks
    )


def _log_warnings(
    y: _Yesterday, gap: _Gap, review: Sequence[date], high: bool
) -> list[Warning]:
    """Warnings from the recent log (SPEC §5), in guidance's words."""
    warnings: list[Warning] = []
    walk = y.too_much
    if walk is not None and walk.pain_after is not None:
        warnings.append(
            guidance.pain_after_warning(walk.pain_after, f"a walk on {y.name}")
        )
    if y.morning_up and y.morning is not None and y.usual is not None:
        warnings.append(
            guidance.morning_warning(
                y.morning, y.usual, bool(y.walks), whose="This morning's"
            )
        )
    if gap.days_off >= GAP_SHORT:
        warnings.append(guidance.warn("gap", days=gap.days_off))
    if len(review) >= REVIEW_BAD_DAYS:
        days = _and([_short_date(d) for d in review])
        warnings.append(guidance.warn("review-bad-days", count=len(review), days=days))
    if high:
        warnings.append(guidance.warn("pain-high-baseline"))
    if y.known_leg_pain:
        warnings.append(guidance.warn("leg-pain-known", day=y.name))
    return warnings


def _pause_warning(cause: str) -> Warning:
    return guidance.warn("pause-clinician", cause=cause)


def _pause_reason(pause: _Pause, y: _Yesterday, base: Dose, dose: Dose) -> str:
    if pause.new and pause.cause == "three bad days in a row":
        what = "Three bad days in a row"
    elif pause.new and pause.cause.startswith("morning pain"):
        what = f"{pause.cause[0].upper()}{pause.cause[1:]}"
    elif pause.new:
        what = f"{pause.cause[0].upper()}{pause.cause[1:]} was logged on {y.name}"
    else:
        what = (
            f"Paused after {pause.cause} ({pause.good_days} of {PAUSE_LIFT} good "
            "days so far)"
        )
    how = (
        f"cutting back to {_fmt(dose)}"
        if dose.total < base.total
        else f"holding at {_fmt(dose)}"
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


def _gap_verdict(gap: _Gap, base: Dose, dose: Dose, floor: Dose) -> tuple[Status, str]:
    off = f"No walk for {gap.days_off} days"
    source = gap.source or base
    if dose.total >= source.total:
        return Status.HOLD, f"{off}: holding at {_fmt(dose)} until walking resumes."
    if dose.total > floor.total:
        how = f"about {gap.pct}% of {_fmt(source)}"
    else:
        how = "the starting stage"
    return Status.RESTART, f"{off}: restarting at {_fmt(dose)}, {how}."


def _bad_verdict(
    y: _Yesterday, cause: str | None, base: Dose, dose: Dose
) -> tuple[Status, str]:
    walk = y.too_much
    if cause == "walk" and walk is not None:
        what = f"Pain rose above {PAIN_CEILING} on a walk on {y.name}"
        if walk.pain_before is not None:
            what += f" ({walk.pain_before} to {walk.pain_after})"
    elif cause == "morning":
        what = (
            f"Pain {y.morning} this morning, {MORNING_RISE} or more above usual "
            f"({y.usual:g})"
        )
    else:
        what = f"A flare-up on {y.name}"
    if dose.total < base.total:
        return (
            Status.REDUCE,
            f"{what}: back to {_fmt(dose)}, then holding {HOLD_AFTER_CUT} days.",
        )
    return Status.HOLD, f"{what}: staying at {_fmt(dose)}, the starting stage."


def _smaller_reason(y: _Yesterday, dose: Dose) -> str:
    return (
        f"On {y.name} and the day before no walk reached 4 min (80% of "
        f"{SMALLEST_STAGE} min): a smaller start, {_fmt(dose)}, that builds up "
        "from there."
    )


def _rest_reason(window: _Window, day: date, dose: Dose) -> str:
    if window.marked(day, Kind.FLARE):
        return (
            f"A flare-up day: rest, nothing to walk today. The plan goes on "
            f"lighter than {_fmt(dose)} tomorrow."
        )
    return (
        f"A rest day: nothing to walk today. The plan goes on at {_fmt(dose)} "
        "tomorrow (rest does not break the run)."
    )


def _against_previous(
    status: Status, reason: str, dose: Dose, previous: Dose, gap: _Gap
) -> tuple[Status, str]:
    """The status says how `dose` compares with `previous`, the target of the
    last day walked (SPEC §6): `hold` the same walks, `progress` more or the
    same total in fewer or longer walks, `reduce`/`restart` less."""
    if status is Status.PAUSE or previous.sessions == 0:
        return status, reason
    if dose.total < previous.total:
        lower = Status.RESTART if gap.pct else Status.REDUCE
        if status in (Status.REDUCE, Status.RESTART):
            return lower, reason
        return lower, f"Below the {_fmt(previous)} last walked: {_lc(reason)}"
    if dose == previous:
        return (status if status is Status.GOAL else Status.HOLD), reason
    if status is Status.PROGRESS:
        return status, reason
    return (
        Status.PROGRESS,
        f"Up from the {_fmt(previous)} last walked: {_lc(reason)}",
    )


def _lc(text: str) -> str:
    return text[0].lower() + text[1:] if text else text


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
    cautious: bool,
) -> tuple[Status, Dose, str]:
    """Rule 2 (progress), 4 (merge), 9 (goal) or hold, with the reason."""
    goal = _goal(settings)
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
        return _step_up(day, settings, screening, targets, window, dose, good, cautious)
    if y.walks and y.adherence < ADHERENT:
        done = round(y.adherence * prev.dose.sessions)
        return (
            Status.HOLD,
            dose,
            f"On {y.name} {done} of {prev.dose.sessions} sessions reached 80% of "
            f"their planned minutes: holding at {at} until a full day is walked.",
        )
    if y.kind is DayKind.AMBER:
        walk = next((w for w in y.walks if _walk_amber(w)), None)
        rose = (
            f"Pain rose from {walk.pain_before} to {walk.pain_after} on a walk"
            if walk is not None
            else "Pain the next morning was above usual after walks"
        )
        return (
            Status.HOLD,
            dose,
            f"{rose} on {y.name} (an amber day): holding at {at}.",
        )
    if y.kind is DayKind.NO_PAIN:
        return (
            Status.HOLD,
            dose,
            f"No pain was recorded on {y.name}, so the plan cannot tell how your "
            f"back took its walks: holding at {at} until it is.",
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
    screening: Screening,
    targets: Mapping[date, Target],
    window: _Window,
    dose: Dose,
    good: int,
    cautious: bool,
) -> tuple[Status, Dose, str]:
    """Rule 2: enough good days, so one stage up.

    EVIDENCE §0 rule 10 (progress after good days with >= 80% done) and rule 5
    (+1–2 min per walk, change every 2–3 days; VA protocol, Walk With Ease).
    """
    goal = _goal(settings)
    start = start_dose(settings)
    at = _fmt(dose)
    bout = CLAUDICATION_BOUT if WALKING_LEG_PAIN in screening.caution else goal
    step_max = MAX_STEP_CAUTION if cautious else MAX_STEP
    limit = _cap_limit(day, targets, start, dose.sessions)
    nxt = _next_dose(dose, goal, limit, step_max, bout)
    if nxt is None:
        wanted = _next_dose(dose, goal, goal * 10, step_max, bout)
        if wanted is None and bout < goal:
            return (
                Status.HOLD,
                dose,
                f"{_days(good)} at {at}: with leg pain when walking, walks stay at "
                f"{bout} min or less, so the plan holds at {at}.",
            )
        frees = (
            None if wanted is None else _cap_frees(day, targets, start, dose, wanted)
        )
        when = f" from {_short_date(frees)}" if frees is not None else " later"
        what = "the next step" if wanted is None else f"the next step, {_fmt(wanted)},"
        return (
            Status.HOLD,
            dose,
            f"{_days(good)} at {at}, but the day's total may rise at most 30% over "
            f"14 days: {what} fits{when}. Holding at {at}.",
        )
    pain = _max_pain(window, day, GOOD_DAYS_CAUTION if cautious else GOOD_DAYS)
    with_pain = f" with pain at most {pain}" if pain is not None else ""
    if nxt.total == dose.total:
        fewer = "one walk" if nxt.sessions == 1 else "fewer, longer walks"
        if nxt.sessions == dose.sessions or not nxt.even:
            fewer = "one longer walk"
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
    """step() over consecutive `days`; the new targets by day.

    `entries` is the whole (time-ordered) log; `targets` any earlier targets;
    `screening` the standing answers, or a function giving them for a day.
    The log is read once and each day's facts (first reading, marks) are
    worked out once for all the days; each step reads only the days up to its
    own, as step() does. Linear in the number of entries and days.
    """
    answers = screening if callable(screening) else (lambda _day: screening)
    order = list(days)
    known = dict(targets or {})
    made: dict[date, Target] = {}
    if not order:
        return made
    window = _Window(entries, min(order) - timedelta(days=WINDOW_DAYS), max(order))
    for day in order:
        target = _step(day, settings, answers(day), window, known)
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


# Why `walkcoach plan` shows stages longer than the good days a step needs.
CAP_NOTE = (
    "Stages that last longer than a few days wait for the 14-day limit: the "
    "day's total rises at most 30% over any two weeks, whatever you walk, so "
    "your body can keep up."
)


def cap_waits(stages: Sequence[tuple[date, Dose]]) -> bool:
    """Some stage of a projection lasts longer than a step needs (rule 3)."""
    return any(
        (later - earlier).days > GOOD_DAYS_CAUTION
        for (earlier, _), (later, _) in zip(stages, stages[1:], strict=False)
    )


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

_DOSE_FIELDS = ("tolerated", "resume", "gap_from", "walked", "floor")


def dose_to_json(dose: Dose) -> dict[str, Any]:
    """A dose as {"sessions", "minutes"}, with "walks" when they differ."""
    data: dict[str, Any] = {"sessions": dose.sessions, "minutes": dose.minutes}
    if not dose.even:
        data["walks"] = list(dose.walks)
    return data


def dose_from_json(data: Any) -> Dose:
    """The inverse of dose_to_json; also reads a [sessions, minutes] pair."""
    if isinstance(data, list):
        return Dose(int(data[0]), int(data[1]))
    if not isinstance(data, dict):
        raise ValueError("a dose must be a JSON object")
    if data.get("walks"):
        return Dose.of(int(w) for w in data["walks"])
    return Dose(int(data["sessions"]), int(data["minutes"]))


def state_to_json(state: EngineState) -> str:
    """EngineState as compact JSON text (doses as dose_to_json gives them);
    fields at their default are left out (they load as the default)."""
    data: dict[str, Any] = {}
    default = vars(_DEFAULT_STATE)
    for name, value in vars(state).items():
        if value == default[name]:
            continue
        if isinstance(value, Dose):
            value = dose_to_json(value)
        elif isinstance(value, tuple):
            value = list(value)
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


_DEFAULT_STATE = EngineState()


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
            value = None if value is None else dose_from_json(value)
        elif name == "usual":
            value = None if value is None else float(value)
        elif isinstance(fallback, bool):
            value = bool(value)
        elif isinstance(fallback, int):
            value = int(value)
        elif isinstance(fallback, tuple):
            value = tuple(str(v) for v in value)
        else:
            value = str(value)
        values[name] = value
    return EngineState(**values)
