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


# Stored targets are a cache of the engine's output: a day's target depends on
# the entries before it, the safety answers and the settings in force. These
# triggers drop every target a change can affect, whichever code wrote it, so no
# write path can leave a stale target behind (tests/test_invalidation.py).
# Entries: the targets after the entry's day. Safety answers: from their day on.
# Settings: from the day named by the `changed_on` row the store writes with them.
TARGET_TRIGGERS = """
CREATE TRIGGER targets_after_entry_insert AFTER INSERT ON entries BEGIN
    DELETE FROM targets WHERE date > NEW.date;
END;
CREATE TRIGGER targets_after_entry_update AFTER UPDATE ON entries BEGIN
    DELETE FROM targets WHERE date > min(OLD.date, NEW.date);
END;
CREATE TRIGGER targets_after_entry_delete AFTER DELETE ON entries BEGIN
    DELETE FROM targets WHERE date > OLD.date;
END;
CREATE TRIGGER targets_after_screening_insert AFTER INSERT ON screenings BEGIN
    DELETE FROM targets WHERE date >= substr(NEW.at, 1, 10);
END;
CREATE TRIGGER targets_after_screening_delete AFTER DELETE ON screenings BEGIN
    DELETE FROM targets WHERE date >= substr(OLD.at, 1, 10);
END;
CREATE TRIGGER targets_after_settings_insert AFTER INSERT ON settings
WHEN NEW.key = 'changed_on' BEGIN
    DELETE FROM targets WHERE date >= NEW.value;
END;
CREATE TRIGGER targets_after_settings_update AFTER UPDATE ON settings
WHEN NEW.key = 'changed_on' BEGIN
    DELETE FROM targets WHERE date >= NEW.value;
END;
"""


@migrations()
def m003_target_triggers(db: Database) -> None:
    """Stored targets are dropped by the database itself when what feeds them
    changes (entries, safety answers, settings)."""
    # One statement at a time: executescript would commit the migration's
    # transaction half-way.
    for trigger in TARGET_TRIGGERS.split("END;")[:-1]:
        db.execute(trigger + "END;")
    db.execute("PRAGMA user_version = 3")


@migrations()
def m004_reminders(db: Database) -> None:
    """When `walkcoach remind` last reminded, so that it keeps quiet a while."""
    db.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
    db.execute("PRAGMA user_version = 4")


@migrations()
def m005_clearances(db: Database) -> None:
    """A clinician's clearance of a caution answer, with when it was recorded;
    a clearance (or its removal) drops the targets from its day on."""
    db.execute(
        """
        CREATE TABLE clearances (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            question TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER targets_after_clearance_insert AFTER INSERT ON clearances
        BEGIN
            DELETE FROM targets WHERE date >= substr(NEW.at, 1, 10);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER targets_after_clearance_delete AFTER DELETE ON clearances
        BEGIN
            DELETE FROM targets WHERE date >= substr(OLD.at, 1, 10);
        END
        """
    )
    db.execute("PRAGMA user_version = 5")


@migrations()
def m006_timer(db: Database) -> None:
    """The walk being timed (`walkcoach start`): at most one, in the database so
    that a second terminal sees it and two cannot both start one."""
    db.execute(
        """
        CREATE TABLE timer (
            slot INTEGER PRIMARY KEY CHECK (slot = 1),
            started TEXT NOT NULL,
            aim_minutes INTEGER NOT NULL,
            longest_planned INTEGER NOT NULL,
            pain_before INTEGER,
            pauses TEXT NOT NULL
        )
        """
    )
    db.execute("PRAGMA user_version = 6")


# A day's own target now reads that day's first pain reading and a rest or
# flare-up mark (SPEC §6: a raised morning lowers that same day's target), so
# an entry drops the targets from its own day on, not only those after it.
ENTRY_TRIGGERS_FROM_THE_DAY = """
CREATE TRIGGER targets_after_entry_insert AFTER INSERT ON entries BEGIN
    DELETE FROM targets WHERE date >= NEW.date;
END;
CREATE TRIGGER targets_after_entry_update AFTER UPDATE ON entries BEGIN
    DELETE FROM targets WHERE date >= min(OLD.date, NEW.date);
END;
CREATE TRIGGER targets_after_entry_delete AFTER DELETE ON entries BEGIN
    DELETE FROM targets WHERE date >= OLD.date;
END;
"""


@migrations()
def m007_target_walks(db: Database) -> None:
    """A target's planned walks when they differ in length (SPEC §6 rule 4):
    a JSON list, longest first; NULL when every walk is `minutes` long, so the
    targets stored before read as they were. Entry triggers drop the entry's
    own day's target too."""
    db.execute("ALTER TABLE targets ADD COLUMN walks TEXT")
    for name in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER targets_after_entry_{name}")
    for trigger in ENTRY_TRIGGERS_FROM_THE_DAY.split("END;")[:-1]:
        db.execute(trigger + "END;")
    # Targets stored before could miss their own day's first reading.
    db.execute("DELETE FROM targets")
    db.execute("PRAGMA user_version = 7")


@migrations()
def m008_target_runs(db: Database) -> None:
    """The run of days on plan that ends on a (Sunday's) target, so that the
    dashboard's streak reads only the days since: dropped with its target by the
    same triggers whenever something it counted changes."""
    db.execute("ALTER TABLE targets ADD COLUMN run INTEGER")
    db.execute("PRAGMA user_version = 8")
