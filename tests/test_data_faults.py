"""Faults, with the installed `walkcoach` in real processes: an import killed
midway, twenty writers at once, and a backup taken while another process writes."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ZONE = timezone(timedelta(hours=1))


def walkcoach() -> str:
    found = shutil.which("walkcoach", path=str(Path(sys.executable).parent))
    assert found, "the walkcoach entry point is not installed in this venv"
    return found


def env_for(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_WALKCOACH")}
    return {**env, "WALKCOACH_DB": str(db), "WALKCOACH_NOW": "2026-11-25T20:00"} | extra


def sound(db: Path) -> sqlite3.Connection:
    """The database, asserted to pass SQLite's integrity check."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


def export_file(path: Path, count: int) -> set[str]:
    """A walkcoach JSON export of `count` walks; their uuids."""
    # Every entry in the past (issue 13: import refuses dates more than a day
    # ahead), 8 hours apart, the newest on the pinned day.
    start = datetime(2026, 11, 25, 8, tzinfo=ZONE) - timedelta(hours=8 * (count - 1))
    uuids = set()
    with path.open("w") as out:
        out.write("[\n")
        for n in range(count):
            at = start + timedelta(hours=8 * n)
            uid = str(uuid.uuid4())
            uuids.add(uid)
            row = {
                "id": n + 1,
                "uuid": uid,
                "kind": "walk",
                "at": at.isoformat(),
                "date": at.date().isoformat(),
                "minutes": 10.0 + n % 20,
                "pain_before": n % 4,
                "pain_after": n % 3,
                "note": f"walk {n}",
            }
            out.write(("," if n else "") + json.dumps(row) + "\n")
        out.write("]\n")
    return uuids


def test_import_killed_midway_leaves_none_or_all(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    env = env_for(db)
    subprocess.run(
        [walkcoach(), "log", "10", "--when", "yesterday 9am"], env=env, check=True
    )
    big = tmp_path / "big.json"
    uuids = export_file(big, 60_000)
    outcomes = []
    for attempt in range(3):
        process = subprocess.Popen(
            [walkcoach(), "import", str(big)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait until the import holds the write lock (its one transaction is
        # under way), then kill it without warning.
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:  # locked: the import is writing
                time.sleep(0.05 * attempt)  # later each time
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        probe.close()
        process.wait(timeout=60)
        conn = sound(db)
        present = {row[0] for row in conn.execute("SELECT uuid FROM entries")}
        conn.close()
        imported = present & uuids
        assert imported in (set(), uuids)
        assert len(present - uuids) == 1  # the walk logged first is still there
        outcomes.append(len(imported))
        if imported:
            break
    assert 0 in outcomes  # at least one kill landed inside the transaction
    # A later import completes (or finds everything already there).
    done = subprocess.run(
        [walkcoach(), "import", str(big)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    conn = sound(db)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 60_001
    conn.close()


def test_twenty_logs_at_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "w.db"  # not even created yet
    env = env_for(db)
    processes = [
        subprocess.Popen(
            [
                walkcoach(),
                "log",
                str(5 + n % 4),
                "--when",
                f"today {6 + n % 12}:{n:02}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(20)
    ]
    results = [
        (p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes
    ]
    assert [code for code, _ in results] == [0] * 20, [e for _, e in results if e]
    conn = sound(db)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 20
    assert conn.execute("SELECT count(DISTINCT uuid) FROM entries").fetchone()[0] == 20
    conn.close()


WRITER = """
import sqlite3, sys, time, uuid
conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
print("writing", flush=True)
n = 0
while True:
    conn.execute("BEGIN IMMEDIATE")
    for _ in range(50):
        n += 1
        conn.execute(
            "INSERT INTO entries (uuid, kind, at, date, minutes, note) "
            "VALUES (?, 'walk', '2026-11-20T08:00:00+01:00', '2026-11-20', 10, ?)",
            (str(uuid.uuid4()), "x" * (n % 500)),
        )
    conn.execute("COMMIT")
"""


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    env = env_for(db)
    subprocess.run([walkcoach(), "log", "10"], env=env, check=True, capture_output=True)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        counts = []
        for n in range(5):
            dest = tmp_path / f"copy-{n}.db"
            done = subprocess.run(
                [walkcoach(), "backup", str(dest)],
                env=env,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr
            assert "(checked: ok)" in done.stdout
            conn = sound(dest)
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            counts.append(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
            conn.close()
            time.sleep(0.05)
    finally:
        writer.kill()
        writer.wait()
    assert counts == sorted(counts) and counts[-1] > counts[0] >= 1
    assert sound(db).execute("SELECT count(*) FROM entries").fetchone()[0] >= counts[-1]


def test_export_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    """`walkcoach export | head` : no error line, no traceback, exit 0."""
    db = tmp_path / "w.db"
    source = tmp_path / "many.json"
    export_file(source, 3000)
    env = env_for(db)
    subprocess.run(
        [walkcoach(), "import", str(source)], env=env, check=True, capture_output=True
    )
    reader = subprocess.Popen(
        [walkcoach(), "export", "--format", "csv"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().startswith(b"id,uuid,kind")
    reader.stdout.close()
    assert reader.wait(timeout=30) == 0
    assert reader.stderr.read() == b""
