"""The one way walkcoach writes a file the user names (export, report, backup).

Health data, in folders others may share: the target is resolved (`realpath`)
before any check, so `dir/../dir/w.db-wal` or a symlink cannot reach the
database or its side files; anything but a regular file (a FIFO planted in a
shared folder, a device) is refused; an existing file is replaced only with
--force; the file is written 0600 beside its final name, synced and renamed
into place, so a failure or a kill never leaves half a file. A temporary file
left by a killed run is removed by the next write to the same place.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from walkcoach.core.errors import InvalidInput, WalkcoachError

SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files beside a database
PARTIAL = ".partial"
STALE_PARTIAL_S = 3600  # a temporary file this old was left by a killed run


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents 0700, whatever the umask."""
    missing: list[Path] = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another process made it first
        os.chmod(made, 0o700)  # mkdir's mode is cut by the umask


def protected_paths(db: Path) -> set[Path]:
    """The database and its side files, resolved."""
    real = Path(os.path.realpath(db))
    return {real, *(Path(f"{real}{side}") for side in SIDE_FILES)}


def check_output(dest: Path, db: Path, force: bool, option: str = "--output") -> Path:
    """The resolved path to write `dest` to, or the reason it must not be written."""
    real = Path(os.path.realpath(dest))
    protected = protected_paths(db)
    if real in protected or any(_same(real, p) for p in protected):
        raise InvalidInput(
            f"{option} {dest} is the database {db} or one of its side files; "
            "choose a new file"
        )
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise WalkcoachError(f"cannot write {dest}: {error.strerror}") from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise InvalidInput(f"{option} {dest} is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise InvalidInput(
                f"{option} {dest} is not a regular file (a pipe, socket or device); "
                "give a file name"
            )
        if not force:
            raise WalkcoachError(
                f"{dest} already exists; give a new name, or add --force to replace it"
            )
    if not real.parent.is_dir():
        # A typo in a folder name should not quietly make new folders.
        raise WalkcoachError(
            f"cannot write {dest}: there is no folder {dest.parent}; create it first"
        )
    return real


def _same(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


@contextmanager
def private_temp(dest: Path) -> Iterator[Path]:
    """A temporary file (0600) beside `dest`, renamed to `dest` when the block
    ends without an error; removed on any other exit. Stale temporary files of
    the same target (a killed run) are removed first."""
    folder = dest.parent
    clean_partials(folder, f".{dest.name}.")
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{dest.name}.", suffix=PARTIAL, dir=folder
        )
        os.close(handle)
    except OSError as error:
        raise WalkcoachError(
            f"cannot write in {folder}: {error.strerror}; choose another place"
        ) from None
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, dest)
        _fsync(folder)
    except OSError as error:
        raise WalkcoachError(disk_message(dest, error)) from None
    finally:
        temp.unlink(missing_ok=True)
        Path(f"{temp}-journal").unlink(missing_ok=True)


def disk_message(dest: Path, error: OSError) -> str:
    """Why `dest` could not be written, and what to do."""
    import errno

    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: cannot write {dest}; free some space and try again"
    return f"cannot write {dest}: {error.strerror}; choose another place"


def write_text(
    dest: Path, db: Path, write: Callable[[TextIO], int], force: bool = False
) -> int:
    """Write a private text file through `write` (which returns how many things
    it wrote); every rule of this module applies."""
    real = check_output(dest, db, force)
    with private_temp(real) as temp:
        with open(temp, "w", encoding="utf-8", newline="") as out:
            count = write(out)
    return count


def clean_partials(folder: Path, prefix: str = ".") -> None:
    """Remove our temporary files in `folder` left by a killed run (an hour old:
    a younger one may belong to a run still going)."""
    try:
        names = [
            path
            for path in folder.iterdir()
            if path.name.startswith(prefix) and path.name.endswith(PARTIAL)
        ]
    except OSError:
        return
    for partial in names:
        try:
            status = partial.lstat()
            if (
                stat.S_ISREG(status.st_mode)
                and status.st_uid == os.getuid()
                and time.time() - status.st_mtime > STALE_PARTIAL_S
            ):
                partial.unlink()
                Path(f"{partial}-journal").unlink(missing_ok=True)
        except OSError:
            continue


def _fsync(path: Path) -> None:
    """Make `path` (a file or a folder) durable; best effort for folders."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(handle)
    except OSError:
        if not path.is_dir():
            raise
    finally:
        os.close(handle)
