"""Commands that keep data safe and portable: export, import, backup, doctor."""

from __future__ import annotations

import os
import re
import sys
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

SHOW_PROGRESS_BYTES = 1 << 20  # files from 1 MB get a progress bar on a terminal
MAX_LISTED = 10  # device walks listed before the count of the rest

Tick = Callable[[int], None]


def _formats(incomplete: str) -> list[tuple[str, str]]:
    """`export --format <Tab>`: the formats the export writes."""
    from walkcoach.services import data

    FORMATS = data.formats()

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
    from walkcoach.services import data

    kind = fmt.strip().lower()
    if kind not in data.formats():
        shell.bad_input(f"--format must be json or csv, got {fmt!r}")
    dest = None if output in (None, "-") else Path(output).expanduser()
    with shell.open_store(write=False) as store:
        if dest is None:
            _export_to_stdout(lambda out: data.export_rows(store, kind, out, _no_tick))
            return
        total = store.count_entries()
        with _progress(f"Exporting to {dest.name}", total, total > 5000) as advance:
            count = data.export_file(store, dest, kind, force, advance)
    noun = "entry" if count == 1 else "entries"
    _say(f"Exported {count} {noun} to {dest} ({kind}).")


def _no_tick(_to: int) -> None:
    """No progress bar to move."""


def _export_to_stdout(write: Callable[[TextIO], int]) -> None:
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
        write(out)
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
    from walkcoach.services import data, device_import

    activities = []
    untimed = 0
    notes: list[str] = []
    for path, fmt in devices:
        big = data.size(path) >= SHOW_PROGRESS_BYTES
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
    from walkcoach.services import data

    size = data.size(path)
    fmt = fmt or data.format_of(path)  # refuses a database
    big = size >= SHOW_PROGRESS_BYTES
    latest = _latest()
    with _progress(f"Checking {path.name}", size, big) as advance:
        checked = data.check(path, fmt, advance, latest)
    if checked.bad_count:
        _refuse_rows(path, checked.bad, checked.bad_count)
    count = checked.count
    if count == 0:
        _say(f"{path.name} holds no entries; nothing to import.")
        return
    with shell.open_store() as store:
        with _progress(f"Importing {path.name}", size, big) as advance:
            done = data.import_export(
                store, path, fmt, checked, dry_run, advance, latest
            )
    known = done.known
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
    added = done.added
    already = count - added
    noun = "entry" if added == 1 else "entries"
    _say(
        f"Imported {added} {noun} from {path.name}"
        + (f" ({already} already here)." if already else ".")
    )
    _say(f"A backup from before the import: {done.backup}")
    _say("`walkcoach undo` takes the whole import back.")
    _say(NOT_IMPORTED)


# Exports hold entries only (docs/data.md): say so where people would expect more.
NOT_IMPORTED = (
    "Only entries are imported: settings and safety answers are not in an "
    "export, and yours here are unchanged."
)


def _latest() -> datetime:
    """The latest moment an imported entry may have: now, plus a day for another
    device's clock or time zone."""
    from datetime import timedelta

    return shell.now() + timedelta(days=1)


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
    from walkcoach.services import doctor as checks

    target = None if dest is None else Path(dest).expanduser()
    if not shell.db_path().exists():
        raise DatabaseProblem(
            f"there is no database at {shell.db_path()} yet, so nothing to back up"
        )
    # Read-only: a database on a read-only disk can still be backed up elsewhere.
    with shell.open_store(write=False) as store:
        written, health = checks.backup(store, target, force)
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
    from walkcoach.services import doctor as checks

    path = Path(backup_file).expanduser()
    if not path.is_file():
        shell.bad_input(f"BACKUP: no such file {backup_file!r}")
    db = shell.db_path()
    done = checks.restore(db, path)
    _say(f"Restored {path} ({checks.count_entries(done.backup.entries)}) to {db}.")
    if done.kept is not None:
        held = (
            checks.count_entries(done.replaced.entries)
            if done.replaced.sound
            else "damaged"
        )
        _say(f"The file it replaced ({held}) is kept as {done.kept}.")


# -- doctor ---------------------------------------------------------------------------


def doctor(
    json: shell.Json = False,
) -> None:
    """Check the database (integrity, schema, counts, backups) and say how to fix it."""
    from walkcoach.services import doctor as checks

    report = checks.report(shell.db_path(), shell.db_flag())
    if json:
        shell.print_json(report)
    else:
        from walkcoach.cli.render_doctor import print_doctor

        print_doctor(shell.console(), report)
    if report["problems"]:
        raise typer.Exit(code=1)
