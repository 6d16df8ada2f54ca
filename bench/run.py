"""`make bench`: walkcoach against the floor of its stack and against Watson.

Measures the budget of SPEC §8 as ratios taken in one run, so that the speed of
the machine cancels out:

- `walkcoach today`/`next`/`--help` on 10 years of history against a minimal
  Typer app that prints one rich table (bench/floor_app.py, same interpreter and
  installed versions), and against `watson status` (td-watson, in a throwaway
  venv of its own under .bench-cache/);
- `today`/`next`/`log` on 1,000,000 entries against the same on 100 entries;
- `start`/`stop` (timing a walk) on 10 years against the floor app, and on
  1,000,000 entries against 100;
- the first daily command after 10 years of history arrive, on its own;
- peak memory of `export` of 1,000,000 entries, and the time to import 100,000;
- peak memory and time of importing an Apple Health export.zip of 5 years of
  step and heart-rate records (generated: iPhone and Watch), issue 15.

Every timed run is a whole process. The variants compared are run interleaved,
in a new random order each round, after a warm-up; medians are compared.
Standard library only (plus walkcoach itself, to create the schema).
Environment: BENCH_ROUNDS (default 21), BENCH_KEEP=1 keeps the temp folder,
BENCH_ONLY=name,name runs only those steps of Bench.run (e.g. health_import).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WALKCOACH = str(Path(PYTHON).parent / "walkcoach")
FLOOR_APP = str(ROOT / "bench" / "floor_app.py")
CACHE = ROOT / ".bench-cache"

LAST_DAY = date(2026, 3, 1)  # every history ends on this day ...
NOW = f"{LAST_DAY + timedelta(days=1)}T08:00"  # ... and the clock reads the next
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "21"))
WARM_UP = 2
SEED = 7

# SPEC §8
FLOOR_LIMIT = 1.2  # today/next/--help vs the minimal Typer app
WATSON_LIMIT = 1.5  # today/next vs `watson status`
SCALE_LIMIT = 1.1  # today/next/log on 1,000,000 entries vs on 100
COLD_LIMIT_S = 1.0  # first daily command after importing 10 years
EXPORT_LIMIT_MB = 100.0  # peak memory of export of 1,000,000 entries
IMPORT_LIMIT_S = 10.0  # import of 100,000 entries
HEALTH_LIMIT_MB = 100.0  # import of an Apple Health export of 5 years (issue 15)
HEALTH_YEARS = 5

SMALL, TEN_YEARS, HUNDRED_K, MILLION = 100, 3650 * 4, 100_000, 1_000_000
# Modules a daily command must not import (SPEC §8: each command imports only
# what it uses). `click` is the separate package: typer 0.28 vendors its own.
NOT_ON_DAILY_PATH = (
    "sqlite_utils",
    "dateutil",
    "platformdirs",
    "pydantic",
    "click",
    "csv",
    "plotext",
    "hypothesis",
)

PYDANTIC = {"pydantic", "pydantic_core", "annotated_types", "typing_inspection"}


def main() -> int:
    report = Report()
    print("walkcoach bench: the budget of SPEC §8, measured as ratios in one run")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; "
        + ", ".join(
            f"{name} {_version(name)}"
            for name in ("typer", "rich", "sqlite-utils", "python-dateutil")
        )
    )
    _compile(ROOT / "src")
    print(
        "compiled walkcoach first (python -m compileall -q src): this machine sets "
        "PYTHONDONTWRITEBYTECODE=1, so an editable install would otherwise be "
        "recompiled on every run"
        if os.environ.get("PYTHONDONTWRITEBYTECODE")
        else "compiled walkcoach first (python -m compileall -q src)"
    )
    print(
        f"timing: whole processes, {WARM_UP} warm-up runs each, then {ROUNDS} "
        "rounds with the variants compared in a new random order each round; "
        "medians"
    )
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="walkcoach-bench-"))
    try:
        Bench(tmp, report).run()
    finally:
        if keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return report.summary()


# -- results -------------------------------------------------------------------


@dataclass
class Report:
    """Each budget of SPEC §8 as measured: passed, failed or skipped (why)."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def check(self, what: str, value: float, limit: float, unit: str = "×") -> None:
        verdict = "PASS" if value <= limit else "FAIL"
        self.rows.append((what, _fmt(value, unit), f"≤ {_fmt(limit, unit)}", verdict))

    def skip(self, what: str, why: str) -> None:
        self.rows.append((what, "-", why, "SKIP"))

    def fail(self, what: str, why: str) -> None:
        self.rows.append((what, "-", why, "FAIL"))

    def summary(self) -> int:
        section("Budget of SPEC §8")
        width = max(len(row[0]) for row in self.rows)
        for what, value, limit, verdict in self.rows:
            print(f"  {verdict:4}  {what:<{width}}  {value:>9}  {limit}")
        failed = sum(row[3] == "FAIL" for row in self.rows)
        passed = sum(row[3] == "PASS" for row in self.rows)
        skipped = sum(row[3] == "SKIP" for row in self.rows)
        print(f"\n{passed} within budget, {failed} over, {skipped} skipped")
        return 1 if failed else 0


def _fmt(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.1f} {unit}"


def section(title: str) -> None:
    print(f"\n== {title}")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _compile(folder: Path) -> None:
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(folder)], check=True)


# -- databases -----------------------------------------------------------------

WALK_TIMES = ("09:10", "13:05", "18:40")
NOTES = (None, None, None, None, "park loop", "with the dog", "windy", "canal path")
ENTRY_COLUMNS = (
    "uuid kind at date minutes pain_before pain_after pain distance_km steps "
    "symptoms note"
).split()


def history(entries: int) -> Iterator[tuple[object, ...]]:
    """`entries` entries ending on LAST_DAY: each day a check-in and three walks.

    Pain stays mostly low, with an occasional bad day and a rare sharp pain, so
    the engine meets progress, hold, cut-back and pause as in a real history.
    Rows are in time order (ids grow with time, as when logged day by day).
    """
    rng = random.Random(SEED)
    days = -(-entries // 4)
    skip = days * 4 - entries  # the oldest day may hold fewer than four
    first = LAST_DAY - timedelta(days=days - 1)
    minutes = 5.0
    for n in range(days):
        day = (first + timedelta(days=n)).isoformat()
        bad = rng.random() < 0.03
        morning = rng.choice((1, 1, 2, 2, 3)) + (2 if bad else 0)
        rows: list[tuple[object, ...]] = [
            (str(uuid.uuid4()), "pain", f"{day}T07:30:00+00:00", day,
             None, None, None, morning, None, None, None, None)
        ]  # fmt: skip
        for clock in WALK_TIMES:
            before = rng.choice((1, 2, 2, 3))
            after = before + (rng.choice((3, 4)) if bad else rng.choice((-1, 0, 0, 1)))
            walked = round(minutes * rng.uniform(0.85, 1.1), 1)
            sharp = "sharp" if bad and rng.random() < 0.1 else None
            rows.append(
                (str(uuid.uuid4()), "walk", f"{day}T{clock}:00+00:00", day, walked,
                 before, max(0, after), None, round(walked * 0.08, 2),
                 int(walked * 105), sharp, rng.choice(NOTES))
            )  # fmt: skip
        minutes = max(5.0, minutes - 3) if bad else min(30.0, minutes + 0.1)
        yield from rows[skip:] if n == 0 else rows


def build_db(path: Path, entries: int) -> Path:
    """A walkcoach database holding `entries` entries, set up on its first day.

    The schema comes from walkcoach's own migrations (`open_store` on a new
    file); the rows go straight into SQLite, as `walkcoach setup` and a long
    history of `log` and `pain` would have left them (targets are computed by
    the first command that needs them, as after an import).
    """
    from walkcoach.storage.store import open_store

    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -131072")  # 128 MB while loading
    rows = history(entries)
    first = next(rows)
    with conn:
        marks = ", ".join("?" for _ in ENTRY_COLUMNS)
        conn.executemany(
            f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({marks})",
            itertools.chain([first], rows),
        )
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [("start_minutes", "5"), ("sessions", "3"), ("goal_minutes", "30"),
             ("days_per_week", "5"), ("units", "km")],
        )  # fmt: skip
        conn.execute(
            "INSERT INTO screenings (at, yes) VALUES (?, '[]')",
            (f"{first[3]}T07:00:00+00:00",),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def write_export(db: Path, dest: Path) -> Path:
    """SPEC §3 entry JSON for every entry, as `walkcoach export` writes it.

    Used only while walkcoach has no `export` command of its own.
    """
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    with dest.open("w") as out:
        out.write("[")
        for n, row in enumerate(conn.execute("SELECT * FROM entries ORDER BY id")):
            item = dict(row)
            item["symptoms"] = item["symptoms"].split(";") if item["symptoms"] else []
            out.write(("," if n else "") + "\n" + json.dumps(item))
        out.write("\n]\n")
    conn.close()
    return dest


def copy_db(source: Path, dest: Path) -> Path:
    shutil.copyfile(source, dest)
    return dest


# -- running -------------------------------------------------------------------


@dataclass
class Variant:
    """One command line to time, with its environment and untimed clean-up."""

    argv: Sequence[str]
    env: dict[str, str]
    after: Callable[[], None] | None = None


def run(
    argv: Sequence[str], env: dict[str, str], out: int | None = subprocess.DEVNULL
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done


def timed(argv: Sequence[str], env: dict[str, str]) -> float:
    """Seconds for one run, which must succeed."""
    seconds, done = run(argv, env)
    if done.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(argv)} failed ({done.returncode}): "
            + done.stderr.decode(errors="replace").strip()
        )
    return seconds


def compare(variants: dict[str, Variant], rounds: int = ROUNDS) -> dict[str, float]:
    """Median milliseconds of each variant, run interleaved in random order."""
    rng = random.Random(SEED)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(WARM_UP):
        for variant in variants.values():
            timed(variant.argv, variant.env)
            if variant.after:
                variant.after()
    for _ in range(rounds):
        order = list(variants)
        rng.shuffle(order)
        for name in order:
            variant = variants[name]
            times[name].append(timed(variant.argv, variant.env))
            if variant.after:
                variant.after()
    return {name: 1000 * statistics.median(values) for name, values in times.items()}


def import_ms(argv: Sequence[str], modules: Sequence[str]) -> float:
    """Median (of 5 runs) of `modules`' cumulative import time in `argv`, in ms."""
    values = []
    for _ in range(5):
        found = importtimes(argv)
        values.append(sum(found.get(m, (0, 0))[1] for m in modules))
    return statistics.median(values)


def importtimes(
    argv: Sequence[str], env: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Each module `argv` imports: (self, cumulative) ms, from -X importtime."""
    command = [argv[0], "-X", "importtime", *argv[1:]]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    found: dict[str, tuple[float, float]] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(\S+)", line)
        if match:
            found[match[3]] = (int(match[1]) / 1000, int(match[2]) / 1000)
    return found


def venv_with(folder: Path, requirements: Sequence[str]) -> str | None:
    """The python of a throwaway venv holding `requirements` (None if offline)."""
    python = folder / "bin" / "python"
    stamp = folder / ".bench-installed"
    wanted = " ".join(requirements)
    if not (stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  installing {wanted} into {folder.relative_to(ROOT)} ...")
        try:
            subprocess.run([PYTHON, "-m", "venv", str(folder)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", *requirements],
                check=True, timeout=300, capture_output=True, text=True,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as error:
            output = getattr(error, "stderr", "") or ""
            print(f"  could not install {wanted}: {error} {output[-500:]}")
            return None
        stamp.write_text(wanted)
    # Compiled once, as walkcoach is, so no side pays for compiling.
    _compile(folder / "lib")
    return str(python)


def peak_rss_mb(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds, peak memory (MB) and exit code of `argv`, run from a fresh child.

    The child runs `argv` and reads RUSAGE_CHILDREN, so only that process counts.
    """
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(seconds, peak, code)\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe, *argv], env=env, capture_output=True, text=True
    )
    seconds, peak_kb, code = done.stdout.split()
    return float(seconds), int(peak_kb) / 1024, int(code)


# -- the bench -----------------------------------------------------------------


class Bench:
    def __init__(self, tmp: Path, report: Report) -> None:
        self.tmp = tmp
        self.report = report
        self.base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("WALKCOACH_", "WATSON_", "_WALKCOACH_"))
        }
        self.base.update(TZ="UTC", COLUMNS="80", WALKCOACH_NOW=NOW)
        self.base.pop("FORCE_COLOR", None)
        self.typer029: str | None = None
        self.dbs: dict[int, Path] = {}  # pristine databases by number of entries
        self.small = tmp / "small.db"  # copies the timed commands run on
        self.ten = tmp / "ten.db"
        self.million = tmp / "million.db"

    def env(self, db: Path | None = None, **extra: str) -> dict[str, str]:
        env = dict(self.base, **extra)
        if db is not None:
            env["WALKCOACH_DB"] = str(db)
        return env

    def has(self, command: str) -> bool:
        _, done = run([WALKCOACH, command, "--help"], self.env(self.tmp / "x.db"))
        return done.returncode == 0

    def run(self) -> None:
        only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
        for step in (
            self.build,
            self.import_costs,
            self.floor_and_watson,
            self.history_size,
            self.timer,
            self.first_after_import,
            self.export_import,
            self.health_import,
        ):
            if only and step.__name__ not in only:
                continue
            _compile(ROOT / "src")  # again, in case a source changed meanwhile
            step()

    # -- what each import costs ------------------------------------------------

    def import_costs(self) -> None:
        section("Import costs (python -X importtime, cumulative ms, median of 5)")
        for statement, modules in (
            ("import typer", ["typer"]),
            ("import rich.console, rich.table", ["rich.console", "rich.table"]),
            ("import sqlite_utils", ["sqlite_utils"]),
            ("import dateutil.parser", ["dateutil.parser"]),
            ("import platformdirs", ["platformdirs"]),
            ("import walkcoach.cli.app (typer included)", ["walkcoach.cli.app"]),
        ):
            command = [PYTHON, "-c", statement.removesuffix(" (typer included)")]
            print(f"  {statement:<40} {import_ms(command, modules):6.1f} ms")
        self.typer029 = venv_with(
            CACHE / "typer029-venv", ["typer==0.29.*", f"rich=={_version('rich')}"]
        )
        if self.typer029:
            # typer 0.29 imports pydantic when it builds the app, not on import.
            for python, version in (
                (PYTHON, _version("typer")),
                (self.typer029, "0.29"),
            ):
                loaded = importtimes([python, FLOOR_APP])
                pydantic = sum(
                    ms[0]
                    for name, ms in loaded.items()
                    if name.split(".")[0] in PYDANTIC
                )
                print(
                    f"  floor app on typer {version}: {len(loaded)} modules, "
                    f"{sum(ms[0] for ms in loaded.values()):.1f} ms of imports (sum of "
                    f"self times), of which pydantic and its helpers {pydantic:.1f} ms"
                )
        # What each daily command loads, on a database that needs no migration.
        env = self.env(copy_db(self.small, self.tmp / "audit.db"))
        floor = {name: ms[0] for name, ms in importtimes([PYTHON, FLOOR_APP]).items()}
        for command in (["today"], ["next"], ["log", "10"]):
            argv = [PYTHON, "-m", "walkcoach", *command]
            loaded = {name: ms[0] for name, ms in importtimes(argv, env).items()}
            if command[0] == "log":
                timed([WALKCOACH, "undo"], env)
            unneeded = [
                name
                for name in NOT_ON_DAILY_PATH
                if any(m == name or m.startswith(name + ".") for m in loaded)
            ]
            more = {k: v for k, v in loaded.items() if k not in floor}
            most = sorted(more, key=more.__getitem__, reverse=True)[:4]
            print(
                f"  {' '.join(command):<6} {len(loaded)} modules, "
                f"{sum(loaded.values()):.1f} ms; {len(more)} more than the floor "
                f"app, {sum(more.values()):.1f} ms (most: "
                + ", ".join(f"{name} {more[name]:.1f}" for name in most)
                + ")"
            )
            print(f"         of {', '.join(NOT_ON_DAILY_PATH)}: {unneeded or 'none'}")

    # -- databases -------------------------------------------------------------

    def build(self) -> None:
        section("Databases (3 walks and a check-in a day, ending the day before NOW)")
        for entries in (SMALL, TEN_YEARS, HUNDRED_K, MILLION):
            start = time.perf_counter()
            path = build_db(self.tmp / f"pristine-{entries}.db", entries)
            self.dbs[entries] = path
            days = -(-entries // 4)
            print(
                f"  {entries:>9,} entries, {days:,} days "
                f"({days / 365.25:.1f} years): {path.stat().st_size / 2**20:.0f} MB, "
                f"built in {time.perf_counter() - start:.1f} s"
            )
        copies = {SMALL: self.small, TEN_YEARS: self.ten, MILLION: self.million}
        for entries, path in copies.items():
            copy_db(self.dbs[entries], path)
            # The first command computes and stores every day's target once.
            seconds, peak, code = peak_rss_mb([WALKCOACH, "today"], self.env(path))
            if code != 0:
                raise SystemExit(f"bench: walkcoach today failed on {path}")
            print(
                f"  first `today` on {path.name} computes every day's target: "
                f"{seconds:.2f} s, peak memory {peak:.0f} MB"
            )

    # -- the floor of the stack and the peer -----------------------------------

    def floor_and_watson(self) -> None:
        section("10 years of history against the floor of the stack and Watson")
        env = self.env(self.ten)
        variants = {
            "floor": Variant([PYTHON, FLOOR_APP], env),
            "floor --help": Variant([PYTHON, FLOOR_APP, "--help"], env),
            "today": Variant([WALKCOACH, "today"], env),
            "next": Variant([WALKCOACH, "next"], env),
            # From cron every few minutes: mostly the quiet path (--every 2h).
            "remind": Variant([WALKCOACH, "remind"], env),
            "--help": Variant([WALKCOACH, "--help"], env),
        }
        watson = venv_with(CACHE / "watson-venv", ["td-watson"])
        if watson:
            folder = self.tmp / "watson"
            folder.mkdir()
            variants["watson status"] = Variant(
                [str(Path(watson).parent / "watson"), "status"],
                self.env(WATSON_DIR=str(folder)),
            )
        if self.typer029:
            variants["floor on typer 0.29"] = Variant([self.typer029, FLOOR_APP], env)
        ms = compare(variants)
        for name, value in ms.items():
            print(f"  {name:<22} {value:6.1f} ms")
        floor = ms["floor"]
        for name in ("today", "next", "remind"):
            self.report.check(
                f"{name}, 10 years / floor app", ms[name] / floor, FLOOR_LIMIT
            )
        self.report.check(
            "--help / floor app --help", ms["--help"] / ms["floor --help"], FLOOR_LIMIT
        )
        print(f"  (--help / floor app printing its table: {ms['--help'] / floor:.2f}×)")
        if "floor on typer 0.29" in ms:
            extra = ms["floor on typer 0.29"] - floor
            print(
                f"  the floor app on typer 0.29 takes {extra:+.1f} ms "
                f"({ms['floor on typer 0.29'] / floor:.2f}×): why typer is pinned <0.29"
            )
        if "watson status" in ms:
            for name in ("today", "next"):
                self.report.check(
                    f"{name}, 10 years / watson status",
                    ms[name] / ms["watson status"],
                    WATSON_LIMIT,
                )
        else:
            self.report.skip("today, next / watson status", "td-watson not installed")

    # -- history size ----------------------------------------------------------

    def history_size(self) -> None:
        section("1,000,000 entries against 100 (log is undone after each run, untimed)")
        variants: dict[str, Variant] = {}
        for label, path in (("100", self.small), ("1,000,000", self.million)):
            env = self.env(path)

            def undo(env: dict[str, str] = env) -> None:
                timed([WALKCOACH, "undo"], env)

            variants[f"today on {label}"] = Variant([WALKCOACH, "today"], env)
            variants[f"next on {label}"] = Variant([WALKCOACH, "next"], env)
            variants[f"remind on {label}"] = Variant([WALKCOACH, "remind"], env)
            variants[f"log 10 on {label}"] = Variant(
                [WALKCOACH, "log", "10"], env, undo
            )
        ms = compare(variants)
        for name, value in ms.items():
            print(f"  {name:<22} {value:6.1f} ms")
        for command in ("today", "next", "remind", "log 10"):
            self.report.check(
                f"{command}, 1,000,000 / 100 entries",
                ms[f"{command} on 1,000,000"] / ms[f"{command} on 100"],
                SCALE_LIMIT,
            )

    # -- timing a walk -----------------------------------------------------------

    def timer(self) -> None:
        section(
            "Timing a walk: start and stop against the floor app and by history "
            "size (each undone after its run, untimed)"
        )
        if not self.has("start"):
            self.report.skip("start, stop", "no `start` command yet")
            return
        variants: dict[str, Variant] = {
            "floor": Variant([PYTHON, FLOOR_APP], self.env(self.ten))
        }
        sizes = {"100": self.small, "10 years": self.ten, "1,000,000": self.million}
        for label, source in sizes.items():
            # start and stop each get their own copy: stop needs a walk running.
            starts = self.env(copy_db(source, self.tmp / f"start-{source.name}"))
            stops = self.env(copy_db(source, self.tmp / f"stop-{source.name}"))
            timed([WALKCOACH, "start", "--at", "07:40", "-b", "2"], stops)

            def undo(env: dict[str, str]) -> Callable[[], None]:
                return lambda: timed([WALKCOACH, "undo"], env)

            variants[f"start on {label}"] = Variant(
                [WALKCOACH, "start", "-b", "2"], starts, undo(starts)
            )
            variants[f"stop on {label}"] = Variant(
                [WALKCOACH, "stop", "-a", "2"], stops, undo(stops)
            )
        ms = compare(variants)
        for name, value in ms.items():
            print(f"  {name:<22} {value:6.1f} ms")
        for command in ("start", "stop"):
            self.report.check(
                f"{command}, 10 years / floor app",
                ms[f"{command} on 10 years"] / ms["floor"],
                FLOOR_LIMIT,
            )
            self.report.check(
                f"{command}, 1,000,000 / 100 entries",
                ms[f"{command} on 1,000,000"] / ms[f"{command} on 100"],
                SCALE_LIMIT,
            )

    # -- the first command after an import -------------------------------------

    def first_after_import(self) -> None:
        section("The first daily command after 10 years of history arrive (cold)")
        cold = []
        for n in range(3):
            path = copy_db(self.dbs[TEN_YEARS], self.tmp / f"cold-{n}.db")
            cold.append(timed([WALKCOACH, "today"], self.env(path)))
        print(
            "  today, straight after 10 years were written into the database: "
            + ", ".join(f"{s:.2f} s" for s in cold)
        )
        if not self.has("import"):
            self.report.check(
                "first today after 10 years arrive (no import cmd)",
                max(cold),
                COLD_LIMIT_S,
                "s",
            )
            print("  `walkcoach import` is not available yet: timed the bulk load only")
            return
        source = self.exported(self.ten, self.tmp / "ten-years.json")
        imports, firsts = [], []
        for n in range(3):
            env = self.env(self.tmp / f"imported-{n}.db")
            imports.append(timed([WALKCOACH, "import", str(source)], env))
            firsts.append(timed([WALKCOACH, "today"], env))
        print(
            f"  import of 10 years ({TEN_YEARS:,} entries): "
            + ", ".join(f"{s:.2f} s" for s in imports)
        )
        print("  then today: " + ", ".join(f"{s:.2f} s" for s in firsts))
        self.report.check(
            "first today after importing 10 years", max(firsts), COLD_LIMIT_S, "s"
        )

    def exported(self, db: Path, dest: Path) -> Path:
        """The history of `db` as a JSON export (walkcoach's own, if it has one)."""
        if self.has("export"):
            with dest.open("wb") as out:
                _, done = run([WALKCOACH, "export"], self.env(db), out)
            if done.returncode == 0:
                print(f"  {dest.name}: written by `walkcoach export`")
                return dest
            print(f"  walkcoach export failed: {done.stderr.decode().strip()}")
        print(f"  {dest.name}: written by the bench (SPEC §3 entry JSON)")
        return write_export(db, dest)

    # -- export and import -----------------------------------------------------

    def export_import(self) -> None:
        section("Export and import")
        if self.has("export"):
            env = self.env(self.ten)
            ms = compare({"export": Variant([WALKCOACH, "export"], env)}, 5)
            print(
                f"  export of 10 years ({TEN_YEARS:,} entries): {ms['export']:.0f} ms"
            )
            seconds, peak, code = peak_rss_mb(
                [WALKCOACH, "export"], self.env(self.million)
            )
            print(
                f"  export of 1,000,000 entries: {seconds:.1f} s, peak memory "
                f"{peak:.1f} MB (exit code {code})"
            )
            if code == 0:
                self.report.check(
                    "export of 1,000,000: peak memory", peak, EXPORT_LIMIT_MB, "MB"
                )
            else:
                self.report.fail("export of 1,000,000: peak memory", "export failed")
        else:
            self.report.skip(
                "export of 1,000,000: peak memory", "no `export` command yet"
            )
        if self.has("import"):
            source = self.exported(self.dbs[HUNDRED_K], self.tmp / "100k.json")
            env = self.env(self.tmp / "import-100k.db")
            seconds = timed([WALKCOACH, "import", str(source)], env)
            print(
                f"  import of 100,000 entries into an empty database: {seconds:.1f} s"
            )
            self.report.check("import of 100,000 entries", seconds, IMPORT_LIMIT_S, "s")
        else:
            self.report.skip("import of 100,000 entries", "no `import` command yet")

    # -- Apple Health ----------------------------------------------------------

    def health_import(self) -> None:
        section(f"Import of an Apple Health export of {HEALTH_YEARS} years")
        what = f"import of {HEALTH_YEARS} years of Apple Health: peak memory"
        if not self.has("import"):
            self.report.skip(what, "no `import` command yet")
            return
        export = self.tmp / "export.zip"
        started = time.perf_counter()
        records, workouts = health_export(export, HEALTH_YEARS)
        xml_mb = zipfile.ZipFile(export).infolist()[0].file_size / (1 << 20)
        print(
            f"  export.zip: {records:,} records ({workouts:,} workouts), "
            f"export.xml {xml_mb:.0f} MB, zip {export.stat().st_size >> 20} MB "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        seconds, peak, code = peak_rss_mb(
            [WALKCOACH, "import", str(export)], self.env(self.tmp / "health.db")
        )
        print(
            f"  walkcoach import export.zip: {seconds:.1f} s, peak memory "
            f"{peak:.1f} MB (exit code {code})"
        )
        if code == 0:
            self.report.check(what, peak, HEALTH_LIMIT_MB, "MB")
        else:
            self.report.fail(what, "import failed")


def health_export(dest: Path, years: int) -> tuple[int, int]:
    """An Apple Health export.zip: each day 120 Watch and 60 iPhone step
    records, 150 heart-rate records, a 30-minute walk, and a run on Sundays.
    Written as a stream; (records, workouts)."""
    rng = random.Random(SEED)
    first = LAST_DAY - timedelta(days=365 * years)
    records = workouts = 0
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("apple_health_export/export.xml", "w") as member:
            out = io.TextIOWrapper(member, encoding="utf-8")
            out.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<HealthData locale="en_GB">\n'
                '<ExportDate value="2026-03-02 08:00:00 +0000"/>\n'
            )
            day = first
            while day <= LAST_DAY:
                stamp = day.isoformat()
                lines = []
                for source, count, span in (("Apple Watch", 120, 4), ("iPhone", 60, 9)):
                    for i in range(count):
                        minute = 7 * 60 + i * (14 * 60 // count)
                        start, end = _clock(stamp, minute), _clock(stamp, minute + span)
                        lines.append(
                            '<Record type="HKQuantityTypeIdentifierStepCount" '
                            f'sourceName="{source}" sourceVersion="16.1" unit="count" '
                            f'creationDate="{end}" startDate="{start}" '
                            f'endDate="{end}" value="{rng.randint(20, 400)}"/>\n'
                        )
                for i in range(150):
                    moment = _clock(stamp, i * 9)
                    lines.append(
                        '<Record type="HKQuantityTypeIdentifierHeartRate" '
                        'sourceName="Apple Watch" sourceVersion="9.1" '
                        f'unit="count/min" creationDate="{moment}" '
                        f'startDate="{moment}" endDate="{moment}" '
                        f'value="{rng.randint(55, 120)}">\n'
                        '<MetadataEntry key="HKMetadataKeyHeartRateMotionContext" '
                        'value="0"/>\n</Record>\n'
                    )
                records += len(lines)
                out.write("".join(lines))
                day += timedelta(days=1)
            day = first
            while day <= LAST_DAY:
                stamp = day.isoformat()
                kinds = ["Walking"] + (["Running"] if day.weekday() == 6 else [])
                for hour, kind in zip((12, 17), kinds, strict=False):
                    out.write(
                        f'<Workout workoutActivityType="HKWorkoutActivityType{kind}" '
                        'duration="30" durationUnit="min" sourceName="Apple Watch" '
                        f'sourceVersion="9.1" startDate="{stamp} {hour}:00:00 +0000" '
                        f'endDate="{stamp} {hour}:30:00 +0000">\n'
                        '<WorkoutStatistics type="HKQuantityTypeIdentifierDistance'
                        f'WalkingRunning" sum="{rng.uniform(1.5, 5):.3f}" '
                        'unit="km"/>\n</Workout>\n'
                    )
                    workouts += 1
                day += timedelta(days=1)
            out.write("</HealthData>\n")
            out.flush()
            out.detach()
    return records, workouts


def _clock(stamp: str, minute: int) -> str:
    """Apple Health's time format, `minute` minutes into the day `stamp`."""
    return f"{stamp} {minute // 60:02d}:{minute % 60:02d}:00 +0000"


if __name__ == "__main__":
    sys.exit(main())
