"""Hostile database files: every command answers with exit 1 and one `Error:` line
that says what to do, never a traceback, and the file keeps every byte."""

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.storage import store as store_module

PAGE = 4096

COMMANDS = [
    ["today"],
    ["next"],
    ["plan"],
    ["log", "5"],
    ["pain", "3"],
    ["rest"],
    ["history"],
    ["edit", "1", "--minutes", "6"],
    ["delete", "1", "--yes"],
    ["undo"],
    ["setup", "--clear", "--start-minutes", "5"],
    ["check", "--clear"],
    ["week"],
    ["chart"],
    ["report", "--output", "{tmp}/report.md"],
    ["export"],
    ["import", "{tmp}/in.json"],
    ["backup"],
]
WRITERS = [["log", "5"], ["undo"], ["import", "{tmp}/in.json"], ["check", "--clear"]]


@pytest.fixture(scope="module")
def walkcoach_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real walkcoach database of several pages."""
    path = tmp_path_factory.mktemp("real") / "real.db"
    for day in range(1, 29):
        ok(
            "--db",
            str(path),
            "pain",
            "2",
            "--when",
            f"2026-10-{day:02}",
            "-n",
            "x" * 300,
        )
    return path.read_bytes()


def not_sqlite(_: bytes, path: Path) -> None:
    path.write_text("Shopping list\n- milk\n- walking shoes\n" * 40)


def other_program(_: bytes, path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('not yours')")
    conn.close()


def other_program_same_version(real: bytes, path: Path) -> None:
    other_program(real, path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION}")
    conn.close()


def truncated(real: bytes, path: Path) -> None:
    path.write_bytes(real[: len(real) // 2])


def damaged_header(real: bytes, path: Path) -> None:
    path.write_bytes(real[:100] + bytes(range(256))[:200] + real[300:])


def damaged_pages(real: bytes, path: Path) -> None:
    """Every page but the first overwritten: each table is unreadable."""
    path.write_bytes(real[:PAGE] + b"\xa5" * (len(real) - PAGE))


def newer_schema(real: bytes, path: Path) -> None:
    data = bytearray(real)
    data[60:64] = (99).to_bytes(4, "big")  # PRAGMA user_version = 99
    path.write_bytes(bytes(data))


HOSTILE: dict[str, tuple[Callable[[bytes, Path], None], str]] = {
    "not-sqlite": (not_sqlite, "is not a walkcoach database (not an SQLite file)"),
    "other-program": (other_program, "is an SQLite file of another program"),
    "other-program-v2": (
        other_program_same_version,
        "is an SQLite file of another program",
    ),
    "truncated": (truncated, "is damaged"),
    "damaged-header": (damaged_header, "is damaged"),
    "damaged-pages": (damaged_pages, "is damaged"),
    "newer-schema": (newer_schema, "was made by a newer walkcoach; upgrade walkcoach"),
}


def fill(args: list[str], tmp: Path) -> list[str]:
    (tmp / "in.json").write_text(
        json.dumps(
            [
                {
                    "uuid": "6f1c2a9e-8d4b-4f0e-9a57-3b2c1d0e4f5a",
                    "kind": "pain",
                    "at": "2026-11-24T08:00:00+01:00",
                    "pain": 2,
                }
            ]
        )
    )
    return [a.replace("{tmp}", str(tmp)) for a in args]


def refused(result: object, fragment: str) -> None:
    from typer.testing import Result

    assert isinstance(result, Result)
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_every_command_refuses_a_hostile_file(
    db_path: Path, tmp_path: Path, walkcoach_db: bytes, kind: str, args: list[str]
) -> None:
    make, fragment = HOSTILE[kind]
    db_path.parent.mkdir(parents=True)
    make(walkcoach_db, db_path)
    before = db_path.read_bytes()
    refused(run(*fill(args, tmp_path)), fragment)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "walkcoach.db.backups").exists()


@pytest.mark.parametrize("kind", ["not-sqlite", "truncated", "damaged-pages"])
def test_the_message_says_what_to_do(
    db_path: Path, walkcoach_db: bytes, kind: str
) -> None:
    db_path.parent.mkdir(parents=True)
    HOSTILE[kind][0](walkcoach_db, db_path)
    result = run("history")
    assert result.stderr.endswith(
        "; run `walkcoach doctor` to check it, or restore a backup\n"
    )


@pytest.mark.parametrize("kind", HOSTILE)
def test_doctor_names_the_problem_and_leaves_the_file(
    db_path: Path, walkcoach_db: bytes, kind: str
) -> None:
    db_path.parent.mkdir(parents=True)
    HOSTILE[kind][0](walkcoach_db, db_path)
    before = db_path.read_bytes()
    result = run("doctor", "--json")
    assert result.exit_code == 1, result.stdout
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["problems"]
    assert all(p["fix"] for p in report["problems"])
    assert db_path.read_bytes() == before


@pytest.fixture
def read_only(db_path: Path) -> Iterator[Path]:
    ok("log", "5")
    yield db_path
    db_path.chmod(0o600)
    db_path.parent.chmod(0o700)


# Issue 13 (finding 19): commands that only read work on a read-only file or
# folder, on a copy in memory; commands that write refuse in one line.
READS = {"today", "next", "plan", "history", "week", "chart", "report", "export"}


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_read_only_file(read_only: Path, tmp_path: Path, args: list[str]) -> None:
    read_only.chmod(0o400)
    before = read_only.read_bytes()
    result = run(*fill(args, tmp_path))
    if args[0] in READS or args[0] == "backup":  # backup copies it elsewhere
        assert (result.exit_code, result.stderr) == (0, ""), result.output
    else:
        refused(result, "(a read-only file); make it writable")
    assert read_only.read_bytes() == before


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_read_only_folder(read_only: Path, tmp_path: Path, args: list[str]) -> None:
    read_only.parent.chmod(0o500)
    before = read_only.read_bytes()
    result = run(*fill(args, tmp_path))
    if args[0] in READS:
        assert (result.exit_code, result.stderr) == (0, ""), result.output
    elif args[0] == "backup":
        refused(result, "is read-only; give another place: walkcoach backup DEST")
    else:
        refused(result, "(a read-only folder")
    assert read_only.read_bytes() == before
    assert sorted(p.name for p in read_only.parent.iterdir()) == ["walkcoach.db"]


def test_doctor_on_read_only_file_and_folder(read_only: Path) -> None:
    read_only.chmod(0o400)
    read_only.parent.chmod(0o500)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"chmod u+w {read_only}" in result.stdout
    assert f"chmod u+w {read_only.parent}" in result.stdout


def test_a_folder_where_the_file_should_be(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    refused(run("history"), "is a folder, not a database file")


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings VALUES ('held', 'by another program')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.fixture
def locked(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """The database held by another process, with a short busy timeout."""
    ok("log", "5")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 150)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db_path), request.param],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield db_path
    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.wait(timeout=10) == 0


@pytest.mark.parametrize("locked", ["write"], indirect=True)
@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0])
def test_a_writer_holding_the_lock_too_long(
    locked: Path, tmp_path: Path, args: list[str]
) -> None:
    before = locked.read_bytes()
    refused(run(*fill(args, tmp_path)), "is locked by another program (waited 0.15 s)")
    assert locked.read_bytes() == before
    ok("history")  # readers are not blocked by a writer (WAL)


@pytest.mark.parametrize("locked", ["exclusive"], indirect=True)
@pytest.mark.parametrize("args", [["history"], ["export"], ["log", "5"]], ids=str)
def test_an_exclusive_lock_held_too_long(locked: Path, args: list[str]) -> None:
    before = locked.read_bytes()
    refused(run(*args), "is locked by another program")
    assert locked.read_bytes() == before


@pytest.mark.parametrize("locked", ["exclusive"], indirect=True)
def test_doctor_on_a_locked_database(locked: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 1
    assert "is locked by another program" in result.stdout
    assert "close the other walkcoach or program using it" in result.stdout


def test_a_bad_busy_timeout_setting_is_ignored() -> None:
    env = dict(os.environ, WALKCOACH_BUSY_TIMEOUT="soon")
    code = "from walkcoach.storage import store; print(store.BUSY_TIMEOUT_MS)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert done.stdout == "5000\n"
