"""The pure summaries: day marks, streak rules, weekly rows, what is left."""

from datetime import date, datetime, time, timedelta

import pytest

from walkcoach.core.models import Dose, Entry, Kind, Screening, Status, Target
from walkcoach.core.stats import (
    Answer,
    Mark,
    WeekLeft,
    answers_standing,
    monday_of,
    plan_changes,
    streaks,
    tally_days,
    this_week_left,
    warnings_raised,
    week_rows,
    yes_answers,
)

TODAY = date(2026, 11, 25)  # a Wednesday
D = timedelta(days=1)


def at(day: date, hour: float = 9) -> datetime:
    clock = time(int(hour), int(hour % 1 * 60))
    return datetime.combine(day, clock).astimezone()


def walk(day: date, minutes: float = 10, hour: float = 9, **kw: object) -> Entry:
    return Entry(kind=Kind.WALK, at=at(day, hour), minutes=minutes, **kw)  # type: ignore[arg-type]


def full_day(day: date, sessions: int = 3, minutes: float = 10) -> list[Entry]:
    return [walk(day, minutes, 9 + 4 * i) for i in range(sessions)]


def rest(day: date) -> Entry:
    return Entry(kind=Kind.REST, at=at(day, 12))


def flare(day: date) -> Entry:
    return Entry(kind=Kind.FLARE, at=at(day, 12))


def check_in(day: date, pain: int, hour: float = 7) -> Entry:
    return Entry(kind=Kind.PAIN, at=at(day, hour), pain=pain)


def plan(
    first: date,
    last: date,
    dose: Dose = Dose(3, 10),
    status: Status = Status.HOLD,
) -> dict[date, Target]:
    targets = {}
    day = first
    while day <= last:
        targets[day] = Target(day, status, dose, 30, "because")
        day += D
    return targets


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def streak_of(entries: list[Entry], targets: dict[date, Target] | None = None,
              days_per_week: int = 5) -> tuple[int, int]:  # fmt: skip
    targets = targets if targets is not None else plan(days_ago(30), TODAY)
    result = streaks(entries, targets, TODAY, days_per_week)
    return result.current, result.best


# -- streak rules, with literal histories -------------------------------------


def test_streak_counts_days_on_plan() -> None:
    entries = full_day(days_ago(3)) + full_day(days_ago(2)) + full_day(days_ago(1))
    assert streak_of(entries) == (3, 3)


def test_streak_rest_day_neither_breaks_nor_extends() -> None:
    entries = full_day(days_ago(3)) + [rest(days_ago(2))] + full_day(days_ago(1))
    assert streak_of(entries) == (2, 2)


def test_streak_flare_day_neither_breaks_nor_extends() -> None:
    entries = full_day(days_ago(4)) + [flare(days_ago(3))] + full_day(days_ago(2))
    entries += [flare(days_ago(1))]
    assert streak_of(entries) == (2, 2)


def test_streak_rest_day_with_a_walk_is_still_a_rest_day() -> None:
    entries = full_day(days_ago(2)) + [rest(days_ago(1)), walk(days_ago(1))]
    assert streak_of(entries) == (1, 1)


def test_streak_missed_day_breaks_the_run() -> None:
    entries = [e for n in (6, 5, 4) for e in full_day(days_ago(n))]
    # days_ago(3): nothing at all, although 3 × 10 min were planned
    entries += full_day(days_ago(2)) + full_day(days_ago(1))
    assert streak_of(entries) == (2, 3)


def test_streak_short_day_breaks_the_run() -> None:
    entries = full_day(days_ago(3)) + full_day(days_ago(2), sessions=2)
    entries += full_day(days_ago(1))
    assert streak_of(entries) == (1, 1)


def test_streak_walk_counts_from_80_percent_of_its_minutes() -> None:
    under = full_day(days_ago(2), minutes=7.5)  # 75% of 10 min
    at_80 = full_day(days_ago(1), minutes=8)
    assert streak_of(under + at_80) == (1, 1)


def test_streak_extra_walks_do_not_make_up_for_short_ones() -> None:
    entries = [walk(days_ago(1), 30)]  # one long walk instead of 3 × 10
    assert streak_of(entries) == (0, 0)


def test_streak_today_not_yet_walked_does_not_break_it() -> None:
    entries = full_day(days_ago(2)) + full_day(days_ago(1))
    result = streaks(entries, plan(days_ago(30), TODAY), TODAY)
    assert (result.current, result.best, result.today_open) == (2, 2, True)


def test_streak_today_half_walked_does_not_break_it() -> None:
    entries = full_day(days_ago(1)) + [walk(TODAY)]
    assert streak_of(entries) == (1, 1)


def test_streak_today_on_plan_extends_it() -> None:
    entries = full_day(days_ago(1)) + full_day(TODAY)
    result = streaks(entries, plan(days_ago(30), TODAY), TODAY)
    assert (result.current, result.best, result.today_open) == (2, 2, False)


def test_streak_yesterday_missed_ends_it_even_with_today_open() -> None:
    entries = full_day(days_ago(3)) + full_day(days_ago(2))
    assert streak_of(entries) == (0, 2)


def test_streak_rest_today_keeps_it() -> None:
    entries = full_day(days_ago(1)) + [rest(TODAY)]
    assert streak_of(entries) == (1, 1)


def test_streak_days_before_the_program_do_not_count() -> None:
    entries = full_day(days_ago(5)) + full_day(days_ago(1))
    targets = plan(days_ago(1), TODAY)  # the program began yesterday
    assert streak_of(entries, targets) == (1, 1)


def test_streak_under_stop_is_neither() -> None:
    targets = plan(days_ago(30), TODAY)
    targets[days_ago(2)] = Target(days_ago(2), Status.STOP, Dose(0, 0), 30, "stop")
    entries = full_day(days_ago(3)) + full_day(days_ago(1))
    assert streak_of(entries, targets) == (2, 2)


def test_streak_at_goal_allows_the_weeks_days_off() -> None:
    # Goal: one 30-min walk on 5 days a week; Mon 16 .. Sun 22 Nov.
    monday = date(2026, 11, 16)
    targets = plan(monday, TODAY, Dose(1, 30), Status.GOAL)
    walked = [monday + timedelta(days=k) for k in (0, 1, 3, 4, 6)]
    entries = [walk(day, 30) for day in walked]
    entries += [walk(date(2026, 11, 23), 30), walk(date(2026, 11, 24), 30)]
    assert streak_of(entries, targets, days_per_week=5) == (7, 7)
    # A third day without the walk in one week is a missed day.
    assert streak_of(entries[1:], targets, days_per_week=5) == (3, 3)
    marks = tally_days(entries[1:], targets, monday, TODAY, TODAY, 5)
    assert [t.mark for t in marks[:3]] == [Mark.DAY_OFF, Mark.ON_PLAN, Mark.DAY_OFF]
    assert marks[5].mark is Mark.MISSED


# -- weekly rows --------------------------------------------------------------


def test_week_rows_totals_means_and_counts() -> None:
    monday = date(2026, 11, 16)
    entries = [
        check_in(monday, 4),
        walk(monday, 10, pain_before=3, pain_after=2),
        walk(monday, 12.5, 14, pain_before=2, pain_after=2),
        walk(monday + D, 10, pain_before=2),  # first reading of Tuesday: 2
        rest(monday + 2 * D),
        flare(monday + 3 * D),
    ]
    [row] = week_rows(entries, plan(monday, TODAY), monday, monday, TODAY)
    assert row.week_start == monday
    assert (row.days_walked, row.sessions, row.minutes) == (2, 3, 32.5)
    assert (row.rest_days, row.flare_days) == (1, 1)
    assert row.pain_before_mean == pytest.approx(7 / 3)
    assert row.pain_after_mean == 2
    assert row.morning_pain_mean == 3  # (4 + 2) / 2
    # Planned: Mon, Tue, Fri, Sat, Sun (rest and flare days are not planned).
    assert row.planned_minutes == 5 * 30
    # Done: Monday 2 of 3 sessions at >= 8 min, Tuesday 1 of 3, the rest 0.
    assert row.adherence == pytest.approx(3 / 15)
    assert row.to_json()["adherence"] == 0.2


def test_week_rows_json_has_exactly_the_spec_fields() -> None:
    monday = monday_of(TODAY)
    [row] = week_rows([], {}, monday, monday, TODAY)
    assert list(row.to_json()) == [
        "week_start", "days_walked", "sessions", "minutes", "planned_minutes",
        "adherence", "pain_before_mean", "pain_after_mean", "morning_pain_mean",
        "rest_days", "flare_days",
    ]  # fmt: skip
    assert row.to_json()["adherence"] is None  # nothing planned: nothing to share
    assert row.to_json()["morning_pain_mean"] is None


THURSDAY = date(2026, 11, 26)


def thursday_week(today_walks: list[Entry]) -> tuple[float, int, float | None]:
    """Mon-Wed: 3 × 5 min planned and walked; Thursday (today): 3 × 6 planned."""
    monday = monday_of(THURSDAY)
    targets = plan(monday, monday + 2 * D, Dose(3, 5))
    targets |= plan(THURSDAY, THURSDAY, Dose(3, 6))
    entries = [e for k in range(3) for e in full_day(monday + k * D, 3, 5)]
    entries += today_walks
    [row] = week_rows(entries, targets, monday, monday, THURSDAY)
    return row.minutes, row.planned_minutes, row.adherence


def test_week_plan_and_done_leave_out_an_unwalked_today() -> None:
    # Thursday morning, nothing walked yet: the tester saw Min 45, Plan 63
    # (today's 18 in), Done 100% (today's walks out). Both now leave it out.
    assert thursday_week([]) == (45, 45, 1.0)


def test_week_plan_and_done_count_today_as_far_as_walked() -> None:
    # One of today's three 6-minute walks: its 6 planned minutes count, and
    # it counts as done; the two still to walk are in neither.
    assert thursday_week([walk(THURSDAY, 6)]) == (51, 51, 1.0)
    # A walk under 80% of 6 min is not (yet) a planned walk done: Min only.
    assert thursday_week([walk(THURSDAY, 4)]) == (49, 45, 1.0)
    # Once today is on plan, all of it counts.
    assert thursday_week(full_day(THURSDAY, 3, 6)) == (63, 63, 1.0)
    # Walks beyond the plan add minutes, never planned minutes.
    assert thursday_week(full_day(THURSDAY, 4, 6)) == (69, 63, 1.0)


def test_week_days_before_today_count_in_full_walked_or_not() -> None:
    monday = monday_of(THURSDAY)
    targets = plan(monday, THURSDAY, Dose(3, 10))
    entries = full_day(monday) + [walk(monday + D, 10)]  # Tue 1 of 3, Wed none
    [row] = week_rows(entries, targets, monday, monday, THURSDAY)
    assert row.planned_minutes == 90  # Mon, Tue, Wed; not today
    assert row.adherence == pytest.approx(4 / 9)


def test_week_rows_cross_a_year_and_stay_monday_to_sunday() -> None:
    today = date(2026, 1, 7)
    first = date(2025, 12, 22)
    entries = [walk(date(2025, 12, 28), 5), walk(date(2025, 12, 29), 7)]
    entries += [walk(date(2026, 1, 4), 11), walk(date(2026, 1, 5), 13)]
    rows = week_rows(entries, {}, first, monday_of(today), today)
    assert [r.week_start for r in rows] == [
        date(2025, 12, 22), date(2025, 12, 29), date(2026, 1, 5),
    ]  # fmt: skip
    assert [r.minutes for r in rows] == [5, 18, 13]


def test_this_week_left_against_plan_and_who() -> None:
    monday = monday_of(TODAY)
    targets = plan(monday, TODAY, Dose(3, 10))
    entries = full_day(monday) + full_day(monday + D) + [walk(TODAY, 10)]
    week = tally_days(entries, targets, monday, TODAY, TODAY)
    left = this_week_left(week, targets[TODAY], TODAY)
    assert left == WeekLeft(monday, 5, 70.0, 20 + 4 * 30, 80.0)
    assert left.who_per_day == 16


def test_this_week_left_at_goal_counts_the_walks_still_needed() -> None:
    monday = monday_of(TODAY)
    targets = plan(monday, TODAY, Dose(1, 30), Status.GOAL)
    entries = [walk(monday, 30), walk(monday + D, 30)]
    week = tally_days(entries, targets, monday, TODAY, TODAY)
    left = this_week_left(week, targets[TODAY], TODAY, days_per_week=5)
    assert left.plan_left == 3 * 30  # 3 more goal walks, 5 days to do them in
    assert left.who_left == 90


def test_plan_changes_and_warnings_raised() -> None:
    targets = plan(days_ago(3), TODAY)
    targets[days_ago(1)] = Target(days_ago(1), Status.PROGRESS, Dose(3, 11), 30, "up")
    targets[TODAY] = Target(TODAY, Status.HOLD, Dose(3, 11), 30, "hold")
    changes = plan_changes(targets)
    assert [(c.day, c.minutes) for c in changes] == [
        (days_ago(3), 10),
        (days_ago(1), 11),
    ]
    from walkcoach.core.models import Level, Warning

    warn = Warning(Level.INFO, "too much", "pain-after-high")
    targets[days_ago(2)] = Target(
        days_ago(2), Status.HOLD, Dose(3, 10), 30, "", (warn,)
    )
    targets[days_ago(1)] = Target(
        days_ago(1), Status.HOLD, Dose(3, 10), 30, "", (warn,)
    )
    assert warnings_raised(targets) == [(days_ago(2), "info", "too much")]
    assert warnings_raised(targets, skip={"pain-after-high"}) == []


# -- safety answers for the report ---------------------------------------------


def answered(when: datetime, *yes: str) -> Screening:
    """A screening at `when` with `yes` answered yes (and every other no)."""
    from walkcoach.core.guidance import screening_from_answers

    return screening_from_answers(yes, when)


def test_yes_answers_run_from_the_yes_to_the_no_that_clears_them() -> None:
    setup = datetime(2026, 11, 16, 7, 0).astimezone()
    urgent = datetime(2026, 11, 19, 8, 10).astimezone()
    clear_urgent = urgent + timedelta(minutes=5)
    clear_all = datetime(2026, 11, 22, 8, 15).astimezone()
    fever = datetime(2026, 11, 23, 8, 15).astimezone()
    history = [
        answered(setup, "radiating-pain"),
        answered(urgent, "new-chest-pain", "radiating-pain"),
        answered(clear_urgent, "radiating-pain"),  # the urgent yes, cleared
        answered(clear_all),
        answered(fever, "fever"),
    ]
    assert yes_answers(history) == [
        # Answered yes again on the 19th: still the one answer from the 16th.
        Answer("radiating-pain", "caution", setup, clear_all),
        Answer("new-chest-pain", "urgent", urgent, clear_urgent),
        Answer("fever", "caution", fever, None),
    ]


@pytest.mark.parametrize(
    ("cleared_at", "clinician"),
    [
        (None, None),
        (datetime(2026, 11, 24, 9, 0), datetime(2026, 11, 24, 9, 0)),
        # Before the yes, or after the answer was answered no: not this answer.
        (datetime(2026, 11, 20, 9, 0), None),
        (datetime(2026, 11, 28, 9, 0), None),
    ],
)
def test_yes_answers_carry_the_clinicians_clearance(
    cleared_at: datetime | None, clinician: datetime | None
) -> None:
    fever = datetime(2026, 11, 23, 8, 15).astimezone()
    no = datetime(2026, 11, 26, 8, 15).astimezone()
    history = [answered(fever, "fever"), answered(no)]
    clearances = [] if cleared_at is None else [("fever", cleared_at.astimezone())]
    expected = None if clinician is None else clinician.astimezone()
    assert yes_answers(history, clearances) == [
        Answer("fever", "caution", fever, no, expected)
    ]


def test_answers_standing_are_those_in_force_during_the_period() -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 9, 0).astimezone()

    before = Answer("recent-surgery", "caution", at(2), at(9))  # over before
    into = Answer("radiating-pain", "caution", at(2), at(17))  # cleared inside
    still = Answer("thin-bones", "caution", at(3), None)  # never cleared
    inside = Answer("new-chest-pain", "urgent", at(19), at(19))  # minutes long
    later = Answer("fever", "caution", at(26), None)  # after the period
    answers = [before, into, still, inside, later]
    assert answers_standing(answers, date(2026, 11, 16), TODAY) == [
        into,
        still,
        inside,
    ]
    # Answered and cleared on the period's first day counts.
    edge = Answer("fever", "caution", at(16), at(16))
    assert answers_standing([edge], date(2026, 11, 16), TODAY) == [edge]
