"""The timing arithmetic and decisions of core/timer.py, with literal data."""

from datetime import datetime, timedelta, timezone

import pytest

from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.core.models import is_implausible_walk
from walkcoach.core.timer import (
    Pause,
    StaleTimer,
    Timer,
    active_seconds,
    aim_text,
    check_start,
    finish,
    is_stale,
    pause,
    resume,
    status_text,
    timer_json,
)

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


def at(hour: int, minute: int = 0, second: int = 0, day: int = 25) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=CET)


def walk(*pauses: Pause, started: datetime | None = None, longest: int = 6) -> Timer:
    return Timer(
        started=started or at(9, 0),
        aim_minutes=longest,
        longest_planned=longest,
        pauses=pauses,
    )


@pytest.mark.parametrize(
    ("timer", "end", "minutes"),
    [
        (walk(), at(9, 12), 12),
        (walk(), at(9, 0), 0),
        (walk(), at(8, 50), 0),  # an end before the start walks nothing
        (walk(Pause(at(9, 5), at(9, 8))), at(9, 12), 9),
        (walk(Pause(at(9, 5), at(9, 8)), Pause(at(9, 10), at(9, 11))), at(9, 20), 16),
        (walk(Pause(at(9, 5))), at(9, 12), 5),  # an open pause runs to the end
        (walk(Pause(at(9, 5), at(9, 15))), at(9, 10), 5),  # ends inside a pause
        (walk(Pause(at(9, 30), at(9, 40))), at(9, 20), 20),  # a pause after the end
        (walk(Pause(at(8, 50), at(9, 5))), at(9, 10), 5),  # clipped to the start
    ],
)
def test_active_seconds_leave_out_the_pauses(
    timer: Timer, end: datetime, minutes: int
) -> None:
    assert active_seconds(timer, end) == minutes * 60


def test_active_seconds_count_real_time_across_a_utc_offset_change() -> None:
    # The clocks go back: 02:50 CEST is 00:50 UTC, and 02:10 CET is 01:10 UTC,
    # so 20 minutes were walked although the wall clock went back 40.
    start = datetime(2026, 10, 25, 2, 50, tzinfo=CEST)
    end = datetime(2026, 10, 25, 2, 10, tzinfo=CET)
    assert active_seconds(walk(started=start), end) == 20 * 60


@pytest.mark.parametrize(
    ("minutes", "longest", "implausible"),
    [
        (90, 10, False),  # more than 3 x, but not more than 90 minutes
        (90.5, 10, True),
        (91, 30, True),  # 91 > 3 x 30 = 90 and > 90
        (90, 30, False),
        (120, 40, False),  # not more than 3 x 40
        (121, 40, True),
        (200, 0, True),  # no plan (a stop): only the 90 minutes count
        (45, 0, False),
    ],
)
def test_is_implausible_walk(minutes: float, longest: int, implausible: bool) -> None:
    assert is_implausible_walk(minutes, longest) is implausible


@pytest.mark.parametrize(
    ("now", "stale"),
    [(at(10, 30), False), (at(10, 30, 1), True), (at(9, 0, day=26), True)],
)
def test_a_walk_is_stale_once_implausible(now: datetime, stale: bool) -> None:
    assert is_stale(walk(longest=6), now) is stale


def test_finish_records_the_start_and_whole_seconds() -> None:
    timer = walk(Pause(at(9, 5), at(9, 6)))
    done = finish(timer, at(9, 12, 30), at(9, 15), end_given=False)
    assert (done.at, done.seconds) == (at(9, 0), 11 * 60 + 30)
    assert done.minutes == pytest.approx(11.5)


@pytest.mark.parametrize(
    ("end", "given", "error", "message"),
    [
        (
            at(8, 59),
            True,
            InvalidInput,
            "--at: Wed 25 Nov 08:59 is before the walk started (Wed 25 Nov 09:00)",
        ),
        (
            at(10, 1),
            True,
            InvalidInput,
            "--at: Wed 25 Nov 10:01 is in the future (now is Wed 25 Nov 10:00)",
        ),
        (at(9, 0), True, InvalidInput, "the walk lasted no time at all"),
    ],
)
def test_finish_refuses_an_impossible_end(
    end: datetime, given: bool, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        finish(walk(), end, at(10, 0), end_given=given)
    assert str(raised.value).startswith(message)


def test_a_stale_walk_needs_its_real_end() -> None:
    now = at(9, 0, day=26)
    with pytest.raises(StaleTimer) as raised:
        finish(walk(), now, now, end_given=False)
    assert str(raised.value) == (
        "the walk started Wed 25 Nov 09:00 has been running for 24 h, longer than a "
        "walk of yours; give its real end with --at (e.g. walkcoach stop --at "
        "10:30), or drop it with walkcoach cancel"
    )
    assert raised.value.exit_code == 2
    assert finish(walk(), at(9, 20), now, end_given=True).seconds == 20 * 60


def test_a_walk_longer_than_600_minutes_is_refused_even_with_an_end() -> None:
    with pytest.raises(InvalidInput, match="more than the 600 minutes"):
        finish(walk(), at(19, 1), at(20, 0), end_given=True)


def test_only_one_walk_at_a_time() -> None:
    check_start(None, at(9, 0))
    with pytest.raises(WalkcoachError) as raised:
        check_start(walk(), at(9, 7))
    assert str(raised.value) == (
        "a walk is already running since 09:00 (7 min so far); stop it with "
        "`walkcoach stop`, or drop it with `walkcoach cancel`"
    )
    assert raised.value.exit_code == 1


def test_pause_and_resume_guard_their_order() -> None:
    paused = pause(walk(), at(9, 5), at(9, 5))
    assert paused.paused_since == at(9, 5)
    with pytest.raises(WalkcoachError, match="already paused since 09:05"):
        pause(paused, at(9, 6), at(9, 6))
    resumed = resume(paused, at(9, 8), at(9, 8))
    assert resumed.pauses == (Pause(at(9, 5), at(9, 8)),)
    assert resumed.paused_since is None
    with pytest.raises(WalkcoachError, match="not paused"):
        resume(resumed, at(9, 9), at(9, 9))
    for change in (pause, resume):
        with pytest.raises(WalkcoachError, match="no walk is running"):
            change(None, at(9, 9), at(9, 9))


@pytest.mark.parametrize(
    ("timer", "now", "text"),
    [
        (walk(), at(9, 7, 59), "Walking since 09:00 — 7 min so far, target 6 min"),
        (
            walk(Pause(at(9, 5))),
            at(9, 7),
            "Walk paused since 09:05 — 5 min so far, target 6 min (walkcoach resume)",
        ),
        (
            walk(started=at(23, 50, day=24)),
            at(0, 5),
            "Walking since Tue 24 Nov 23:50 — 15 min so far, target 6 min",
        ),
        (
            walk(),
            at(11, 5),
            "The walk started Wed 25 Nov 09:00 has been running for 2 h 5 min, "
            "longer than a walk of yours: give its real end with --at (e.g. "
            "walkcoach stop --at 10:30), or drop it with walkcoach cancel",
        ),
    ],
)
def test_status_text(timer: Timer, now: datetime, text: str) -> None:
    assert status_text(timer, now) == text


def test_timer_json() -> None:
    assert timer_json(None, at(9, 0)) is None
    assert timer_json(walk(Pause(at(9, 5))), at(9, 7)) == {
        "started": "2026-11-25T09:00:00+01:00",
        "minutes": 5.0,
        "paused": True,
        "paused_since": "2026-11-25T09:05:00+01:00",
        "aim_minutes": 6,
        "pain_before": None,
        "stale": False,
    }


@pytest.mark.parametrize(
    ("number", "sessions", "text"),
    [
        (2, 3, "Walk 2 of 3 today: aim for 6 min."),
        (
            4,
            3,
            "Walk 4 today: your 3 planned walks are done, so keep this one easy "
            "(at most 6 min).",
        ),
        (1, 0, "No walking target while the safety answer stands."),
    ],
)
def test_aim_text(number: int, sessions: int, text: str) -> None:
    assert aim_text(number, sessions, 6) == text
