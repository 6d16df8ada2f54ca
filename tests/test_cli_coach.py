"""The coach through the real CLI: today, next, plan and setup on a real file."""

import json
from datetime import date, timedelta
from typing import Any

import pytest

from tests.helpers import ok

TARGET_FIELDS = {
    "date": str,
    "status": str,
    "sessions": int,
    "minutes_per_session": int,
    "total_minutes": int,
    "walks": list,
    "previous": (dict, type(None)),
    "goal_minutes": int,
    "reason": str,
    "warnings": list,
}
STATUSES = {
    "start",
    "progress",
    "hold",
    "reduce",
    "restart",
    "rest",
    "pause",
    "stop",
    "goal",
}


def check_target(data: dict[str, Any]) -> None:
    """The SPEC §6 object: exactly these fields, of these types, consistent."""
    assert set(data) >= set(TARGET_FIELDS)
    for name, kind in TARGET_FIELDS.items():
        assert isinstance(data[name], kind), (name, data[name])
    assert data["status"] in STATUSES
    date.fromisoformat(data["date"])
    # SPEC §6: `walks` longest first; the other fields follow from it.
    walks = data["walks"]
    assert walks == sorted(walks, reverse=True)
    assert data["sessions"] == len(walks)
    assert data["total_minutes"] == sum(walks)
    assert data["minutes_per_session"] == (walks[0] if walks else 0)
    if data["status"] == "stop":
        assert data["total_minutes"] == 0
    else:
        assert 1 <= data["sessions"] <= 3
        assert data["minutes_per_session"] <= data["goal_minutes"] <= 45
    if data["previous"] is not None:
        assert set(data["previous"]) == {
            "sessions",
            "minutes_per_session",
            "total_minutes",
            "walks",
        }
    assert data["reason"].strip() and len(data["reason"]) < 300
    for warning in data["warnings"]:
        assert set(warning) == {"level", "message"}
        assert warning["level"] in {"urgent", "caution", "info"}


def at(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00"


def walk_day(day: date, pain_after: int = 2, share: float = 1.0) -> dict[str, Any]:
    """A person who reads today's target and walks it; returns today's JSON."""
    now = at(day, 21)
    ok("pain", "2", "--when", f"{day.isoformat()} 07:00", now=now)
    today = json.loads(ok("today", "--json", now=at(day, 8)).stdout)
    for i in range(round(today["sessions"] * share)):
        ok(
            "log",
            str(today["minutes_per_session"]),
            "-b",
            "2",
            "-a",
            str(pain_after),
            "--when",
            f"{day.isoformat()} {9 + 4 * i}:00",
            now=now,
        )
    return today


def next_json(now: str) -> dict[str, Any]:
    data = json.loads(ok("next", "--json", now=now).stdout)
    check_target(data)
    return data


START = date(2026, 9, 1)


def test_each_status_validates_against_spec_fields() -> None:
    seen: dict[str, dict[str, Any]] = {}
    ok("setup", "--clear", "--start-minutes", "5", "--sessions", "3", now=at(START, 7))
    seen["start"] = json.loads(ok("today", "--json", now=at(START, 7)).stdout)
    day = START
    for _ in range(120):
        walk_day(day)
        data = next_json(at(day, 22))
        seen.setdefault(data["status"], data)
        day += timedelta(days=1)
        if data["status"] == "goal":
            break
    walk_day(day, pain_after=7)  # a bad day
    seen.setdefault("reduce", next_json(at(day, 22)))
    day += timedelta(days=1)
    walk_day(day)
    walk_day(day + timedelta(days=1), share=2 / 3)
    seen.setdefault("hold", next_json(at(day + timedelta(days=1), 22)))
    day += timedelta(days=2)
    # Issue 11/12: a rest day is `rest`; a lower dose after 3+ days off `restart`.
    ok("rest", "--when", day.isoformat(), now=at(day, 21))
    seen["rest"] = json.loads(ok("today", "--json", now=at(day, 22)).stdout)
    day += timedelta(days=4)
    seen["restart"] = json.loads(ok("today", "--json", now=at(day, 8)).stdout)
    ok("log", "10", "--limp", "--when", f"{day.isoformat()} 09:00", now=at(day, 21))
    seen["pause"] = next_json(at(day, 22))
    ok("check", "--yes", "bladder-bowel", now=at(day, 22))
    seen["stop"] = next_json(at(day, 23))
    assert set(seen) == STATUSES, set(seen)
    for status, data in seen.items():
        check_target(data)
        assert data["status"] == status


def test_today_json_adds_done_and_left() -> None:
    ok("setup", "--clear")
    ok("log", "5", "-b", "1", "-a", "1", "--when", "9am")
    data = json.loads(ok("today", "--json").stdout)
    check_target(data)
    assert data["previous"] is None
    assert (data["done_sessions"], data["done_minutes"]) == (1, 5.0)
    assert (data["left_sessions"], data["left_minutes"]) == (2, 10)


def test_steady_walker_reaches_goal_and_plan_projects_it() -> None:
    ok("setup", "--clear", now=at(START, 7))
    stages = json.loads(ok("plan", "--json", now=at(START, 8)).stdout)
    assert stages[0]["total_minutes"] == 15
    assert stages[-1] == {**stages[-1], "sessions": 1, "minutes_per_session": 30}
    projected = date.fromisoformat(stages[-1]["date"])
    assert 42 <= (projected - START).days <= 112
    totals = [s["total_minutes"] for s in stages]
    assert totals == sorted(totals)


def test_next_date_gives_the_day_after() -> None:
    data = next_json("2026-11-25T10:00")
    assert data["date"] == "2026-11-26"
    earlier = json.loads(ok("next", "--date", "mon", "--json").stdout)
    assert earlier["date"] == "2026-11-24"


def test_setup_again_keeps_history_and_continues_from_today() -> None:
    ok("setup", "--clear", now=at(START, 7))
    for n in range(4):
        walk_day(START + timedelta(days=n))
    day = START + timedelta(days=4)
    before = json.loads(ok("today", "--json", now=at(day, 8)).stdout)
    count = len(json.loads(ok("history", "--since", "2026-01-01", "--json").stdout))
    ok("setup", "--goal", "40", "--days-per-week", "6", now=at(day, 9))
    after = json.loads(ok("today", "--json", now=at(day, 10)).stdout)
    assert after["goal_minutes"] == 40
    assert after["total_minutes"] >= before["total_minutes"]
    assert (
        len(json.loads(ok("history", "--since", "2026-01-01", "--json").stdout))
        == count
    )


@pytest.mark.parametrize("command", ["today", "next", "plan"])
def test_human_output_fits_80_columns(command: str) -> None:
    ok("log", "5", "-b", "2", "-a", "6", "--sharp", "--when", "yesterday 9am")
    out = ok(command).stdout
    assert out.strip()
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("answers", [["--clear"], ["--yes", "radiating-pain"]])
def test_plan_dates_are_the_days_the_engine_steps_up(answers: list[str]) -> None:
    """Walking every day well from now on meets each stage on its projected day."""
    ok("setup", *answers, now=at(START, 7))
    for n in range(5):
        walk_day(START + timedelta(days=n))
    today = START + timedelta(days=5)
    stages = json.loads(ok("plan", "--json", now=at(today, 6)).stdout)
    projected = {
        date.fromisoformat(s["date"]): (s["sessions"], s["minutes_per_session"])
        for s in stages[:5]
    }
    day = today
    while day <= max(projected):
        target = walk_day(day)
        if day in projected:
            assert (target["sessions"], target["minutes_per_session"]) == projected[
                day
            ], day
        day += timedelta(days=1)


def test_today_asks_for_pain_of_walks_logged_without_it() -> None:
    ok("log", "5", "--when", "yesterday 9am")
    ok("log", "5", "-b", "2", "-a", "2", "--when", "yesterday 1pm")
    out = ok("today").stdout
    assert "Walk #1 has no pain values" in out
    assert "walkcoach edit 1 -b N -a N" in out
    assert "Walk #2 has no" not in out


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        (date(2026, 12, 2), "in 1 week"),
        (date(2026, 12, 4), "in 1 week and 2 days"),
        (date(2027, 1, 8), "in 1 month and 2 weeks"),
        (date(2027, 1, 5), "in 1 month, 1 week and 4 days"),
        (date(2026, 11, 26), "in 1 day"),
    ],
)
def test_time_to_goal_in_calendar_words(goal: date, expected: str) -> None:
    from walkcoach.cli.cmd_coach import _time_to

    assert _time_to(date(2026, 11, 25), goal) == expected


def test_eighty_percent_is_the_same_rule_everywhere() -> None:
    """Two 4.8-minute walks on a 2 × 6 plan are both sessions, for every view."""
    ok("setup", "--clear", "--start-minutes", "6", "--sessions", "2", now=at(START, 7))
    for hour in (9, 13):
        ok(
            "log",
            "4.8",
            "-b",
            "2",
            "-a",
            "2",
            "--when",
            f"{START} {hour}:00",
            now=at(START, 20),
        )
    today = json.loads(ok("today", "--json", now=at(START, 20)).stdout)
    assert today["left_sessions"] == 0
    after = next_json(at(START, 21))
    assert "0 of 2" not in after["reason"]
    chart = json.loads(ok("chart", "--json", "--days", "1", now=at(START, 21)).stdout)
    assert [day["mark"] for day in chart] == ["on-plan"]


@pytest.mark.parametrize("command", ["today", "next"])
def test_looking_at_a_past_day_does_not_move_the_start(command: str) -> None:
    ok(command, "--date", "2026-01-01", "--json")
    ok("log", "5", "-b", "2", "-a", "2", "--when", "yesterday 9am")
    data = json.loads(ok("history", "--json").stdout)
    assert len(data) == 1
    today = json.loads(ok("today", "--json").stdout)
    assert today["status"] != "hold" or "No walk for" not in today["reason"]
    assert (
        json.loads(ok("today", "--json", "--date", "yesterday").stdout)["status"]
        == "start"
    )


def test_plan_says_why_some_stages_last_longer() -> None:
    """Issue 12 (finding 12): the 14-day cap makes some stages last two weeks;
    `plan` says so in plain words, once."""
    from walkcoach.core.plan import CAP_NOTE

    ok("setup", "--clear", now=at(START, 7))
    out = " ".join(ok("plan", now=at(START, 8)).stdout.split())
    assert out.count(" ".join(CAP_NOTE.split())) == 1


def test_every_status_has_a_style_and_clinical_words() -> None:
    """Issue 11/12 added `rest` and `restart`: each renderer knows every status."""
    from walkcoach.cli.render import STATUS_STYLE
    from walkcoach.cli.render_report import STATUS_WORDS
    from walkcoach.core.models import Status

    assert set(STATUS_STYLE) == set(Status) == set(STATUS_WORDS)


def test_today_on_a_rest_day_and_after_a_break() -> None:
    ok("setup", "--clear", now="2026-11-16T07:00")
    for day in range(16, 23):
        for hour in (9, 13, 17):
            ok("log", "6", "-b", "2", "-a", "2", "--when",
               f"2026-11-{day} {hour}:00", now=f"2026-11-{day}T20:00")  # fmt: skip
    ok("rest", "--when", "2026-11-23", now="2026-11-23T20:00")
    rest = ok("today", now="2026-11-23T20:00").stdout
    assert "[rest]" in rest and "nothing to walk today" in " ".join(rest.split())
    back = ok("today", now="2026-11-27T08:00").stdout
    assert "[restart]" in back and "No walk for 4 days" in back
