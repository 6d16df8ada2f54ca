"""The daily views at 80 columns, on six weeks of the demo's seeded history."""

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.helpers import ok
from walkcoach import demo
from walkcoach.store import open_store

TODAY = date(2026, 11, 25)  # conftest's pinned day


@pytest.fixture
def seeded(db_path: Path) -> Path:
    store = open_store(db_path)
    demo.fill(store, TODAY)
    store.close()
    return db_path


VIEWS = [
    ["today"],
    ["week"],
    ["week", "--weeks", "12"],
    ["chart"],
    ["chart", "--days", "7"],
    ["chart", "--days", "75"],
    ["chart", "--days", "400"],
    ["history"],
    ["history", "--since", "2026-10-01"],
    ["next"],
]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_views_fit_80_columns_without_colour(seeded: Path, args: list[str]) -> None:
    out = ok(*args).stdout
    assert out.strip()
    assert "\x1b[" not in out  # NO_COLOR
    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("args", [["week", "--weeks", "12"], ["chart", "--days", "90"]])
def test_views_fit_80_columns_across_a_new_year(seeded: Path, args: list[str]) -> None:
    # Weeks of last year are shown with their year: "Mon 30 Nov 2026".
    out = ok(*args, now="2027-01-06T09:00").stdout
    assert "2026" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_week_shows_the_demo_numbers(seeded: Path) -> None:
    import json

    rows = json.loads(ok("week", "--json").stdout)
    out = ok("week").stdout
    for row in rows:
        assert f"{row['minutes']:.0f}" in out
    assert "Streak:" in out and "This week:" in out


def test_chart_draws_bars_pain_and_calendar(seeded: Path) -> None:
    out = ok("chart").stdout
    assert "Minutes walked per day, Thu 29 Oct to Wed 25 Nov" in out
    assert "█" in out and "●" in out  # bars, and pain over them
    assert "Walking days" in out
    for mark in ("on plan", "rest", "flare-up", "today"):
        assert mark in out
