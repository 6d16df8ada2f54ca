"""The report's SVG charts and the pure parts of its data, without a database."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walkcoach.cli.render_charts import (
    MINUTES_HEIGHT,
    TOP,
    charts_svg,
    minutes_chart,
    nice_top,
    pain_chart,
)
from walkcoach.core.errors import InvalidInput
from walkcoach.core.models import Dose, Entry, Kind, Status, Target
from walkcoach.core.stats import Mark
from walkcoach.services.report import (
    DayPoint,
    EventKind,
    gap_events,
    pain_rise,
    period,
    plan_events,
)

MONDAY = date(2026, 11, 2)
SVG = "{http://www.w3.org/2000/svg}"


def point(
    n: int,
    minutes: float = 10,
    target: int | None = 15,
    mark: Mark = Mark.SHORT,
    before: int | None = None,
    after: int | None = None,
    morning: int | None = None,
) -> DayPoint:
    return DayPoint(
        day=MONDAY + timedelta(days=n),
        mark=mark,
        walks=1 if minutes else 0,
        minutes=minutes,
        target=target,
        pain_before=before,
        pain_after=after,
        morning=morning,
    )


def parse(svg: str) -> ET.Element:
    """An inline chart as XML (it carries no xmlns of its own)."""
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 5, 5), (10, 10, 5), (30, 30, 5), (31, 40, 10), (45, 50, 10), (61, 75, 15),
     (95, 100, 20), (400, 480, 120), (5000, 5040, 840)],
)  # fmt: skip
def test_nice_top_covers_the_value_in_at_most_six_steps(
    value: float, top: int, step: int
) -> None:
    assert nice_top(value) == (top, step)


@given(st.floats(min_value=0, max_value=100_000))
def test_nice_top_always_covers(value: float) -> None:
    top, step = nice_top(value)
    assert top >= value and top % step == 0 and top / step <= 6


def test_minutes_chart_one_bar_per_day_scaled_to_the_axis() -> None:
    days = [point(0, 10), point(1, 20), point(2, 0), point(3, 40, target=None)]
    root = parse(minutes_chart(days))
    bars = by_class(root, "bar")
    assert len(bars) == 4
    heights = [float(b.get("height") or 0) for b in bars]
    # 40 min is the axis top (5-minute steps up to 40): the full plot height.
    full = MINUTES_HEIGHT - TOP - 30
    assert heights == pytest.approx([full / 4, full / 2, 0, full], abs=0.1)
    assert [b.findtext(f"{SVG}title") for b in bars] == [
        "Mon 2 Nov: 10 min walked, target 15",
        "Tue 3 Nov: 20 min walked, target 15",
        "Wed 4 Nov: 0 min walked, target 15",
        "Thu 5 Nov: 40 min walked, no target",
    ]


def test_minutes_chart_target_is_a_step_line_broken_where_there_is_none() -> None:
    days = [point(0, target=10), point(1, target=12), point(2, target=None),
            point(3, target=12)]  # fmt: skip
    (path,) = by_class(parse(minutes_chart(days)), "target")
    d = path.get("d") or ""
    assert d.count("M") == 2  # two runs
    assert re.fullmatch(r"M[\d.,]+ H[\d.]+ V[\d.]+ H[\d.]+ M[\d.,]+ H[\d.]+", d)


def test_charts_shade_rest_and_flare_days_and_say_so() -> None:
    days = [point(0), point(1, 0, mark=Mark.REST), point(2, 0, mark=Mark.FLARE)]
    for chart in (minutes_chart(days), pain_chart(days)):
        root = parse(chart)
        assert len(by_class(root, "rest")) == 1
        assert len(by_class(root, "flare")) == 1
        assert "1 rest and 1 flare-up days are shaded" in (
            root.findtext(f"{SVG}desc") or ""
        )
        assert root.get("role") == "img"
        assert root.get("aria-labelledby", "").split()[0].endswith("-title")


def test_pain_chart_marks_before_after_and_morning_on_a_0_to_10_axis() -> None:
    days = [point(0, before=2, after=6, morning=3), point(1, morning=4), point(2)]
    root = parse(pain_chart(days))
    (before,) = by_class(root, "before")
    (after,) = by_class(root, "after")
    assert len(by_class(root, "morning")) == 2
    y = {p: float(e.get("cy") or 0) for p, e in ((2, before), (6, after))}
    # 0-10 over the plot height: 4 points apart is 40% of it.
    assert y[2] - y[6] == pytest.approx(0.4 * (190 - TOP - 30), abs=0.1)
    assert after.findtext(f"{SVG}title") == "Mon 2 Nov: pain 2 before, 6 after a walk"
    assert "Pain after a walk from 6 to 6. First reading from 3 to 4." in (
        root.findtext(f"{SVG}desc") or ""
    )


def test_charts_escape_their_text_and_reference_nothing() -> None:
    svg = minutes_chart([point(0)]) + pain_chart([point(0, before=1, after=2)])
    assert "http" not in svg and "<script" not in svg
    standalone = charts_svg([point(0)])
    root = ET.fromstring(standalone.split("\n", 1)[1])
    assert [c.get("class") for c in root if c.tag == f"{SVG}svg"] == [
        "chart chart-minutes",
        "chart chart-pain",
    ]


def test_charts_of_a_year_label_months_not_mondays() -> None:
    days = [point(n) for n in range(365)]
    labels = [t.text for t in parse(minutes_chart(days)).iter(f"{SVG}text")]
    assert "Dec" in labels and "Jan 2027" in labels
    assert not any(label and re.fullmatch(r"\d+ \w{3}", label) for label in labels)


# -- the report's data --------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "until", "weeks", "expected"),
    [
        (None, None, 8, (date(2026, 10, 5), date(2026, 11, 25))),
        (None, None, 1, (date(2026, 11, 23), date(2026, 11, 25))),
        (None, date(2026, 11, 15), 2, (date(2026, 11, 2), date(2026, 11, 15))),
        (date(2026, 11, 11), None, 8, (date(2026, 11, 11), date(2026, 11, 25))),
        # Never before the first entry, nor after the last day.
        (None, None, 52, (date(2026, 9, 30), date(2026, 11, 25))),
        (None, date(2026, 9, 1), 8, (date(2026, 9, 1), date(2026, 9, 1))),
    ],
)
def test_period_chooses_the_days(
    since: date | None, until: date | None, weeks: int, expected: tuple[date, date]
) -> None:
    assert period(date(2026, 9, 30), date(2026, 11, 25), since, until, weeks) == (
        expected
    )


def test_period_refuses_since_after_until() -> None:
    with pytest.raises(InvalidInput, match="--since 2026-11-20 is after --until"):
        period(date(2026, 9, 30), date(2026, 11, 25), date(2026, 11, 20),
               date(2026, 11, 10))  # fmt: skip


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def walk(day: date, before: int | None = None, after: int | None = None) -> Entry:
    return Entry(Kind.WALK, at(day), minutes=10, pain_before=before, pain_after=after)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [([], None), ([(2, None)], None), ([(2, 3), (4, 3)], 0.0), ([(1, 4), (2, 2)], 1.5)],
)
def test_pain_rise_is_the_mean_change_over_walks_with_both(
    pairs: list[tuple[int, int | None]], expected: float | None
) -> None:
    assert pain_rise([walk(MONDAY, b, a) for b, a in pairs]) == expected


def test_gap_events_count_days_without_a_walk_rest_included() -> None:
    entries = [
        walk(MONDAY),
        Entry(Kind.REST, at(MONDAY + timedelta(days=1))),
        walk(MONDAY + timedelta(days=3)),  # a 2-day gap: not named
        walk(MONDAY + timedelta(days=8)),  # 4 days without
    ]
    last = MONDAY + timedelta(days=12)
    events = gap_events(entries, MONDAY, last, date(2026, 12, 1), MONDAY)
    assert {e.kind for e in events} == {EventKind.GAP}
    assert [(e.day.day, e.text) for e in events] == [
        (6, "No walk for 4 days, to Mon 9 Nov."),
        (11, "No walk for 4 days, still none at the end of the period."),
    ]


def target(n: int, status: Status, sessions: int, minutes: int, why: str) -> Target:
    return Target(MONDAY + timedelta(days=n), status, Dose(sessions, minutes), 30, why)


def test_plan_events_name_each_cut_pause_stop_and_their_end() -> None:
    targets = {
        t.date: t
        for t in (
            target(0, Status.START, 3, 5, "start"),
            target(1, Status.PROGRESS, 3, 6, "up"),
            target(2, Status.REDUCE, 3, 5, "bad day"),
            target(3, Status.PAUSE, 3, 5, "leg pain. Please see a clinician."),
            target(4, Status.PAUSE, 3, 5, "still"),
            target(5, Status.HOLD, 3, 5, "lifted"),
            target(6, Status.STOP, 0, 0, "urgent. Seek emergency care now."),
            target(7, Status.HOLD, 3, 5, "cleared"),
        )
    }
    events = plan_events(targets, MONDAY, MONDAY + timedelta(days=7))
    assert [(e.day.day, e.text) for e in events] == [
        (4, "Target reduced from 3 × 6 min a day to 3 × 5 min a day. bad day"),
        (5, "Progression paused at 3 × 5 min a day. leg pain. Advised to see a "
            "clinician."),
        (7, "Pause lifted at 3 × 5 min a day. lifted"),
        (8, "Walking targets stopped. urgent. Advised to seek emergency care."),
        (9, "Walking targets resumed at 3 × 5 min a day. cleared"),
    ]  # fmt: skip
    # A pause that began before the period and still stands is named with its day.
    later = plan_events(targets, MONDAY + timedelta(days=4), MONDAY + timedelta(days=5))
    assert [(e.day.day, e.text.split(".")[0]) for e in later] == [
        (5, "Progression paused at 3 × 5 min a day"),
        (7, "Pause lifted at 3 × 5 min a day"),
    ]
