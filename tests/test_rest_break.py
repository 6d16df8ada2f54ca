"""A planned break (issue 17): `rest --until D` marks several days at once."""

import json
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.core.dates import DateError, parse_until

WED = date(2026, 11, 25)  # conftest's today


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("sun", WED, date(2026, 11, 29)),
        ("wednesday", WED, WED),  # the first such day on or after the start
        ("wed", date(2026, 11, 23), WED),
        ("tomorrow", WED, date(2026, 11, 26)),
        ("in 5 days", WED, date(2026, 11, 30)),
        ("+1", WED, date(2026, 11, 26)),
        ("2026-12-24", WED, date(2026, 12, 24)),
        ("yesterday", date(2026, 11, 20), date(2026, 11, 24)),
        ("today", WED, WED),
    ],
)
def test_parse_until(text: str, start: date, expected: date) -> None:
    assert parse_until(text, start, WED) == expected


@pytest.mark.parametrize(
    ("text", "start", "fragment"),
    [
        ("yesterday", WED, "before the first day of the break"),
        ("2027-03-01", WED, "more than 90 days ahead"),
        ("in 91 days", WED, "more than 90 days ahead"),
        ("soon", WED, "soon"),
    ],
)
def test_parse_until_refuses(text: str, start: date, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_until(text, start, WED)


def kinds() -> list[tuple[str, str]]:
    return [(e["date"], e["kind"]) for e in json.loads(ok("export").stdout)]


def test_rest_until_marks_each_day_and_one_undo_takes_them_back() -> None:
    ok("log", "10", "--when", "yesterday 9am")
    out = ok("rest", "--until", "sun").stdout
    assert out.startswith("Marked 5 rest days, Wed 25 Nov to Sun 29 Nov.")
    assert kinds()[1:] == [
        (f"2026-11-{day}", "rest") for day in ("25", "26", "27", "28", "29")
    ]
    undone = ok("undo").stdout
    assert undone == "Undid the log of 5 rest days, Wed 25 Nov to Sun 29 Nov.\n"
    assert kinds() == [("2026-11-24", "walk")]


def test_rest_until_from_a_past_day_and_as_flare_days() -> None:
    ok("rest", "--when", "mon", "--until", "yesterday", "--flare", "-n", "flu")
    entries = json.loads(ok("export").stdout)
    assert [(e["date"], e["kind"], e["note"]) for e in entries] == [
        ("2026-11-23", "flare", "flu"),
        ("2026-11-24", "flare", "flu"),
    ]


def test_rest_until_leaves_days_already_marked(db_path: Path) -> None:
    ok("rest")
    out = ok("rest", "--until", "fri").stdout
    assert "Marked 2 rest days, Thu 26 Nov to Fri 27 Nov." in out
    assert "Already marked, left as they were: Wed 25 Nov." in out
    again = run("rest", "--until", "fri")
    assert again.exit_code == 1
    assert again.stderr == "Error: every day of that break is already marked\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--until", "yesterday"], "--until: 'yesterday' is Tue 24 Nov, before"),
        (["--until", "2027-06-01"], "--until: '2027-06-01' is more than 90 days"),
        (["--until", "whenever"], "--until: "),
    ],
)
def test_rest_until_bad_input_writes_nothing(
    db_path: Path, args: list[str], message: str
) -> None:
    result = run("rest", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert result.stderr.count("\n") == 1
    assert not db_path.exists()


def _walk_on_plan(day: int) -> None:
    now = f"2026-11-{day:02d}T20:00"
    for hour in ("9:00", "13:00", "18:00"):
        ok("log", "6", "-b", "2", "-a", "2", "--when", hour, now=now)


def test_a_break_keeps_the_streak_and_the_plan_restarts_lower() -> None:
    ok("setup", "--clear", "--start-minutes", "6", "--sessions", "3")
    for day in range(16, 25):
        _walk_on_plan(day)
    before = json.loads(ok("today", "--json").stdout)
    ok("rest", "--until", "in 8 days")  # Wed 25 Nov to Thu 3 Dec
    after_break = "2026-12-04T08:00"
    today = json.loads(ok("today", "--json", now=after_break).stdout)
    # SPEC rule 8: rest days count as days off for the restart.
    assert today["total_minutes"] < before["total_minutes"]
    assert today["reason"].startswith("No walk for 9 days")
    # ... but not as missed days for the streak: it resumes where it was.
    evening = "2026-12-04T20:00"
    for hour in ("9:00", "13:00", "18:00"):
        minutes = str(today["minutes_per_session"])
        ok("log", minutes, "-b", "2", "-a", "2", "--when", hour, now=evening)
    week = " ".join(ok("week", now=evening).stdout.split())
    assert "Streak: 10 days on plan" in week
