"""Timing a walk through the real CLI, with WALKCOACH_NOW moving the clock."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ok, run
from walkcoach.cli import shell

DAY = "2026-11-25T"


def t(clock: str) -> str:
    """A moment on the test day: t('09:12') or t('09:12:30')."""
    return DAY + clock


def walks() -> list[dict[str, Any]]:
    entries = json.loads(ok("history", "--json", now=t("23:59")).stdout)
    return [e for e in entries if e["kind"] == "walk"]


def timer_json(now: str) -> Any:
    return json.loads(ok("today", "--json", now=now).stdout)["timer"]


@pytest.fixture(autouse=True)
def program() -> None:
    """3 x 6 min, the safety questions answered."""
    ok("setup", "--clear", "--start-minutes", "6", "--sessions", "3", now=t("07:00"))


def test_start_pause_resume_stop_records_the_minutes_walked() -> None:
    started = ok("start", "-b", "3", now=t("09:12")).stdout
    assert started.startswith("Started a walk at 09:12 (pain before 3).\n")
    assert "Walk 1 of 3 today: aim for 6 min.\n" in started
    assert "Cue: " in started
    ok("pause", now=t("09:15"))
    ok("resume", now=t("09:20"))  # 5 minutes left out
    ok("pause", now=t("09:22"))
    ok("resume", now=t("09:23:30"))  # and 1.5 more
    out = ok("stop", "-a", "2", "--note", "park", now=t("09:24:45")).stdout
    # 12 min 45 s less 6 min 30 s paused: 6 min 15 s.
    assert out.startswith("Logged walk #1: 6.2 min, pain 3 → 2, Wed 25 Nov 09:12.\n")
    assert "Today: 1 of 3 walks done" in out
    [walk] = walks()
    assert walk["at"] == "2026-11-25T09:12:00+01:00"
    assert walk["minutes"] == pytest.approx(6.25)  # whole seconds kept
    assert (walk["pain_before"], walk["pain_after"], walk["note"]) == (3, 2, "park")
    assert timer_json(t("09:30")) is None


def test_stop_takes_the_flags_of_log() -> None:
    ok("start", now=t("09:00"))
    ok(
        "stop", "--distance", "0.8", "--steps", "900", "--leg-pain", now=t("09:10")
    )  # fmt: skip
    [walk] = walks()
    assert (walk["distance_km"], walk["steps"], walk["symptoms"]) == (
        0.8,
        900,
        ["leg-pain"],
    )
    assert walk["minutes"] == 10


def test_at_on_both_ends() -> None:
    ok("start", "--at", "10 min ago", now=t("09:10"))
    assert timer_json(t("09:10"))["started"] == "2026-11-25T09:00:00+01:00"
    out = ok("stop", "--at", "09:07", "-a", "1", now=t("09:30")).stdout
    assert out.startswith("Logged walk #1: 7 min, pain ? → 1, Wed 25 Nov 09:00.")
    ok("start", "--at", "7:40", now=t("10:00"))
    assert timer_json(t("10:00"))["started"] == "2026-11-25T07:40:00+01:00"
    ok("stop", "--at", "5 min ago", now=t("10:00"))
    assert [(w["at"][11:16], w["minutes"]) for w in walks()] == [
        ("07:40", 135.0),
        ("09:00", 7.0),
    ]


def test_the_running_walk_shows_on_the_dashboard_and_in_json() -> None:
    ok("start", "--at", "09:12", now=t("09:12"))
    out = ok(now=t("09:19:30")).stdout
    assert out.startswith("Walking since 09:12 — 7 min so far, target 6 min\n")
    assert ok("today", now=t("09:19:30")).stdout == out
    ok("pause", now=t("09:20"))
    assert timer_json(t("09:25")) == {
        "started": "2026-11-25T09:12:00+01:00",
        "minutes": 8.0,
        "paused": True,
        "paused_since": "2026-11-25T09:20:00+01:00",
        "aim_minutes": 6,
        "pain_before": None,
        "stale": False,
    }
    # Not an entry until it is stopped.
    assert walks() == []
    assert json.loads(ok("export", now=t("09:25")).stdout) == []


def test_a_second_walk_aims_at_the_next_session() -> None:
    ok("log", "6", "-b", "2", "-a", "2", now=t("08:00"))
    out = ok("start", now=t("12:00")).stdout
    assert "Walk 2 of 3 today: aim for 6 min." in out


def test_under_a_stop_a_walk_has_no_aim_and_no_cue() -> None:
    ok("check", "--yes", "saddle-numbness", now=t("08:00"))
    result = run("start", now=t("09:00"))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Started a walk at 09:00.\nNo walking target while the safety answer stands.\n"
    )
    assert "Cue:" not in result.stdout
    assert "URGENT" in result.stderr  # the standing answer is repeated
    assert timer_json(t("09:05"))["aim_minutes"] == 0


@pytest.mark.parametrize("command", ["stop", "pause", "resume", "cancel"])
def test_nothing_running_is_exit_1(command: str) -> None:
    result = run(command, now=t("09:00"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no walk is running; start one with `walkcoach start` (or record a "
        "finished one with `walkcoach log MINUTES`)\n"
    )


def test_guards_while_a_walk_runs() -> None:
    ok("start", now=t("09:12"))
    again = run("start", now=t("09:19"))
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: a walk is already running since 09:12 (7 min so far); stop it with "
        "`walkcoach stop`, or drop it with `walkcoach cancel`\n",
    )
    resumed = run("resume", now=t("09:19"))
    assert resumed.exit_code == 1
    assert "the walk is not paused (walking since 09:12)" in resumed.stderr
    ok("pause", now=t("09:20"))
    paused = run("pause", now=t("09:21"))
    assert paused.exit_code == 1
    assert "already paused since 09:20" in paused.stderr
    early = run("stop", "--at", "09:00", now=t("09:30"))
    assert (early.exit_code, early.stderr) == (
        2,
        "Error: --at: Wed 25 Nov 09:00 is before the walk started (Wed 25 Nov 09:12)\n",
    )
    future = run("stop", "--at", "10:00", now=t("09:30"))
    assert future.exit_code == 2
    assert future.stderr.startswith("Error: --at: '10:00' is Wed 25 Nov 10:00")
    assert "in the future" in future.stderr
    assert len(walks()) == 0  # nothing written by a refusal
    assert timer_json(t("09:30"))["started"] == "2026-11-25T09:12:00+01:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["start", "--at", "11:00"], "Error: --at: '11:00' is Wed 25 Nov 11:00"),
        (["start", "--at", "soonish"], "Error: --at: "),
        (["start", "-b", "11"], "Error: --pain-before must be a whole number"),
        (["stop", "-a", "x"], "Error: --pain-after must be a whole number"),
    ],
)
def test_bad_input_is_exit_2(args: list[str], message: str) -> None:
    if args[0] == "stop":
        ok("start", now=t("09:00"))
    result = run(*args, now=t("10:00"))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_a_walk_left_running_is_stale_until_dealt_with() -> None:
    ok("start", "--at", "yesterday 18:00", now=t("07:30"))
    note = (
        "Note: The walk started Tue 24 Nov 18:00 has been running for 16 h, longer "
        "than a walk of yours: give its real end with --at (e.g. walkcoach stop --at "
        "10:30), or drop it with walkcoach cancel\n"
    )
    history = run("history", now=t("10:00"))
    assert history.exit_code == 0
    assert " ".join(history.stderr.split()) == note.strip()
    dashboard = ok(now=t("10:00")).stdout
    assert dashboard.startswith("The walk started Tue 24 Nov 18:00 has been running")
    assert timer_json(t("10:00"))["stale"] is True
    # A script must give the real end.
    stopped = run("stop", "-a", "2", now=t("10:00"))
    assert stopped.exit_code == 2
    assert stopped.stderr == (
        "Error: the walk started Tue 24 Nov 18:00 has been running for 16 h, longer "
        "than a walk of yours; give its real end with --at (e.g. walkcoach stop --at "
        "10:30), or drop it with walkcoach cancel\n"
    )
    assert walks() == []
    out = ok("stop", "--at", "yesterday 18:25", "-a", "2", now=t("10:00")).stdout
    assert out.startswith("Logged walk #1: 25 min, pain ? → 2, Tue 24 Nov 18:00.")
    assert run("history", now=t("10:00")).stderr == ""


def test_a_stale_walk_asks_for_its_end_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ok("start", "--at", "07:00", "-b", "2", now=t("07:00"))
    monkeypatch.setattr(shell, "interactive", lambda: True)
    # A bad answer is explained and asked again; then the pain after.
    result = ok("stop", input="soon\n07:20\n3\n", now=t("12:00"))
    assert "The walk started Wed 25 Nov 07:00 has been running for 5 h" in (
        result.stdout
    )
    assert "When did it end?" in result.stdout
    assert "--at: " not in result.stdout and "end: " in result.stdout
    assert "Logged walk #1: 20 min, pain 2 → 3, Wed 25 Nov 07:00." in result.stdout


def test_start_and_stop_ask_the_pain_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    started = ok("start", input="\n", now=t("09:00"))  # Enter skips
    assert "Pain before the walk (0-10, Enter to skip)" in started.stdout
    assert "Started a walk at 09:00.\n" in started.stdout
    stopped = ok("stop", input="4\n", now=t("09:08"))
    assert "Pain after the walk" in stopped.stdout
    assert "Logged walk #1: 8 min, pain ? → 4" in stopped.stdout


@pytest.mark.parametrize(
    ("setup", "undone", "said", "timer_after"),
    [
        ([["start"]], None, "Undid the start of the walk from Wed 25 Nov 09:00.", None),
        (
            [["start"], ["pause"]],
            False,
            "Undid the pause of the walk from Wed 25 Nov 09:00.",
            "09:00",
        ),
        (
            [["start"], ["pause"], ["resume"]],
            True,
            "Undid the resume of the walk from Wed 25 Nov 09:00.",
            "09:00",
        ),
        (
            [["start"], ["cancel"]],
            False,
            "Undid the cancel of the walk from Wed 25 Nov 09:00.",
            "09:00",
        ),
    ],
)
def test_undo_of_each_timer_change(
    setup: list[list[str]], undone: bool | None, said: str, timer_after: str | None
) -> None:
    for minute, args in enumerate(setup):
        ok(*args, now=t(f"09:{minute * 2:02d}"))
    out = ok("undo", now=t("09:10")).stdout
    assert out == said + "\n"
    timer = timer_json(t("09:10"))
    if timer_after is None:
        assert timer is None
    else:
        assert timer["started"][11:16] == timer_after
        assert timer["paused"] is undone


def test_undo_of_stop_brings_the_walk_back_to_the_timer() -> None:
    ok("start", "-b", "2", now=t("09:00"))
    ok("pause", now=t("09:02"))
    ok("resume", now=t("09:04"))
    ok("stop", "-a", "3", now=t("09:10"))
    out = ok("undo", now=t("09:11")).stdout
    assert out == "Undid the stop of walk: 8 min, pain 2 → 3, Wed 25 Nov 09:00.\n"
    assert walks() == []
    timer = timer_json(t("09:11"))
    assert (timer["minutes"], timer["pain_before"]) == (9.0, 2)  # pauses kept
    ok("stop", "-a", "3", now=t("09:12"))
    assert [w["minutes"] for w in walks()] == [10.0]


def test_log_without_when_is_a_walk_that_has_just_ended() -> None:
    out = ok("log", "12.5", now=t("10:00")).stdout
    assert out.startswith("Logged walk #1: 12.5 min, Wed 25 Nov 09:47.")
    [walk] = walks()
    assert walk["at"] == "2026-11-25T09:47:30+01:00"
    ok("log", "10", "--when", "08:00", now=t("10:00"))
    assert [w["at"][11:19] for w in walks()] == ["08:00:00", "09:47:30"]


def test_two_processes_cannot_both_start_a_walk(db_path: Path) -> None:
    """Four terminals press start at once: one walk starts, three are told."""
    env = {**os.environ, "WALKCOACH_NOW": t("09:00")}
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "walkcoach", "start"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=60), *p.communicate()) for p in starts]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1, 1, 1], results
    for code, out, err in results:
        if code == 1:
            assert err == (
                "Error: a walk is already running since 09:00 (0 min so far); stop "
                "it with `walkcoach stop`, or drop it with `walkcoach cancel`\n"
            )
        else:
            assert out.startswith("Started a walk at 09:00.")
    changes = json.loads(ok("today", "--json", now=t("09:05")).stdout)["timer"]
    assert changes["started"] == "2026-11-25T09:00:00+01:00"
    # One undoable change, not four.
    assert ok("undo", now=t("09:05")).stdout.startswith("Undid the start")
    nothing = run("undo", now=t("09:05"))
    assert (nothing.exit_code, nothing.stderr) == (1, "Error: nothing to undo\n")


def test_status_says_what_runs() -> None:
    assert ok("status", now=t("09:00")).stdout == (
        "No walk is being timed (start one: walkcoach start).\n"
    )
    assert json.loads(ok("status", "--json", now=t("09:00")).stdout) is None
    ok("start", now=t("09:00"))
    assert ok("status", now=t("09:04")).stdout == (
        "Walking since 09:00 — 4 min so far, target 6 min.\n"
    )
    assert json.loads(ok("status", "--json", now=t("09:04")).stdout)["minutes"] == 4


def test_watch_shows_a_live_timer_and_ctrl_c_leaves_the_walk_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks: list[float] = []

    def sleep(seconds: float) -> None:
        ticks.append(seconds)
        if len(ticks) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("time.sleep", sleep)
    out = ok("start", "--watch", now=t("09:00")).stdout
    assert "Walking since 09:00 — 0 min so far, target 6 min" in out
    assert "0:00" in out
    assert out.endswith(
        "The walk is still running: `walkcoach stop` when you are back.\n"
    )
    assert len(ticks) == 2
    assert timer_json(t("09:01")) is not None  # Ctrl-C did not stop the walk
    ticks.clear()
    halfway = ok("status", "--watch", now=t("09:03:10")).stdout
    assert "3:10" in halfway
    assert "Halfway: on an out-and-back route, turn round now." in halfway


def test_watch_ends_when_the_walk_is_stopped_elsewhere(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    from walkcoach.storage.store import open_store

    ok("start", now=t("09:00"))

    def stopped_elsewhere(seconds: float) -> None:
        store = open_store(db_path)
        store.swap_timer(store.timer(), None, "cancel", "cancel elsewhere")
        store.close()

    monkeypatch.setattr("time.sleep", stopped_elsewhere)
    out = ok("status", "--watch", now=t("09:07")).stdout
    assert "Target reached: head home now" in out
    assert out.endswith(
        "The walk is no longer being timed (stopped or dropped elsewhere).\n"
    )
