"""The SQLite store: opening safely, entries, settings, screening, targets, undo.

Daily commands talk to SQLite through the standard library's sqlite3: a current
database is recognised by `PRAGMA user_version`, so sqlite-utils (whose import
costs about 60 ms, SPEC §8) is loaded only when a migration must run.
Every write is one `BEGIN IMMEDIATE` transaction, so a crash or a second
terminal can never leave half a change behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid as uuidlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from walkcoach.core.entries import FIELDS as ENTRY_COLUMNS
from walkcoach.core.entries import LARGEST_ID
from walkcoach.core.entries import from_record as entry_from_row
from walkcoach.core.entries import to_record as entry_to_row
from walkcoach.core.errors import DatabaseProblem, NotFound
from walkcoach.core.models import Dose, Entry, Screening, Settings, Status, Target
from walkcoach.core.models import Warning as Warn
from walkcoach.core.timer import Pause, Timer

SCHEMA_VERSION = 8  # the number of migrations in migrations.py
ONE_DAY = timedelta(days=1)


def _busy_timeout_ms() -> int:
    """How long to wait for another writer: $WALKCOACH_BUSY_TIMEOUT ms, or 5 s."""
    text = os.environ.get("WALKCOACH_BUSY_TIMEOUT", "")
    return int(text) if text.strip().isdigit() else 5000


BUSY_TIMEOUT_MS = _busy_timeout_ms()
SETTING_TYPES: dict[str, type] = {
    "start_minutes": int,
    "sessions": int,
    "goal_minutes": int,
    "days_per_week": int,
    "units": str,
    "region": str,
}
RESTORE_HINT = "run `walkcoach doctor` to check it, or restore a backup"


def _damaged(path: Path, what: str) -> DatabaseProblem:
    return DatabaseProblem(f"{path} {what}; {RESTORE_HINT}")


def open_store(path: Path, read_only: bool = False) -> Store:
    """Open (creating if needed, private to the user) and migrate the database.

    With `read_only` (a command that only reads), a missing database is not
    created and a file that cannot be written is read as a copy in memory.

    Nothing is written to an existing file until it is known to be a walkcoach
    database that this process may write: a hostile file is left byte for byte.
    """
    path = path.expanduser()
    if read_only:
        _check_kind(path)
        if not path.exists() or not _can_write(path):
            return _in_memory(path)
    _check_access(path)
    _create_private(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, factory=_Connection
        )
        conn.isolation_level = None  # we issue BEGIN/COMMIT ourselves
        conn.db_path = path  # type: ignore[attr-defined]  # for _translate
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Reading the schema also proves page 1 and the file header are sound.
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
    except (sqlite3.DatabaseError, DatabaseProblem) as error:
        if conn is not None:
            conn.close()
        if isinstance(error, DatabaseProblem):
            raise
        raise _classify(path, error) from None
    store = Store(conn, path)
    try:
        if version != SCHEMA_VERSION or "entries" not in tables:
            store._migrate(version, tables)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # WAL lets one terminal read while another writes (SPEC §2).
            conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        raise
    return store


def _in_memory(path: Path) -> Store:
    """For a command that only reads: the database at `path` copied into memory
    (or an empty one when there is no file), so that nothing is created or
    written on disk; targets it computes are kept in memory only."""
    conn = sqlite3.connect(":memory:", factory=_Connection)
    conn.isolation_level = None
    conn.db_path = path  # type: ignore[attr-defined]  # for _translate
    try:
        if path.exists():
            source = _read_only_source(path)
            try:
                source.backup(conn)
            finally:
                source.close()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _classify(path, error) from None
    store = Store(conn, path, in_memory=True)
    try:
        if version != SCHEMA_VERSION or "entries" not in tables:
            store._migrate(version, tables)
    except BaseException:
        conn.close()
        raise
    return store


def _read_only_source(path: Path) -> sqlite3.Connection:
    """A connection that reads `path` and writes nothing, not even the -shm
    SQLite makes beside a WAL database: a file whose changes all sit in the
    main file (no -wal with content) is opened as immutable."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return connect_readonly(path)  # its last changes are still in the -wal
    uri = path.absolute().as_uri()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True)


def _can_write(path: Path) -> bool:
    """True when walkcoach may write the database (and its journal) at `path`."""
    try:
        _check_access(path)
    except DatabaseProblem:
        return False
    return path.parent.exists()


def _check_kind(path: Path) -> None:
    """Refuse a link to nothing and a folder (nothing can be read there)."""
    if path.is_symlink() and not path.exists():
        raise DatabaseProblem(dangling_link(path))
    if path.is_dir():
        raise DatabaseProblem(
            f"{path} is a folder, not a database file; give a file with --db"
        )


def _check_access(path: Path) -> None:
    """Refuse a folder, a read-only file or folder, before SQLite opens it."""
    try:
        _check_kind(path)
        folder = path.parent
        if folder.exists() and os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise DatabaseProblem(
                f"{path} is on a read-only filesystem; copy it somewhere writable "
                "and open the copy with --db"
            )
        if path.exists() and not _writable(path):
            raise DatabaseProblem(
                f"cannot write to {path} (a read-only file); make it writable "
                f"(chmod u+w {path}) or choose another file with --db"
            )
        if folder.exists() and not _writable(folder):
            raise DatabaseProblem(
                f"cannot write in {folder} (a read-only folder: SQLite keeps its "
                "journal beside the database); make it writable or choose another "
                "place with --db"
            )
    except OSError as error:
        raise DatabaseProblem(
            f"cannot open {path}: {error.strerror}; check the permissions of the "
            "file and its folder, or choose another file with --db"
        ) from None


def dangling_link(path: Path) -> str:
    """Why a symbolic link to nothing is not opened (nor created through)."""
    return (
        f"{path} is a link to {os.readlink(path)}, which does not exist; fix the "
        "link, or give the database file with --db"
    )


def _writable(path: Path) -> bool:
    """Writable by us, and not marked read-only (which root would ignore)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, raising SQLite's own errors
    (for `doctor`, which must read a damaged file without touching it)."""
    uri = path.expanduser().absolute().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as error:
        read_only_fs = os.statvfs(path.expanduser().parent).f_flag & os.ST_RDONLY
        if "unable to open" not in str(error) or not read_only_fs:
            return conn  # the caller's first query meets the error and reports it
        # A WAL database on a read-only filesystem cannot make its -shm file:
        # read it as it is on disk instead (nothing else can be writing there).
        conn.close()
        conn = sqlite3.connect(uri + "?immutable=1", uri=True)
    return conn


def _create_private(path: Path) -> None:
    """Create the folder 0700 and the file 0600 before SQLite touches them."""
    if path.exists():
        return
    try:
        from walkcoach.storage.files import make_private_dirs

        make_private_dirs(path.parent)  # every missing folder 0700, whatever the umask
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another process created it first
    except OSError as error:
        raise DatabaseProblem(
            f"cannot create {path}: {error.strerror}; choose another place with "
            "--db or WALKCOACH_DB"
        ) from None


def _classify(path: Path, error: sqlite3.DatabaseError) -> DatabaseProblem:
    """One line that says what is wrong with the file and what to do."""
    text = str(error)
    if disk_full(path, error):
        # Not damage: SQLite rolled the change back, the file is as it was.
        return DatabaseProblem(full_disk_message(path))
    if "locked" in text or "busy" in text:
        return DatabaseProblem(
            f"{path} is locked by another program (waited "
            f"{BUSY_TIMEOUT_MS / 1000:g} s); close it, or try again in a moment"
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem(
            f"cannot write to {path} (read-only file or folder); check its "
            "permissions, or use --db to choose another file"
        )
    if "unable to open" in text:
        return DatabaseProblem(
            f"cannot open {path}; check the permissions of the file and its "
            "folder, or use --db to choose another file"
        )
    if "not a database" in text:
        return _damaged(path, "is not a walkcoach database (not an SQLite file)")
    if "malformed" in text or "corrupt" in text:
        return _damaged(path, "is damaged (SQLite: database disk image is malformed)")
    if "I/O" in text:
        return _damaged(path, "could not be read or written (disk I/O error)")
    return _damaged(path, f"cannot be read ({text})")


def full_disk_message(path: Path) -> str:
    """What a full disk means for the database (one wording everywhere)."""
    return f"the disk is full ({path}): free some space and try again; nothing was lost"


def disk_full(path: Path, error: sqlite3.DatabaseError) -> bool:
    """SQLITE_FULL, or an I/O error on a filesystem with no space left."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error):
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        return os.statvfs(path.expanduser().absolute().parent).f_bavail == 0
    except OSError:
        return False


# Errors about our SQL or data rather than the file: left as they are.
_PASSED_ON = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


class _Cursor(sqlite3.Cursor):
    """A cursor that reports a damaged, locked or unwritable file in one line.

    A database can be damaged anywhere: a page read in the middle of a
    command must end in `Error: …`, not a traceback (SPEC §4).
    """

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        try:
            return super().execute(sql, parameters)
        except _PASSED_ON:
            raise
        except sqlite3.DatabaseError as error:
            raise _translate(self.connection, error) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except _PASSED_ON:
            raise
        except sqlite3.DatabaseError as error:
            raise _translate(self.connection, error) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except _PASSED_ON:
            raise
        except sqlite3.DatabaseError as error:
            raise _translate(self.connection, error) from None

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except _PASSED_ON:
            raise
        except sqlite3.DatabaseError as error:
            raise _translate(self.connection, error) from None


class _Connection(sqlite3.Connection):
    """A connection whose statements run on `_Cursor`s."""

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        return self.cursor(_Cursor).execute(sql, parameters)


def _translate(conn: sqlite3.Connection, error: sqlite3.DatabaseError) -> Exception:
    """The DatabaseProblem for an error on `conn`'s file."""
    return _classify(getattr(conn, "db_path", Path("the database")), error)


class Store:
    """One open walkcoach database."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, in_memory: bool = False
    ) -> None:
        self.conn = conn
        self.path = path
        self.in_memory = in_memory  # a read-only copy: nothing reaches the disk
        # True once a change of the user's (not a cached target) is committed:
        # whatever fails afterwards, the command must say it was saved.
        self.changed = False
        self._change_pending = False

    # -- opening -----------------------------------------------------------

    def _migrate(self, version: int, tables: set[str]) -> None:
        if tables and not self._is_walkcoach(tables):
            raise DatabaseProblem(
                f"{self.path} is an SQLite file of another program, not a "
                "walkcoach database; choose another file with --db"
            )
        if version > SCHEMA_VERSION:
            raise DatabaseProblem(
                f"{self.path} was made by a newer walkcoach; upgrade walkcoach"
            )
        if tables and "entries" not in tables:
            raise _damaged(self.path, "is missing its tables")
        if tables and self.has_entries() and not self.in_memory:
            from walkcoach.storage.backup import backup_before

            backup_before(self, "migration")
        from sqlite_utils import Database

        from walkcoach.storage.migrations import migrations

        # Under the write lock, so that two first runs cannot both migrate.
        with self.transaction():
            if self.conn.execute("PRAGMA user_version").fetchone()[0] == version:
                migrations.apply(Database(self.conn, execute_plugins=False))

    def _is_walkcoach(self, tables: set[str]) -> bool:
        """True when the migrations table records walkcoach's own migrations."""
        if "_sqlite_migrations" not in tables:
            return False
        row = self.conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'walkcoach'"
        ).fetchone()
        return row is not None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise _classify(self.path, error) from None
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except (sqlite3.DatabaseError, DatabaseProblem) as error:
            self._rollback()
            if isinstance(error, DatabaseProblem):
                raise
            raise _classify(self.path, error) from None
        self.changed = self.changed or self._change_pending
        self._change_pending = False

    def _rollback(self) -> None:
        self._change_pending = False
        # SQLite may already have rolled back (a full disk, an I/O error).
        if self.conn.in_transaction:
            with suppress(sqlite3.DatabaseError, DatabaseProblem):
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    # -- entries -----------------------------------------------------------

    def has_entries(self) -> bool:
        """True once anything is logged (without counting a long history)."""
        # max(id) is one seek (SEARCH); `LIMIT 1` would be planned as a SCAN.
        newest = self.conn.execute("SELECT max(id) FROM entries").fetchone()[0]
        return newest is not None

    def count_entries(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def count_known(self, uuids: Iterable[str]) -> int:
        """How many of `uuids` the database already holds."""
        found = 0
        batch = list(uuids)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found += self.conn.execute(
                f"SELECT count(*) FROM entries WHERE uuid IN ({marks})", chunk
            ).fetchone()[0]
        return found

    def iter_all(self) -> Iterator[dict[str, Any]]:
        """Every entry as its row (ENTRY_COLUMNS), oldest id first, streamed from
        one read snapshot: memory stays flat however long the history."""
        columns = ", ".join(ENTRY_COLUMNS)
        return _dicts(self.conn.execute(f"SELECT {columns} FROM entries ORDER BY id"))

    def get(self, entry_id: int) -> Entry:
        """The entry with this id; -1 means the newest entry."""
        if entry_id == -1:
            # max(id) is one seek down the rowid b-tree (SEARCH, never a SCAN).
            sql = "SELECT * FROM entries WHERE id = (SELECT max(id) FROM entries)"
            row = self._query_one(sql, ())
        else:
            row = self._query_one("SELECT * FROM entries WHERE id = ?", (entry_id,))
        if row is None:
            if entry_id == -1:
                raise NotFound("there are no entries yet (see: walkcoach log --help)")
            raise NotFound(f"no entry with id {entry_id} (see: walkcoach history)")
        return _entry(self.path, row)

    def between(self, first: date, last: date) -> list[Entry]:
        """Entries on the days first..last (both included), oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM entries WHERE date BETWEEN ? AND ? ORDER BY date, at, id",
            (first.isoformat(), last.isoformat()),
        )
        return [_entry(self.path, row) for row in _dicts(rows)]

    def last(self, count: int, until: date | None = None) -> list[Entry]:
        """The newest `count` entries (on or before `until`), oldest first."""
        bound = (until or date.max).isoformat()
        rows = self.conn.execute(
            "SELECT * FROM entries WHERE date <= ? ORDER BY date DESC, at DESC, "
            "id DESC LIMIT ?",
            (bound, count),
        )
        return [_entry(self.path, row) for row in reversed(list(_dicts(rows)))]

    def first_day(self) -> date | None:
        row = self.conn.execute("SELECT min(date) FROM entries").fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def add(
        self,
        entry: Entry,
        summary: str,
        screening: Screening | None = None,
        stopping: Timer | None = None,
    ) -> Entry:
        """Record a new entry (undoable), with the safety answers it gave if any
        (numbness in both legs): one change, so undo takes back both.

        With `stopping`, the entry is that timed walk: the timer goes in the same
        transaction (undo brings it back), and only if it is still the one running.
        """
        stored = replace(entry, uuid=entry.uuid or str(uuidlib.uuid4()))
        with self.transaction():
            extra: dict[str, Any] = {}
            if stopping is not None:
                self._take_timer(stopping)
                extra["timer"] = timer_to_row(stopping)
            stored = self._insert(stored)
            if screening is not None and screening.at is not None:
                extra["screenings"] = [self._insert_screening(screening)]
            action = "log" if stopping is None else "stop"
            self._journal(action, summary, [(None, stored)], extra)
        return stored

    def add_all(self, entries: Sequence[Entry], summary: str) -> list[Entry]:
        """Record several new entries (a planned break) in one transaction and
        one change, so that one undo takes them all back."""
        with self.transaction():
            stored = [
                self._insert(replace(e, uuid=e.uuid or str(uuidlib.uuid4())))
                for e in entries
            ]
            self._journal("log", summary, [(None, e) for e in stored])
        return stored

    # -- the walk being timed ----------------------------------------------------

    def timer(self) -> Timer | None:
        """The walk being timed, if any."""
        row = self._query_one("SELECT * FROM timer WHERE slot = 1", ())
        return None if row is None else timer_from_row(row)

    def swap_timer(
        self, before: Timer | None, after: Timer | None, action: str, summary: str
    ) -> Timer | None:
        """Replace the running walk `before` (None: no walk) by `after` (None: no
        walk), undoably, in one transaction. If the running walk is no longer
        `before` (another terminal was quicker), nothing is written and the
        running walk is returned; None means done."""
        with self.transaction():
            current = self.timer()
            if _timer_row(current) != _timer_row(before):
                return current
            self.conn.execute("DELETE FROM timer")
            if after is not None:
                # The primary key (slot = 1) is the last guard: one running walk.
                self._put_timer(after)
            self._record(action, summary, {"timer": _timer_row(before)})
        return None

    def _take_timer(self, expected: Timer) -> None:
        """Remove the running walk, which must be `expected`."""
        current = self.timer()
        if _timer_row(current) != _timer_row(expected):
            from walkcoach.core.timer import changed_meanwhile

            raise changed_meanwhile()
        self.conn.execute("DELETE FROM timer")

    def _put_timer(self, timer: Timer) -> None:
        row = timer_to_row(timer)
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT INTO timer (slot, {names}) VALUES (1, {marks})",
            tuple(row.values()),
        )

    def update(self, before: Entry, after: Entry, summary: str) -> Entry:
        """Replace one entry's fields (undoable)."""
        with self.transaction():
            self._write(after)
            self._journal("edit", summary, [(before, after)])
        return after

    def delete(self, entry: Entry, summary: str) -> None:
        """Remove one entry (undoable)."""
        with self.transaction():
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry.id,))
            self._journal("delete", summary, [(entry, None)])

    def add_many(
        self, entries: Iterable[Entry], summary: str, keep_ids: bool = False
    ) -> int:
        """Insert entries whose UUID is new, in one undoable transaction.

        With `keep_ids`, an entry keeps its id where no entry has it yet (so an
        export imported into an empty database exports the same again).
        """
        added: list[str] = []
        with self.transaction():
            for entry in entries:
                exists = self.conn.execute(
                    "SELECT 1 FROM entries WHERE uuid = ?", (entry.uuid,)
                ).fetchone()
                if exists:
                    continue
                taken = (
                    not keep_ids
                    or entry.id is None
                    # A huge id would make SQLite pick the next ones at random,
                    # and `-1` (the newest, max(id)) name the imported entry.
                    or entry.id > LARGEST_ID
                    or self.conn.execute(
                        "SELECT 1 FROM entries WHERE id = ?", (entry.id,)
                    ).fetchone()
                )
                self._insert(entry, keep_id=not taken)
                added.append(entry.uuid)
            if added:
                self._record("import", summary, {"added": added})
        return len(added)

    def known_uuids(self, uuids: Iterable[str]) -> set[str]:
        """Those of `uuids` that some entry already has."""
        found: set[str] = set()
        batch = list(uuids)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"SELECT uuid FROM entries WHERE uuid IN ({marks})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def import_walks(
        self, added: list[Entry], merged: list[tuple[Entry, Entry]], summary: str
    ) -> list[Entry]:
        """Add new walks and rewrite merged ones (before, after) in one
        transaction; one undo takes all of it back (the database's triggers
        drop the stored targets they change). The added, with their ids."""
        stored: list[Entry] = []
        with self.transaction():
            for entry in added:
                stored.append(self._insert(entry, keep_id=False))
            for _, after in merged:
                self._write(after)
            self._record(
                "import",
                summary,
                {
                    "added": [entry.uuid for entry in stored],
                    "items": [
                        {"before": entry_to_row(b), "after": entry_to_row(a)}
                        for b, a in merged
                    ],
                },
            )
        return stored

    def _insert(self, entry: Entry, keep_id: bool = True) -> Entry:
        row = entry_to_row(entry)
        if entry.id is None or not keep_id:
            del row["id"]
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO entries ({names}) VALUES ({marks})", tuple(row.values())
        )
        return replace(entry, id=cursor.lastrowid)

    def _write(self, entry: Entry) -> None:
        """Insert or overwrite the entry with this id, as an UPDATE where it
        exists: the triggers of m003 then see both its old and its new day."""
        row = entry_to_row(entry)
        self.conn.execute(
            "DELETE FROM entries WHERE uuid = ? AND id IS NOT ?", (entry.uuid, entry.id)
        )
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != "id")
        self.conn.execute(
            f"INSERT INTO entries ({names}) VALUES ({marks}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            tuple(row.values()),
        )

    def _query_one(self, sql: str, args: Sequence[Any]) -> dict[str, Any] | None:
        rows = list(_dicts(self.conn.execute(sql, args)))
        return rows[0] if rows else None

    # -- undo journal --------------------------------------------------------

    def _journal(
        self,
        action: str,
        summary: str,
        pairs: list[tuple[Entry | None, Entry | None]],
        extra: dict[str, Any] | None = None,
    ) -> None:
        items = [
            {
                "before": None if b is None else entry_to_row(b),
                "after": None if a is None else entry_to_row(a),
            }
            for b, a in pairs
        ]
        self._record(action, summary, {"items": items, **(extra or {})})

    def _record(self, action: str, summary: str, payload: dict[str, Any]) -> None:
        self._change_pending = True
        self.conn.execute(
            "INSERT INTO changes (at, action, summary, payload) VALUES (?, ?, ?, ?)",
            (
                datetime.now().astimezone().isoformat(),
                action,
                summary,
                json.dumps(payload),
            ),
        )

    def undo(self) -> tuple[str, str] | None:
        """Revert the newest change; its (action, summary), or None if none."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, action, summary, payload FROM changes "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            change_id, action, summary, payload = row
            self._change_pending = True
            try:
                data = json.loads(payload)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
            except ValueError:
                raise DatabaseProblem(
                    f"{self.path}: the newest change in the undo history (#{change_id}"
                    f", {_short(summary)}) cannot be read; run `walkcoach doctor`"
                ) from None
            for item in reversed(data.get("items", [])):
                before, after = item["before"], item["after"]
                if after is not None:
                    self.conn.execute(
                        "DELETE FROM entries WHERE uuid = ?", (after["uuid"],)
                    )
                if before is not None:
                    self._write(entry_from_row(before))
            added = data.get("added", [])
            for start in range(0, len(added), 500):
                chunk = added[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                self.conn.execute(f"DELETE FROM entries WHERE uuid IN ({marks})", chunk)
            if "timer" in data:  # start, stop, pause, resume, cancel
                self.conn.execute("DELETE FROM timer")
                if data["timer"] is not None:
                    self._put_timer(timer_from_row(data["timer"]))
            for screening_id in data.get("screenings", []):
                self.conn.execute(
                    "DELETE FROM screenings WHERE id = ?", (screening_id,)
                )
            self.conn.execute("DELETE FROM changes WHERE id = ?", (change_id,))
        return action, summary

    # -- settings and screening -------------------------------------------------

    def settings(self) -> Settings:
        values: dict[str, Any] = {}
        for key, value in self.conn.execute("SELECT key, value FROM settings"):
            parsed = setting_value(key, value)
            if parsed is not None:
                values[key] = parsed
        # A setting that cannot be read counts as unset: the default is used and
        # `doctor` names it with its fix.
        return Settings(**values, configured=bool(values))

    def save_settings(self, settings: Settings, effective: date) -> None:
        """Store the program; targets from `effective` on are recomputed."""
        with self.transaction():
            self._change_pending = True
            for key in SETTING_TYPES:
                self.conn.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    (key, str(getattr(settings, key))),
                )
            # The trigger of m003 drops the targets from this day on.
            self.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('changed_on', ?)",
                (effective.isoformat(),),
            )

    def screenings(self) -> list[Screening]:
        """Every screening ever answered, oldest first (its yes answers)."""
        found = []
        for at, yes in self.conn.execute("SELECT at, yes FROM screenings ORDER BY id"):
            screening = screening_from_row(at, yes)
            if screening is not None:
                found.append(screening)
        return found

    def standing_screening(self) -> Screening | None:
        """The newest answers that can be read, or None."""
        rows = self.conn.execute("SELECT at, yes FROM screenings ORDER BY id DESC")
        for at, yes in rows:
            screening = screening_from_row(at, yes)
            if screening is not None:
                return screening
        return None

    def latest_answers(self) -> list[str] | None:
        """The ids answered yes in the newest screening, or None before any."""
        standing = self.standing_screening()
        return None if standing is None else [*standing.urgent, *standing.caution]

    def save_screening(self, screening: Screening, cleared: Sequence[str] = ()) -> None:
        """Store new answers, and the ones a clinician has cleared (recorded at
        the same time); targets from that day on are recomputed."""
        assert screening.at is not None
        with self.transaction():
            self._change_pending = True
            self._insert_screening(screening)
            self._insert_clearances(cleared, screening.at)

    def clearances(self) -> list[tuple[str, datetime]]:
        """Every clearance recorded (question id, when), oldest first."""
        return [
            (question, datetime.fromisoformat(at))
            for at, question in self.conn.execute(
                "SELECT at, question FROM clearances ORDER BY id"
            )
        ]

    def save_clearances(self, questions: Sequence[str], at: datetime) -> None:
        """Record that a clinician has cleared these caution answers; targets
        from that day on are recomputed."""
        with self.transaction():
            self._insert_clearances(questions, at)  # m005's trigger drops targets

    def _insert_clearances(self, questions: Sequence[str], at: datetime) -> None:
        for question in questions:
            self.conn.execute(
                "INSERT INTO clearances (at, question) VALUES (?, ?)",
                (at.isoformat(), question),
            )

    def _insert_screening(self, screening: Screening) -> int:
        assert screening.at is not None
        yes = sorted(screening.urgent + screening.caution)
        cursor = self.conn.execute(
            "INSERT INTO screenings (at, yes) VALUES (?, ?)",
            (screening.at.isoformat(), json.dumps(yes)),
        )
        return int(cursor.lastrowid or 0)

    # -- reminders ----------------------------------------------------------------

    def last_reminded(self) -> datetime | None:
        """When `walkcoach remind` last said something (None: never)."""
        row = self.conn.execute("SELECT max(at) FROM reminders").fetchone()
        return datetime.fromisoformat(row[0]) if row[0] else None

    def save_reminded(self, at: datetime) -> None:
        """Remember a reminder; only the newest is kept (not undoable: not data)."""
        with self.transaction():
            self.conn.execute("DELETE FROM reminders")
            self.conn.execute(
                "INSERT INTO reminders (at) VALUES (?)", (at.isoformat(),)
            )

    # -- targets ------------------------------------------------------------------

    def targets_between(self, first: date, last: date) -> dict[date, Target]:
        found = self._targets(
            "SELECT * FROM targets WHERE date BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        )
        return {t.date: t for t in found}

    def doses_between(self, first: date, last: date) -> dict[date, Target]:
        """The stored targets of first..last with only their status and dose
        (no reason, warnings or engine state): enough to count days on plan,
        at a fraction of the cost. Never hand these to the engine."""
        rows = self.conn.execute(
            "SELECT date, status, sessions, minutes, walks, goal_minutes FROM targets "
            "WHERE date BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        )
        found: dict[date, Target] = {}
        for day, status, sessions, minutes, walks, goal in rows:
            try:
                target = Target(
                    date=date.fromisoformat(day),
                    status=Status(status),
                    dose=_dose_from(
                        sessions, minutes, json.loads(walks) if walks else None
                    ),
                    goal_minutes=goal,
                    reason="",
                )
            except (ValueError, TypeError):
                continue  # a row the full read will drop and recompute
            found[target.date] = target
        return found

    def run_before(self, monday: date, since: date) -> tuple[date, int] | None:
        """The newest stored run of days on plan ending on a Sunday from `since`
        to the day before `monday`: (that Sunday, the run's length)."""
        row = self.conn.execute(
            "SELECT date, run FROM targets WHERE date >= ? AND date < ? "
            "AND run IS NOT NULL AND strftime('%w', date) = '0' "
            "ORDER BY date DESC LIMIT 1",
            (since.isoformat(), monday.isoformat()),
        ).fetchone()
        if row is None or not isinstance(row[1], int):
            return None
        try:
            return date.fromisoformat(row[0]), row[1]
        except (TypeError, ValueError):
            return None

    def save_runs(self, runs: dict[date, int]) -> None:
        """Remember the run of days on plan ending on each of these days (kept
        on their stored targets, and dropped with them)."""
        if not runs:
            return
        with self.transaction():
            for day, run in runs.items():
                self.conn.execute(
                    "UPDATE targets SET run = ? WHERE date = ?", (run, day.isoformat())
                )

    def latest_target(self, until: date) -> Target | None:
        """The newest stored target on or before `until`."""
        sql = "SELECT * FROM targets WHERE date <= ? ORDER BY date DESC LIMIT ?"
        found = self._targets(sql, (until.isoformat(), 1))
        if not found and self._broken_target:
            # The newest could not be read (dropped, or skipped when read-only):
            # a few rows further back.
            found = self._targets(sql, (until.isoformat(), 8))
        return max(found, key=lambda t: t.date) if found else None

    def _targets(self, sql: str, args: Sequence[Any]) -> list[Target]:
        """Stored targets are a cache: a row that cannot be read (bad UTF-8, bad
        JSON) is dropped with every target after it, to be recomputed."""
        self.conn.text_factory = bytes
        try:
            rows = list(_dicts(self.conn.execute(sql, args)))
        finally:
            self.conn.text_factory = str
        targets: list[Target] = []
        broken: str | None = None
        for row in rows:
            try:
                text = {
                    k: v.decode() if isinstance(v, bytes) else v for k, v in row.items()
                }
                targets.append(target_from_row(text))
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                day = row.get("date")
                shown = day.decode(errors="replace") if isinstance(day, bytes) else ""
                broken = shown if broken is None else min(broken, shown)
        if broken is not None:
            self._broken_target = True
            self._forget_targets(broken)
            return self._targets(sql, args) if self._cache_writable else targets
        return targets

    _cache_writable = True
    _broken_target = False

    def _forget_targets(self, first: str) -> None:
        try:
            with self.transaction():
                self.conn.execute("DELETE FROM targets WHERE date >= ?", (first,))
                if not first:
                    self.conn.execute("DELETE FROM targets")
        except DatabaseProblem:
            self._cache_writable = False  # read-only: computed again in memory

    def save_targets(self, targets: Iterable[Target]) -> None:
        with self.transaction():
            for target in targets:
                row = target_to_row(target)
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                self.conn.execute(
                    f"INSERT OR REPLACE INTO targets ({names}) VALUES ({marks})",
                    tuple(row.values()),
                )


def setting_value(key: str, value: Any) -> Any:
    """A stored setting as its type, or None when unknown or unreadable."""
    kind = SETTING_TYPES.get(key)
    if kind is None:
        return None
    try:
        parsed = kind(value)
    except (TypeError, ValueError):
        return None
    if kind is int and parsed <= 0:
        return None
    if key == "units" and parsed not in ("km", "mi"):
        return None
    return parsed


def screening_from_row(at: Any, yes: Any) -> Screening | None:
    """Stored safety answers, or None when the row cannot be read; an answer id
    this walkcoach does not know is left out (no rule could use it)."""
    from walkcoach.core.guidance import (
        QUESTION_BY_ID,
        SPLIT_IDS,
        screening_from_answers,
    )

    try:
        ids = json.loads(yes)
        moment = datetime.fromisoformat(at)
        if not isinstance(ids, list) or moment.tzinfo is None:
            return None
    except (TypeError, ValueError):
        return None
    known = [i for i in ids if i in QUESTION_BY_ID or i in SPLIT_IDS]
    return screening_from_answers(known, moment, stored=True)


def _short(text: Any) -> str:
    shown = str(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _entry(path: Path, row: dict[str, Any]) -> Entry:
    """entry_from_row, or one line naming the entry that cannot be read."""
    try:
        return entry_from_row(row)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise DatabaseProblem(
            f"{path}: entry #{row.get('id')} cannot be read ({_short(error)}); "
            "run `walkcoach doctor`"
        ) from None


def _dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def timer_to_row(timer: Timer) -> dict[str, Any]:
    """A running walk as the columns of the timer table."""
    return {
        "started": timer.started.isoformat(),
        "aim_minutes": timer.aim_minutes,
        "longest_planned": timer.longest_planned,
        "pain_before": timer.pain_before,
        "pauses": json.dumps(
            [
                [p.start.isoformat(), None if p.end is None else p.end.isoformat()]
                for p in timer.pauses
            ]
        ),
    }


def _timer_row(timer: Timer | None) -> dict[str, Any] | None:
    return None if timer is None else timer_to_row(timer)


def timer_from_row(row: dict[str, Any]) -> Timer:
    """The inverse of timer_to_row."""
    return Timer(
        started=datetime.fromisoformat(row["started"]),
        aim_minutes=row["aim_minutes"],
        longest_planned=row["longest_planned"],
        pain_before=row["pain_before"],
        pauses=tuple(
            Pause(
                datetime.fromisoformat(start),
                None if end is None else datetime.fromisoformat(end),
            )
            for start, end in json.loads(row["pauses"])
        ),
    )


def _dose_json(dose: Dose | None) -> str | None:
    """`previous` as [sessions, minutes], with the walks when they differ."""
    if dose is None:
        return None
    if dose.even:
        return json.dumps([dose.sessions, dose.minutes])
    return json.dumps([dose.sessions, dose.minutes, list(dose.walks)])


def _dose_from(sessions: int, minutes: int, walks: Any = None) -> Dose:
    if walks:
        return Dose.of(int(w) for w in walks)
    return Dose(sessions, minutes)


def target_to_row(target: Target) -> dict[str, Any]:
    from walkcoach.core.plan import state_to_json

    return {
        "date": target.date.isoformat(),
        "status": target.status.value,
        "sessions": target.dose.sessions,
        "minutes": target.dose.minutes,
        "walks": None if target.dose.even else json.dumps(list(target.dose.walks)),
        "goal_minutes": target.goal_minutes,
        "reason": target.reason,
        "warnings": json.dumps(
            [[w.level.value, w.message, w.code] for w in target.warnings]
        ),
        "previous": _dose_json(target.previous),
        "state": state_to_json(target.state),
    }


def target_from_row(row: dict[str, Any]) -> Target:
    from walkcoach.core.models import Level
    from walkcoach.core.plan import state_from_json

    previous = json.loads(row["previous"]) if row["previous"] else None
    return Target(
        date=date.fromisoformat(row["date"]),
        status=Status(row["status"]),
        dose=_dose_from(
            row["sessions"],
            row["minutes"],
            json.loads(row["walks"]) if row.get("walks") else None,
        ),
        goal_minutes=row["goal_minutes"],
        reason=row["reason"],
        warnings=tuple(
            Warn(Level(level), message, code)
            for level, message, code in json.loads(row["warnings"])
        ),
        previous=None if previous is None else _dose_from(*previous),
        state=state_from_json(row["state"]),
    )
