"""The daily views at 80 columns, on six weeks of the demo's seeded history."""

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.helpers import ok
from walkcoach.services import demo
from walkcoach.storage.store import open_store

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


# -- the calendar's month names -------------------------------------------------


def _calendar(out: str) -> tuple[str, str]:
    """The calendar's month row and Monday row, from `chart` output."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Walking days"))
    return lines[at + 1], lines[at + 2]


def _names(row: str) -> dict[int, str]:
    """Month names by the week column they start over (2 characters a week)."""
    names: dict[int, str] = {}
    for k, word in enumerate(row.split()):
        start = row.index(word, max(names, default=-1) * 2 + 4 + (k and 1))
        assert (start - 4) % 2 == 0, row
        names[(start - 4) // 2] = word
    return names


@pytest.mark.parametrize(
    ("first", "weeks", "cell", "expected"),
    [
        # Mon 12 Oct: Oct over its first column, Nov over Mon 26 Oct (Sun 1 Nov).
        (date(2026, 10, 12), 7, 2, "Oct Nov"),
        # Mon 26 Oct .. Sun 29 Nov: its first week already holds 1 Nov.
        (date(2026, 10, 26), 5, 2, "Nov"),
        (date(2026, 10, 26), 6, 2, "Nov       Dec"),
        # Mon 19 Oct: no room for "Oct" before "Nov" one column on: left out.
        (date(2026, 10, 19), 6, 2, "  Nov"),
        # A week from Monday the 1st; across a new year.
        (date(2026, 6, 1), 3, 2, "Jun"),
        (date(2026, 12, 14), 5, 2, "Dec Jan"),  # Mon 28 Dec holds 1 Jan
        # One character a week: names 4 or 5 columns apart never touch.
        (date(2026, 6, 1), 14, 1, "Jun Jul Aug  Sep"),
    ],
)
def test_month_names_sit_over_the_week_that_holds_the_1st(
    first: date, weeks: int, cell: int, expected: str
) -> None:
    from walkcoach.cli.render_progress import month_row

    assert month_row(first, weeks, cell) == expected


def test_month_names_never_run_off_the_edge() -> None:
    from walkcoach.cli.render_progress import month_row

    # Mon 30 Nov holds 1 Dec, in the last column (from 8): "Dec" needs 11.
    assert month_row(date(2026, 11, 2), 5, 2, room=10) == "Nov"
    assert month_row(date(2026, 11, 2), 5, 2, room=11) == "Nov     Dec"


def test_calendar_names_october_and_november_in_the_demo(seeded: Path) -> None:
    # The demo's six weeks: Mon 12 Oct (column 0) to Mon 23 Nov (column 6).
    months, mondays = _calendar(ok("chart").stdout)
    assert _names(months) == {0: "Oct", 2: "Nov"}  # Mon 26 Oct holds 1 Nov
    assert len(mondays.rstrip()) <= 4 + 7 * 2


def test_calendar_starting_in_late_october_is_labelled_november() -> None:
    # The tester's case: a calendar whose first week (Mon 26 Oct) holds 1 Nov
    # read "Oct" over all of November, and had no "Nov".
    for day in range(28, 32):
        ok("log", "10", "--when", f"2026-10-{day} 09:00")
    for day in range(1, 25):
        ok("log", "10", "--when", f"2026-11-{day:02d} 09:00")
    months, _mondays = _calendar(ok("chart").stdout)
    assert _names(months) == {0: "Nov"}


# -- the week table never cuts a number short ---------------------------------


@pytest.fixture
def heavy(db_path: Path) -> Path:
    """A year of long walks at pain 10, with rest and flare days: wide cells."""
    import uuid
    from datetime import datetime, time, timedelta

    from walkcoach.core.models import Entry, Kind

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour)).astimezone()

    entries: list[Entry] = []
    day = date(2026, 1, 5)
    while day <= date(2027, 1, 6):
        if day.weekday() == 5:
            entries.append(
                Entry(kind=Kind.REST, at=at(day, 12), uuid=str(uuid.uuid4()))
            )
        elif day.weekday() == 6:
            entries.append(
                Entry(kind=Kind.FLARE, at=at(day, 12), uuid=str(uuid.uuid4()))
            )
        else:
            entries.append(
                Entry(kind=Kind.PAIN, at=at(day, 7), pain=10, uuid=str(uuid.uuid4()))
            )
            entries += [
                Entry(kind=Kind.WALK, at=at(day, 8 + 5 * k), minutes=299.5,
                      pain_before=10, pain_after=10, uuid=str(uuid.uuid4()))
                for k in range(3)
            ]  # fmt: skip
        day += timedelta(days=1)
    store = open_store(db_path)
    store.add_many(entries, summary="a heavy year")
    store.close()
    return db_path


@pytest.mark.parametrize("weeks", ["8", "52"])
def test_week_at_80_columns_never_cuts_a_number(heavy: Path, weeks: str) -> None:
    out = ok("week", "--weeks", weeks, now="2027-01-06T09:00").stdout
    assert "…" not in out
    assert "Left out" not in out  # every column fits at 80
    assert "Mon 28 Dec 2026" in out and "10.0→10.0" in out  # the widest cells
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_week_on_a_narrow_terminal_leaves_out_columns_not_digits(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    rows = json.loads(ok("week", "--json").stdout)
    for columns, gone in (
        ("66", "Steps, Morn"),
        ("60", "Steps, Morn, Rest"),
        ("44", "Steps, Morn, Rest, WHO, Pain b→a"),
    ):
        monkeypatch.setenv("COLUMNS", columns)
        out = ok("week").stdout
        table = out.split("Left out")[0]
        assert "…" not in table, out
        assert f"Left out to fit this terminal: {gone}." in " ".join(out.split())
        for row in rows:
            cells = next(
                line for line in table.splitlines()
                if line.startswith(f"Mon {int(row['week_start'][8:])} ")
            ).split()  # fmt: skip
            assert f"{row['minutes']:.0f}" in cells
            assert str(row["planned_minutes"]) in cells
