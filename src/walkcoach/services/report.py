"""The clinician report's data, gathered once for every way of showing it.

`build` reads the store, then hands plain data to the pure summaries (stats,
plan) and returns a ReportData that the HTML, Markdown and SVG renderers draw
without computing anything of their own. The weekly figures are those of
`week --json` for the same weeks (stats.week_rows), so the report and the
terminal never disagree.

The words here are for a clinician: what happened and when, no advice to the
person and no "you" (the plan's reasons are rewritten where they advise).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import fmean
from typing import TYPE_CHECKING

from walkcoach.core.dates import format_day
from walkcoach.core.errors import InvalidInput
from walkcoach.core.models import (
    MORNING_RISE,
    PAIN_CEILING,
    Entry,
    Kind,
    Settings,
    Status,
    Target,
    first_reading,
    symptom_words,
)
from walkcoach.core.stats import Answer, Mark, WeekRow, monday_of

if TYPE_CHECKING:
    from walkcoach.services.assess import Assessment
    from walkcoach.storage.store import Store

DEFAULT_WEEKS = 8  # the same default as `week`, so both show the same weeks
ONE_DAY = timedelta(days=1)


class EventKind(StrEnum):
    """What an event is about (the report's first column)."""

    PLAN = "plan"
    SYMPTOM = "symptom"
    PAIN = "pain"
    SAFETY = "safety"
    GAP = "gap"
    FLARE = "flare-up"


@dataclass(frozen=True)
class Event:
    """Something a clinician should see, on a day (at a time, when known)."""

    day: date
    kind: EventKind
    text: str
    at: datetime | None = None


@dataclass(frozen=True)
class Note:
    """A note the person wrote, with the entry it belongs to."""

    at: datetime
    what: str  # "walk, 8 min, pain 2→3", "pain check-in 4/10", "rest day"
    text: str


@dataclass(frozen=True)
class Figure:
    """A headline figure in the period's first week and in its latest week."""

    key: str  # a stable name (HTML id, tests)
    label: str
    unit: str  # "min", "%", "/10" or "" (a count)
    first: float | None
    latest: float | None
    digits: int = 0

    @property
    def change(self) -> float | None:
        """Latest minus first; None when either is unknown."""
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass(frozen=True)
class DayPoint:
    """One day of the charts."""

    day: date
    mark: Mark
    walks: int
    minutes: float
    target: int | None  # the day's planned total minutes; None without a target
    pain_before: int | None  # of the day's walk with the highest pain after
    pain_after: int | None
    morning: int | None  # the day's first pain reading


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, for the days first..last (both included)."""

    first: date
    last: date
    today: date
    name: str | None
    settings: Settings
    program_start: date | None  # the first entry's day; None on an empty log
    target: Target | None  # the target on `last`
    target_since: date | None  # the day that dose and status began
    rows: tuple[WeekRow, ...]
    first_week: WeekRow | None
    latest_week: WeekRow | None
    figures: tuple[Figure, ...]
    days: tuple[DayPoint, ...]
    events: tuple[Event, ...]
    notes: tuple[Note, ...] | None  # None: left out on request (--no-notes)
    entries: int
    day: Assessment | None = None  # `last` as every screen shows it

    def days_in(self, row: WeekRow) -> int:
        """How many days of the week `row` lie in the period (7, or fewer)."""
        start = max(row.week_start, self.first)
        end = min(row.week_start + timedelta(days=6), self.last)
        return max(0, (end - start).days + 1)


def check_span(since: date | None, until: date | None, today: date) -> date:
    """The period's last day; InvalidInput when --since comes after it."""
    last = until or today
    if since is not None and since > last:
        raise InvalidInput(
            f"--since {since.isoformat()} is after --until {last.isoformat()}"
        )
    return last


def period(
    program_first: date,
    today: date,
    since: date | None = None,
    until: date | None = None,
    weeks: int = DEFAULT_WEEKS,
) -> tuple[date, date]:
    """The days a report covers: `since` (or the Monday `weeks` weeks back from
    `until`'s week) to `until` (default today), never before the first entry."""
    last = check_span(since, until, today)
    first = since if since is not None else monday_of(last) - timedelta(weeks=weeks - 1)
    return min(max(first, program_first), last), last


def build(
    store: Store,
    today: date,
    *,
    since: date | None = None,
    until: date | None = None,
    weeks: int = DEFAULT_WEEKS,
    name: str | None = None,
    notes: bool = True,
) -> ReportData:
    """Gather the log and decide everything the report shows."""
    from walkcoach.core import stats
    from walkcoach.services.assess import assess
    from walkcoach.services.progress import History, program_first

    start = program_first(store, today)
    first, last = period(start, today, since, until, weeks)
    history = History(store, today, start)
    days_per_week = history.settings.days_per_week
    inside = [e for e in history.entries if first <= e.day <= last]
    planned = {d: t for d, t in history.targets.items() if first <= d <= last}
    rows = stats.week_rows(
        inside, planned, monday_of(first), monday_of(last), today, days_per_week
    )
    first_week, latest_week = _compared(rows, last, today)
    tallies = stats.tally_days(
        inside, planned, monday_of(first), last, today, days_per_week
    )
    grouped = stats.by_day(inside)
    days = tuple(
        _point(t.day, t.mark, grouped.get(t.day, []), planned.get(t.day))
        for t in tallies
        if t.day >= first
    )
    answers = stats.answers_standing(
        stats.yes_answers(store.screenings(), store.clearances()), first, last
    )
    events = sorted(
        [
            *plan_events(history.targets, first, last),
            *entry_events(inside),
            *morning_events(history.entries, first, last),
            *gap_events(history.entries, first, last, today, start),
            *answer_events(answers, today),
        ],
        key=_event_order,
    )
    target = history.targets.get(last)
    day = None if target is None else assess(store, last, today)
    return ReportData(
        day=day,
        first=first,
        last=last,
        today=today,
        name=(name.strip() or None) if name else None,
        settings=history.settings,
        program_start=store.first_day(),
        target=target,
        target_since=_since(history.targets, last),
        rows=tuple(rows),
        first_week=first_week,
        latest_week=latest_week,
        figures=figures(first_week, latest_week, inside),
        days=days,
        events=tuple(events),
        notes=tuple(notes_of(inside)) if notes else None,
        entries=len(inside),
    )


def _compared(
    rows: Sequence[WeekRow], last: date, today: date
) -> tuple[WeekRow | None, WeekRow | None]:
    """The first week, and the latest complete one (a week still going gives
    partial sums): the last row when no later week is complete."""
    if not rows:
        return None, None
    done = [
        r
        for r in rows[1:]
        if r.week_start + timedelta(days=6) <= last
        and r.week_start + timedelta(days=6) < today
    ]
    return rows[0], done[-1] if done else rows[-1]


def _walks_in(entries: Iterable[Entry], row: WeekRow | None) -> list[Entry]:
    if row is None:
        return []
    end = row.week_start + timedelta(days=6)
    return [
        e for e in entries if e.kind is Kind.WALK and row.week_start <= e.day <= end
    ]


def longest_walk(walks: Iterable[Entry]) -> float | None:
    """The longest walk's minutes."""
    return max((w.minutes or 0 for w in walks), default=None)


def pain_rise(walks: Iterable[Entry]) -> float | None:
    """The mean change of pain during a walk (after minus before), over the
    walks that have both."""
    rises = [
        w.pain_after - w.pain_before
        for w in walks
        if w.pain_after is not None and w.pain_before is not None
    ]
    return fmean(rises) if rises else None


def figures(
    first: WeekRow | None, latest: WeekRow | None, entries: Sequence[Entry]
) -> tuple[Figure, ...]:
    """The headline figures: the first week against the latest one."""
    one, two = _walks_in(entries, first), _walks_in(entries, latest)

    def adherence(row: WeekRow | None) -> float | None:
        return None if row is None or row.adherence is None else row.adherence * 100

    return (
        Figure(
            "minutes",
            "Minutes walked in the week",
            "min",
            first.minutes if first else None,
            latest.minutes if latest else None,
        ),
        Figure("longest", "Longest walk", "min", longest_walk(one), longest_walk(two)),
        Figure(
            "days",
            "Days walked in the week",
            "",
            first.days_walked if first else None,
            latest.days_walked if latest else None,
        ),
        Figure(
            "adherence",
            "Planned walks done (adherence)",
            "%",
            adherence(first),
            adherence(latest),
        ),
        Figure(
            "morning",
            "Mean morning pain",
            "/10",
            first.morning_pain_mean if first else None,
            latest.morning_pain_mean if latest else None,
            1,
        ),
        Figure(
            "rise",
            "Mean pain change during a walk",
            "",
            pain_rise(one),
            pain_rise(two),
            1,
        ),
    )


def _point(
    day: date, mark: Mark, entries: Sequence[Entry], target: Target | None
) -> DayPoint:
    walks = [e for e in entries if e.kind is Kind.WALK]
    rated = [w for w in walks if w.pain_after is not None]
    # The walk that hurt most: its before and after show the day's worst response.
    worst = max(
        rated,
        key=lambda w: (w.pain_after or 0, (w.pain_after or 0) - (w.pain_before or 0)),
        default=None,
    )
    return DayPoint(
        day=day,
        mark=mark,
        walks=len(walks),
        minutes=math.fsum(w.minutes or 0 for w in walks),
        target=None if target is None else target.dose.total,
        pain_before=None if worst is None else worst.pain_before,
        pain_after=None if worst is None else worst.pain_after,
        morning=first_reading(entries),
    )


def _since(targets: Mapping[date, Target], last: date) -> date | None:
    """The first day of the run of targets up to `last` with its dose and status."""
    current = targets.get(last)
    if current is None:
        return None
    day = last
    while (before := targets.get(day - ONE_DAY)) is not None and (
        before.dose == current.dose and before.status == current.status
    ):
        day -= ONE_DAY
    return day


# -- events ------------------------------------------------------------------


def _event_order(event: Event) -> tuple[date, int]:
    """By day; a plan change (set the evening before) first, then by time."""
    if event.at is None:
        return event.day, -1
    return event.day, event.at.hour * 60 + event.at.minute


def dose_text(target: Target) -> str:
    """'3 × 8 min a day'."""
    dose = target.dose
    return f"{dose.sessions} × {dose.minutes} min a day"


def clinical(reason: str) -> str:
    """The plan's reason without the advice it gives the person."""
    from walkcoach.core.plan import SEE_CLINICIAN, SEEK_CARE_NOW

    return (
        reason.replace(SEE_CLINICIAN, "Advised to see a clinician.")
        .replace(SEEK_CARE_NOW, "Advised to seek emergency care.")
        .strip()
    )


def plan_events(targets: Mapping[date, Target], first: date, last: date) -> list[Event]:
    """Each cut, pause and stop of the plan in the period, and each end of one.

    A pause or stop that began before the period and still stood on its first
    day is named with the day it began.
    """
    events: list[Event] = []
    before: Target | None = None
    began: Event | None = None  # the event that started the pause or stop in force
    for day in sorted(d for d in targets if d <= last):
        target = targets[day]
        status = target.status
        why = clinical(target.reason)
        event: Event | None = None
        was = before.status if before is not None else None
        if status is Status.STOP and was is not Status.STOP:
            event = Event(day, EventKind.PLAN, f"Walking targets stopped. {why}")
        elif status is Status.PAUSE and was is not Status.PAUSE:
            event = Event(
                day,
                EventKind.PLAN,
                f"Progression paused at {dose_text(target)}. {why}",
            )
        elif before is not None and target.dose.total < before.dose.total:
            event = Event(
                day,
                EventKind.PLAN,
                f"Target reduced from {dose_text(before)} to {dose_text(target)}. "
                f"{why}",
            )
        elif was is Status.PAUSE and status is not Status.PAUSE:
            event = Event(
                day, EventKind.PLAN, f"Pause lifted at {dose_text(target)}. {why}"
            )
        elif was is Status.STOP:
            event = Event(
                day,
                EventKind.PLAN,
                f"Walking targets resumed at {dose_text(target)}. {why}",
            )
        if status in (Status.PAUSE, Status.STOP):
            if event is not None and was not in (Status.PAUSE, Status.STOP):
                began = event
        else:
            began = None
        if day == first and event is None and began is not None:
            events.append(began)  # standing since before the period
        if event is not None and day >= first:
            events.append(event)
        before = target
    return events


def _walk_words(entry: Entry) -> str:
    """'an 8-minute walk (pain 2→3)'."""
    minutes = f"{entry.minutes or 0:g}"
    article = "an" if minutes.startswith(("8", "11", "18")) else "a"
    pain = ""
    if entry.pain_before is not None or entry.pain_after is not None:
        pain = f" (pain {_pain(entry.pain_before)}→{_pain(entry.pain_after)})"
    return f"{article} {minutes}-minute walk{pain}"


def _pain(value: int | None) -> str:
    return "?" if value is None else str(value)


def entry_events(entries: Iterable[Entry]) -> list[Event]:
    """Symptom flags, walks that ended above the pain ceiling, flare-up days."""
    events: list[Event] = []
    for entry in sorted(entries, key=lambda e: (e.at, e.id or 0)):
        if entry.symptoms:
            named = ", ".join(symptom_words(list(entry.symptoms)))
            if entry.kind is Kind.WALK:
                with_ = f"with {_walk_words(entry)}"
            elif entry.kind is Kind.PAIN:
                with_ = f"at a pain check-in ({_pain(entry.pain)}/10)"
            else:
                with_ = f"on a {entry.kind.value} day"
            text = f"{named[0].upper()}{named[1:]} reported {with_}."
            events.append(Event(entry.day, EventKind.SYMPTOM, text, entry.at))
        if (
            entry.kind is Kind.WALK
            and entry.pain_after is not None
            and entry.pain_after > PAIN_CEILING
        ):
            before = (
                ""
                if entry.pain_before is None
                else f", from {entry.pain_before}/10 before"
            )
            text = (
                f"Pain {entry.pain_after}/10 after a {entry.minutes or 0:g}-minute "
                f"walk{before} (above {PAIN_CEILING}/10)."
            )
            events.append(Event(entry.day, EventKind.PAIN, text, entry.at))
        if entry.kind is Kind.FLARE:
            events.append(
                Event(entry.day, EventKind.FLARE, "Flare-up day; no walking.", entry.at)
            )
    return events


def morning_events(entries: Sequence[Entry], first: date, last: date) -> list[Event]:
    """Days whose first pain reading was MORNING_RISE or more above usual."""
    from walkcoach.core import plan, stats

    events: list[Event] = []
    for day, day_entries in sorted(stats.by_day(entries).items()):
        if not first <= day <= last:
            continue
        reading = first_reading(day_entries)
        usual = plan.usual_pain(entries, day)
        if reading is None or usual is None or reading < usual + MORNING_RISE:
            continue
        at = next(e.at for e in day_entries if e.reading is not None)
        text = (
            f"First pain reading of the day {reading}/10, {MORNING_RISE} or more "
            f"above usual ({usual:g}/10)."
        )
        events.append(Event(day, EventKind.PAIN, text, at))
    return events


def gap_events(
    entries: Iterable[Entry], first: date, last: date, today: date, start: date
) -> list[Event]:
    """Runs of plan.GAP_SHORT or more days without a walk that touch the period
    (after the program's first day; today counts only once it is over)."""
    from walkcoach.core.plan import GAP_SHORT

    walked = {e.day for e in entries if e.kind is Kind.WALK}
    marked = {e.day: e.kind for e in entries if e.kind in (Kind.REST, Kind.FLARE)}
    end = min(last, today - ONE_DAY)
    events: list[Event] = []
    day = start
    while day <= end:
        if day in walked:
            day += ONE_DAY
            continue
        gap_start = day
        while day <= end and day not in walked:
            day += ONE_DAY
        gap_end = day - ONE_DAY
        length = (gap_end - gap_start).days + 1
        if length < GAP_SHORT or gap_end < first:
            continue
        inside = [marked[d] for d in marked if gap_start <= d <= gap_end]
        rest = sum(1 for k in inside if k is Kind.REST)
        flare = sum(1 for k in inside if k is Kind.FLARE)
        extra = [
            f"{n} {word}{'' if n == 1 else 's'} marked"
            for n, word in ((rest, "rest day"), (flare, "flare-up day"))
            if n
        ]
        through = (
            "still none at the end of the period"
            if day > end
            else f"to {format_day(gap_end, today)}"
        )
        text = f"No walk for {length} days, {through}" + (
            f" ({', '.join(extra)})." if extra else "."
        )
        events.append(Event(gap_start, EventKind.GAP, text))
    return events


def answer_events(answers: Iterable[Answer], today: date) -> list[Event]:
    """Each safety question answered yes that stood in the period, a
    clinician's clearance of it (`check --cleared`), and its answer no."""
    from walkcoach.core.guidance import QUESTION_BY_ID

    events: list[Event] = []
    for answer in answers:
        question = QUESTION_BY_ID.get(answer.question)
        named = (question.label or question.id) if question else answer.question
        if answer.cleared is None:
            after = "Still answered yes at the end of the period."
        elif answer.cleared.date() == answer.at.date():
            after = f"Answered no at {answer.cleared:%H:%M} the same day."
        else:
            after = (
                f"Answered no on {format_day(answer.cleared.date(), today)} "
                f"{answer.cleared:%H:%M}."
            )
        if answer.clinician is not None:
            checked = answer.clinician
            after = (
                f"Cleared by a clinician on {format_day(checked.date(), today)} "
                f"{checked:%H:%M}. {after}"
            )
        text = f"Safety question answered yes ({answer.level}): {named}. {after}"
        events.append(Event(answer.at.date(), EventKind.SAFETY, text, answer.at))
    return events


def notes_of(entries: Iterable[Entry]) -> list[Note]:
    """Every note of the period, oldest first, with what it was written on."""
    notes: list[Note] = []
    for entry in sorted(entries, key=lambda e: (e.at, e.id or 0)):
        if not entry.note:
            continue
        if entry.kind is Kind.WALK:
            what = _walk_words(entry).split(" ", 1)[1]
        elif entry.kind is Kind.PAIN:
            what = f"pain check-in {_pain(entry.pain)}/10"
        elif entry.kind is Kind.FLARE:
            what = "flare-up day"
        else:
            what = "rest day"
        notes.append(Note(entry.at, what, entry.note))
    return notes
