"""`backup`, the rolling set of automatic backups, and `doctor`'s advice, followed
to the letter on a damaged database."""

import json
import shutil
import sqlite3
import stat
from pathlib import Path

from tests.helpers import ok, run
from walkcoach.storage.backup import KEEP, backup_before
from walkcoach.storage.store import open_store


def entries_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        found = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    conn.close()
    return found


def test_backup_into_the_backup_folder(db_path: Path) -> None:
    ok("log", "10")
    ok("pain", "2")
    result = ok("backup")
    [copy] = (db_path.parent / "walkcoach.db.backups").glob("walkcoach.db-manual-*.db")
    assert result.stdout == f"Backed up 2 entries to {copy} (checked: ok).\n"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert entries_in(copy) == 2
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    ok("backup")  # the same second: a second name, not an overwrite
    assert (
        len(
            list(
                (db_path.parent / "walkcoach.db.backups").glob("walkcoach.db-manual-*")
            )
        )
        == 2
    )


def test_backup_to_a_file_or_a_folder(db_path: Path, tmp_path: Path) -> None:
    ok("log", "10")
    dest = tmp_path / "mine.db"
    ok("backup", str(dest))
    assert entries_in(dest) == 1
    ok("log", "12")
    result = run("backup", str(dest))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {dest} already exists; give a new name, or add --force to replace it\n"
    )
    assert entries_in(dest) == 1
    ok("backup", str(dest), "--force")
    assert entries_in(dest) == 2
    ok("backup", str(tmp_path))
    assert len(list(tmp_path.glob("walkcoach.db-manual-*.db"))) == 1
    result = run("backup", str(db_path), "--force")
    # Issue 13: one rule for export, report and backup (exit 2, the same words).
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: DEST {db_path} is the database {db_path} or one of its side "
        "files; choose a new file\n"
    )
    assert not list(tmp_path.rglob("*.partial"))


def test_automatic_backups_keep_the_newest_ten_and_every_manual_one(
    db_path: Path,
) -> None:
    ok("log", "10")
    ok("backup")
    store = open_store(db_path)
    made = [backup_before(store, "delete") for _ in range(KEEP + 3)]
    store.close()
    folder = db_path.parent / "walkcoach.db.backups"
    automatic = sorted(folder.glob("walkcoach.db-2*.db"))
    assert automatic == made[-KEEP:]
    assert len(list(folder.glob("walkcoach.db-manual-*.db"))) == 1


def test_delete_and_import_write_automatic_backups(db_path: Path) -> None:
    ok("log", "10")
    ok("log", "11")
    ok("delete", "1", "--yes")
    folder = db_path.parent / "walkcoach.db.backups"
    [before_delete] = folder.glob("walkcoach.db-*-delete.db")
    assert entries_in(before_delete) == 2


def test_doctor_on_a_healthy_database(db_path: Path) -> None:
    ok("log", "10")
    ok("rest", "--when", "yesterday")
    ok("backup")
    result = ok("doctor")
    assert "Integrity    ok" in result.stdout
    # Version 4 since issue 17 (m004_reminders), 5 since issue 12 (m005_clearances),
    # 6 since issue 14 (m006_timer), 7 since issue 12's engine (m007_target_walks),
    # 8 since the dashboard remembers runs of days on plan (m008_target_runs).
    assert (
        "Schema version 8 of 8; migrations: m001_entries, m002_coach, "
        "m003_target_triggers, m004_reminders, m005_clearances, m006_timer, "
        "m007_target_walks, m008_target_runs" in " ".join(result.stdout.split())
    )
    assert "2: 1 walk, 0 check-ins, 1 rest day, 0 flare-up days" in result.stdout
    assert result.stdout.endswith("No problems found.\n")
    report = json.loads(ok("doctor", "--json").stdout)
    assert report["ok"] is True
    assert report["integrity"] == "ok"
    assert report["entries"] == {
        "total": 2,
        "walk": 1,
        "pain": 0,
        "rest": 1,
        "flare": 0,
    }
    assert report["schema"]["user_version"] == report["schema"]["expected"] == 8
    assert report["backups"]["manual"] == 1
    assert report["last_backup"]["path"].startswith(
        str(db_path.parent / "walkcoach.db.backups")
    )
    assert report["problems"] == []


def test_doctor_before_any_database(db_path: Path) -> None:
    result = ok("doctor")
    assert "no database yet" in result.stdout
    assert not db_path.exists()


def test_doctor_advises_a_first_backup(db_path: Path) -> None:
    ok("log", "10")
    result = ok("doctor")
    assert "Note: no backup yet: run `walkcoach backup`" in result.stdout


def test_doctor_leaves_an_old_schema_for_the_next_run(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    fixture = Path(__file__).parent / "fixtures" / "m001.db"
    shutil.copy(fixture, db_path)
    result = ok("doctor")
    assert "schema version 1 of 8: upgraded on next use" in result.stdout
    assert db_path.read_bytes() == fixture.read_bytes()


def test_following_doctor_restores_a_damaged_database(db_path: Path) -> None:
    ok("log", "10", "--when", "yesterday 9am")
    ok("log", "12", "--when", "today 8am")
    ok("backup")
    ok("pain", "3")  # after the backup: lost with the damaged file
    data = bytearray(db_path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    db_path.write_bytes(bytes(data))
    damaged = db_path.read_bytes()

    result = run("doctor", "--json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert "is damaged" in problem["problem"]
    # Issue 13: the fix is one command, `walkcoach restore BACKUP`, and says
    # what restoring loses (here the damaged file cannot be counted).
    [copy] = (db_path.parent / "walkcoach.db.backups").glob("walkcoach.db-manual-*")
    assert problem["fix"] == (
        f"restore the newest sound backup, {copy.name} (just now, 2 entries); "
        f"entries logged after it are lost unless you exported them: walkcoach "
        f"restore {copy}"
    )
    assert db_path.read_bytes() == damaged
    command = problem["fix"].rsplit(": ", 1)[1].split()
    assert command[0] == "walkcoach"
    ok(*command[1:])

    assert ok("doctor").stdout.endswith("No problems found.\n")
    assert entries_in(db_path) == 2
    [kept] = db_path.parent.glob("walkcoach.db.before-restore-*[0-9]")
    assert kept.read_bytes() == damaged


def test_doctor_without_a_sound_backup_suggests_salvage(db_path: Path) -> None:
    ok("log", "10")
    data = bytearray(db_path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    db_path.write_bytes(bytes(data))
    result = run("doctor")
    assert result.exit_code == 1
    assert f"sqlite3 {db_path} .recover" in result.stdout


def test_doctor_finds_a_lost_database_and_its_backup(db_path: Path) -> None:
    ok("log", "10")
    ok("backup")
    db_path.unlink()
    result = run("doctor")
    assert result.exit_code == 1
    assert "there is no database at" in result.stdout
    assert f"{db_path}" in result.stdout and "walkcoach restore " in result.stdout


def test_two_databases_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.db", tmp_path / "other.db"
    ok("--db", str(mine), "log", "10")
    ok("--db", str(mine), "backup")
    ok("--db", str(other), "log", "11")
    ok("--db", str(other), "backup")
    store = open_store(other)
    for _ in range(KEEP + 2):
        backup_before(store, "delete")
    store.close()
    assert len(list((tmp_path / "mine.db.backups").glob("mine.db-*.db"))) == 1
    assert len(list((tmp_path / "other.db.backups").glob("other.db-2*.db"))) == KEEP
    data = bytearray(mine.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    mine.write_bytes(bytes(data))
    fix = json.loads(run("--db", str(mine), "doctor", "--json").stdout)
    assert (
        "restore the newest sound backup, mine.db-manual-" in fix["problems"][0]["fix"]
    )


def test_backup_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    ok("log", "5")
    result = run("backup", str(tmp_path / "nope" / "x.db"))
    assert result.exit_code == 1
    assert "there is no folder" in result.stderr
    assert not (tmp_path / "nope").exists()
