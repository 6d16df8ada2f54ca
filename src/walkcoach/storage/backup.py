"""Backups and recovery: consistent copies with SQLite's online backup API, the
rolling set of automatic backups, and the health of a database file (for
`doctor`, which must read a damaged file without changing it)."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from walkcoach.core.errors import DatabaseProblem, WalkcoachError
from walkcoach.storage.files import (
    check_output,
    clean_partials,
    make_private_dirs,
    private_temp,
)
from walkcoach.storage.paths import backup_dir

if TYPE_CHECKING:
    from walkcoach.storage.store import Store

KEEP = 10  # automatic backups kept in the rolling set, per database
# Backups are in the database's own folder (paths.backup_dir) and named by its
# full file name, so no two databases share a copy, a name or a clean-up.
# Automatic ones (pruned): walkcoach.db-20261125-100000-123456-import.db.
# Manual ones (never pruned): walkcoach.db-manual-20261125-100000.db.
AUTOMATIC = r"-\d{8}-\d{6}-\d{6}-[a-z]+\.db"
MANUAL = "-manual-"


def _automatic(db: Path) -> re.Pattern[str]:
    return re.compile(re.escape(db.name) + AUTOMATIC)


SQLITE_HEADER = b"SQLite format 3\x00"


def backup_to(store: Store, dest: Path) -> Path:
    """Copy the open database to `dest` (0600), consistent even while others
    write, through the one writer of storage.files (never half a file)."""
    try:
        with private_temp(dest) as temp:
            target = sqlite3.connect(temp)
            try:
                store.conn.backup(target)
                # One self-contained file, whatever the journal mode of the original.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
    except sqlite3.DatabaseError as error:
        if _full(error):
            raise WalkcoachError(
                f"the disk is full: cannot write the backup {dest}; free some "
                "space and try again"
            ) from None
        raise DatabaseProblem(
            f"the backup of {store.path} failed ({error}); run `walkcoach doctor`"
        ) from None
    return dest


def _full(error: sqlite3.DatabaseError) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL


def backup_before(store: Store, reason: str) -> Path:
    """An automatic backup before a risky change, keeping the newest KEEP."""
    folder = backup_dir(store.path)
    try:
        make_private_dirs(folder)
    except OSError as error:
        raise WalkcoachError(
            f"cannot make the backup folder {folder}: {error.strerror}; make its "
            "folder writable"
        ) from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(store, folder / f"{store.path.name}-{stamp}-{reason}.db")
    pattern = _automatic(store.path)
    automatic = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))
    for old in automatic[:-KEEP]:
        old.unlink(missing_ok=True)
    clean_partials(folder)
    return dest


def manual_backup(store: Store, dest: Path | None, overwrite: bool = False) -> Path:
    """`walkcoach backup [DEST]`: a copy that the rolling set never prunes."""
    if dest is None or dest.is_dir():
        folder = backup_dir(store.path) if dest is None else dest
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        prefix = f"{store.path.name}{MANUAL}{stamp}"
        dest = folder / f"{prefix}.db"
        number = 1
        while dest.exists():
            number += 1
            dest = folder / f"{prefix}-{number}.db"
    if dest.parent == backup_dir(store.path):
        home = store.path.parent
        if not dest.parent.exists() and not (
            os.access(home, os.W_OK) and home.stat().st_mode & 0o222
        ):
            raise WalkcoachError(
                f"cannot make the backup folder {dest.parent}: {home} is read-only; "
                "give another place: walkcoach backup DEST"
            )
        try:
            make_private_dirs(dest.parent)
        except OSError as error:
            raise WalkcoachError(
                f"cannot make the backup folder {dest.parent}: {error.strerror}"
            ) from None
    return backup_to(store, check_output(dest, store.path, overwrite, "DEST"))


@dataclass(frozen=True)
class Backup:
    """One file in the backup folder."""

    path: Path
    automatic: bool
    mtime: float


def list_backups(db: Path) -> list[Backup]:
    """The backups of the database `db` in its backup folder, newest first."""
    found: list[Backup] = []
    automatic = _automatic(db)
    try:
        names = list(backup_dir(db).iterdir())
    except OSError:
        return []
    for path in names:
        if path.suffix != ".db" or not path.name.startswith(f"{db.name}-"):
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        found.append(Backup(path, bool(automatic.fullmatch(path.name)), mtime))
    return sorted(found, key=lambda b: (b.mtime, b.path.name), reverse=True)


# -- the health of a file (doctor) --------------------------------------------------


@dataclass
class Health:
    """What can be learned about a database file without changing it."""

    path: Path
    exists: bool = False
    is_file: bool = False
    size: int = 0
    mode: int = 0
    sqlite: bool = False
    error: str | None = None  # why it could not be opened or read
    locked: bool = False
    integrity: list[str] | None = None  # [] when sound; None when not checked
    user_version: int | None = None
    tables: set[str] = field(default_factory=set)
    migrations: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # What the rows hold that walkcoach cannot use: (problem, fix) pairs.
    content: list[tuple[str, str]] = field(default_factory=list)

    @property
    def walkcoach(self) -> bool:
        """Its migrations table records walkcoach's migrations."""
        return bool(self.migrations)

    @property
    def sound(self) -> bool:
        """A walkcoach database that opens and passes the integrity check."""
        return (
            self.sqlite
            and self.error is None
            and self.integrity == []
            and self.walkcoach
            and "entries" in self.tables
        )

    @property
    def entries(self) -> int:
        return sum(self.counts.values())


def inspect(path: Path, thorough: bool = True) -> Health:
    """Read `path` read-only: header, schema, migrations, counts, integrity
    (`PRAGMA integrity_check`, or the faster `quick_check` unless thorough)."""
    from walkcoach.storage.store import connect_readonly

    health = Health(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():  # a link to nothing: every command refuses it
            from walkcoach.storage.store import dangling_link

            health.exists = True
            health.error = dangling_link(path)
        return health
    except OSError as error:
        health.exists = True
        health.error = f"cannot be read ({error.strerror})"
        return health
    health.exists = True
    health.is_file = path.is_file()
    health.size = status.st_size
    health.mode = status.st_mode & 0o777
    if not health.is_file or health.size == 0:
        return health
    try:
        with open(path, "rb") as handle:
            health.sqlite = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError as error:
        health.error = f"cannot be read ({error.strerror})"
        return health
    if not health.sqlite:
        return health
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as error:
        health.error = str(error)
        return health
    try:
        _read_schema(conn, health)
        check = "integrity_check" if thorough else "quick_check"
        found = [row[0] for row in conn.execute(f"PRAGMA {check}(20)")]
        health.integrity = [] if found == ["ok"] else found
        if thorough and not health.integrity and health.walkcoach:
            health.content = content_problems(conn, path, health.tables)
    except sqlite3.Error as error:
        health.error = str(error)
        health.locked = "locked" in str(error) or "busy" in str(error)
    finally:
        conn.close()
    return health


def _read_schema(conn: sqlite3.Connection, health: Health) -> None:
    health.user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    health.tables = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "_sqlite_migrations" in health.tables:
        health.migrations = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations "
                "WHERE migration_set = 'walkcoach' ORDER BY rowid"
            )
        ]
    if "entries" in health.tables:
        rows = conn.execute("SELECT kind, count(*) FROM entries GROUP BY kind")
        health.counts = {str(kind): int(count) for kind, count in rows}


def newest_good(backups: list[Backup]) -> tuple[Backup, Health] | None:
    """The newest backup that is a sound walkcoach database."""
    for backup in backups:
        health = inspect(backup.path, thorough=False)
        if health.sound:
            return backup, health
    return None


# -- what the rows hold (doctor) ------------------------------------------------------

MAX_LISTED = 5  # content problems of one kind named before "and N more"
_SETUP_OPTION = {
    "start_minutes": "--start-minutes N",
    "sessions": "--sessions N",
    "goal_minutes": "--goal N",
    "days_per_week": "--days-per-week N",
    "units": "--units km",
}


def content_problems(
    conn: sqlite3.Connection, db: Path, tables: set[str]
) -> list[tuple[str, str]]:
    """Rows walkcoach cannot use, each with its fix: settings of the wrong type,
    entries whose date-time cannot be read, safety answers naming unknown
    questions, undo records that are not JSON."""
    import json
    import shlex

    from walkcoach.storage.store import SETTING_TYPES, setting_value

    quoted = shlex.quote(str(db))
    found: list[tuple[str, str]] = []
    if not {"settings", "entries", "screenings", "changes"} <= tables:
        return found  # an older schema: checked after its upgrade
    conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        if key in SETTING_TYPES and setting_value(key, value) is None:
            found.append(
                (
                    f"the setting {key} is {value!r}, which walkcoach cannot use "
                    "(the default is used meanwhile)",
                    f"walkcoach setup {_SETUP_OPTION[key]}",
                )
            )
    bad = [
        (entry_id, at, day)
        for entry_id, at, day in conn.execute("SELECT id, at, date FROM entries")
        if not _sound_moment(at, day)
    ]
    for entry_id, at, day in bad[:MAX_LISTED]:
        found.append(
            (
                f"entry #{entry_id} has a date-time that cannot be read "
                f"({at!r}, day {day!r})",
                f'remove it: sqlite3 {quoted} "DELETE FROM entries WHERE id = '
                f'{entry_id}", then log it again',
            )
        )
    if len(bad) > MAX_LISTED:
        found.append(
            (f"{len(bad) - MAX_LISTED} more entries like these", "the same, each")
        )
    newest = conn.execute(
        "SELECT id, yes FROM screenings ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if newest is not None and not _known_answers(newest[1]):
        found.append(
            (
                f"the standing safety answers (#{newest[0]}) name questions this "
                f"walkcoach does not know ({newest[1]!r})",
                "answer the safety questions again: walkcoach check",
            )
        )
    for change_id, payload in conn.execute("SELECT id, payload FROM changes"):
        try:
            if not isinstance(json.loads(payload), dict):
                raise ValueError
        except (TypeError, ValueError):
            found.append(
                (
                    f"undo record #{change_id} cannot be read, so that change "
                    "cannot be undone",
                    f'forget it: sqlite3 {quoted} "DELETE FROM changes WHERE id = '
                    f'{change_id}"',
                )
            )
    return found


def _sound_moment(at: object, day: object) -> bool:
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return False
    return (
        moment.tzinfo is not None
        and 1900 <= moment.year <= 2200
        and moment.date().isoformat() == day
    )


def _known_answers(yes: object) -> bool:
    import json

    from walkcoach.core.guidance import QUESTION_BY_ID, SPLIT_IDS

    try:
        ids = json.loads(str(yes))
    except ValueError:
        return False
    return isinstance(ids, list) and all(
        i in QUESTION_BY_ID or i in SPLIT_IDS for i in ids
    )


# -- restore ------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What `restore` did: the copy put in place, and where the old file went."""

    backup: Health
    replaced: Health
    kept: Path | None


def restore(db: Path, backup: Path) -> Restored:
    """Put the sound walkcoach database `backup` in place of `db`, after keeping
    a copy of `db` (with its -wal) beside it as `db.before-restore-STAMP`."""
    import shutil

    from walkcoach.storage.files import protected_paths
    from walkcoach.storage.store import connect_readonly

    if Path(os.path.realpath(backup)) in protected_paths(db):
        raise WalkcoachError(f"{backup} is the database itself; give a backup file")
    copy = inspect(backup, thorough=True)
    if not copy.sound:
        why = (
            copy.error or "; ".join(copy.integrity or []) or "not a walkcoach database"
        )
        raise WalkcoachError(
            f"{backup} is not a sound walkcoach database ({why}); choose another "
            "backup (see: walkcoach doctor)"
        )
    live = inspect(db, thorough=False)
    kept: Path | None = None
    if live.exists:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = db.parent / f"{db.name}.before-restore-{stamp}"
        try:
            if live.sound:
                source = connect_readonly(db)
                try:
                    with private_temp(kept) as temp:
                        target = sqlite3.connect(temp)
                        try:
                            source.backup(target)
                            target.execute("PRAGMA journal_mode = DELETE")
                        finally:
                            target.close()
                finally:
                    source.close()
            else:  # damaged: keep its bytes as they are, side files too
                for side in ("", "-wal"):
                    if Path(f"{db}{side}").exists():
                        shutil.copyfile(f"{db}{side}", f"{kept}{side}")
        except (OSError, sqlite3.Error) as error:
            raise WalkcoachError(
                f"cannot keep a copy of {db} before the restore ({error}); "
                "nothing was changed"
            ) from None
    try:
        with private_temp(db) as temp:
            shutil.copyfile(backup, temp)
            for side in ("-wal", "-shm", "-journal"):
                # Kept above; replayed onto the restored file they would undo it.
                Path(f"{db}{side}").unlink(missing_ok=True)
    except OSError as error:
        raise WalkcoachError(
            f"cannot restore {backup} to {db} ({error.strerror}); nothing was changed"
        ) from None
    return Restored(copy, live, kept)
