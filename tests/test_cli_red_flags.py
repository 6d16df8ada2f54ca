"""Issue 12's safety part through the real CLI: clearance, red flags logged as
they happen, regions (EVIDENCE 0b rows 14b, 14c, 15b, 17b; SPEC §3, §5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.cli import shell
from walkcoach.core.guidance import CLEARED_PROMPT, QUESTIONS, WEAKNESS_PROMPT


def next_json(now: str | None = None) -> dict[str, object]:
    data = json.loads(ok("next", "--json", now=now).stdout)
    assert isinstance(data, dict)
    return data


def codes_levels(data: dict[str, object]) -> list[str]:
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    return [w["level"] for w in warnings]


def clearances(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT question, at FROM clearances").fetchall()


def walk_day(day: str, minutes: int, sessions: int) -> None:
    """A good day: a calm morning and every session walked with pain 1."""
    now = f"{day}T21:00"
    ok("pain", "1", "--when", f"{day} 07:00", now=now)
    for hour in range(9, 9 + 3 * sessions, 3):
        ok(
            "log",
            str(minutes),
            "-b",
            "1",
            "-a",
            "1",
            "--when",
            f"{day} {hour}:00",
            now=now,
        )


# -- check --cleared: bad ids ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["check", "--cleared", "nope"],
            2,
            "Error: unknown question id 'nope' (see: walkcoach check --list)\n",
        ),
        (
            ["check", "--cleared", "saddle-numbness"],
            2,
            "Error: 'saddle-numbness' is an urgent question: it is not cleared by "
            "a note; answer the questions again with walkcoach check\n",
        ),
        (
            ["check", "--cleared", "chest-pain"],
            2,
            "Error: question 'chest-pain' was split: --cleared new-chest-pain or "
            "exertion-chest-pain or heart-condition (see: walkcoach check --list)\n",
        ),
        (
            ["check", "--cleared", "fever", "--cleared", "nope"],
            2,
            "Error: unknown question id 'nope' (see: walkcoach check --list)\n",
        ),
        (
            ["check", "--list", "--cleared", "fever"],
            2,
            "Error: --list only prints the questions; drop --yes/--clear/--cleared\n",
        ),
        (
            ["check", "--yes", "fever", "--cleared", "night-pain"],
            2,
            "Error: 'night-pain' is not answered yes, so there is nothing to clear "
            "(see: walkcoach check --list)\n",
        ),
        (
            ["check", "--cleared", "night-pain"],
            1,
            "Error: 'night-pain' is not answered yes, so there is nothing to clear "
            "(see: walkcoach check --list)\n",
        ),
    ],
)
def test_check_cleared_refuses_with_one_line(
    db_path: Path, args: list[str], code: int, stderr: str
) -> None:
    ok("setup", "--yes", "fever")
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM screenings")
    screenings = before.fetchone()[0]
    result = run(*args)
    assert (result.exit_code, result.stderr) == (code, stderr)
    assert clearances(db_path) == []
    after = sqlite3.connect(db_path).execute("SELECT count(*) FROM screenings")
    assert after.fetchone()[0] == screenings  # nothing written


def test_check_cleared_is_stored_with_its_date(db_path: Path) -> None:
    ok("setup", "--yes", "fever", "--yes", "cancer-history")
    out = ok("check", "--cleared", "fever", now="2026-11-26T09:30").stdout
    assert "Cleared by a clinician on Thu 26 Nov: fever, chills" in out
    assert "Clearance saved." in out
    assert "see a doctor today" not in out
    assert "--cleared cancer-history" in out  # still a clearance question
    assert clearances(db_path) == [("fever", "2026-11-26T09:30:00+01:00")]
    data = json.loads(
        ok(
            "check", "--cleared", "cancer-history", "--json", now="2026-11-26T10:00"
        ).stdout
    )
    assert data["cleared"] == [
        {"id": "fever", "date": "2026-11-26"},
        {"id": "cancer-history", "date": "2026-11-26"},
    ]
    assert data["warnings"] == []


def test_check_yes_with_cleared_in_one_go() -> None:
    data = json.loads(
        ok("check", "--yes", "night-pain", "--cleared", "night-pain", "--json").stdout
    )
    assert data["caution"] == ["night-pain"]
    assert data["cleared"] == [{"id": "night-pain", "date": "2026-11-25"}]
    assert data["warnings"] == []
    assert next_json()["status"] != "pause"


def test_a_new_yes_after_a_clearance_needs_a_new_one() -> None:
    ok("check", "--yes", "fever", "--cleared", "fever", now="2026-11-24T09:00")
    assert "caution" not in codes_levels(next_json())
    ok("check", "--yes", "fever", now="2026-11-25T09:00")
    data = next_json()
    assert data["status"] == "pause"
    assert any("see a doctor today" in w["message"] for w in data["warnings"])


def test_check_interactive_asks_whether_a_clinician_cleared_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    ordered = sorted(QUESTIONS, key=lambda q: q.level.value != "urgent")
    answers = []
    for q in ordered:
        if q.id == "fever":
            answers += ["y", "y"]  # yes, and a clinician has cleared it
        elif q.id == "weight-loss":
            answers += ["y", "n"]  # yes, not checked yet
        else:
            answers.append("n")
    result = run("check", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())  # prompts wrap to the terminal
    assert "if you are unsure" not in shown
    assert "does not mean something is wrong" in shown
    assert shown.count(CLEARED_PROMPT[:40]) == 2
    assert [q for q, _at in clearances(db_path)] == ["fever"]
    assert "weight loss without trying" in result.stdout
    assert "--cleared weight-loss" in result.stdout


def test_check_list_json_shows_the_split_questions() -> None:
    data = json.loads(ok("check", "--list", "--json").stdout)
    by_id = {d["id"]: d for d in data}
    assert set(data[0]) == {"id", "level", "text"}
    assert by_id["new-chest-pain"]["level"] == "urgent"
    assert by_id["recent-accident"]["level"] == "urgent"
    assert "6 weeks" in by_id["recent-accident"]["text"]
    assert by_id["exertion-chest-pain"]["level"] == "caution"
    assert by_id["cancer-history"]["level"] == "caution"
    assert "chest-pain" not in by_id and "serious-accident" not in by_id


def test_an_old_stored_chest_pain_answer_still_stops(db_path: Path) -> None:
    ok("setup", "--clear")
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO screenings (at, yes) VALUES (?, ?)",
            ("2026-11-25T09:00:00+01:00", '["chest-pain"]'),
        )
        conn.execute("DELETE FROM targets")
    data = next_json()
    assert data["status"] == "stop"
    assert "new chest pain" in " ".join(w["message"] for w in data["warnings"])


# -- a same-day red flag: no increase until cleared, then progression -------------


def test_same_day_red_flag_holds_until_cleared_then_progresses(
    tmp_path: Path,
) -> None:
    ok("setup", "--yes", "night-pain", "--start-minutes", "5", now="2026-11-10T08:00")
    days = [f"2026-11-{d:02d}" for d in range(10, 18)]
    for day in days:
        target = json.loads(ok("today", "--json", now=f"{day}T08:00").stdout)
        assert target["status"] == "pause", (day, target["reason"])
        assert (target["sessions"], target["minutes_per_session"]) == (3, 5)
        assert "walkcoach check --cleared night-pain" in target["reason"]
        assert any(
            w["level"] == "caution" and "see a doctor today" in w["message"]
            for w in target["warnings"]
        )
        walk_day(day, 5, 3)
    plan_out = " ".join(ok("plan", now="2026-11-17T09:00").stdout.split())
    assert "No build-up for now. A same-day warning sign awaits" in plan_out
    ok("check", "--cleared", "night-pain", now="2026-11-18T08:00")
    resumed = json.loads(ok("today", "--json", now="2026-11-18T08:30").stdout)
    assert resumed["status"] == "progress", resumed["reason"]
    assert resumed["total_minutes"] > 15
    assert not any("doctor today" in w["message"] for w in resumed["warnings"])
    # The days before the clearance keep their pause.
    before = json.loads(ok("today", "--json", "--date", "2026-11-17").stdout)
    assert before["status"] == "pause"
    # The clinician's report names the answer and its clearance.
    report = tmp_path / "r.md"
    ok("report", "--output", str(report), now="2026-11-18T09:00")
    text = " ".join(report.read_text().split())
    assert "pain much worse at night" in text
    assert "Cleared by a clinician on Wed 18 Nov 08:00." in text


def test_a_clearance_question_slows_but_does_not_hold() -> None:
    ok("setup", "--yes", "cancer-history", now="2026-11-10T08:00")
    for day in [f"2026-11-{d:02d}" for d in range(10, 16)]:
        walk_day(day, 5, 3)
    data = json.loads(ok("today", "--json", now="2026-11-16T08:00").stdout)
    assert data["status"] in ("progress", "hold")
    assert data["total_minutes"] > 15
    assert "caution" in codes_levels(data)


# -- red flags logged as they happen ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "10", "--saddle-numbness"], "numbness around the genitals or bottom"),
        (["log", "10", "--bladder"], "new bladder or bowel trouble"),
        (["pain", "4", "--bladder"], "new bladder or bowel trouble"),
        (["pain", "4", "--saddle-numbness"], "numbness around the genitals"),
        (
            ["log", "10", "--leg-weakness", "--both-legs"],
            "leg weakness in both legs or getting worse quickly",
        ),
        (["log", "10", "--numbness", "--both-legs"], "numbness in both legs"),
    ],
)
def test_logged_red_flag_stops_in_one_undoable_change(
    args: list[str], words: str
) -> None:
    ok("setup", "--clear")
    out = ok(*args).stdout
    assert "URGENT" in out and words in out
    data = next_json()
    assert data["status"] == "stop"
    assert data["total_minutes"] == 0
    assert "URGENT" in run("history").stderr
    assert "Undid the log of" in ok("undo").stdout
    assert next_json()["status"] != "stop"
    assert "URGENT" not in run("history").stderr


def test_leg_weakness_in_one_stable_leg_is_a_caution_and_holds() -> None:
    ok("setup", "--clear")
    ok("log", "5", "-b", "1", "-a", "1", "--leg-weakness", "--when", "yesterday 9am")
    data = next_json()
    assert data["status"] == "pause"
    weak = [w for w in data["warnings"] if "weakness in one leg" in w["message"]]
    assert [w["level"] for w in weak] == ["caution"]
    assert "clinician" in weak[0]["message"]


def test_leg_weakness_asks_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    ok("setup", "--clear")
    monkeypatch.setattr(shell, "interactive", lambda: True)
    result = run("log", "10", "-b", "1", "-a", "1", "--leg-weakness", input="y\n")
    assert result.exit_code == 0, result.output
    assert WEAKNESS_PROMPT in result.stdout
    assert next_json()["status"] == "stop"


def test_joint_pain_is_recorded_and_warns_when_it_recurs(tmp_path: Path) -> None:
    ok("setup", "--clear")
    for day in ("2026-11-22", "2026-11-23"):
        ok("log", "5", "-b", "1", "-a", "1", "--joint-pain", "--when", f"{day} 9:00")
    data = next_json("2026-11-24T08:00")
    assert data["status"] != "pause"  # recorded, not a reason to hold by itself
    assert "caution" not in codes_levels(data)
    out = ok("log", "5", "-b", "1", "-a", "1", "--joint-pain").stdout
    assert "on 3 of the last 7 days" in out
    assert "joint-pain" in ok("history").stdout
    report = tmp_path / "r.md"
    ok("report", "--output", str(report))
    assert "knee, hip or foot pain reported" in report.read_text().lower()


def test_both_legs_alone_is_bad_input(db_path: Path) -> None:
    result = run("log", "10", "--both-legs")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --both-legs goes with --numbness or --leg-weakness\n",
    )
    assert ok("history", "--json").stdout.strip() == "[]"


def test_every_stored_symptom_survives_export_and_import(tmp_path: Path) -> None:
    flags = ["--leg-pain", "--limp", "--sharp", "--joint-pain", "--saddle-numbness"]
    flags += ["--bladder", "--numbness", "--leg-weakness", "--both-legs"]
    ok("log", "10", *flags)
    exported = ok("export").stdout
    path = tmp_path / "all.json"
    path.write_text(exported)
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", str(path))
    assert ok("--db", str(fresh), "export").stdout == exported
    assert len(json.loads(exported)[0]["symptoms"]) == 10


# -- regions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "number", "service"),
    [
        ("uk", "999", "NHS 111"),
        ("US", "911", "urgent care"),
        ("eu", "112", "out-of-hours"),
        ("au", "000", "your GP"),
        ("other", "your local emergency number", "same-day or out-of-hours"),
    ],
)
def test_region_picks_the_numbers_everywhere(
    tmp_path: Path, region: str, number: str, service: str
) -> None:
    out = ok("setup", "--region", region, "--yes", "fever").stdout
    assert service in out
    safety = json.loads(ok("safety", "--json").stdout)
    assert safety["region"] == region.lower()
    assert number in safety["emergency"] and number in safety["sections"][0]["title"]
    assert service in safety["sections"][1]["title"]
    assert number in ok("safety").stdout
    assert service in json.dumps(next_json())
    urgent = ok("log", "10", "--bladder").stdout
    assert number in urgent
    assert number in run("history").stderr
    # The report names the answers, in no region's words.
    report = tmp_path / "r.md"
    ok("report", "--output", str(report))
    text = report.read_text()
    assert "fever" in text
    for local in ("999", "911", "112", "NHS", "emergency number", "urgent care"):
        assert local not in text, local


def test_bad_region_is_refused_before_anything_is_written(db_path: Path) -> None:
    result = run("setup", "--region", "mars", "--clear")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --region must be one of uk, us, eu, au, other, got 'mars'\n",
    )
    assert not db_path.exists()


def test_interactive_setup_asks_the_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    answers = ["au"] + ["n"] * len(QUESTIONS) + ["", "", "", "", ""]
    result = run("setup", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Where do you live?" in result.stdout
    assert "Australia (000, your GP)" in result.stdout
    assert json.loads(ok("safety", "--json").stdout)["region"] == "au"


def test_safety_page_lists_what_to_check_before_starting() -> None:
    out = " ".join(ok("safety").stdout.split())
    assert "Check with a clinician" in out and "before you start" in out
    for item in (
        "severe back pain",
        "pain radiating down your legs",
        "back surgery or a back injury",
        "balance problems",
        "affects your mobility",
    ):
        assert item in out, item


def test_edit_sets_and_clears_the_new_flags() -> None:
    ok("log", "10", "-b", "1", "-a", "1")
    ok("edit", "-1", "--joint-pain", "--leg-weakness")
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["symptoms"] == ["leg-weakness", "joint-pain"]
    ok("edit", "-1", "--no-leg-weakness")
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["symptoms"] == ["joint-pain"]
