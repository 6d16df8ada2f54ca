"""Stored targets cannot go stale: every write path drops the targets it affects.

The database owns this (the triggers of migration m003), so the test writes
through every command that changes what the engine reads and checks that the
stored targets from that day on are gone (and recomputed), while the earlier
ones stay. A second test makes a new write method of the store fail here until
it is listed, so a new path is checked too.
"""

from __future__ import annotations

import inspect
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.devicefiles import workout, write_health
from tests.helpers import ok
from walkcoach.storage.store import Store

NOW = "2026-11-25T20:00"  # a Wednesday, the tenth day of the history below
FIRST = date(2026, 11, 16)
CHANGED = date(2026, 11, 20)  # the day every write below touches


def _history() -> None:
    """Ten days of walks, with every target up to today computed and stored."""
    ok("setup", "--clear", "--start-minutes", "5", "--sessions", "3", now=NOW)
    for n in range(10):
        day = date(2026, 11, 16 + n).isoformat()
        for hour in (9, 13, 17):
            ok("log", "6", "-b", "2", "-a", "2", "--when", f"{day} {hour}:00", now=NOW)
    ok("today", now=NOW)


def _stored(db: Path) -> set[date]:
    with sqlite3.connect(db) as conn:
        return {
            date.fromisoformat(d) for (d,) in conn.execute("SELECT date FROM targets")
        }


def _entry_on(db: Path, day: date) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT id FROM entries WHERE date = ? ORDER BY id LIMIT 1",
            (day.isoformat(),),
        ).fetchone()
    return int(row[0])


def _export_one_walk(tmp: Path) -> Path:
    walk = {
        "uuid": "00000000-0000-4000-8000-000000000001",
        "kind": "walk",
        "at": f"{CHANGED.isoformat()}T07:00:00+01:00",
        "date": CHANGED.isoformat(),
        "minutes": 30.0,
        "pain_before": 2,
        "pain_after": 8,
    }
    path = tmp / "one.json"
    path.write_text(json.dumps([walk]))
    return path


def _device_walk(tmp: Path) -> Path:
    """An Apple Health export with a watch's walk (no pain) the day before the
    history: the program now starts a day earlier."""
    start, end = "2026-11-15 10:00:00 +0100", "2026-11-15 10:10:00 +0100"
    return write_health(tmp, workout("Walking", start, end, 10))


def _targets(db: Path) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT date, status, sessions, minutes, goal_minutes, reason, warnings "
            "FROM targets"
        )
        return {row[0]: row[1:] for row in rows}


def _fresh(db: Path) -> dict[str, tuple[object, ...]]:
    """The targets computed from nothing: what the stored ones must equal."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM targets")
    ok("today", now=NOW)
    return _targets(db)


# Each write command, run on or about CHANGED (setup and check act on today),
# chosen so that it changes some target: a forgotten invalidation shows.
WRITES: dict[str, Callable[[Path, Path], list[str]]] = {
    "log": lambda db, tmp: [
        "log",
        "30",
        "-b",
        "2",
        "-a",
        "8",
        "--when",
        "2026-11-20 7:00",
    ],
    "pain": lambda db, tmp: ["pain", "7", "--when", "2026-11-20 07:00"],
    "rest": lambda db, tmp: ["rest", "--flare", "--when", "2026-11-23"],
    "edit": lambda db, tmp: ["edit", str(_entry_on(db, CHANGED)), "--pain-after", "8"],
    "edit-when": lambda db, tmp: [
        "edit",
        str(_entry_on(db, date(2026, 11, 24))),
        "--when",
        "2026-11-20 8:00",
    ],
    "delete": lambda db, tmp: ["delete", str(_entry_on(db, CHANGED)), "--yes"],
    "import": lambda db, tmp: ["import", str(_export_one_walk(tmp))],
    "import-device": lambda db, tmp: ["import", str(_device_walk(tmp))],
    "check": lambda db, tmp: ["check", "--yes", "fever"],
    "check-cleared": lambda db, tmp: (
        _fever_since(CHANGED) + ["check", "--cleared", "fever"]
    ),
}


def _fever_since(day: date) -> list[str]:
    """A same-day red flag answered on `day` (targets stored since): the
    clearance that follows must drop the held targets from today on."""
    ok("check", "--yes", "fever", now=f"{day.isoformat()}T08:00")
    ok("today", now=NOW)
    return []


TODAY = NOW[:10]


def test_setup_redoes_the_targets_from_today_on(db_path: Path) -> None:
    """New settings apply from the day they are given: earlier targets stay as
    they were planned, today's is redone."""
    _history()
    before = _targets(db_path)
    # Issue 12: the new start no longer shows in today's reason (it quoted the
    # cap's figure, which came from the start); a new goal shows in its row.
    ok(
        "setup",
        "--clear",
        "--start-minutes",
        "8",
        "--sessions",
        "2",
        "--goal",
        "40",
        now=NOW,
    )
    ok("today", now=NOW)
    after = _targets(db_path)
    assert {d: t for d, t in after.items() if d < TODAY} == {
        d: t for d, t in before.items() if d < TODAY
    }
    assert after[TODAY] != before[TODAY]


@pytest.mark.parametrize("name", WRITES)
def test_every_write_leaves_no_stale_target(
    name: str, db_path: Path, tmp_path: Path
) -> None:
    _history()
    before = _targets(db_path)
    ok(*WRITES[name](db_path, tmp_path), now=NOW)
    ok("today", now=NOW)
    stored = _targets(db_path)
    fresh = _fresh(db_path)
    assert stored == fresh
    assert fresh != before  # the write mattered, so a stale target would show


def test_without_the_triggers_a_stale_target_would_show(db_path: Path) -> None:
    """The check above can fail: with the triggers gone, an edit leaves stale
    targets behind."""
    _history()
    with sqlite3.connect(db_path) as conn:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    ok("edit", str(_entry_on(db_path, CHANGED)), "--pain-after", "8", now=NOW)
    ok("today", now=NOW)
    assert _targets(db_path) != _fresh(db_path)


def test_undo_leaves_no_stale_target(db_path: Path) -> None:
    _history()
    before = _fresh(db_path)
    ok("pain", "7", "--when", "2026-11-20 07:00", now=NOW)
    ok("today", now=NOW)
    assert _targets(db_path) != before
    ok("undo", now=NOW)
    ok("today", now=NOW)
    assert _targets(db_path) == before == _fresh(db_path)


# Every method of Store that writes, and the test above that covers it.
STORE_WRITES = {
    "add": "log, pain, rest",
    "update": "edit, edit-when",
    "delete": "delete",
    "add_many": "import",
    "import_walks": "import-device",
    "add_all": "rest --until (tests/test_rest_break.py)",
    "save_reminded": "the reminders table, which no target depends on",
    "undo": "test_undo_leaves_no_stale_target",
    "save_settings": "test_setup_redoes_the_targets_from_today_on",
    "save_screening": "check",
    "save_clearances": "check-cleared",
    "save_targets": "writes the targets themselves",
    "save_runs": "writes on the targets themselves (dropped with them)",
    # The walk being timed is not an entry: no target depends on it; its stop
    # writes the walk through `add` (entries' triggers).
    "swap_timer": "start, pause, resume, cancel: the timer table only",
}


def test_every_store_write_method_is_covered() -> None:
    writers = {
        name
        for name, method in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_")
        and "self.transaction()" in inspect.getsource(method)
    }
    assert writers <= set(STORE_WRITES), (
        f"a new write path {sorted(writers - set(STORE_WRITES))}: add it to "
        "WRITES above and make sure its table has a trigger in migration m003"
    )


def test_every_table_the_engine_reads_has_triggers(db_path: Path) -> None:
    # A write creates the database (issue 13: `today` on a missing file does not).
    ok("pain", "2", now=NOW)
    with sqlite3.connect(db_path) as conn:
        triggers = {
            (table, sql.split(" ON ")[0].split()[-1])
            for table, sql in conn.execute(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    for table in ("entries", "screenings", "clearances"):
        for event in ("INSERT", "DELETE"):
            assert (table, event) in triggers
    assert ("entries", "UPDATE") in triggers
    assert ("settings", "INSERT") in triggers
