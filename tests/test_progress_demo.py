"""`walkcoach demo`, run as a person would: the installed script, in a new process."""

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.core.models import Status
from walkcoach.storage.store import open_store

WALKCOACH = Path(sys.executable).parent / "walkcoach"


def demo_run(
    tmp_path: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = dict(os.environ, TMPDIR=str(tmp_path))  # the temporary db lands here
    start = time.perf_counter()
    done = subprocess.run(
        [str(WALKCOACH), *args], capture_output=True, text=True, env=env, timeout=30
    )
    return done, time.perf_counter() - start


@pytest.mark.slow
def test_demo_runs_fast_and_shows_targets_changing_for_reasons(
    tmp_path: Path, db_path: Path
) -> None:
    done, seconds = demo_run(tmp_path, "demo")
    assert done.returncode == 0, done.stderr
    assert seconds < 5, f"demo took {seconds:.1f} s"
    out = done.stdout
    # The temporary database is gone afterwards (issue 17): nothing left behind.
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())
    # The person's own database (WALKCOACH_DB) was neither used nor created.
    assert not db_path.exists()
    said = f"removed now: your own data ({db_path}) was not touched."
    assert "".join(said.split()) in "".join(out.split())  # however it wraps
    assert "walkcoach demo --db demo.db, then walkcoach --db demo.db week" in out
    # The dashboard, then the changes of target with their reasons.
    assert "Today" in out and "Why" in out
    assert "stepping up to 3 × 6 min" in out
    assert "reduce" in out and "back to" in out
    # A named database keeps the demo, to look around in.
    demo_db = tmp_path / "demo.db"
    kept, _ = demo_run(tmp_path, "demo", "--db", str(demo_db))
    assert kept.returncode == 0, kept.stderr
    assert f"Demo database: {demo_db}" in kept.stdout
    # The stored targets moved: several doses, stepping up and cutting back.
    store = open_store(demo_db)
    targets = store.targets_between(date(2026, 1, 1), date(2026, 11, 25))
    store.close()
    doses = {t.dose for t in targets.values()}
    statuses = {t.status for t in targets.values()}
    assert len(doses) >= 3
    assert {Status.START, Status.PROGRESS, Status.HOLD, Status.REDUCE} <= statuses
    # The history is there to explore, week by week.
    weeks = json.loads(ok("--db", str(demo_db), "week", "--json").stdout)
    assert len(weeks) == 7 and sum(w["rest_days"] + w["flare_days"] for w in weeks) == 2
    history = ok("--db", str(demo_db), "history", "--since", "2026-10-01").stdout
    assert "rest" in history and "flare-up" in history and "check-in" in history


def test_demo_fills_a_named_empty_database_and_refuses_one_with_entries(
    tmp_path: Path, db_path: Path
) -> None:
    named = tmp_path / "mine.db"
    first = ok("demo", "--db", str(named)).stdout
    assert f"Demo database: {named}" in first
    assert "the database you named; nothing else was written." in first
    again = run("demo", "--db", str(named))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {named} already holds entries")
    # The global --db names it too; the user's own WALKCOACH_DB is left alone.
    result = run("--db", str(named), "demo")
    assert result.exit_code == 1
    assert not db_path.exists()
