"""Every test runs against its own database file, at a pinned time, at 80 columns."""

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

NOW = "2026-11-25T10:00"  # a Wednesday


@pytest.fixture(autouse=True)
def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway database, a fixed clock and zone, no colour, 80 columns."""
    db = tmp_path / "data" / "walkcoach.db"
    monkeypatch.setenv("WALKCOACH_DB", str(db))
    monkeypatch.setenv("WALKCOACH_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # Temporary files (the demo's database) go here, never into the real /tmp.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    time.tzset()
    yield db
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_path(isolate: Path) -> Path:
    return isolate
