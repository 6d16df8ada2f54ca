"""Consistent copies of the database with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from walkcoach.paths import backup_dir

if TYPE_CHECKING:
    from walkcoach.store import Store

KEEP = 10  # automatic backups kept in the rolling set


def backup_to(store: Store, dest: Path) -> Path:
    """Copy the open database to `dest` (created 0600), even while others write."""
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    target = sqlite3.connect(dest)
    try:
        store.conn.backup(target)
    finally:
        target.close()
    return dest


def backup_before(store: Store, reason: str) -> Path:
    """An automatic backup before a risky change, keeping the newest KEEP."""
    folder = backup_dir(store.path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(store, folder / f"walkcoach-{stamp}-{reason}.db")
    automatic = sorted(folder.glob("walkcoach-*-*.db"))
    for old in automatic[:-KEEP]:
        old.unlink(missing_ok=True)
    return dest
