"""Walkers driven day by day through the real command line: a morning check-in,
`today --json`, the walks as planned with the walker's own pain, `next --json`.

Each profile asserts what a physiotherapist would expect of the coach over a
few weeks, and every day asserts that the screens agree: the evening's `next`
is the next morning's `today` unless the morning's reading changed it, the
planned walks add up, and done + left = planned.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tests.helpers import ok

FIRST = date(2026, 9, 7)  # a Monday
HOURS = (9, 13, 17)

# A walker: (day number, walk number) -> (pain before, pain after), and the
# morning reading of each day.
Pain = Callable[[int, int], tuple[int, int]]
Morning = Callable[[int], int]


@dataclass
class Walker:
    name: str
    pain: Pain
    morning: Morning
    days: int
    setup: tuple[str, ...] = ("--clear",)
    log_flags: Callable[[int], tuple[str, ...]] = lambda _day: ()
    seen: list[dict[str, object]] = field(default_factory=list)


def _json(*args: str, now: str) -> dict[str, object]:
    return json.loads(ok(*args, "--json", now=now).stdout)  # type: ignore[no-any-return]


def _walk(walker: Walker) -> list[dict[str, object]]:
    """Run `walker` through the CLI; each day's `today` after the morning reading."""
    ok("setup", *walker.setup, "--start-minutes", "5", "--sessions", "3",
       now=f"{FIRST}T07:00")  # fmt: skip
    evening: dict[str, object] | None = None
    for n in range(walker.days):
        day = FIRST + timedelta(days=n)
        ok("pain", str(walker.morning(n)), now=f"{day}T07:30")
        today = _json("today", now=f"{day}T08:00")
        walker.seen.append(today)
        walks = today["walks"]
        assert isinstance(walks, list)
        assert sum(walks) == today["total_minutes"]
        assert len(walks) == today["sessions"]
        assert today["done_sessions"] == 0
        assert today["left_sessions"] == today["sessions"]
        if evening is not None and walker.morning(n) == walker.morning(0):
            # Nothing new since last night but a usual morning: the same target.
            assert (evening["status"], evening["walks"]) == (
                today["status"],
                today["walks"],
            ), (walker.name, day)
        if today["status"] in ("stop", "rest"):
            evening = None
            continue
        for k, minutes in enumerate(walks):
            before, after = walker.pain(n, k)
            ok("log", str(minutes), "-b", str(before), "-a", str(after),
               "--when", f"{day} {HOURS[k % 3] + k // 3}:00",
               *walker.log_flags(n), now=f"{day}T20:00")  # fmt: skip
        done = _json("today", now=f"{day}T20:00")
        assert done["left_sessions"] == 0, (walker.name, day, done)
        assert done["done_sessions"] == today["sessions"]
        evening = _json("next", now=f"{day}T20:30")
    return walker.seen


def _statuses(seen: list[dict[str, object]]) -> list[object]:
    return [s["status"] for s in seen]


@pytest.mark.slow
def test_a_tolerant_walker_steps_up_inside_the_caps() -> None:
    seen = _walk(Walker("tolerant", lambda n, k: (2, 2), lambda n: 2, days=16))
    totals = [int(str(s["total_minutes"])) for s in seen]
    assert totals[-1] > totals[0]  # it builds up
    assert totals == sorted(totals)  # and never drops when every day is good
    for n in range(len(totals)):  # 30% over 14 days, +1 min per walk (rule 3)
        if n >= 14:
            assert totals[n] <= 1.3 * totals[n - 14] + 3
    assert "progress" in _statuses(seen)


@pytest.mark.slow
def test_a_walker_whose_pain_stays_at_6_still_progresses() -> None:
    seen = _walk(Walker("baseline 6", lambda n, k: (6, 6), lambda n: 6, days=12))
    assert "progress" in _statuses(seen)
    assert "pause" not in _statuses(seen)


@pytest.mark.slow
def test_a_persistent_morning_rise_pauses_with_advice() -> None:
    # Mornings at 2 for a week, then at 5 from day 7 on; walks unchanged.
    seen = _walk(
        Walker(
            "morning rise",
            lambda n, k: (2, 3),
            lambda n: 2 if n < 7 else 5,
            days=12,
        )
    )
    after = seen[7:]
    assert "pause" in _statuses(after[:4])  # within four days of the rise
    totals = [int(str(s["total_minutes"])) for s in after]
    assert max(totals) <= int(str(seen[6]["total_minutes"]))  # no step up
    warnings = " ".join(
        str(w["message"])  # type: ignore[index]
        for s in after
        for w in s["warnings"]  # type: ignore[attr-defined]
    )
    assert "clinician" in warnings


@pytest.mark.slow
def test_a_flare_cuts_the_next_day_by_at_least_a_fifth() -> None:
    # A walk ends at 8 on day 24 (above 5 and above its before-level).
    seen = _walk(
        Walker(
            "flare",
            lambda n, k: (2, 8) if n == 24 and k == 0 else (2, 2),
            lambda n: 2,
            days=27,
        )
    )
    before, after = seen[24], seen[25]
    assert int(str(before["total_minutes"])) > 15 / 0.8  # above the first stage
    assert after["status"] == "reduce"
    assert int(str(after["total_minutes"])) <= 0.8 * int(str(before["total_minutes"]))


@pytest.mark.slow
def test_a_red_flag_answer_stops_the_build_up() -> None:
    seen = _walk(
        Walker(
            "red flag",
            lambda n, k: (2, 2),
            lambda n: 2,
            days=5,
            setup=("--yes", "bladder-bowel"),
        )
    )
    assert set(_statuses(seen)) == {"stop"}
    assert all(s["total_minutes"] == 0 for s in seen)


@pytest.mark.slow
def test_a_same_day_red_flag_holds_the_dose_until_cleared() -> None:
    seen = _walk(
        Walker(
            "fever",
            lambda n, k: (2, 2),
            lambda n: 2,
            days=8,
            setup=("--yes", "fever"),
        )
    )
    totals = {s["total_minutes"] for s in seen}
    assert totals == {15}  # no increase while it waits for a clinician
    assert "pause" in _statuses(seen)
