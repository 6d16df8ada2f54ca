"""Files the user asks for (export, report): written by storage.files' one writer."""

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from walkcoach.storage import files


def write_file(
    dest: Path, db: Path, write: Callable[[TextIO], int], force: bool = False
) -> int:
    """Write `dest` privately and whole, never onto the database `db` or a pipe,
    never over an existing file without `force`; what `write` returns."""
    return files.write_text(dest, db, write, force)
