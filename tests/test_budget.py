"""The speed budget of SPEC §8, kept from rotting (the figures: `make bench`).

- A daily command (`today`, `next`, `log`) imports only what it uses: each runs
  in a fresh interpreter, which lists its modules at exit.
- The reads of the engine and the views use an index on a 100,000-entry
  database (EXPLAIN QUERY PLAN): a daily command reads a bounded window, never
  the whole history.
"""

import ast
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ok, run
from walkcoach.cli.app import app, app_for
from walkcoach.storage.store import Store, open_store

# Never on a daily path: the migrations' sqlite-utils (about 60 ms with its
# plugin scan), dateutil's parser (only `--when` text needs it), platformdirs
# (only without --db/WALKCOACH_DB), typer 0.29's pydantic, the standalone click
# (typer 0.28 vendors its own), what only export, import (gpxpy, fitdecode, the
# device readers), charts or tests use, and the clinician report's Jinja2 (about
# 33 ms) and HTML, for `report` alone.
NEVER = (
    "sqlite_utils",
    "dateutil",
    "platformdirs",
    "pydantic",
    "click",
    "csv",
    "plotext",
    "hypothesis",
    "icalendar",  # only `plan --ics`
    "walkcoach.storage.migrations",
    "walkcoach.storage.backup",
    "walkcoach.storage.transfer",
    "walkcoach.services.demo",
    "walkcoach.cli.render_progress",
    "jinja2",
    "markupsafe",
    "walkcoach.services.report",
    "walkcoach.cli.render_report",
    "walkcoach.cli.render_charts",
    # Device files (issue 15): their parsers, readers and the import service.
    "gpxpy",
    "fitdecode",
    "zipfile",
    "xml.parsers.expat",
    "walkcoach.storage.devices",
    "walkcoach.services.device_import",
)
# What a command may leave out on top of NEVER. When a command starts to need
# one of these for a reason, move it out of here and say so in the commit.
NOT_FOR = {
    "today": (),
    "next": ("walkcoach.core.stats", "statistics"),
    "log": ("walkcoach.core.stats", "statistics"),
    "start": ("walkcoach.core.stats", "statistics"),
    "stop": ("walkcoach.core.stats", "statistics"),
}

PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + repr(sorted(sys.modules))))
sys.argv = ["walkcoach", *sys.argv[1:]]
from walkcoach.cli.app import main
main()
"""


def _modules_of(args: list[str]) -> set[str]:
    """The modules `walkcoach ARGS` has imported when it exits (a fresh process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_WALKCOACH")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    listed = done.stderr.rsplit("MODULES ", 1)[1]
    return set(ast.literal_eval(listed))


def _imported(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["next"],
        ["log", "10", "-b", "2", "-a", "2"],
        ["start", "-b", "2"],
        ["stop", "-a", "2"],
    ],
    ids=str,
)
def test_a_daily_command_imports_only_what_it_uses(args: list[str]) -> None:
    ok("setup", "--clear", "--start-minutes", "10", "--sessions", "3")
    ok("pain", "2")
    if args[0] == "stop":
        ok("start", "--at", "9:50")
    modules = _modules_of(args)
    assert "walkcoach.storage.store" in modules  # the probe really ran the command
    unneeded = [name for name in NEVER + NOT_FOR[args[0]] if _imported(modules, name)]
    assert unneeded == [], f"walkcoach {args[0]} now imports {unneeded}"


def test_the_entry_point_builds_only_the_command_it_runs() -> None:
    def names(args: list[str]) -> list[str | None]:
        return [info.name for info in app_for(args).registered_commands]

    assert names(["today"]) == ["today"]
    assert names(["next", "--json"]) == ["next"]
    assert names(["--db", "x.db", "log", "-5"]) == ["log"]
    assert names(["--db=x.db", "import", "f.json"]) == ["import"]
    assert names([]) == []  # a bare `walkcoach`: the dashboard, from the callback
    for whole in (["--help"], ["-h"], ["--version"], ["tody"], ["--x"]):
        assert app_for(whole) is app, whole


@pytest.mark.parametrize(
    "args",
    [[], ["today"], ["today", "--bogus"], ["next", "-h"], ["log", "-5"], ["--db"]],
    ids=str,
)
def test_the_narrowed_app_answers_as_the_whole_app(args: list[str]) -> None:
    from typer.testing import CliRunner

    whole = run(*args)
    narrow = CliRunner().invoke(app_for(args), args)
    assert (narrow.exit_code, narrow.stdout, narrow.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


# -- the bounded windows -------------------------------------------------------

LAST_DAY = date(2026, 11, 24)
DAYS = 25_000  # four entries a day: 100,000 entries, 68 years


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """100,000 entries (a check-in and three walks a day) with their targets."""
    path = tmp_path_factory.mktemp("budget") / "big.db"
    open_store(path).close()
    first = LAST_DAY - timedelta(days=DAYS - 1)

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(DAYS):
            day = (first + timedelta(days=n)).isoformat()
            yield (str(uuid.uuid4()), "pain", f"{day}T07:30:00+01:00", day,
                   None, None, None, 2)  # fmt: skip
            for clock in ("09:00", "13:00", "18:00"):
                yield (str(uuid.uuid4()), "walk", f"{day}T{clock}:00+01:00", day,
                       12.0, 2, 3, None)  # fmt: skip

    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO entries (uuid, kind, at, date, minutes, pain_before, "
            "pain_after, pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        conn.executemany(
            "INSERT INTO targets (date, status, sessions, minutes, goal_minutes, "
            "reason, warnings, state) VALUES (?, 'hold', 3, 12, 30, '', '[]', '{}')",
            [((first + timedelta(days=n)).isoformat(),) for n in range(DAYS)],
        )
    conn.close()
    yield path


def _traced(store: Store) -> list[str]:
    """The SQL `store` runs from now on, with its values filled in."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    return statements


def _scans(db: Path, statements: list[str]) -> dict[str, list[str]]:
    """Each read of entries or targets whose plan is not an index search."""
    conn = sqlite3.connect(db)
    found: dict[str, list[str]] = {}
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE")):
            continue
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        bad = [
            step
            for step in plan
            if step.startswith("SCAN")
            and any(t in step for t in ("entries", "targets"))
        ]
        if bad:
            found[sql] = plan
    conn.close()
    return found


DAY = LAST_DAY - timedelta(days=3)
READS: dict[str, Callable[[Store], object]] = {
    "between": lambda store: store.between(DAY - timedelta(days=21), DAY),
    "last": lambda store: store.last(30, until=DAY),
    "newest entry": lambda store: store.get(-1),
    "one entry": lambda store: store.get(50_000),
    "first day": lambda store: store.first_day(),
    "has entries": lambda store: store.has_entries(),
    "latest target": lambda store: store.latest_target(DAY),
    "targets between": lambda store: store.targets_between(DAY, LAST_DAY),
}


@pytest.mark.parametrize("read", READS, ids=str)
def test_the_reads_of_the_engine_and_views_use_an_index(
    big_db: Path, read: str
) -> None:
    store = open_store(big_db)
    try:
        statements = _traced(store)
        READS[read](store)
    finally:
        store.close()
    assert statements, "nothing was read"
    assert _scans(big_db, statements) == {}


def test_the_daily_commands_never_scan_the_history(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every statement of today, next and log, planned against 100,000 entries."""
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    ok("setup", "--clear", "--start-minutes", "10", "--sessions", "3")
    for when in ("2026-11-22 08:00", "2026-11-23 08:00", "2026-11-24 08:00"):
        ok("log", "10", "-b", "2", "-a", "2", "--when", when)
    monkeypatch.setattr(sqlite3, "connect", traced)
    for args in (["today"], ["next"], ["log", "10", "-b", "2", "-a", "3"], []):
        ok(*args)
    ok("start", "--at", "9:50", "-b", "2")
    ok()  # the dashboard with a walk running
    ok("stop", "-a", "2")
    ok("today", "--json")
    assert len(statements) > 20
    assert _scans(big_db, statements) == {}


def test_targets_computed_in_chunks_match_targets_computed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a big import, target_for reads the log a chunk of days at a time
    (bounded memory); the targets must not depend on the chunk."""
    from walkcoach.services import coach

    first = LAST_DAY - timedelta(days=119)
    rows = []
    for n in range(120):
        day = (first + timedelta(days=n)).isoformat()
        bad = n % 11 == 0  # a walk at 6/10 now and then: cut-backs and holds
        rows.append((str(uuid.uuid4()), "pain", f"{day}T07:30:00+01:00", day,
                     None, None, None, 4 if n % 17 == 0 else 2))  # fmt: skip
        for clock in ("09:00", "13:00", "18:00") if n % 13 else ():  # days missed
            rows.append((str(uuid.uuid4()), "walk", f"{day}T{clock}:00+01:00", day,
                         15.0, 2, 6 if bad else 2, None))  # fmt: skip
    stored = {}
    for chunk in (1000, 7):
        path = tmp_path / f"chunk{chunk}.db"
        open_store(path).close()
        with sqlite3.connect(path) as conn:
            conn.executemany(
                "INSERT INTO entries (uuid, kind, at, date, minutes, pain_before, "
                "pain_after, pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.execute(  # the safety questions answered, all no
                "INSERT INTO screenings (at, yes) VALUES (?, '[]')",
                (f"{first}T07:00:00+01:00",),
            )
        monkeypatch.setattr(coach, "CHUNK_DAYS", chunk)
        store = open_store(path)
        try:
            coach.target_for(store, LAST_DAY + timedelta(days=1))
            stored[chunk] = store.conn.execute(
                "SELECT * FROM targets ORDER BY date"
            ).fetchall()
        finally:
            store.close()
    assert len(stored[7]) == 121
    assert {row[1] for row in stored[7]} >= {"start", "progress", "hold", "reduce"}
    assert stored[7] == stored[1000]
