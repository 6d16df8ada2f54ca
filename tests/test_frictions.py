"""What people looked for and did not find (issue 17): where the chart starts,
its dates, the demo's leftovers, the number of safety questions, what an
import leaves alone."""

import json
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.cli import shell
from walkcoach.core.guidance import QUESTIONS


def test_chart_by_default_starts_with_the_first_entry() -> None:
    ok("log", "10", "--when", "mon 9am")  # Mon 23 Nov; today is Wed 25 Nov
    ok("log", "12", "--when", "9am")
    days = json.loads(ok("chart", "--json").stdout)
    assert [d["date"] for d in days] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert "Mon 23 Nov to Wed 25 Nov" in ok("chart").stdout
    # --days N still draws exactly N days, empty ones included.
    assert len(json.loads(ok("chart", "--days", "10", "--json").stdout)) == 10


def test_chart_by_default_shows_at_most_four_weeks() -> None:
    ok("log", "10", "--when", "2026-09-01 9am")
    ok("log", "12", "--when", "9am")
    assert len(json.loads(ok("chart", "--json").stdout)) == 28


def test_chart_of_a_week_dates_every_day_and_names_the_month() -> None:
    ok("log", "10", "--when", "mon 9am")
    lines = ok("chart", "--days", "7").stdout.splitlines()
    axis = next(i for i, line in enumerate(lines) if "┼" in line)
    assert lines[axis + 1].split() == ["19", "20", "21", "22", "23", "24", "25"]
    assert lines[axis + 2].split() == ["Nov"]


def test_chart_across_a_month_names_both_months() -> None:
    ok("log", "10", "--when", "9am", now="2026-12-02T10:00")
    lines = ok("chart", "--days", "5", now="2026-12-02T10:00").stdout.splitlines()
    axis = next(i for i, line in enumerate(lines) if "┼" in line)
    assert lines[axis + 1].split() == ["28", "29", "30", "1", "2"]
    assert lines[axis + 2].split() == ["Nov", "Dec"]


def test_demo_removes_its_temporary_database(tmp_path: Path, db_path: Path) -> None:
    before = set(tmp_path.iterdir())
    out = ok("demo").stdout
    assert "removed now" in " ".join(out.split())
    assert set(tmp_path.iterdir()) == before  # no walkcoach-demo-*.db left
    assert not db_path.exists()


def test_welcome_says_how_many_safety_questions() -> None:
    out = " ".join(ok().stdout.split())
    assert f"Answer {len(QUESTIONS)} safety questions" in out


def test_each_safety_question_says_n_of_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    total = len(QUESTIONS)
    result = run("check", input="n\n" * total)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert f"(1 of {total})" in out and f"({total} of {total})" in out
    assert f"({total + 1} of" not in out


def test_import_says_settings_and_answers_were_not_imported(tmp_path: Path) -> None:
    ok("setup", "--clear", "--start-minutes", "8", "--sessions", "2")
    ok("log", "8", "-b", "2", "-a", "2")
    export = tmp_path / "walks.json"
    ok("export", "-o", str(export))
    other = tmp_path / "other.db"
    out = ok("--db", str(other), "import", str(export)).stdout
    assert (
        "Only entries are imported: settings and safety answers are not in an "
        "export, and yours here are unchanged." in out
    )
    # And indeed: the other database still has the default program.
    assert "3 × 5 min" in ok("--db", str(other), "today").stdout
