"""`make bench`: walkcoach against the floor of its stack and against Watson.

Measures the budget of SPEC §8 as ratios taken in one run, so that the speed of
the machine cancels out:

- `walkcoach today`/`next`/`--help` on 10 years of history against a minimal
  Typer app that prints one rich table (bench/floor_app.py, same interpreter and
  installed versions), and against `watson status` (td-watson, in a throwaway
  venv of its own under .bench-cache/);
- `today`/`next`/`log` on 1,000,000 entries against the same on 100 entries;
- the first daily command after 10 years of history arrive (import), on its own;
- peak memory of `export` of 1,000,000 entries, and the time to import 100,000.

Every timed run is a whole process. The variants compared are run interleaved,
in a shuffled order each round, after a warm-up; the medians are compared.
Standard library only (plus walkcoach itself, to create the schema).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WALKCOACH = str(BIN / "walkcoach")
FLOOR = [sys.executable, str(ROOT / "bench" / "floor_app.py")]
CACHE = ROOT / ".bench-cache"
WATSON_VENV = CACHE / "watson-venv"
TYPER029_VENV = CACHE / "typer029-venv"

LAST_DAY = date(2026, 3, 1)  # the history of every database ends on this day
NOW = (LAST_DAY + timedelta(days=1)).isoformat() + "T08:00"  # the day after
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
SEED = 7

# SPEC §8, as (limit, strict): a ratio or a figure passes when below the limit.
FLOOR_RATIO = 1.2
WATSON_RATIO = 1.5
SCALE_RATIO = 1.1
COLD_SECONDS = 1.0
EXPORT_MB = 100
IMPORT_SECONDS = 10.0

# -- databases -------------------------------------------------------------------

WALK_TIMES = ("09:10", "13:05", "18:40")
CHECK_IN_TIME = "07:30"
NOTES = (None, None, None, None, "park loop", "with the dog", "windy", "canal path")


def _rows(days: int, per_day: Sequence[str], seed: int) -> Iterator[tuple[object, ...]]:
    """Entries for `days` days ending on LAST_DAY: a check-in and walks each day.

    Pain stays mostly low with an occasional bad day, so the engine meets every
    verdict (progress, hold, reduce, pause) as a real history would.
    """
    rng = random.Random(seed)
    first = LAST_DAY - timedelta(days=days - 1)
    minutes = 5.0
    for n in range(days):
        day = (first + timedelta(days=n)).isoformat()
        bad = rng.random() < 0.04
        morning = rng.choice((1, 1, 2, 2, 3)) + (2 if bad else 0)
        walk = 0
        for kind in per_day:
            if kind == "pain":
                at = f"{day}T{CHECK_IN_TIME}:00+00:00"
                yield (
                    str(uuid.uuid4()), "pain", at, day,
                    None, None, None, morning, None, None, None, None,
                )  # fmt: skip
                continue
            at = f"{day}T{WALK_TIMES[walk % len(WALK_TIMES)]}:00+00:00"
            walk += 1
            before = rng.choice((1, 2, 2, 3))
            after = before + (rng.choice((3, 4)) if bad else rng.choice((-1, 0, 0, 1)))
            walked = round(minutes * rng.uniform(0.85, 1.1), 1)
            yield (
                str(uuid.uuid4()), "walk", at, day, walked, before, max(0, after),
                None, round(walked * 0.08, 2), int(walked * 105),
                "sharp" if bad and rng.random() < 0.2 else None,
                rng.choice(NOTES),
            )  # fmt: skip
        minutes = min(30.0, minutes + 0.05) if not bad else max(5.0, minutes - 2)


def build_db(path: Path, entries: int) -> Path:
    """A walkcoach database holding `entries` entries: 3 walks and a check-in a day.

    The schema comes from walkcoach's own migrations (`open_store` on an empty
    file); the rows go straight into SQLite. The program was set up and the
    safety questions answered on the first day, as `walkcoach setup` would.
    """
    from walkcoach.store import open_store

    open_store(path).close()
    per_day = ("pain", "walk", "walk", "walk")
    days, extra = divmod(entries, len(per_day))
    rows = list(_rows(days + (1 if extra else 0), per_day, SEED))
    rows = rows[len(rows) - entries :]
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO entries (uuid, kind, at, date, minutes, pain_before, "
            "pain_after, pain, distance_km, steps, symptoms, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        first = str(rows[0][3])
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [
                ("start_minutes", "5"),
                ("sessions", "3"),
                ("goal_minutes", "30"),
                ("days_per_week", "5"),
                ("units", "km"),
            ],
        )
        conn.execute(
            "INSERT INTO screenings (at, yes) VALUES (?, '[]')",
            (f"{first}T07:00:00+00:00",),
        )
    conn.close()
    return path
