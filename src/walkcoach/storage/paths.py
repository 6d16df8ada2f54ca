"""Where the data lives: --db, then $WALKCOACH_DB, then the per-user data folder."""

import os
from pathlib import Path

ENV_VAR = "WALKCOACH_DB"


def default_db_path() -> Path:
    """The per-user data folder (XDG on Linux) joined with walkcoach.db."""
    # platformdirs only on this path: --db and WALKCOACH_DB runs never import it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("walkcoach", appauthor=False)) / "walkcoach.db"


def db_path(option: str | None = None) -> Path:
    """The database file the user asked for, strongest override first."""
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else default_db_path()


def backup_dir(db: Path) -> Path:
    """Backups sit beside the database in a folder of its own, named after its
    file (walks.db -> walks.db.backups), so two databases in one folder
    (walks.db, walks.sqlite) never prune or restore each other's copies."""
    return db.parent / f"{db.name}.backups"
