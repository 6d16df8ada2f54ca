"""Safety through the real CLI: urgent answers stop the plan, log warnings show."""

import json

import pytest

from tests.helpers import ok, run
from walkcoach.core.guidance import QUESTIONS
from walkcoach.core.models import Level

URGENT = [q.id for q in QUESTIONS if q.level is Level.URGENT]
CAUTION = [q.id for q in QUESTIONS if q.level is Level.CAUTION]


def next_json(now: str | None = None) -> dict[str, object]:
    data = json.loads(ok("next", "--json", now=now).stdout)
    assert isinstance(data, dict)
    return data


def levels(data: dict[str, object]) -> set[str]:
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    return {w["level"] for w in warnings}


@pytest.mark.parametrize("question", URGENT)
def test_urgent_answer_stops_every_later_day_until_cleared(question: str) -> None:
    ok("setup", "--clear", "--start-minutes", "6")
    ok("log", "6", "-b", "2", "-a", "2", "--when", "yesterday 9am")
    assert next_json()["status"] != "stop"
    ok("check", "--yes", question)
    for now in ("2026-11-25T10:00", "2026-11-27T09:00", "2026-12-10T09:00"):
        data = next_json(now)
        assert data["status"] == "stop"
        assert (data["sessions"], data["minutes_per_session"]) == (0, 0)
        assert data["total_minutes"] == 0
        assert "urgent" in levels(data)
    ok("check", "--clear", now="2026-12-10T09:05")
    data = next_json("2026-12-10T09:10")
    assert data["status"] != "stop" and data["sessions"] > 0
    assert "urgent" not in levels(data)


@pytest.mark.parametrize("question", CAUTION[:3])
def test_caution_answer_keeps_a_visible_caution(question: str) -> None:
    ok("check", "--yes", question)
    data = next_json()
    assert data["status"] != "stop"
    assert "caution" in levels(data)


def test_urgent_answer_shows_on_other_commands_until_cleared() -> None:
    ok("log", "5", "--when", "yesterday 9am")
    ok("check", "--yes", URGENT[0])
    result = ok("history")
    assert "URGENT" in result.stderr and "emergency" in result.stderr.lower()
    assert "URGENT" in ok("today").stdout
    ok("check", "--clear")
    assert "URGENT" not in ok("history").stderr


def test_no_screening_yet_is_a_caution_on_every_target() -> None:
    data = next_json()
    assert data["status"] == "start"
    assert (data["sessions"], data["minutes_per_session"]) == (3, 5)
    assert any("safety questions" in w["message"] for w in data["warnings"])


LOG_TRIGGERS = [
    (["log", "10", "-b", "3", "-a", "6"], "info", "pain"),
    (["log", "10", "--leg-pain"], "caution", "leg"),
    (["log", "10", "--numbness"], "caution", "numb"),
    (["log", "10", "--limp"], "caution", "limp"),
    (["log", "10", "--sharp"], "caution", "sharp"),
    (["pain", "4", "--leg-pain"], "caution", "leg"),
    (["log", "10", "--numbness", "--both-legs"], "urgent", "both legs"),
]


@pytest.mark.parametrize(("args", "level", "word"), LOG_TRIGGERS)
def test_log_triggered_warning_in_log_output_and_next_json(
    args: list[str], level: str, word: str
) -> None:
    ok("setup", "--clear")
    out = ok(*args).stdout
    assert level.upper().replace("INFO", "NOTE") in out
    assert word in out.lower()
    data = next_json()
    matching = [w for w in data["warnings"] if w["level"] == level]
    assert matching, data["warnings"]
    assert any(word in w["message"].lower() for w in matching)


def test_morning_pain_two_above_usual_warns() -> None:
    ok("setup", "--clear")
    for day in ("2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"):
        ok("pain", "2", "--when", f"{day} 07:00")
        ok("log", "5", "-b", "2", "-a", "2", "--when", f"{day} 09:00")
    out = ok("pain", "5", "--when", "today 07:00").stdout
    assert "NOTE" in out or "CAUTION" in out
    assert "morning" in out.lower() or "usual" in out.lower()
    # Issue 11/12 (SPEC §6): the raised morning lowers today's target at once,
    # so today's target carries the warning (it used to wait for `next`).
    data = json.loads(ok("today", "--json").stdout)
    assert "Pain 5 this morning" in str(data["reason"])
    assert any("usual" in w["message"].lower() for w in data["warnings"])


def test_three_bad_days_in_a_row_pause_with_advice() -> None:
    ok("setup", "--clear")
    for day in ("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"):
        ok("log", "5", "-b", "3", "-a", "7", "--when", f"{day} 09:00")
    data = next_json()
    assert data["status"] == "pause"
    assert any("clinician" in w["message"].lower() for w in data["warnings"])


def test_both_legs_numbness_stops_the_plan_until_check() -> None:
    ok("setup", "--clear")
    ok("log", "10", "--numbness", "--both-legs")
    assert next_json()["status"] == "stop"
    assert "URGENT" in run("history").stderr
    ok("check", "--clear")
    assert next_json()["status"] != "stop"


def test_undo_of_a_both_legs_log_takes_back_the_stop_too() -> None:
    ok("setup", "--clear")
    ok("log", "10", "--numbness", "--both-legs")
    assert next_json()["status"] == "stop"
    assert "Undid the log of walk" in ok("undo").stdout
    assert next_json()["status"] != "stop"
    assert "URGENT" not in run("history").stderr


def test_pause_after_both_legs_names_no_internal_tag() -> None:
    ok("setup", "--clear")
    ok("log", "10", "--numbness", "--both-legs", "--when", "yesterday 9am")
    ok("check", "--clear")
    reason = next_json()["reason"]
    assert "numbness-both-legs" not in reason
    assert "numbness in both legs" in reason


def test_persistent_morning_rise_pauses_with_advice_through_the_cli() -> None:
    """Issue 12 finding 1 (EVIDENCE 13b): mornings 2 or more above usual on 3
    days in a row pause the plan with clinician advice naming the days; the
    first raised morning already lowers that day's target."""
    ok("setup", "--clear", now="2026-11-09T07:00")
    for n in range(9, 25):
        day = f"2026-11-{n:02d}"
        morning = 2 if n < 22 else 5  # Sun 22, Mon 23 and Tue 24 at 5
        ok("pain", str(morning), "--when", f"{day} 07:00", now=f"{day}T07:05")
        for hour in (9, 13, 17):
            ok("log", "5", "-b", str(morning), "-a", str(morning),
               "--when", f"{day} {hour}:00", now=f"{day}T{hour:02d}:05")  # fmt: skip
    sunday = json.loads(ok("today", "--json", now="2026-11-22T20:00").stdout)
    assert "Pain 5 this morning, 2 or more above usual (2)" in sunday["reason"]
    tuesday = json.loads(ok("today", "--json", now="2026-11-24T20:00").stdout)
    assert tuesday["status"] == "pause"
    assert "5 on Sunday, 5 on Monday and 5 on Tuesday" in tuesday["reason"]
    assert any("clinician" in w["message"] for w in tuesday["warnings"])
    # No step up while it lasts.
    assert tuesday["total_minutes"] <= sunday["total_minutes"]
