"""Opening the user's database for one command, and what every command repeats
while it stands: an urgent safety answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from walkcoach.core.models import Warning
from walkcoach.storage.store import Store, open_store

__all__ = ["Store", "db_path", "opened", "urgent_warnings"]


@contextmanager
def opened(path: Path, read_only: bool = False) -> Iterator[Store]:
    """The database at `path`, opened and migrated; closed afterwards. A command
    that only reads (`read_only`) never creates it nor writes to a file that
    cannot be written (see store.open_store)."""
    store = open_store(path, read_only)
    try:
        yield store
    finally:
        store.close()


def urgent_warnings(store: Store, now: datetime) -> list[Warning]:
    """The warnings of a standing urgent safety answer, or none."""
    from walkcoach.core.guidance import screening_from_answers, screening_warnings

    yes = store.latest_answers()
    if yes is None:
        return []
    standing = screening_from_answers(yes, now, stored=True)
    if not standing.urgent:
        return []
    return screening_warnings(standing, store.settings().region)


def db_path(option: str | None) -> Path:
    """The database file asked for: --db, then $WALKCOACH_DB, then the default."""
    from walkcoach.storage.paths import db_path as resolve

    return resolve(option)


def backup_dir(db: Path) -> Path:
    """The folder that holds the backups of the database `db`."""
    from walkcoach.storage.paths import backup_dir as folder

    return folder(db)
