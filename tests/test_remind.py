"""`walkcoach remind` (issue 17): one line when walks are left today, quiet
otherwise and for --every after a reminder; --notify through the platform's
notifier."""

import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers import ok, run
from tests.test_budget import NEVER, _imported, _modules_of
from walkcoach.core.reminders import parse_every, reminder_text

NOON = datetime(2026, 11, 25, 12, 0)
TWO_LEFT = "Time for a walk: 2 of 3 walks of 8 min left today."
LINE = "Time for a walk: 3 of 3 walks of 5 min left today.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("90", timedelta(minutes=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1h 30min", timedelta(hours=1, minutes=30)),
        ("0", timedelta(0)),
        ("24h", timedelta(hours=24)),
    ],
)
def test_parse_every(text: str, expected: timedelta) -> None:
    assert parse_every(text) == expected


@pytest.mark.parametrize("text", ["", "h", "2x", "-1h", "25h", "1d"])
def test_parse_every_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="--every must be"):
        parse_every(text)


@pytest.mark.parametrize(
    ("left", "planned", "last", "expected"),
    [
        (0, 3, None, None),
        (2, 3, None, TWO_LEFT),
        (1, 1, None, "Time for a walk: 1 of 1 walk of 8 min left today."),
        (2, 3, NOON - timedelta(minutes=119), None),  # within 2 hours
        (2, 3, NOON - timedelta(hours=2), TWO_LEFT),
        (2, 3, NOON + timedelta(hours=1), TWO_LEFT),  # a clock put back
    ],
)  # fmt: skip
def test_reminder_text(
    left: int, planned: int, last: datetime | None, expected: str | None
) -> None:
    assert reminder_text(left, 8, planned, last, NOON, timedelta(hours=2)) == expected


def test_remind_speaks_then_keeps_quiet_for_every(db_path: Path) -> None:
    assert ok("remind", now="2026-11-25T09:00").stdout == LINE
    assert ok("remind", now="2026-11-25T10:59").stdout == ""
    assert ok("remind", now="2026-11-25T11:00").stdout == LINE
    assert ok("remind", "--every", "30m", now="2026-11-25T11:30").stdout == LINE
    # Remembered in the database: only the newest reminder.
    rows = sqlite3.connect(db_path).execute("SELECT at FROM reminders").fetchall()
    assert [datetime.fromisoformat(r[0]).strftime("%H:%M") for r in rows] == ["11:30"]


def test_remind_counts_down_and_is_silent_once_done_or_resting() -> None:
    ok("log", "5", "-b", "2", "-a", "2", "--when", "8am", now="2026-11-25T09:00")
    out = ok("remind", now="2026-11-25T09:00").stdout
    assert out == "Time for a walk: 2 of 3 walks of 5 min left today.\n"
    for hour in ("12:00", "16:00"):
        ok("log", "5", "--when", hour, now="2026-11-25T17:00")
    assert ok("remind", "--every", "0", now="2026-11-25T17:00").stdout == ""
    ok("rest", now="2026-11-26T08:00")
    result = run("remind", now="2026-11-26T09:00")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_remind_is_silent_while_an_urgent_answer_stands() -> None:
    ok("check", "--yes", "saddle-numbness")
    result = run("remind")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_remind_bad_every_writes_nothing(db_path: Path) -> None:
    result = run("remind", "--every", "soon")
    assert result.exit_code == 2
    assert result.stderr == "Error: --every must be like 2h, 90m or 1h30m, got 'soon'\n"
    assert not db_path.exists()


def _fake(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


linux_only = pytest.mark.skipif(
    sys.platform == "darwin", reason="notify-send is the Linux notifier"
)


@linux_only
def test_remind_notify_calls_notify_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = tmp_path / "said.txt"
    _fake(tmp_path / "bin", "notify-send", f'printf "%s|" "$@" > "{said}"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert ok("remind", "--notify").stdout == LINE
    assert said.read_text() == f"--app-name=walkcoach|walkcoach|{LINE.strip()}|"


@linux_only
def test_remind_notify_without_a_notifier_or_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("remind", "--notify")
    assert (result.exit_code, result.stdout) == (1, LINE)
    assert result.stderr == (
        "Error: no desktop notifier found (notify-send is not installed); the "
        "reminder was printed instead\n"
    )
    _fake(tmp_path / "bin", "notify-send", "echo 'Cannot autolaunch D-Bus' >&2; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = run("remind", "--notify", "--every", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: notify-send failed (Cannot autolaunch D-Bus); from cron or a "
        "systemd timer, a desktop notification needs DISPLAY"
    )


def test_remind_imports_only_what_it_uses() -> None:
    ok("setup", "--clear", "--start-minutes", "10", "--sessions", "3")
    modules = _modules_of(["remind"])
    assert "walkcoach.services.remind" in modules  # the probe ran the command
    unneeded = [
        name
        for name in (*NEVER, "rich", "walkcoach.core.stats")
        if _imported(modules, name)
    ]
    assert unneeded == []
