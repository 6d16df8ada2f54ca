"""Issue 13, findings 19 and 20: read commands read, and nothing more.

On a read-only database a read command works on a copy in memory (its targets
are computed, not stored) and a write command refuses with one line; a read
command on a missing database prints what it would show for an empty one and
creates neither the file nor its folder. CI runs as root, which ignores file
modes for access but not the mode bits walkcoach checks (chmod 444).
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ok, run

READS = [
    ["today"],
    ["next"],
    ["plan"],
    ["history"],
    ["week"],
    ["chart"],
    ["export"],
    ["today", "--json"],
]


@pytest.fixture
def read_only_db(db_path: Path) -> Path:
    ok("log", "10", "--when", "yesterday 9:00")
    ok("log", "12")
    ok("backup")
    db_path.chmod(0o444)
    return db_path


def snapshot(db: Path) -> bytes:
    return db.read_bytes()


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_finding19_read_commands_work_on_a_read_only_file(
    read_only_db: Path, args: list[str]
) -> None:
    before = snapshot(read_only_db)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert snapshot(read_only_db) == before


def test_finding19_a_read_only_file_shows_what_a_writable_one_shows(
    read_only_db: Path,
) -> None:
    shown = ok("today", "--json").stdout
    read_only_db.chmod(0o600)
    assert ok("today", "--json").stdout == shown


def test_finding19_report_and_backup_of_a_read_only_file_go_elsewhere(
    read_only_db: Path, tmp_path: Path
) -> None:
    before = snapshot(read_only_db)
    ok("report", "-o", str(tmp_path / "r.md"))
    ok("backup", str(tmp_path / "copy.db"))
    assert json.loads(ok("--db", str(tmp_path / "copy.db"), "history", "--json").stdout)
    assert snapshot(read_only_db) == before


@pytest.mark.parametrize(
    "args",
    [["log", "5"], ["pain", "3"], ["rest"], ["undo"], ["edit", "1", "--minutes", "9"]],
    ids=" ".join,
)
def test_finding19_write_commands_refuse_a_read_only_file_in_one_line(
    read_only_db: Path, args: list[str]
) -> None:
    before = snapshot(read_only_db)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write to {read_only_db} (a read-only file); make it "
        f"writable (chmod u+w {read_only_db}) or choose another file with --db\n",
    )
    assert snapshot(read_only_db) == before


def test_finding19_a_read_only_uri_connection_sees_the_same_entries(
    read_only_db: Path,
) -> None:
    """The copy in memory holds what SQLite's own read-only mode reads."""
    import sqlite3

    conn = sqlite3.connect(f"{read_only_db.as_uri()}?mode=ro", uri=True)
    uuids = sorted(row[0] for row in conn.execute("SELECT uuid FROM entries"))
    conn.close()
    shown = json.loads(ok("history", "--json").stdout)
    assert sorted(e["uuid"] for e in shown) == uuids


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_finding19_a_read_only_filesystem(read_only_db: Path, tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"this machine does not allow mounting: {made.stderr!r}")
    try:
        copy = mount / "walks.db"
        copy.write_bytes(read_only_db.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        for args in (["today"], ["history"], ["export"]):
            result = run("--db", str(copy), *args)
            assert (result.exit_code, result.stderr) == (0, ""), result.output
        result = run("--db", str(copy), "log", "5")
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: {copy} is on a read-only filesystem; copy it somewhere "
            "writable and open the copy with --db\n",
        )
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("args", [*READS, ["doctor"], ["path"]], ids=" ".join)
def test_finding20_read_commands_never_create_a_database_or_folders(
    tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "typo" / "deeper" / "walks.db"
    result = run("--db", str(db), *args)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "typo").exists()


def test_finding20_today_on_a_missing_file_welcomes_without_creating_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "walks.db"
    result = run("--db", str(db), "today")
    assert result.stdout.startswith("Welcome to walkcoach.")
    assert sorted(os.listdir(tmp_path)) == []
    ok("--db", str(db), "log", "10")  # the first write creates it
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_finding20_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "walks.db"
    result = run("--db", str(db), "backup")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: there is no database at {db} yet, so nothing to back up\n",
    )
    assert os.listdir(tmp_path) == []


def test_finding20_a_read_in_another_process_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "walks.db"
    result = subprocess.run(
        [sys.executable, "-m", "walkcoach", "--db", str(db), "week"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path) == []
