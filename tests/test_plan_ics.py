"""`walkcoach plan --ics FILE --times ...` (issue 17): the next 7 days' planned
walks as calendar events, written private."""

import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.helpers import ok, run
from walkcoach.core.models import Dose
from walkcoach.core.reminders import parse_times, walk_slots

TODAY = datetime(2026, 11, 25).date()


def test_walk_slots_take_the_dose_of_the_stage_begun_that_day() -> None:
    stages = [(TODAY, Dose(3, 5)), (TODAY + timedelta(days=2), Dose(2, 10))]
    slots = walk_slots(stages, TODAY, 3)
    assert [(d.day, n, dose.minutes) for d, n, dose in slots] == [
        (25, 1, 5), (25, 2, 5), (25, 3, 5),
        (26, 1, 5), (26, 2, 5), (26, 3, 5),
        (27, 1, 10), (27, 2, 10),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00,13:00,18:00", ["09:00", "13:00", "18:00"]),
        ("7, 12:30", ["07:00", "12:30"]),
    ],
)
def test_parse_times(text: str, expected: list[str]) -> None:
    assert [t.strftime("%H:%M") for t in parse_times(text)] == expected


@pytest.mark.parametrize("text", ["", "9:00,", "25:00", "9:61", "13:00,9:00", "9,9"])
def test_parse_times_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="--times must be"):
        parse_times(text)


def events(path: Path) -> list[tuple[str, datetime, datetime, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return [
        (
            str(e["summary"]),
            e.decoded("dtstart").astimezone(),
            e.decoded("dtend").astimezone(),
            str(e["uid"]),
        )
        for e in calendar.walk("VEVENT")
    ]


def test_plan_ics_writes_the_next_7_days_private(tmp_path: Path) -> None:
    ok("setup", "--clear", "--start-minutes", "8", "--sessions", "3")
    path = tmp_path / "walks.ics"
    out = ok("plan", "--ics", str(path), "--times", "9:00,13:00,18:30").stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    found = events(path)
    # Today (Wed 25 Nov, 10:00) has two walks still ahead, then 5 days of 3,
    # and Tue 1 Dec, when the projected plan is 2 × 15 min (see plan --json).
    assert len(found) == 2 + 5 * 3 + 2
    assert f"Wrote {len(found)} planned walks of the next 7 days" in out
    first, second = found[0], found[1]
    assert first[0] == "Walk 8 min (2 of 3)"
    assert first[1].strftime("%a %d %H:%M") == "Wed 25 13:00"  # local time
    assert first[2] - first[1] == timedelta(minutes=8)
    assert second[1].strftime("%a %d %H:%M") == "Wed 25 18:30"
    assert found[-1][0] == "Walk 15 min (2 of 2)"
    assert found[-1][1].strftime("%a %d %H:%M") == "Tue 01 13:00"
    assert first[3] == "walkcoach-2026-11-25-2@walkcoach"
    assert len({uid for *_, uid in found}) == len(found)
    # Written again, the same walks keep their UIDs (a calendar updates them).
    ok("plan", "--ics", str(path), "--times", "9:00,13:00,18:30")
    assert [e[3] for e in events(path)] == [e[3] for e in found]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--times", "9:00,13:00"], "--times gives 2 time(s) but the plan has up to 3"),
        (["--times", "noon"], "--times must be times of day like 9:00,13:00,18:00"),
    ],
)
def test_plan_ics_bad_input_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "walks.ics"
    result = run("plan", "--ics", str(path), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert not path.exists()


def test_plan_ics_wants_an_ics_name(tmp_path: Path) -> None:
    result = run("plan", "--ics", str(tmp_path / "walks.txt"))
    assert result.exit_code == 2
    assert "--ics must name a .ics file" in result.stderr
