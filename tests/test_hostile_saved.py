"""Issue 13, findings 3 and 15: a saved change is reported as saved, and stdout
failures never end in a traceback.

Once a write commits, nothing after it (a full or closed stdout, a stored
target that cannot be read, an unknown safety answer) turns it into a failure:
exit 0, with a warning on stderr. A read whose stdout is full ends with one line
and exit 1; a closed pipe (`| head`) ends quietly with 0.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import ok, run


def entries(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    return int(found)


def walkcoach(db: Path, *args: str, stdout: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WALKCOACH_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "walkcoach", *args],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
        check=False,
    )


def closed_pipe(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader has already gone (`| head -0`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return walkcoach(db, *args, stdout=write)
    finally:
        os.close(write)


def test_finding3_a_walk_saved_with_stdout_full_exits_0(db_path: Path) -> None:
    ok("log", "10")
    with open("/dev/full", "w") as full:
        result = walkcoach(db_path, "log", "12", stdout=full)
    assert (result.returncode, result.stderr) == (
        0,
        "Warning: your change was saved, but its output could not be shown (No "
        "space left on device)\n",
    )
    assert entries(db_path) == 2


def test_finding3_a_walk_saved_with_stdout_closed_exits_0(db_path: Path) -> None:
    ok("log", "10")
    result = closed_pipe(db_path, "log", "12")
    assert (result.returncode, result.stderr) == (
        0,
        "Warning: your change was saved, but its output could not be shown "
        "(Broken pipe)\n",
    )
    assert entries(db_path) == 2


def test_finding3_a_broken_stored_target_is_recomputed(db_path: Path) -> None:
    ok("log", "10", "--when", "yesterday 9:00")
    today = ok("today", "--json").stdout
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE targets SET reason = CAST(x'ff00fe' AS TEXT), warnings = 'x'"
        )
    conn.close()
    result = run("log", "12")
    assert (result.exit_code, result.stderr) == (0, "")
    assert entries(db_path) == 2
    ok("delete", "-1", "--yes")
    assert ok("today", "--json").stdout == today


def test_finding3_an_unknown_stored_safety_answer_does_not_fail_a_log(
    db_path: Path,
) -> None:
    ok("check", "--clear")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE screenings SET yes = '[\"no-such-question\"]'")
    conn.close()
    result = run("log", "12")
    assert (result.exit_code, result.stderr) == (0, "")
    assert entries(db_path) == 1


def test_finding3_a_problem_after_the_commit_is_a_warning(db_path: Path) -> None:
    ok("log", "10", "--when", "2026-11-01 09:00")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE entries SET at = 'garbage'")
    conn.close()
    result = run("log", "12")  # saved; then the day's view meets the bad entry
    assert (result.exit_code, result.stderr) == (
        0,
        f"Warning: your change was saved, but {db_path}: entry #1 cannot be read "
        "(Invalid isoformat string: 'garbage'); run `walkcoach doctor`\n",
    )
    assert entries(db_path) == 2


def test_finding15_a_read_with_stdout_full_is_one_line_and_exit_1(
    db_path: Path,
) -> None:
    ok("log", "10")
    for args in (["history"], ["today"], ["export"], ["path"]):
        with open("/dev/full", "w") as full:
            result = walkcoach(db_path, *args, stdout=full)
        assert (result.returncode, result.stderr) == (
            1,
            "Error: cannot write the output: No space left on device\n",
        ), args


def test_finding15_a_read_into_a_closed_pipe_ends_quietly(db_path: Path) -> None:
    for day in range(1, 25):
        ok("pain", "2", "--when", f"2026-11-{day:02} 08:00")
    for args in (["history"], ["today"], ["export"], ["week"]):
        result = closed_pipe(db_path, *args)
        assert (result.returncode, result.stderr) == (0, ""), args


def test_finding15_a_closed_stdout_is_not_a_traceback(db_path: Path) -> None:
    ok("log", "10")
    for args in (["history"], ["log", "5"]):
        result = subprocess.run(  # the shell's `>&-`: no fd 1 at all
            ["sh", "-c", '"$0" -m walkcoach "$@" >&-', sys.executable, *args],
            env={**os.environ, "WALKCOACH_DB": str(db_path)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
    assert entries(db_path) == 2
