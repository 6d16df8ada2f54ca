"""Walkcoach's own export files: writing every entry out, and checking then
adding the entries of an export (all or nothing, undoable)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.storage.store import Store

MAX_LISTED = 10  # bad import rows listed before the count of the rest
Tick = Callable[[int], None]


def formats() -> tuple[str, ...]:
    """The formats of an export: json and csv."""
    from walkcoach.storage import transfer

    return tuple(transfer.FORMATS)


def ticking(rows: Iterator[Any], advance: Tick) -> Iterator[Any]:
    """`rows`, moving a progress bar every thousand."""
    for number, row in enumerate(rows, 1):
        if number % 1000 == 0:
            advance(number)
        yield row


def export_rows(store: Store, kind: str, out: TextIO, advance: Tick) -> int:
    """Write every entry to `out` as `kind` (json or csv): how many."""
    from walkcoach.storage import transfer

    return transfer.WRITERS[kind](ticking(store.iter_all(), advance), out)


def export_file(store: Store, dest: Path, kind: str, force: bool, advance: Tick) -> int:
    """Write every entry to the file `dest` (private, replaced only with force)."""
    from walkcoach.services.output import write_file

    return write_file(
        dest, store.path, lambda out: export_rows(store, kind, out, advance), force
    )


@dataclass(frozen=True)
class Checked:
    """An export read through once: its rows, their uuids and the bad rows."""

    count: int
    uuids: set[str]
    bad: list[str]
    bad_count: int


@dataclass(frozen=True)
class Imported:
    """What an import of an export did (or would do, under --dry-run)."""

    added: int
    known: int
    backup: Path | None


def import_export(
    store: Store,
    path: Path,
    fmt: str,
    checked: Checked,
    dry_run: bool,
    advance: Tick,
    latest: datetime,
) -> Imported:
    """Add the new entries of a checked export in one undoable transaction."""
    from walkcoach.storage import transfer
    from walkcoach.storage.backup import backup_before

    known = store.count_known(checked.uuids)
    if known == checked.count or dry_run:
        return Imported(0, known, None)
    copy = backup_before(store, "import")
    keep_ids = not store.has_entries()
    summary = f"import of {checked.count - known} entries from {path.name}"
    try:
        added = store.add_many(
            _entries(path, fmt, advance, latest), summary, keep_ids=keep_ids
        )
    except (transfer.BadFile, ValueError) as error:
        raise WalkcoachError(
            f"{path} changed while it was imported ({error}); nothing was "
            "imported, try again"
        ) from None
    return Imported(added, known, copy)


def size(path: Path) -> int:

    try:
        return path.stat().st_size
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None


def format_of(path: Path) -> str:
    """The export format of `path` by its content (json or csv); refuses a
    database file."""
    from walkcoach.storage import transfer

    try:
        with open(path, "rb") as raw:
            head = raw.read(64)
    except OSError as error:
        raise WalkcoachError(f"cannot read {path}: {error.strerror}") from None
    if head.startswith(b"SQLite format 3\x00"):
        raise InvalidInput(
            f"{path.name} is an SQLite database, not an export: open it with "
            "--db, or restore it as `walkcoach doctor` explains; nothing was imported"
        )
    return transfer.detect_format(path, head.decode("utf-8", errors="replace"))


@contextmanager
def _open_text(path: Path, advance: Tick | None = None) -> Iterator[TextIO]:
    """The file as UTF-8 text; `advance` follows the bytes read."""
    import io

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


def check(path: Path, fmt: str, advance: Tick, latest: datetime) -> Checked:
    """Read every row and check it: how many, their uuids, the bad ones."""
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
    return Checked(count, set(seen), bad, bad_count)


def _entries(path: Path, fmt: str, advance: Tick, latest: datetime) -> Iterator[Any]:
    """The entries of a checked file, read again (memory stays flat)."""
    from walkcoach.storage import transfer

    text = fmt == "csv"
    with _open_text(path, advance) as stream:
        for where, raw in transfer.read_rows(stream, fmt):
            if isinstance(raw, str):
                raise ValueError(f"{where}: {raw}")
            yield transfer.to_entry(raw, text, latest)
