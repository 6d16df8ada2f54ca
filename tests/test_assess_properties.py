"""Properties of the day's assessment over random histories (issue 11).

Each history is driven day by day through the real engine: the person reads
the day's target and walks some share of it (or rests, flares, skips, or logs
an urgent symptom). Every day's assessment must then add up: done + left =
planned, a rest or flare day has nothing left and is never "met", one urgent
message at most, no reason names a cap below the day's dose, and the status
says what happened against the last day walked (hold: the same walks;
progress: a total not lower; reduce, restart: a lower total).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from walkcoach.core import plan
from walkcoach.core.guidance import day_warnings, screening_from_answers
from walkcoach.core.models import (
    Entry,
    Kind,
    Level,
    Screening,
    Settings,
    Status,
    Target,
)
from walkcoach.services.assess import (
    NOTHING_TO_WALK,
    Assessment,
    DayType,
    Verdict,
    build,
    day_json,
    judge_before,
)

TZ = timezone(timedelta(hours=1))
START = date(2026, 1, 5)
CLEAR = Screening(answered=True)
CAP = re.compile(r"to (\d+) min for now")


@dataclass(frozen=True)
class Day:
    """What a person does on one day, relative to that day's target."""

    kind: str  # "walk", "skip", "rest", "flare" or "urgent"
    shares: tuple[float, ...] = ()  # each walk as a share of the longest planned
    rise: int = 0  # pain after minus pain before (before is 2)
    morning: int | None = None


days = st.one_of(
    st.builds(
        Day,
        kind=st.just("walk"),
        shares=st.lists(
            st.sampled_from([0.3, 0.7, 0.8, 1.0, 1.0, 1.0, 1.6, 4.0, 20.0]),
            max_size=5,
        ).map(tuple),
        rise=st.integers(-1, 5),
        morning=st.one_of(st.none(), st.integers(0, 6)),
    ),
    st.builds(Day, kind=st.sampled_from(["skip", "rest", "flare", "urgent"])),
)


def _entries(day: date, plan_day: Day, longest: int) -> list[Entry]:
    at = datetime.combine(day, time(7), tzinfo=TZ)
    made: list[Entry] = []
    if plan_day.morning is not None:
        made.append(Entry(kind=Kind.PAIN, at=at, pain=plan_day.morning))
    if plan_day.kind in ("rest", "flare"):
        made.append(Entry(kind=Kind(plan_day.kind), at=at + timedelta(hours=5)))
    if plan_day.kind == "urgent":
        made.append(
            Entry(
                kind=Kind.PAIN,
                at=at + timedelta(hours=1),
                pain=3,
                symptoms=("numbness", "numbness-both-legs"),
            )
        )
    for i, share in enumerate(plan_day.shares):
        made.append(
            Entry(
                kind=Kind.WALK,
                at=at + timedelta(hours=2 + 2 * i),
                minutes=round(max(1, longest) * share, 1),
                pain_before=2,
                pain_after=max(0, min(10, 2 + plan_day.rise)),
            )
        )
    return made


def _history(history: list[Day], settings: Settings) -> list[tuple[Assessment, Target]]:
    """Each day's assessment, made after that day's entries are in."""
    entries: list[Entry] = []
    targets: dict[date, Target] = {}
    screening = CLEAR
    out: list[tuple[Assessment, Target]] = []
    for k, plan_day in enumerate(history):
        day = START + timedelta(days=k)
        target = plan.simulate([day], settings, screening, entries, targets)[day]
        targets[day] = target
        longest = max(target.dose.minutes, 0)
        entries += _entries(day, plan_day, longest)
        if plan_day.kind == "urgent":
            screening = screening_from_answers(["both-legs"], datetime.now(TZ))
        recent = [e for e in entries if e.day >= day - timedelta(days=7)]
        usual = plan.usual_pain(recent, day)
        out.append(
            (
                build(
                    day,
                    day,
                    target,
                    recent,
                    before=judge_before(recent, day, usual),
                    extra_warnings=day_warnings(recent, day, usual),
                ),
                target,
            )
        )
    return out


@hsettings(max_examples=60, deadline=None)
@given(
    history=st.lists(days, min_size=1, max_size=24),
    start=st.integers(5, 10),
    sessions=st.integers(2, 3),
)
def test_every_day_adds_up(history: list[Day], start: int, sessions: int) -> None:
    settings = Settings(start_minutes=start, sessions=sessions, configured=True)
    for a, target in _history(history, settings):
        data = day_json(a)
        assert Counter(a.left) <= Counter(a.planned)  # left is part of the plan
        assert data["left_minutes"] == sum(a.left)
        if a.type in NOTHING_TO_WALK:
            assert a.left == () and not a.met
            assert data["left_sessions"] == 0 == data["left_minutes"]
        elif a.done_sessions <= a.sessions:
            assert data["done_sessions"] + data["left_sessions"] == data["sessions"]
        else:  # more walks than planned: every planned walk is done
            assert a.left == () and a.met
        if a.type is DayType.STOPPED:
            assert a.planned == () and a.streak is None
        assert a.done_sessions == sum(
            1 for w in a.walks if w.verdict is not Verdict.SHORT
        )
        urgent = [w for w in a.warnings if w.level is Level.URGENT]
        assert len(urgent) <= 1 and (not urgent or len(a.warnings) == 1)
        if a.over and not urgent:
            assert any(w.code == "over-plan" for w in a.warnings)
        found = CAP.search(target.reason)
        if found:
            assert int(found.group(1)) >= target.dose.total, target.reason
        # The status says what happened against the last day walked (SPEC §6).
        previous = target.previous
        if previous is not None and previous.sessions:
            if target.status is Status.HOLD:
                assert target.dose.walks == previous.walks, target.reason
            elif target.status is Status.PROGRESS:
                assert target.dose.total >= previous.total, target.reason
            elif target.status in (Status.REDUCE, Status.RESTART):
                assert target.dose.total < previous.total, target.reason
