"""Issue 13, findings 1, 8, 9, 22 and 23: one writer for export, report and backup.

It resolves the path before checking it, refuses the database and its side
files, refuses anything but a regular file, replaces a file only with --force,
makes missing folders 0700 whatever the umask, and cleans what a killed run left.
"""

import os
import stat
import time
from pathlib import Path

import pytest

from tests.helpers import ok, run


def refused(db: Path, option: str, dest: Path | str) -> str:
    return (
        f"Error: {option} {dest} is the database {db} or one of its side files; "
        "choose a new file\n"
    )


def test_finding1_report_onto_the_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "walks.md"
    ok("--db", str(db), "log", "10")
    before = db.read_bytes()
    result = run("--db", str(db), "report", "-o", str(db), "--force")
    assert (result.exit_code, result.stderr) == (2, refused(db, "--output", db))
    assert db.read_bytes() == before


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_finding1_export_onto_a_side_file_through_dot_dot_is_refused(
    db_path: Path, side: str
) -> None:
    ok("log", "10")
    folder = db_path.parent
    sneaky = f"{folder}/../{folder.name}/{db_path.name}{side}"
    existing = Path(f"{db_path}{side}")
    before = existing.read_bytes() if existing.exists() else None
    result = run("export", "-o", sneaky, "--force")
    assert (result.exit_code, result.stderr) == (
        2,
        refused(db_path, "--output", sneaky),
    )
    assert (existing.read_bytes() if existing.exists() else None) == before
    assert ok("history", "--json").stdout.count('"uuid"') == 1


def test_finding1_a_symlink_to_the_database_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    ok("log", "10")
    link = tmp_path / "innocent.json"
    link.symlink_to(db_path)
    before = db_path.read_bytes()
    result = run("export", "-o", str(link), "--force")
    assert (result.exit_code, result.stderr) == (2, refused(db_path, "--output", link))
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [["export", "-o"], ["report", "-o"], ["backup"]],
    ids=["export", "report", "backup"],
)
def test_finding8_a_fifo_at_the_output_path_is_refused(
    db_path: Path, tmp_path: Path, command: list[str]
) -> None:
    ok("log", "10")
    fifo = tmp_path / "shared.md"
    os.mkfifo(fifo)
    result = run(*command, str(fifo), "--force")  # returns: nothing opens the FIFO
    option = "DEST" if command == ["backup"] else "--output"
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {option} {fifo} is not a regular file (a pipe, socket or device); "
        "give a file name\n",
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_finding9_folders_made_for_the_database_are_private_under_umask_000(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a" / "b" / "c" / "w.db"
    old = os.umask(0)
    try:
        ok("--db", str(db), "log", "10")
        ok("--db", str(db), "backup")
    finally:
        os.umask(old)
    for folder in (db.parent, db.parent.parent, db.parent.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    [backups] = [p for p in db.parent.iterdir() if p.is_dir()]
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_finding22_a_stale_partial_file_is_cleaned_by_the_next_write(
    db_path: Path, tmp_path: Path
) -> None:
    ok("log", "10")
    stale = tmp_path / ".w.json.x1y2z3.partial"
    stale.write_text("half an export")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    young = tmp_path / ".w.json.a1b2c3.partial"  # perhaps a run still going
    young.write_text("a run still writing")
    ok("export", "-o", str(tmp_path / "w.json"))
    assert not stale.exists()
    assert young.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [
        ".w.json.a1b2c3.partial",
        "w.json",
    ]


@pytest.mark.parametrize(
    ("command", "name"),
    [(["export", "-o"], "w.json"), (["report", "-o"], "r.md"), (["backup"], "b.db")],
    ids=["export", "report", "backup"],
)
def test_finding23_export_report_and_backup_replace_a_file_only_with_force(
    db_path: Path, tmp_path: Path, command: list[str], name: str
) -> None:
    ok("log", "10")
    dest = tmp_path / name
    dest.write_text("keep me")
    result = run(*command, str(dest))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {dest} already exists; give a new name, or add --force to "
        "replace it\n",
    )
    assert dest.read_text() == "keep me"
    ok(*command, str(dest), "--force")
    assert dest.read_bytes() != b"keep me"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
