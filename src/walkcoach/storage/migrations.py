"""The schema, as append-only sqlite-utils migrations. Never edit an applied one.

Each migration ends by setting `PRAGMA user_version` to its number, so the store
can tell a current database without importing sqlite-utils (about 60 ms, SPEC §8).
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("walkcoach")


@migrations()
def m001_entries(db: Database) -> None:
    """Walks, check-ins and rest days; program settings; the undo journal."""
    db.execute(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('walk', 'pain', 'rest', 'flare')),
            at TEXT NOT NULL,
            date TEXT NOT NULL,
            minutes REAL,
            pain_before INTEGER,
            pain_after INTEGER,
            pain INTEGER,
            distance_km REAL,
            steps INTEGER,
            symptoms TEXT,
            note TEXT
        )
        """
    )
    # Every daily read is a window of days: keep it an index range scan.
    db.execute("CREATE INDEX entries_by_date ON entries (date, at)")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            payload TEXT NOT NULL
        )
        """
    )
    db.execute("PRAGMA user_version = 1")


@migrations()
def m002_coach(db: Database) -> None:
    """Safety screening answers and the stored daily targets of the plan."""
    db.execute(
        """
        CREATE TABLE screenings (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            yes TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE targets (
            date TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            sessions INTEGER NOT NULL,
            minutes INTEGER NOT NULL,
            goal_minutes INTEGER NOT NULL,
            reason TEXT NOT NULL,
            warnings TEXT NOT NULL,
            previous TEXT,
            state TEXT NOT NULL
        )
        """
    )
    db.execute("PRAGMA user_version = 2")
