"""Unix conventions (issue 17): --json everywhere, errors on stderr, quiet broken
pipes, no trailing spaces, whole numbers in CSV, and steps where people look."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ok, run


def test_path_json_names_the_database_and_backups(db_path: Path) -> None:
    data = json.loads(ok("path", "--json").stdout)
    assert data == {
        "database": str(db_path),
        # Issue 13: each database has its own backup folder, named after it.
        "backups": str(db_path.parent / "walkcoach.db.backups"),
    }


def test_undo_with_nothing_to_undo_says_so_on_stderr() -> None:
    result = run("undo")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: nothing to undo\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["history"], ["history", "--json"], ["week"], ["export"]]
)
def test_a_closed_pipe_ends_quietly_with_exit_0(db_path: Path, args: list[str]) -> None:
    """`walkcoach history | head -1`: the reader is gone before we write."""
    for minutes in ("10", "12", "8"):
        ok("log", minutes, "-b", "2", "-a", "3", "--when", "yesterday 9am")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "walkcoach", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def _seed() -> None:
    ok("log", "12", "-b", "3", "-a", "2", "--steps", "1450", "--when", "mon 9am")
    ok("log", "10", "-b", "2", "-a", "2", "--steps", "1200", "--when", "mon 1pm")
    ok("log", "15", "-b", "4", "-a", "5", "--distance", "1.5km", "--when", "9am")
    ok("rest", "--when", "tue")
    ok("pain", "3", "--when", "7am")


@pytest.mark.parametrize("command", [["history"], ["week"], ["plan"], ["today"]])
def test_piped_tables_have_no_trailing_spaces(command: list[str]) -> None:
    _seed()
    out = ok(*command).stdout
    assert out.strip()
    assert [line for line in out.splitlines() if line.endswith(" ")] == []


def test_csv_writes_whole_numbers_as_integers_and_reads_them_back(
    tmp_path: Path,
) -> None:
    _seed()
    text = ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    walk = rows[0]
    assert (walk["minutes"], walk["pain_before"], walk["steps"]) == ("12", "3", "1450")
    assert rows[2]["distance_km"] == "1.5"
    assert ".0," not in text
    before = json.loads(ok("export").stdout)
    path = tmp_path / "out.csv"
    path.write_text(text)
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(path))
    assert json.loads(ok("--db", str(other), "export").stdout) == before


def test_steps_show_in_history_with_a_total() -> None:
    _seed()
    out = ok("history").stdout
    assert "Steps" in out.splitlines()[0]
    assert "1,450" in out and "1,200" in out
    total = next(line for line in out.splitlines() if "Total" in line)
    assert "2,650" in total


def test_week_shows_steps_and_a_total_row_with_adherence_and_pain() -> None:
    _seed()
    out = ok("week").stdout
    assert "Steps" in out.splitlines()[0]
    rows = json.loads(ok("week", "--json").stdout)
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    cells = total.split()
    # Pain before→after over all walks: (3+2+4)/3 → (2+2+5)/3.
    assert "3.0→3.0" in cells
    assert "2,650" in cells
    assert any(cell.endswith("%") for cell in cells), total
    assert sum(r["minutes"] for r in rows) == 37


def test_week_without_steps_has_no_steps_column() -> None:
    ok("log", "12", "-b", "3", "-a", "2")
    assert "Steps" not in ok("week").stdout.splitlines()[0]


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_the_reports_week_table_has_steps(tmp_path: Path, suffix: str) -> None:
    _seed()
    out = tmp_path / f"report{suffix}"
    ok("report", "-o", str(out))
    text = out.read_text()
    week = text[text.index("Week by week") :]
    assert "Steps" in week
    assert "2,650" in week  # the week's 1,450 + 1,200 steps
