"""Commands that keep data safe and portable: export, import, backup, doctor."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from walkcoach.cli import complete, shell

if TYPE_CHECKING:
    from datetime import date, datetime

    from walkcoach.core.models import Entry
    from walkcoach.services.device_import import Outcome
    from walkcoach.services.session import Store
    from walkcoach.storage.backup import Backup, Health

SHOW_PROGRESS_BYTES = 1 << 20  # files from 1 MB get a progress bar on a terminal
MAX_LISTED = 10  # bad import rows listed before the count of the rest
STALE_BACKUP_DAYS = 30

Tick = Callable[[int], None]


def _formats(incomplete: str) -> list[tuple[str, str]]:
    """`export --format <Tab>`: the formats the export writes."""
    from walkcoach.storage.transfer import FORMATS

    return complete.starting([(f, f"{f.upper()} export") for f in FORMATS], incomplete)


def _say(message: str) -> None:
    """One plain message on stdout: no markup, never wrapped (paths stay whole)."""
    from walkcoach.cli.safe_text import user_text

    shell.console().print(user_text(message), soft_wrap=True)


# -- progress bars ------------------------------------------------------------------


@contextmanager
def _progress(label: str, total: int | None, wanted: bool) -> Iterator[Tick]:
    """A rich progress bar on stderr when `wanted` and stderr is a terminal;
    yields `advance(to)` that moves it to `to` (of `total`)."""
    if not wanted or not sys.stderr.isatty():
        yield lambda _to: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda to: bar.update(task, completed=to)


# -- export ---------------------------------------------------------------------------


def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json or csv.",
            metavar="FORMAT",
            autocompletion=_formats,
        ),
    ] = "json",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (created private, 0600) instead of the screen.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists.")
    ] = False,
) -> None:
    """Write every entry, with its UUID, as JSON or CSV (streamed; see import)."""
    from walkcoach.services.output import write_file
    from walkcoach.storage import transfer

    kind = fmt.strip().lower()
    if kind not in transfer.FORMATS:
        shell.bad_input(f"--format must be json or csv, got {fmt!r}")
    write = transfer.WRITERS[kind]
    dest = None if output in (None, "-") else Path(output).expanduser()
    with shell.open_store(write=False) as store:
        if dest is None:
            _export_to_stdout(store, write)
            return
        total = store.count_entries()
        with _progress(f"Exporting to {dest.name}", total, total > 5000) as advance:
            count = write_file(
                dest,
                store.path,
                lambda out: write(_ticking(store.iter_all(), advance), out),
                force,
            )
    noun = "entry" if count == 1 else "entries"
    _say(f"Exported {count} {noun} to {dest} ({kind}).")


def _ticking(rows: Iterator[Any], advance: Tick) -> Iterator[Any]:
    for number, row in enumerate(rows, 1):
        if number % 1000 == 0:
            advance(number)
        yield row


def _export_to_stdout(store: Store, write: Callable[[Any, TextIO], int]) -> None:
    """Stream to stdout, always as UTF-8 (an export is read back as UTF-8)."""
    import io

    buffer = getattr(sys.stdout, "buffer", None)
    wrapper = None
    if buffer is not None:
        sys.stdout.flush()
        wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    out: TextIO = sys.stdout if wrapper is None else wrapper
    if sys.stdout.isatty():
        # A person reads it: control characters in notes become placeholders
        # (a file or a pipe gets every byte as stored).
        out = _Visible(out)  # type: ignore[assignment]
    try:
        write(store.iter_all(), out)
        out.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): it has what it wanted, so end
        # quietly, as cat and grep do (nothing was being written to the store).
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(code=0) from None
    finally:
        if wrapper is not None:
            try:
                wrapper.detach()  # leave sys.stdout's own buffer open
            except (OSError, ValueError):
                pass


class _Visible:
    """A text stream that shows control characters as placeholders (a terminal)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        from walkcoach.cli.safe_text import visible

        return self.out.write(visible(text.replace("\r\n", "\n"), keep_newlines=True))

    def flush(self) -> None:
        self.out.flush()


# -- import ---------------------------------------------------------------------------


IMPORT_FORMATS = ("json", "csv", "gpx", "fit", "tcx", "health")


def _import_formats(incomplete: str) -> list[str]:
    """`import --format <Tab>`."""
    return [f for f in IMPORT_FORMATS if f.startswith(incomplete.lower())]


def import_(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders: a walkcoach export (.json, .csv), or what a "
            "phone or watch recorded (GPX, FIT, TCX, Apple Health export.zip or "
            "export.xml).",
            metavar="FILE...",
            click_type=complete.WORDS,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Read every FILE as json, csv, gpx, fit, tcx or health "
            "(default: told by content).",
            metavar="FORMAT",
            autocompletion=_import_formats,
        ),
    ] = None,
    keep_all: Annotated[
        bool,
        typer.Option("--all", help="Import runs, rides and other sports as walks too."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be imported; write nothing."),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only activities from this day on (e.g. 2026-01-01, '90 days ago').",
            metavar="DAY",
            autocompletion=complete.date_words,
        ),
    ] = None,
) -> None:
    """Add walks from a walkcoach export or a phone or watch: all or nothing."""
    kind = None if fmt is None else fmt.strip().lower()
    if kind is not None and kind not in IMPORT_FORMATS:
        shell.bad_input(
            f"--format must be one of {', '.join(IMPORT_FORMATS)}, got {fmt!r}"
        )
    now = shell.now()
    first_day = None if since is None else shell.parse_day(since, now.date(), "--since")
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="walkcoach-import-"))  # 0700
    try:
        readable = [_readable(name, folder) for name in files]
        _import_files(readable, kind, now, keep_all, dry_run, first_day)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _import_files(
    files: list[str],
    kind: str | None,
    now: datetime,
    keep_all: bool,
    dry_run: bool,
    first_day: date | None,
) -> None:
    paths, devices = _inputs(files, kind)
    if not devices:
        if len(paths) > 1:
            shell.bad_input(
                "import one walkcoach export at a time (device files may be "
                "imported together)"
            )
        if keep_all or first_day is not None:
            shell.bad_input(
                "--all and --since are for device files, not a walkcoach export"
            )
        _import_export(paths[0], kind, dry_run)
        return
    if len(devices) < len(paths):
        shell.bad_input(
            "a walkcoach export and device files cannot be imported together: "
            "import the export on its own"
        )
    _import_devices(devices, now, keep_all, dry_run, first_day)


# A file name that is an already open descriptor of this process: reading it
# cannot wait for a writer that never comes (unlike a named pipe in a folder).
_OPEN_FD = re.compile(r"/dev/stdin|/dev/fd/\d+|/proc/(self|\d+)/fd/\d+")


def _readable(name: str, folder: Path) -> str:
    """`name`, or where a stream it names (`-`, /dev/stdin, `<(…)`) was read to
    in `folder` (a file is read twice: checked, then imported); a named pipe or
    a device is refused at once, never waited on."""
    if name == "-":
        return str(_spool(sys.stdin.buffer, folder / "stdin"))
    path = Path(name).expanduser()
    if not path.exists() or path.is_dir() or path.is_file():
        return name  # _inputs says what is missing, and opens folders
    if not _OPEN_FD.fullmatch(str(path)):
        shell.bad_input(
            f"FILE: {name!r} is not a regular file (a named pipe or a device); "
            f"to read a stream give - and redirect it: walkcoach import - < {name}"
        )
    spooled = folder / ("stdin" if str(path) == "/dev/stdin" else path.name)
    try:
        with open(path, "rb") as stream:
            return str(_spool(stream, spooled))
    except OSError as error:
        shell.bad_input(f"FILE: cannot read {name!r} ({error.strerror})")


def _spool(stream: Any, dest: Path) -> Path:
    import shutil

    with open(dest, "wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    return dest


def _inputs(
    files: list[str], kind: str | None
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files named (folders opened) and, of those, the device files with
    their format; exit 2 on a missing file or a folder without device files."""
    from walkcoach.services.device_import import (
        FORMATS,
        device_files,
        device_format,
    )

    paths: list[Path] = []
    devices: list[tuple[Path, str]] = []
    for name in files:
        path = Path(name).expanduser()
        if not path.exists():
            shell.bad_input(f"FILE: no such file {name!r}")
        if path.is_dir():
            found = device_files(path, kind)
            if not found:
                shell.bad_input(
                    f"FILE: {name!r} is a folder without device files (GPX, FIT, "
                    "TCX, Apple Health); nothing was imported"
                )
            paths += [p for p, _ in found]
            devices += found
            continue
        paths.append(path)
        device = kind if kind in FORMATS else None
        if kind is None:
            device = device_format(path)
        if device is not None:
            devices.append((path, device))
    return paths, devices


def _import_devices(
    devices: list[tuple[Path, str]],
    now: datetime,
    keep_all: bool,
    dry_run: bool,
    since: date | None,
) -> None:
    from walkcoach.services import device_import

    activities = []
    untimed = 0
    notes: list[str] = []
    for path, fmt in devices:
        big = _size(path) >= SHOW_PROGRESS_BYTES
        total = device_import.work(path, fmt) if big else None
        with _progress(f"Reading {path.name}", total, big) as advance:
            first = since if fmt == "health" else None
            reading = device_import.read(path, fmt, first, advance)
        activities += reading.activities
        untimed += reading.untimed
        notes += reading.notes
    wall = shell.wall_clock(now)

    def local(moment: datetime) -> datetime:
        return moment.astimezone() if wall else moment.astimezone(now.tzinfo)

    names = devices[0][0].name if len(devices) == 1 else f"{len(devices)} files"
    with shell.open_store() as store:
        outcome = device_import.gather_and_decide(
            store, activities, now, local, keep_all, since
        )
        stored, copy = outcome.added, None
        if outcome.changes and not dry_run:
            stored, copy = device_import.save(store, outcome, names)
    _report_devices(outcome, stored, len(activities), names, untimed, notes, dry_run)
    if copy is not None:
        _say(f"A backup from before the import: {copy}")
        _say("`walkcoach undo` takes the whole import back.")


def _report_devices(
    outcome: Outcome,
    stored: list[Entry],
    read_count: int,
    names: str,
    untimed: int,
    notes: list[str],
    dry_run: bool,
) -> None:
    from walkcoach.core.entries import MAX_MINUTES
    from walkcoach.core.models import BRISK_CADENCE, has_pain
    from walkcoach.services import device_import

    would = "Would import" if dry_run else "Imported"
    _say(f"Read {read_count} activit{'y' if read_count == 1 else 'ies'} from {names}.")
    if stored:
        _say(f"{would} {device_import.walks(len(stored))}:")
    for entry in stored[:MAX_LISTED]:
        _say("  " + _walk_line(entry, BRISK_CADENCE))
    if len(stored) > MAX_LISTED:
        _say(f"  ... and {len(stored) - MAX_LISTED} more")
    for before, after in outcome.merged:
        gained = []
        if after.distance_km != before.distance_km:
            gained.append(f"{after.distance_km:.2f} km")
        if after.steps != before.steps:
            gained.append(f"{after.steps:,} steps")
        what = " and ".join(gained)
        walk = f"walk #{before.id} ({before.at:%a %d %b %H:%M})"
        if dry_run:
            keeps = "keep its pain and " if has_pain(before) else ""
            _say(f"Would merge into {walk}: it would {keeps}gain {what}.")
        else:
            keeps = "keeps its pain and " if has_pain(before) else ""
            _say(f"Merged into {walk}, already logged: it {keeps}gains {what}.")
    skipped = []
    if outcome.already:
        skipped.append(f"{outcome.already} already here")
    if outcome.not_walks:
        sports = ", ".join(
            f"{count} {sport}" for sport, count in sorted(outcome.not_walks.items())
        )
        total = sum(outcome.not_walks.values())
        skipped.append(f"{total} not walks ({sports}; --all keeps them)")
    if outcome.too_long:
        skipped.append(f"{outcome.too_long} over {MAX_MINUTES} minutes")
    if outcome.too_short:
        seconds = round(device_import.MIN_MINUTES * 60)
        skipped.append(f"{outcome.too_short} under {seconds} seconds")
    if outcome.future:
        skipped.append(f"{outcome.future} in the future")
    if outcome.before_since:
        skipped.append(f"{outcome.before_since} before --since")
    if untimed:
        skipped.append(f"{untimed} without times (they cannot be dated)")
    if skipped:
        _say(f"Skipped: {'; '.join(skipped)}.")
    for note in notes:
        _say(f"Note: {note}.")
    if not outcome.changes:
        _say("Nothing new to import." if not dry_run else "Nothing would change.")
    elif dry_run:
        _say("Nothing was written (--dry-run).")
    elif stored:
        _say(
            "Walks from a device have no pain yet: add it with "
            f"walkcoach edit {stored[0].id} -b N -a N (`walkcoach today` lists them)."
        )


def _walk_line(entry: Entry, brisk: int) -> str:
    parts = [
        f"#{entry.id}" if entry.id is not None else "",
        f"{entry.at:%a %d %b %Y %H:%M}",
        f"{entry.minutes:g} min",
    ]
    if entry.distance_km:
        parts.append(f"{entry.distance_km:.2f} km")
    if entry.steps:
        cadence = entry.steps / (entry.minutes or 1)
        parts.append(f"{entry.steps:,} steps ({cadence:.0f}/min; brisk is {brisk}+)")
    parts.append(entry.note or "")
    return "  ".join(p for p in parts if p)


def _import_export(path: Path, fmt: str | None, dry_run: bool) -> None:
    """Add the entries of one walkcoach JSON or CSV export."""
    from walkcoach.core.errors import WalkcoachError
    from walkcoach.storage import transfer
    from walkcoach.storage.backup import backup_before

    size = _size(path)
    detected = _format_of(path)  # refuses a database
    fmt = fmt or detected
    big = size >= SHOW_PROGRESS_BYTES
    with _progress(f"Checking {path.name}", size, big) as advance:
        count, uuids = _check(path, fmt, advance, _latest())
    if count == 0:
        _say(f"{path.name} holds no entries; nothing to import.")
        return
    with shell.open_store() as store:
        known = store.count_known(uuids)
        if known == count:
            _say(f"Nothing new: all {count} entries of {path.name} are already here.")
            return
        if dry_run:
            noun = "entry" if count - known == 1 else "entries"
            _say(
                f"Would import {count - known} {noun} from {path.name}"
                + (f" ({known} already here)." if known else ".")
            )
            _say("Nothing was written (--dry-run).")
            return
        copy = backup_before(store, "import")
        keep_ids = not store.has_entries()
        summary = f"import of {count - known} entries from {path.name}"
        with _progress(f"Importing {path.name}", size, big) as advance:
            try:
                added = store.add_many(
                    _entries(path, fmt, advance, _latest()), summary, keep_ids=keep_ids
                )
            except (transfer.BadFile, ValueError) as error:
                raise WalkcoachError(
                    f"{path} changed while it was imported ({error}); nothing was "
                    "imported, try again"
                ) from None
    already = count - added
    noun = "entry" if added == 1 else "entries"
    _say(
        f"Imported {added} {noun} from {path.name}"
        + (f" ({already} already here)." if already else ".")
    )
    _say(f"A backup from before the import: {copy}")
    _say("`walkcoach undo` takes the whole import back.")
    _say(NOT_IMPORTED)


# Exports hold entries only (docs/data.md): say so where people would expect more.
NOT_IMPORTED = (
    "Only entries are imported: settings and safety answers are not in an "
    "export, and yours here are unchanged."
)


def _size(path: Path) -> int:
    from walkcoach.core.errors import WalkcoachError

    try:
        return path.stat().st_size
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None


def _format_of(path: Path) -> str:
    from walkcoach.core.errors import WalkcoachError
    from walkcoach.storage import transfer

    try:
        with open(path, "rb") as raw:
            head = raw.read(64)
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None
    if head.startswith(b"SQLite format 3\x00"):
        shell.bad_input(
            f"{path.name} is an SQLite database, not an export: open it with "
            "--db, or restore it as `walkcoach doctor` explains; nothing was imported"
        )
    return transfer.detect_format(path, head.decode("utf-8", errors="replace"))


@contextmanager
def _open_text(path: Path, advance: Tick | None = None) -> Iterator[TextIO]:
    """The file as UTF-8 text; `advance` follows the bytes read."""
    import io

    from walkcoach.core.errors import WalkcoachError

    try:
        raw = open(path, "rb")  # closed by the with below
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None
    with raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        if advance is not None:
            text = _Following(text, raw, advance)  # type: ignore[assignment]
        yield text


class _Following:
    """A text stream that reports how many bytes have been read (for a bar)."""

    def __init__(self, text: TextIO, raw: Any, advance: Tick) -> None:
        self.text, self.raw, self.advance = text, raw, advance

    def read(self, size: int = -1) -> str:
        chunk = self.text.read(size)
        self.advance(self.raw.tell())
        return chunk

    def __iter__(self) -> Iterator[str]:
        for number, line in enumerate(self.text):
            if number % 2000 == 0:
                self.advance(self.raw.tell())
            yield line


def _latest() -> datetime:
    """The latest moment an imported entry may have: now, plus a day for another
    device's clock or time zone."""
    from datetime import timedelta

    return shell.now() + timedelta(days=1)


def _check(
    path: Path, fmt: str, advance: Tick, latest: datetime
) -> tuple[int, set[str]]:
    """Read every row and check it; exit 2 listing the bad ones, else (rows, uuids)."""
    from walkcoach.storage import transfer

    bad: list[str] = []
    bad_count = 0
    seen: dict[str, str] = {}
    count = 0
    text = fmt == "csv"
    try:
        with _open_text(path, advance) as stream:
            for where, raw in transfer.read_rows(stream, fmt):
                count += 1
                problem = raw if isinstance(raw, str) else None
                if problem is None:
                    assert not isinstance(raw, str)
                    try:
                        entry = transfer.to_entry(raw, text, latest)
                    except ValueError as error:
                        problem = str(error)
                    else:
                        if entry.uuid in seen:
                            problem = f"uuid {entry.uuid} is also on {seen[entry.uuid]}"
                        else:
                            seen[entry.uuid] = where
                if problem is not None:
                    bad_count += 1
                    if len(bad) < MAX_LISTED:
                        bad.append(f"{path.name} {where}: {problem}")
    except transfer.BadFile as error:
        bad_count += 1
        bad.append(f"{path.name} {error}")
    if bad_count:
        _refuse_rows(path, bad, bad_count)
    return count, set(seen)


def _refuse_rows(path: Path, bad: list[str], bad_count: int) -> None:
    if bad_count == 1:
        shell.bad_input(f"{bad[0]}; nothing was imported")
    for line in bad:
        sys.stderr.write(f"{line}\n")
    more = f", {bad_count - len(bad)} more not shown" if bad_count > len(bad) else ""
    shell.bad_input(
        f"{bad_count} bad rows in {path.name} (listed above{more}); nothing was "
        "imported: fix them and import again"
    )


def _entries(path: Path, fmt: str, advance: Tick, latest: datetime) -> Iterator[Any]:
    """The entries of a checked file, read again (memory stays flat)."""
    from walkcoach.storage import transfer

    text = fmt == "csv"
    with _open_text(path, advance) as stream:
        for where, raw in transfer.read_rows(stream, fmt):
            if isinstance(raw, str):
                raise ValueError(f"{where}: {raw}")
            yield transfer.to_entry(raw, text, latest)


# -- backup ---------------------------------------------------------------------------


def backup(
    dest: Annotated[
        str | None,
        typer.Argument(
            help="A file or folder for the copy (default: the backup folder).",
            metavar="DEST",
            click_type=complete.WORDS,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace DEST if it exists.")
    ] = False,
) -> None:
    """Write a consistent copy of the database (SQLite's online backup)."""
    from walkcoach.core.errors import DatabaseProblem
    from walkcoach.storage.backup import inspect, manual_backup

    target = None if dest is None else Path(dest).expanduser()
    if not shell.db_path().exists():
        raise DatabaseProblem(
            f"there is no database at {shell.db_path()} yet, so nothing to back up"
        )
    # Read-only: a database on a read-only disk can still be backed up elsewhere.
    with shell.open_store(write=False) as store:
        written = manual_backup(store, target, overwrite=force)
    health = inspect(written, thorough=False)
    if not health.sound:
        raise DatabaseProblem(
            f"the copy {written} does not pass its check "
            f"({health.error or '; '.join(health.integrity or [])}); "
            "run `walkcoach doctor`"
        )
    noun = "entry" if health.entries == 1 else "entries"
    _say(f"Backed up {health.entries} {noun} to {written} (checked: ok).")


# -- restore ------------------------------------------------------------------------


def restore(
    backup_file: Annotated[
        str,
        typer.Argument(
            help="The backup to put back (see: walkcoach doctor).",
            metavar="BACKUP",
            click_type=complete.WORDS,
        ),
    ],
) -> None:
    """Put a backup back in place of the database (a copy of it is kept first)."""
    from walkcoach.storage.backup import restore as put_back

    path = Path(backup_file).expanduser()
    if not path.is_file():
        shell.bad_input(f"BACKUP: no such file {backup_file!r}")
    db = shell.db_path()
    done = put_back(db, path)
    _say(f"Restored {path} ({_count_entries(done.backup.entries)}) to {db}.")
    if done.kept is not None:
        held = (
            _count_entries(done.replaced.entries) if done.replaced.sound else "damaged"
        )
        _say(f"The file it replaced ({held}) is kept as {done.kept}.")


# -- doctor ---------------------------------------------------------------------------


def doctor(
    json: shell.Json = False,
) -> None:
    """Check the database (integrity, schema, counts, backups) and say how to fix it."""
    from walkcoach.storage.backup import inspect, list_backups
    from walkcoach.storage.paths import backup_dir

    db = shell.db_path()
    folder = backup_dir(db)
    health = inspect(db)
    backups = list_backups(db)
    report = _diagnose(db, folder, health, backups)
    if json:
        shell.print_json(report)
    else:
        _print_report(report)
    if report["problems"]:
        raise typer.Exit(code=1)


def _diagnose(
    db: Path, folder: Path, health: Health, backups: list[Backup]
) -> dict[str, Any]:
    from walkcoach.storage.backup import newest_good
    from walkcoach.storage.store import SCHEMA_VERSION

    good: list[tuple[Backup, Health] | None] = []

    def sound_backup() -> tuple[Backup, Health] | None:
        if not good:  # looked for only when needed, and only once
            good.append(newest_good(backups))
        return good[0]

    def restore() -> str:
        return _restore_fix(health, sound_backup())

    problems: list[dict[str, str]] = []
    advice: list[str] = []

    def problem(text: str, fix: str) -> None:
        problems.append({"problem": text, "fix": fix})

    if not health.exists:
        if backups:
            problem(f"there is no database at {db}, but there are backups", restore())
        else:
            advice.append(
                f"no database yet at {db}: `walkcoach setup` or the first "
                "`walkcoach log` creates it"
            )
    elif health.error and not health.is_file:  # a link to nothing
        problem(health.error, "point the link at your database, or remove it")
    elif not health.is_file:
        problem(f"{db} is not a file", "give the database file with --db")
    elif health.size == 0:
        if backups:
            problem(f"{db} is empty (0 bytes), but there are backups", restore())
        else:
            advice.append(f"{db} is empty; it becomes a database on first use")
    elif health.error and health.locked:
        problem(
            f"{db} is locked by another program ({health.error})",
            "close the other walkcoach or program using it, then run "
            "`walkcoach doctor` again",
        )
    elif health.error and not health.sqlite:
        problem(f"{db} {health.error}", f"check its permissions: chmod u+rw {db}")
    elif not health.sqlite:
        problem(
            f"{db} is not an SQLite file (not a walkcoach database)",
            restore()
            if sound_backup()
            else "check that --db or WALKCOACH_DB names your walkcoach database; "
            f"if this was it, no backup can bring it back: move it aside (mv "
            f"{_quote(db)} {_quote(Path(f'{db}.damaged'))}) to start afresh",
        )
    elif health.error and _damage(health.error):
        problem(f"{db} is damaged ({health.error})", restore())
    elif health.error:
        # A full disk or a failing read is not damage: no backup is suggested
        # (restoring one would lose whatever was logged after it).
        problem(
            f"{db} could not be read ({health.error})",
            "check the disk (df -h: free some space) and run `walkcoach doctor` "
            "again; nothing in the file is known to be lost",
        )
    elif health.tables and not health.walkcoach:
        problem(
            f"{db} is an SQLite file of another program, not a walkcoach database",
            "point walkcoach at your database with --db or WALKCOACH_DB "
            "(walkcoach leaves this file alone)",
        )
    else:
        if health.integrity:
            shown = "; ".join(health.integrity[:3])
            problem(f"{db} is damaged (integrity check: {shown})", restore())
        for text, fix in health.content:
            problem(text, fix)
        version = health.user_version or 0
        if version > SCHEMA_VERSION:
            problem(
                f"{db} has schema version {version}, made by a newer walkcoach "
                f"(this one knows {SCHEMA_VERSION})",
                "upgrade walkcoach (pip install --upgrade walkcoach)",
            )
        elif health.tables and len(health.migrations) != version:
            problem(
                f"{db} records {len(health.migrations)} migrations but schema "
                f"version {version}",
                restore(),
            )
        elif health.tables and version < SCHEMA_VERSION:
            advice.append(
                f"schema version {version} of {SCHEMA_VERSION}: upgraded on next "
                "use, after an automatic backup"
            )
    if health.exists and health.is_file and (health.walkcoach or not health.sqlite):
        _permissions(db, health, problem, advice)
    legacy = db.parent / "backups"  # where backups of all databases once went
    if legacy.is_dir() and any(legacy.glob(f"{glob_escape(db.stem)}-*.db")):
        advice.append(
            f"older backups, from before each database had its own folder, are in "
            f"{legacy}: they are kept but not listed here; restore one with "
            "`walkcoach restore BACKUP` if you need it"
        )
    last = backups[0] if backups else None
    if health.entries and last is None:
        advice.append("no backup yet: run `walkcoach backup`")
    elif last is not None and time.time() - last.mtime > STALE_BACKUP_DAYS * 86400:
        advice.append(f"the last backup is {_age(last.mtime)}: run `walkcoach backup`")
    return {
        "ok": not problems,
        "database": {
            "path": str(db),
            "exists": health.exists,
            "size_bytes": health.size,
            "mode": f"{health.mode:04o}" if health.exists else None,
        },
        "integrity": None
        if health.integrity is None
        else ("ok" if not health.integrity else health.integrity),
        "schema": {
            "user_version": health.user_version,
            "expected": SCHEMA_VERSION,
            "migrations": health.migrations,
        },
        "entries": {
            "total": health.entries,
            **{k: health.counts.get(k, 0) for k in ("walk", "pain", "rest", "flare")},
        },
        "backups": {
            "folder": str(folder),
            "automatic": sum(1 for b in backups if b.automatic),
            "manual": sum(1 for b in backups if not b.automatic),
        },
        "last_backup": None
        if last is None
        else {
            "path": str(last.path),
            "at": _iso(last.mtime),
            "age_seconds": max(0, round(time.time() - last.mtime)),
        },
        "problems": problems,
        "advice": advice,
    }


def _permissions(
    db: Path,
    health: Health,
    problem: Callable[[str, str], None],
    advice: list[str],
) -> None:
    if os.statvfs(db.parent).f_flag & os.ST_RDONLY:
        problem(
            f"{db} is on a read-only filesystem, so walkcoach cannot save anything",
            "copy it somewhere writable and open the copy with --db",
        )
        return
    for path, what in ((db, "file"), (db.parent, "folder")):
        try:
            writable = os.access(path, os.W_OK) and path.stat().st_mode & 0o222
        except OSError:
            writable = False
        if not writable:
            problem(
                f"the database {what} {path} is read-only, so walkcoach cannot "
                "save anything",
                f"make it writable: chmod u+w {_quote(path)}",
            )
    if health.mode & 0o077:
        advice.append(
            f"{db} can be read by others (mode {health.mode:04o}); it holds health "
            f"data: chmod 600 {_quote(db)}"
        )


def glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def _damage(error: str) -> bool:
    """SQLite's words for a damaged file (not a locked, full or unreadable one)."""
    return any(w in error for w in ("malformed", "not a database", "corrupt"))


def _restore_fix(live: Health, good: tuple[Backup, Health] | None) -> str:
    """Which backup to restore, what it would lose, and the one command."""
    db = live.path
    if good is None:
        return (
            "no sound backup was found; salvage what SQLite can still read: "
            f"sqlite3 {_quote(db)} .recover | sqlite3 {_quote(Path(f'{db}.recovered'))}"
            f", then check it: walkcoach --db {_quote(Path(f'{db}.recovered'))} doctor"
        )
    backup, health = good
    held = (
        f"{backup.path.name} ({_age(backup.mtime)}, {_count_entries(health.entries)})"
    )
    if live.counts and live.entries > health.entries:
        lost = live.entries - health.entries
        loss = (
            f"; the database holds {live.entries}, so at least {_count_entries(lost)} "
            "would be lost: export first (walkcoach export -o walks.json) and "
            "import that after the restore"
        )
    elif live.counts:
        loss = ""
    else:
        loss = "; entries logged after it are lost unless you exported them"
    command = f"walkcoach {shell.db_flag()}restore {_quote(backup.path)}"
    return f"restore the newest sound backup, {held}{loss}: {command}"


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _count_entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _age(mtime: float) -> str:
    seconds = max(0.0, time.time() - mtime)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _iso(mtime: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(mtime).astimezone().isoformat(timespec="seconds")


def _print_report(report: dict[str, Any]) -> None:
    console = shell.console()
    database = report["database"]
    rows: list[tuple[str, str]] = [("Database", database["path"])]
    if database["exists"]:
        rows[0] = (
            "Database",
            f"{database['path']} ({_bytes(database['size_bytes'])}, "
            f"mode {database['mode']})",
        )
    integrity = report["integrity"]
    if integrity is not None:
        found = "ok" if integrity == "ok" else _plural(len(integrity), "problem")
        rows.append(("Integrity", found))
    elif database["exists"] and database["size_bytes"]:
        rows.append(("Integrity", "not checked: the file cannot be read"))
    schema = report["schema"]
    if integrity is not None:
        rows.append(
            (
                "Schema",
                f"version {schema['user_version']} of {schema['expected']}; "
                f"migrations: {', '.join(schema['migrations']) or 'none'}",
            )
        )
    entries = report["entries"]
    if schema["migrations"]:
        rows.append(
            (
                "Entries",
                f"{entries['total']}: {_plural(entries['walk'], 'walk')}, "
                f"{_plural(entries['pain'], 'check-in')}, "
                f"{_plural(entries['rest'], 'rest day')}, "
                f"{_plural(entries['flare'], 'flare-up day')}",
            )
        )
    backups = report["backups"]
    rows.append(
        (
            "Backups",
            f"{backups['folder']} ({backups['automatic']} automatic, "
            f"{backups['manual']} manual)",
        )
    )
    last = report["last_backup"]
    if last is not None:
        rows.append(("Last backup", f"{Path(last['path']).name}, {_age_text(last)}"))
    from rich.table import Table

    from walkcoach.cli.safe_text import plain, user_text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, user_text(value))
    console.print(table)
    for item in report["problems"]:
        console.print(plain(("Problem: ", "bold red"), item["problem"]), soft_wrap=True)
        # Not wrapped, so that the commands can be copied whole.
        console.print(plain(f"  Fix: {item['fix']}"), soft_wrap=True)
    for text in report["advice"]:
        console.print(plain(f"Note: {text}"), soft_wrap=True)
    if not report["problems"]:
        console.print("No problems found.")


def _age_text(last: dict[str, Any]) -> str:
    return _age(time.time() - float(last["age_seconds"]))


def _bytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
