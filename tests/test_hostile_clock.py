"""Issue 13, finding 18: times across a daylight-saving change (Europe/Amsterdam,
set by conftest). A relative time lands on its own moment's offset, an explicit
offset is kept as typed, and a wall-clock time that never happened is refused."""

import json
from pathlib import Path

from tests.helpers import ok, run


def stored_at(db_path: Path) -> list[str]:
    entries = json.loads(ok("history", "--json", now="2026-12-01T10:00").stdout)
    return [e["at"] for e in entries]


def test_finding18_a_relative_time_across_spring_forward_keeps_its_day(
    db_path: Path,
) -> None:
    # 03:30 summer time on 29 March is 01:30 UTC; three hours earlier is 23:30
    # winter time on the 28th (not 00:30 on the 29th at now's offset).
    ok("log", "10", "--when", "3 hours ago", now="2026-03-29T03:30")
    assert stored_at(db_path) == ["2026-03-28T23:30:00+01:00"]


def test_finding18_an_explicit_offset_is_kept(db_path: Path) -> None:
    ok("log", "10", "--when", "2026-11-20T07:30+01:00", now="2027-06-01T10:00")
    ok("log", "11", "--when", "2026-11-21 07:30 -05:00", now="2027-06-01T10:00")
    assert stored_at(db_path) == [
        "2026-11-20T07:30:00+01:00",
        "2026-11-21T07:30:00-05:00",
    ]


def test_finding18_a_time_that_never_happened_is_refused(db_path: Path) -> None:
    result = run("log", "10", "--when", "today 2:30", now="2026-03-29T12:00")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --when: 'today 2:30' did not happen here: the clocks jumped "
        "forward over that hour (daylight saving time); give the time as the "
        "clock showed it, an hour later\n",
    )
    assert not db_path.exists()


def test_finding18_a_time_that_happened_twice_is_the_first(db_path: Path) -> None:
    ok("log", "10", "--when", "today 2:30", now="2026-10-25T12:00")
    assert stored_at(db_path) == ["2026-10-25T02:30:00+02:00"]


def test_finding18_a_time_in_the_hour_that_happens_twice_is_the_first_with_a_note(
    db_path: Path,
) -> None:
    # The clocks go back from 03:00 to 02:00 on 25 October 2026: 02:30 is twice.
    result = ok("log", "10", "--when", "2026-10-25 02:30", now="2026-10-25T12:00")
    assert result.stderr == (
        "Note: 02:30 happened twice on Sun 25 Oct (the clocks went back); taken as "
        "the first, 2026-10-25T02:30:00+02:00. For the second give --when "
        "'2026-10-25T02:30:00+01:00'.\n"
    )
    second = ok(
        "log", "10", "--when", "2026-10-25T02:30:00+01:00", now="2026-10-25T12:00"
    )
    assert second.stderr == ""  # an explicit offset names one of the two
    quiet = ok("log", "10", "--when", "2026-10-25 04:30", now="2026-10-25T12:00")
    assert quiet.stderr == ""
    assert sorted(stored_at(db_path)) == [
        "2026-10-25T02:30:00+01:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T04:30:00+01:00",
    ]
