"""The coach speaks with one voice (issue 11): one scenario per numbered case,
each checking that `today`, `next`, the confirmation line, `week` and `--json`
tell the same story about the day, through the real CLI on a real file.

The cases that need the engine of issue 12 (the statuses `rest` and
`restart`, a morning reading lowering the same day's target) were strict xfail
until that engine landed on main; they pass now.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ok, run
from walkcoach.core import plan

MONDAY = date(2026, 11, 23)  # conftest's clock is Wednesday 25 Nov 10:00
BOX = re.compile(r"[│╭╮╰╯─━┃┏┓┗┛]")


def flat(text: str) -> str:
    """Output without box drawing, on one line: what a person reads."""
    return " ".join(BOX.sub(" ", text).split())


def at(day: date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


@dataclass
class Screens:
    """Every view of one day, read at one moment."""

    today: str
    today_json: dict[str, Any]
    next: str
    next_json: dict[str, Any]
    week: str

    @property
    def warnings(self) -> list[str]:
        return [w["message"] for w in self.today_json["warnings"]]


def screens(now: str) -> Screens:
    return Screens(
        today=flat(ok("today", now=now).stdout),
        today_json=json.loads(ok("today", "--json", now=now).stdout),
        next=flat(ok("next", now=now).stdout),
        next_json=json.loads(ok("next", "--json", now=now).stdout),
        week=flat(ok("week", now=now).stdout),
    )


def log(minutes: float, when: str, now: str, *flags: str) -> str:
    """Log a walk (pain 2 -> 2 unless flags say otherwise); the confirmation."""
    args = ["log", f"{minutes:g}", "--when", when, *flags]
    if "-b" not in flags:
        args += ["-b", "2"]
    if "-a" not in flags:
        args += ["-a", "2"]
    return flat(ok(*args, now=now).stdout)


def walk_day(day: date, minutes: int, sessions: int = 3, pain: int = 2) -> None:
    """A calm morning and `sessions` walks of `minutes`."""
    ok("pain", str(pain), "--when", f"{day} 07:00", now=at(day, 7, 5))
    for i in range(sessions):
        log(minutes, f"{day} {9 + 3 * i}:00", at(day, 9 + 3 * i, 30))


def setup(minutes: int = 6, day: date = MONDAY) -> None:
    ok("setup", "--clear", "--start-minutes", str(minutes), now=at(day, 6))


def agree_with_evening_before(s: Screens, evening: dict[str, Any]) -> None:
    """What `next` said the evening before is what `today` says (no reading
    came in between to change it)."""
    for key in ("date", "status", "sessions", "walks", "total_minutes", "reason"):
        assert s.today_json[key] == evening[key], key


def done_left_add_up(data: dict[str, Any]) -> None:
    assert data["done_sessions"] + data["left_sessions"] == data["sessions"]
    assert data["left_minutes"] == sum(sorted(data["walks"])[: data["left_sessions"]])


# -- 1. a rest or flare-up day never reads as success -------------------------


@pytest.mark.parametrize("flag", [[], ["--flare"]], ids=["rest", "flare"])
def test_case1_rest_day_has_nothing_left_and_no_success(
    flag: list[str], tmp_path: Path
) -> None:
    setup()
    walk_day(MONDAY, 6)
    tuesday = MONDAY + timedelta(days=1)
    evening = json.loads(ok("next", "--json", now=at(MONDAY, 21)).stdout)
    morning = json.loads(ok("today", "--json", now=at(tuesday, 7)).stdout)
    for key in ("date", "status", "sessions", "walks", "total_minutes", "reason"):
        assert morning[key] == evening[key], key
    confirmed = flat(ok("rest", *flag, now=at(tuesday, 8)).stdout)
    s = screens(at(tuesday, 9))
    word = "flare-up" if flag else "rest"
    for text in (confirmed, s.today):
        assert "target met" not in text.lower() and "well done" not in text
    assert f"Left nothing{':' if not flag else ' planned:'} a {word} day" in s.today
    assert s.today_json["left_sessions"] == 0 and s.today_json["left_minutes"] == 0
    assert s.today_json["done_sessions"] == 0
    # week: nothing more today, the rest of the week at today's plan.
    total = s.today_json["total_minutes"]
    assert f"asks for about {5 * total} more min by Sunday" in s.week
    # The report to a clinician names the day the same way.
    report = tmp_path / "report.md"
    ok("report", "--output", str(report), now=at(tuesday, 9))
    word = "Rest day: nothing to walk" if not flag else "Flare-up day: rest"
    assert f"**Current target:** {word}" in report.read_text()
    # next: the day after a rest day holds; it does not read the rest as a failure.
    assert s.next_json["status"] in ("hold", "pause")
    assert "rest" in s.next_json["reason"] or "flare" in s.next_json["reason"]


def test_case1_rest_day_status_is_rest() -> None:
    setup()
    walk_day(MONDAY, 6)
    tuesday = MONDAY + timedelta(days=1)
    ok("rest", now=at(tuesday, 8))
    s = screens(at(tuesday, 9))
    assert s.today_json["status"] == "rest"
    assert "[rest]" in s.today
    assert "step" not in s.today_json["reason"]  # no talk of progressing


# -- 2. a bad morning: the day is lighter, and every screen says so ------------


def _calm_week() -> date:
    """Five calm walked days at 3 x 6 (usual pain 2); returns the day after."""
    setup()
    for k in range(5):
        walk_day(MONDAY - timedelta(days=7) + timedelta(days=k), 6)
    return MONDAY - timedelta(days=2)


def test_case2_bad_morning_note_is_the_same_everywhere() -> None:
    day = _calm_week()
    evening = flat(ok("next", now=at(day - timedelta(days=1), 21)).stdout)
    assert "Provisional: a first pain reading that morning 2 or more above" in evening
    confirmed = flat(ok("pain", "5", now=at(day, 7)).stdout)
    s = screens(at(day, 8))
    # One note on the morning, in the same words on every screen.
    notes = [w for w in s.warnings if "2 or more above" in w]
    assert len(notes) == 1, s.warnings
    assert flat(notes[0]) in confirmed and flat(notes[0]) in s.today
    # The panel judges the day before as the note does.
    assert "Yesterday too much: the next morning's pain is 2 or more" in s.today
    # Read after the morning is in, `next` for that day is no longer provisional.
    after = flat(ok("next", "--date", "yesterday", now=at(day, 8)).stdout)
    assert "Provisional" not in after


def test_case2_bad_morning_lowers_today_at_once() -> None:
    day = _calm_week()
    before = json.loads(ok("today", "--json", now=at(day, 6)).stdout)
    ok("pain", "5", now=at(day, 7))
    s = screens(at(day, 8))
    assert s.today_json["status"] == "reduce"
    assert s.today_json["total_minutes"] < before["total_minutes"]
    assert "[hold]" not in s.today
    # The person walks the lowered target: the streak goes on.
    for i, minutes in enumerate(s.today_json["walks"]):
        log(minutes, f"{day} {9 + 3 * i}:00", at(day, 9 + 3 * i, 30))
    nxt = flat(ok("today", now=at(day + timedelta(days=1), 8)).stdout)
    assert "Streak starts" not in nxt


# -- 3. done and left add up ---------------------------------------------------


def test_case3_short_walks_are_shown_and_numbers_add_up() -> None:
    setup(6)
    now = at(MONDAY, 12, 30)
    log(5, f"{MONDAY} 09:00", at(MONDAY, 9, 30))
    confirmed = log(4, f"{MONDAY} 12:00", now)
    s = screens(now)
    words = "1 of 3 walks done, 1 short walk of 4 min (9 of 18 min)"
    assert confirmed.endswith(f"Today: {words}; left: 2 walks of 6 min.")
    assert f"Done ■▫□□ {words}" in s.today
    assert "Left 2 walks of 6 min" in s.today
    assert "12:00 4 min (short)" in s.today
    data = s.today_json
    assert (data["done_sessions"], data["left_sessions"]) == (1, 2)
    assert (data["done_minutes"], data["left_minutes"]) == (9.0, 12)
    done_left_add_up(data)
    total = data["total_minutes"]
    assert f"asks for about {12 + 6 * total} more min by Sunday" in s.week


def test_case3_a_short_walk_against_three_by_seven() -> None:
    setup(7)
    now = at(MONDAY, 9, 30)
    confirmed = log(5, f"{MONDAY} 09:00", now)
    s = screens(now)
    words = "0 of 3 walks done, 1 short walk of 5 min (5 of 21 min)"
    assert confirmed.endswith(f"Today: {words}; left: 3 walks of 7 min.")
    assert words in s.today and "Left 3 walks of 7 min" in s.today
    assert (s.today_json["done_sessions"], s.today_json["left_sessions"]) == (0, 3)
    done_left_add_up(s.today_json)


# -- 4. an absurd walk is questioned -------------------------------------------


def test_case4_absurd_walk_needs_yes_in_a_script() -> None:
    setup(6)
    now = at(MONDAY, 10)
    refused = run("log", "500", "-b", "2", "-a", "2", now=now)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: 500 min is far longer than your longest planned walk (6 min); if "
        "that is right, log it again with --yes (did you mean 50?)\n"
    )
    assert refused.stdout == ""
    s = screens(now)
    assert s.today_json["done_sessions"] == 0 and s.today_json["done_minutes"] == 0
    confirmed = flat(ok("log", "500", "-b", "2", "-a", "2", "--yes", now=now).stdout)
    s = screens(now)
    assert "Target met" not in confirmed and "well done" not in s.today
    pacing = "500 min walked against a plan of 18 min: walking far more than planned"
    assert pacing in confirmed and pacing in s.today
    assert any(w.startswith(pacing) for w in s.warnings)
    # One 500-min walk fills one planned walk: two are still left.
    assert s.today_json["left_sessions"] == 2
    assert "left: 2 walks of 6 min" in confirmed and "Left 2 walks of 6 min" in s.today


def test_case4_a_long_but_plausible_walk_is_not_questioned() -> None:
    setup(6)
    # 90 min is more than 3 x 6 but not more than 90: no question.
    confirmed = log(90, f"{MONDAY} 09:00", at(MONDAY, 11))
    assert confirmed.startswith("Logged walk #1: 90 min")


def test_case4_the_day_over_one_and_a_half_plans_gets_one_pacing_sentence() -> None:
    setup(6)
    now = at(MONDAY, 18)
    for hour in (9, 12, 15):
        confirmed = log(10, f"{MONDAY} {hour}:00", now)
    s = screens(now)
    assert "30 min walked against a plan of 18 min" in confirmed
    assert confirmed.count("walking far more than planned") == 1
    assert s.today.count("walking far more than planned") == 1
    assert "Target met." in confirmed and "well done" not in confirmed


# -- 5. caps: never a cap below the dose; the plan says why a stage is long ----


def test_case5_no_reason_quotes_a_cap_below_the_dose() -> None:
    setup(5)
    cap = re.compile(r"to (\d+) min for now")
    for k in range(14):
        day = MONDAY - timedelta(days=14) + timedelta(days=k)
        data = json.loads(ok("today", "--json", now=at(day, 6, 30)).stdout)
        walk_day(day, data["minutes_per_session"], data["sessions"])
        evening = json.loads(ok("next", "--json", now=at(day, 21)).stdout)
        found = cap.search(evening["reason"])
        if found:
            assert int(found.group(1)) >= evening["total_minutes"], evening["reason"]
    s = screens(at(MONDAY - timedelta(days=1), 21))
    done_left_add_up(s.today_json)


def test_case5_plan_says_why_a_stage_lasts_longer_than_a_step_needs() -> None:
    setup(5)
    now = at(MONDAY, 8)
    out = flat(ok("plan", now=now).stdout)
    stages = json.loads(ok("plan", "--json", now=now).stdout)
    starts = [date.fromisoformat(stage["date"]) for stage in stages]
    lengths = [(b - a).days for a, b in zip(starts, starts[1:], strict=False)]
    long = [n for n in lengths if n > 3]  # more than any step's good days
    assert long, lengths  # the 14-day cap shows in the first weeks
    assert out.count(" days (cap)") == len(long)
    for n in set(long):
        assert f"{n} days (cap)" in out
    assert flat(plan.CAP_NOTE) in out
    today = json.loads(ok("today", "--json", now=now).stdout)
    assert stages[0]["walks"] == today["walks"]


# -- 6. the WHO line never pushes past the plan --------------------------------


def test_case6_who_line_is_encouragement_below_the_plan() -> None:
    setup(7)
    saturday = MONDAY + timedelta(days=5)
    now = at(saturday, 10)
    log(7, f"{saturday} 09:00", now)
    s = screens(now)
    assert "a day)" not in s.week and "to go in" not in s.week
    assert "your plan builds up to that line over the coming weeks" in s.week
    left = s.today_json["left_minutes"]
    assert left == 14
    assert f"asks for about {left + s.today_json['total_minutes']} more min" in s.week
    assert "Left 2 walks of 7 min" in s.today


# -- 7. a restart after a break ------------------------------------------------


def _break_then_back() -> tuple[date, dict[str, Any]]:
    """Two weeks walked up to 3 x 6, then 5 days off; the day back and the
    evening-before `next`."""
    setup(5)
    first = MONDAY - timedelta(days=13)
    day = first
    while day < MONDAY - timedelta(days=7):
        data = json.loads(ok("today", "--json", now=at(day, 6, 30)).stdout)
        walk_day(day, data["minutes_per_session"], data["sessions"])
        day += timedelta(days=1)
    back = day + timedelta(days=6)
    evening = json.loads(
        ok("next", "--json", now=at(back - timedelta(days=1), 21)).stdout
    )
    return back, evening


def test_case7_restart_agrees_everywhere() -> None:
    back, evening = _break_then_back()
    s = screens(at(back, 6))
    agree_with_evening_before(s, evening)
    assert "No walk for" in s.today_json["reason"]
    done_left_add_up(s.today_json)
    confirmed = log(s.today_json["minutes_per_session"], f"{back} 07:00", at(back, 8))
    assert f"left: 2 walks of {s.today_json['minutes_per_session']} min" in confirmed


def test_case7_restart_is_labelled_restart_against_the_dose_last_walked() -> None:
    back, _ = _break_then_back()
    s = screens(at(back, 6))
    assert s.today_json["status"] == "restart"
    assert s.today_json["total_minutes"] < s.today_json["previous"]["total_minutes"]
    assert "[restart]" in s.today


# -- 8. a back-dated walk confirms the past day --------------------------------


def test_case8_past_day_log_confirms_the_past_day() -> None:
    setup(6, MONDAY - timedelta(days=7))
    now = at(MONDAY + timedelta(days=2), 10)  # Wednesday
    confirmed = flat(ok("log", "8", "--when", "sat 10am", "-b", "2", now=now).stdout)
    assert confirmed.endswith("Sat 21 Nov: 1 walk, 8 min — 1 of 3 planned walks.")
    assert "left" not in confirmed.lower()
    for hour in (13, 17):
        confirmed = log(6, f"2026-11-21 {hour}:00", now)
    assert confirmed.endswith("Sat 21 Nov: 3 walks, 20 min — on plan.")
    saturday = json.loads(ok("today", "--date", "sat", "--json", now=now).stdout)
    assert saturday["done_sessions"] == 3 and saturday["left_sessions"] == 0
    done_left_add_up(saturday)
    # Today is untouched by Saturday's walks.
    s = screens(now)
    assert s.today_json["done_sessions"] == 0


# -- 9. stop is quiet and clear; one set of words for leg pain ------------------


def test_case9_stop_shows_one_urgent_message_no_tip_no_streak() -> None:
    setup(6)
    log(6, f"{MONDAY} 09:00", at(MONDAY, 9, 30))
    now = at(MONDAY, 12)
    result = ok("log", "6", "-b", "2", "-a", "3", "--numbness", "--both-legs", now=now)
    confirmed = flat(result.stdout)
    s = screens(now)
    for text in (confirmed, s.today, s.next):
        assert text.count("URGENT") == 1, text
    assert "Tip:" not in s.today and "Streak" not in s.today
    assert "no walking target while the safety answer stands" in confirmed
    for data in (s.today_json, s.next_json):
        assert data["status"] == "stop"
        assert [w["level"] for w in data["warnings"]] == ["urgent"]
        assert data["walks"] == [] and data["total_minutes"] == 0
    assert s.today_json["left_sessions"] == 0
    undone = ok("undo", now=now)
    assert undone.output.startswith("Undid the log of walk: 6 min")
    assert "URGENT" not in undone.output  # the stop went with the log


def test_case9_undo_says_what_it_undid_before_a_standing_urgent_answer() -> None:
    setup(6)
    log(6, f"{MONDAY} 09:00", at(MONDAY, 9, 30))
    ok("check", "--yes", "bladder-bowel", now=at(MONDAY, 10))
    log(6, f"{MONDAY} 10:30", at(MONDAY, 11))
    undone = ok("undo", now=at(MONDAY, 11))
    assert undone.output.startswith("Undid the log of walk")
    assert undone.stderr.count("URGENT") == 1


def test_case9_leg_pain_advice_has_the_same_words_everywhere() -> None:
    setup(6)
    now = at(MONDAY, 10)
    confirmed = flat(ok("log", "6", "-b", "2", "-a", "2", "--leg-pain", now=now).stdout)
    s = screens(now)
    advice = "You logged pain spreading down a leg."
    texts = {"log": confirmed, "today": s.today, "next": s.next}
    said = {
        name: re.findall(r"CAUTION (.*?clinician\.)", text)
        for name, text in texts.items()
    }
    assert said["log"] == said["today"] == said["next"], said
    assert all(advice in " ".join(found) for found in said.values())
    for data in (s.today_json, s.next_json):
        cautions = [w["message"] for w in data["warnings"] if w["level"] == "caution"]
        assert [c for c in cautions if "clinician" in c] == [
            c for c in cautions if c.startswith(advice)
        ]


@pytest.mark.parametrize(("answer", "code", "walks"), [("n\n", 1, 0), ("y\n", 0, 1)])
def test_case4_on_a_terminal_the_absurd_walk_is_asked_about(
    monkeypatch: pytest.MonkeyPatch, answer: str, code: int, walks: int
) -> None:
    from walkcoach.cli import shell

    setup(6)
    now = at(MONDAY, 10)
    monkeypatch.setattr(shell, "interactive", lambda: True)
    result = run("log", "500", "-b", "2", "-a", "2", input=answer, now=now)
    assert result.exit_code == code, result.output
    assert (
        "500 min is far longer than your longest planned walk (6 min). "
        "Record 500 min? [y/N]" in result.output
    )
    assert ("Nothing logged." in result.output) is (code == 1)
    monkeypatch.setattr(shell, "interactive", lambda: False)
    data = json.loads(ok("today", "--json", now=now).stdout)
    assert data["done_minutes"] == 500 * walks


@pytest.mark.parametrize(
    ("minutes", "longest", "implausible"),
    [
        (500, 6, True),
        (91, 6, True),
        (90, 6, False),  # not more than 90 min
        (91, 31, False),  # not more than 3 x the longest planned walk
        (94, 31, True),
        (120, 45, False),
        (136, 45, True),
        (100, 0, True),  # under stop nothing is planned: only the 90 min count
    ],
)
def test_is_implausible_walk(minutes: float, longest: int, implausible: bool) -> None:
    from walkcoach.core.models import is_implausible_walk

    assert is_implausible_walk(minutes, longest) is implausible
