"""The schema: applied on open, append-only, and keeping every row."""

import shutil
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tests.helpers import ok
from walkcoach.storage.migrations import migrations
from walkcoach.storage.store import SCHEMA_VERSION, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "m001.db"


def test_schema_version_counts_the_migrations() -> None:
    assert SCHEMA_VERSION == len(migrations._migrations)


def test_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.db")
    names = [m.name for m in migrations.applied(Database(store.conn))]
    assert names == [
        "m001_entries",
        "m002_coach",
        "m003_target_triggers",
        "m004_reminders",
        "m005_clearances",
        "m006_timer",
        "m007_target_walks",
        "m008_target_runs",
    ]
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_applying_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    open_store(path).close()
    db = Database(path)
    before = db.execute("SELECT * FROM _sqlite_migrations").fetchall()
    migrations.apply(db)
    assert db.execute("SELECT * FROM _sqlite_migrations").fetchall() == before


def test_first_migration_database_opens_with_every_row(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, db_path)
    original = (
        sqlite3.connect(FIXTURE).execute("SELECT * FROM entries ORDER BY id").fetchall()
    )
    assert len(original) == 5
    out = ok("history", "--since", "2026-03-01", "--json").stdout
    assert "hill — too steep" in out and "ünïcode note" in out
    upgraded = sqlite3.connect(db_path)
    assert upgraded.execute("SELECT * FROM entries ORDER BY id").fetchall() == original
    assert upgraded.execute("SELECT count(*) FROM settings").fetchone()[0] == 5
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # A copy of the old file was kept before the upgrade.
    [backup] = (db_path.parent / "walkcoach.db.backups").glob("*migration.db")
    assert (
        sqlite3.connect(backup).execute("SELECT count(*) FROM entries").fetchone()[0]
        == 5
    )
