"""Issue 13, findings 2, 4, 16 and 21: a full disk is not damage, backups belong
to one database, `doctor` checks what the rows hold, and its advice is one
command (`walkcoach restore BACKUP`) that says what it would lose."""

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.storage import backup as backup_module
from walkcoach.storage.store import open_store


def entries(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def sql(db: Path, statement: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement)
    conn.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection may not grow the file: SQLite's SQLITE_FULL, as on a
    full disk (CI runs as root, so a real full filesystem is not at hand)."""
    real: Callable[..., sqlite3.Connection] = sqlite3.connect

    def limited(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", limited)


def test_finding2_a_full_disk_is_not_damage(db_path: Path, request: object) -> None:
    ok("log", "10")
    ok("backup")
    before = db_path.read_bytes()
    request.getfixturevalue("full_disk")  # type: ignore[attr-defined]
    result = run("log", "12", "--note=" + "x" * 9000)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: the disk is full ({db_path}): free some space and try again; "
        "nothing was lost\n",
    )
    assert entries(db_path) == 1
    doctor = run("doctor")
    assert (doctor.exit_code, doctor.stdout.splitlines()[-1]) == (
        0,
        "No problems found.",
    )
    assert "restore" not in doctor.stdout
    assert db_path.read_bytes() == before


def test_finding2_doctor_advises_a_backup_only_on_damage_with_what_it_loses(
    db_path: Path,
) -> None:
    ok("log", "10")
    ok("backup")
    ok("log", "12")
    ok("log", "14")
    [copy] = (db_path.parent / "walkcoach.db.backups").glob("*manual*.db")
    # Damage the date index only: integrity_check fails, the entries can still
    # be counted (a day in one index key is changed on disk).
    conn = sqlite3.connect(db_path)
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'entries_by_date'"
    ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * size
    at = data.index(b"2026-11-25", start, start + size)
    data[at + 9] = ord("9")
    db_path.write_bytes(bytes(data))
    report = json.loads(run("doctor", "--json").stdout)
    if report["integrity"] == "ok":
        pytest.skip("this SQLite does not see the index damage")
    [problem] = [p for p in report["problems"] if "damaged" in p["problem"]]
    assert problem["fix"] == (
        f"restore the newest sound backup, {copy.name} (just now, 1 entry); the "
        "database holds 3, so at least 2 entries would be lost: export first "
        "(walkcoach export -o walks.json) and import that after the restore: "
        f"walkcoach restore {copy}"
    )


def test_finding4_two_databases_in_one_folder_never_share_backups(
    tmp_path: Path,
) -> None:
    db, other = tmp_path / "walks.db", tmp_path / "walks.sqlite"
    for path in (db, other):
        ok("--db", str(path), "log", "10")
        ok("--db", str(path), "backup")
    store = open_store(db)
    for _ in range(backup_module.KEEP + 3):
        backup_module.backup_before(store, "delete")
    store.close()
    mine = sorted(p.name for p in (tmp_path / "walks.db.backups").iterdir())
    theirs = sorted(p.name for p in (tmp_path / "walks.sqlite.backups").iterdir())
    assert len(mine) == backup_module.KEEP + 1
    assert len(theirs) == 1 and theirs[0].startswith("walks.sqlite-manual-")
    report = json.loads(ok("--db", str(other), "doctor", "--json").stdout)
    assert report["backups"] == {
        "folder": str(tmp_path / "walks.sqlite.backups"),
        "automatic": 0,
        "manual": 1,
    }
    assert ok("--db", str(db), "path").stdout == (
        f"database: {db}\nbackups:  {tmp_path / 'walks.db.backups'}\n"
    )


def test_finding4_restore_keeps_the_current_file_and_says_what_each_holds(
    db_path: Path,
) -> None:
    ok("log", "10")
    ok("backup")
    ok("log", "12")
    [copy] = (db_path.parent / "walkcoach.db.backups").glob("*manual*.db")
    result = run("restore", str(copy))
    assert result.exit_code == 0, result.stderr
    [kept] = db_path.parent.glob("walkcoach.db.before-restore-*")
    assert result.stdout == (
        f"Restored {copy} (1 entry) to {db_path}.\n"
        f"The file it replaced (2 entries) is kept as {kept}.\n"
    )
    assert entries(db_path) == 1
    assert entries(kept) == 2
    assert ok("doctor").stdout.splitlines()[-1] == "No problems found."


def test_finding4_restore_refuses_what_is_not_a_sound_backup(
    db_path: Path, tmp_path: Path
) -> None:
    ok("log", "10")
    before = db_path.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    result = run("restore", str(junk))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {junk} is not a sound walkcoach database (not a walkcoach "
        "database); choose another backup (see: walkcoach doctor)\n",
    )
    assert db_path.read_bytes() == before
    missing = run("restore", str(tmp_path / "nope.db"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: BACKUP: no such file '{tmp_path / 'nope.db'}'\n",
    )


BAD_CONTENT = [
    (
        "UPDATE settings SET value = 'lots' WHERE key = 'sessions'",
        "the setting sessions is 'lots', which walkcoach cannot use (the default "
        "is used meanwhile)",
        "walkcoach setup --sessions N",
    ),
    (
        "UPDATE entries SET at = 'garbage' WHERE id = 1",
        "entry #1 has a date-time that cannot be read ('garbage', day '2026-11-24')",
        'remove it: sqlite3 {db} "DELETE FROM entries WHERE id = 1", then log it again',
    ),
    (
        "UPDATE screenings SET yes = '[\"gone\"]'",
        "the standing safety answers (#1) name questions this walkcoach does not "
        "know ('[\"gone\"]')",
        "answer the safety questions again: walkcoach check",
    ),
    (
        "UPDATE changes SET payload = '{not json' WHERE id = 1",
        "undo record #1 cannot be read, so that change cannot be undone",
        'forget it: sqlite3 {db} "DELETE FROM changes WHERE id = 1"',
    ),
]


@pytest.mark.parametrize(("statement", "text", "fix"), BAD_CONTENT)
def test_finding16_doctor_names_bad_content_with_its_fix(
    db_path: Path, statement: str, text: str, fix: str
) -> None:
    ok("setup", "--clear", "--start-minutes", "5")
    ok("log", "10", "--when", "yesterday 9:00")
    sql(db_path, statement)
    before = db_path.read_bytes()
    report = json.loads(run("doctor", "--json").stdout)
    assert report["problems"] == [{"problem": text, "fix": fix.format(db=db_path)}]
    assert run("doctor").exit_code == 1
    for command in (["today"], ["history"], ["week"], ["export"], ["undo"]):
        result = run(*command)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.count("\n") <= 3, result.stderr
    assert entries(db_path) >= 0  # still a database
    if "settings" in statement or "screenings" in statement:
        assert db_path.read_bytes() != b""  # readable: commands carried on
    del before


def test_finding16_an_unreadable_entry_and_undo_record_are_one_line(
    db_path: Path,
) -> None:
    ok("log", "10", "--when", "yesterday 9:00")
    sql(db_path, "UPDATE entries SET at = 'garbage'")
    result = run("history")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {db_path}: entry #1 cannot be read (Invalid isoformat string: "
        "'garbage'); run `walkcoach doctor`\n",
    )
    sql(db_path, "UPDATE changes SET payload = 'nope'")
    result = run("undo")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {db_path}: the newest change in the undo history (#1, log of walk:"
        " 10 min, Tue 24 Nov 09:00) cannot be read; run `walkcoach doctor`\n",
    )
    assert entries(db_path) == 1


def test_finding21_a_link_to_nothing_is_refused_by_every_command(
    tmp_path: Path,
) -> None:
    link = tmp_path / "walks.db"
    link.symlink_to(tmp_path / "gone" / "walks.db")
    message = (
        f"{link} is a link to {tmp_path / 'gone' / 'walks.db'}, which does not "
        "exist; fix the link, or give the database file with --db"
    )
    result = run("--db", str(link), "log", "10")
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    report = json.loads(run("--db", str(link), "doctor", "--json").stdout)
    assert report["problems"] == [
        {"problem": message, "fix": "point the link at your database, or remove it"}
    ]
    assert sorted(os.listdir(tmp_path)) == ["walks.db"]


def test_finding4_backups_in_the_old_shared_folder_are_named(db_path: Path) -> None:
    ok("log", "10")
    legacy = db_path.parent / "backups"
    legacy.mkdir()
    (legacy / "walkcoach-manual-20261101-100000.db").write_bytes(b"")
    report = json.loads(ok("doctor", "--json").stdout)
    assert report["advice"][0] == (
        f"older backups, from before each database had its own folder, are in "
        f"{legacy}: they are kept but not listed here; restore one with "
        "`walkcoach restore BACKUP` if you need it"
    )
