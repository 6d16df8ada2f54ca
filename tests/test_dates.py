"""Tests for core.dates: the date grammar of SPEC §4, pinned to a fixed now."""

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walkcoach.core.dates import (
    DateError,
    format_day,
    format_when,
    parse_day,
    parse_when,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=TZ)  # a Wednesday
TODAY = NOW.date()
NEW_YEAR = datetime(2027, 1, 2, 9, 0, tzinfo=TZ)  # a Saturday


def at(y: int, mo: int, d: int, h: int = 12, mi: int = 0, s: int = 0) -> datetime:
    """A moment in TZ; noon by default, as a day without a time is read."""
    return datetime(y, mo, d, h, mi, s, tzinfo=TZ)


WHEN_OK: list[tuple[str, datetime]] = [
    # now / today / yesterday
    ("now", NOW),
    ("NOW", NOW),
    ("  today  ", NOW),
    ("yesterday", at(2026, 11, 24)),
    ("Yesterday", at(2026, 11, 24)),
    # weekdays: the most recent one, today included
    ("wed", NOW),
    ("Wednesday", NOW),
    ("mon", at(2026, 11, 23)),
    ("mon 9am", at(2026, 11, 23, 9)),
    ("monday 19:30", at(2026, 11, 23, 19, 30)),
    ("tue 23:00", at(2026, 11, 24, 23)),
    ("tues 7 pm", at(2026, 11, 24, 19)),
    ("thu", at(2026, 11, 19)),
    ("thurs 6:45am", at(2026, 11, 19, 6, 45)),
    ("sun 8:15am", at(2026, 11, 22, 8, 15)),
    ("wed 9am", at(2026, 11, 25, 9)),
    # a day and a time, in either order, with or without "at"
    ("yesterday 7pm", at(2026, 11, 24, 19)),
    ("yesterday at 7:30 pm", at(2026, 11, 24, 19, 30)),
    ("7pm yesterday", at(2026, 11, 24, 19)),
    ("yesterday 7 p.m.", at(2026, 11, 24, 19)),
    ("yesterday noon", at(2026, 11, 24, 12)),
    ("yesterday 12pm", at(2026, 11, 24, 12)),
    ("yesterday 12am", at(2026, 11, 24, 0)),
    ("today 8am", at(2026, 11, 25, 8)),
    # a time alone: today
    ("9:30", at(2026, 11, 25, 9, 30)),
    ("09:59", at(2026, 11, 25, 9, 59)),
    ("10:00", NOW),
    ("8AM", at(2026, 11, 25, 8)),
    ("at 7am", at(2026, 11, 25, 7)),
    # N ... ago
    ("3 days ago", at(2026, 11, 22)),
    ("1 day ago", at(2026, 11, 24)),
    ("a day ago", at(2026, 11, 24)),
    ("0 days ago", NOW),
    ("3 days ago 8am", at(2026, 11, 22, 8)),
    ("2 weeks ago", at(2026, 11, 11)),
    ("3 hours ago", at(2026, 11, 25, 7)),
    ("an hour ago", at(2026, 11, 25, 9)),
    ("90 minutes ago", at(2026, 11, 25, 8, 30)),
    # ISO
    ("2026-11-20", at(2026, 11, 20)),
    ("2026-11-20 07:30", at(2026, 11, 20, 7, 30)),
    ("2026-11-20T07:30", at(2026, 11, 20, 7, 30)),
    ("2026-11-20t07:30:15", at(2026, 11, 20, 7, 30, 15)),
    ("2026-11-20T07:30:00+01:00", at(2026, 11, 20, 7, 30)),
    ("2026-11-20T07:30:00+00:00", at(2026, 11, 20, 8, 30)),
    ("2026-11-20T07:30Z", at(2026, 11, 20, 8, 30)),
    ("2026-11-20 07:30 -05:00", at(2026, 11, 20, 13, 30)),
    ("2026-11-25T09:00Z", NOW),
    ("2026/11/20", at(2026, 11, 20)),
    # month names; no year means the most recent such date, today included
    ("Nov 20 7:30pm", at(2026, 11, 20, 19, 30)),
    ("20 Nov", at(2026, 11, 20)),
    ("November 20", at(2026, 11, 20)),
    ("20th of november", at(2026, 11, 20)),
    ("Nov 20 2025", at(2025, 11, 20)),
    ("nov 20, 2025 6pm", at(2025, 11, 20, 18)),
    ("Dec 1", at(2025, 12, 1)),
    ("nov 25", NOW),
    ("Nov 26", at(2025, 11, 26)),
    ("feb 29", at(2024, 2, 29)),
    ("sept 3", at(2026, 9, 3)),
    # what format_when prints reads back
    ("Tue 24 Nov 19:00", at(2026, 11, 24, 19)),
    ("Tue 25 Nov 2025 10:00", at(2025, 11, 25, 10)),
    # numeric dates that cannot be misread
    ("20/11/2026", at(2026, 11, 20)),
    ("11/20/2026", at(2026, 11, 20)),
    ("20/11", at(2026, 11, 20)),
    ("20.11.2026 7pm", at(2026, 11, 20, 19)),
    ("05/05/2026", at(2026, 5, 5)),
]


@pytest.mark.parametrize(("text", "expected"), WHEN_OK)
def test_parse_when_reads(text: str, expected: datetime) -> None:
    got = parse_when(text, NOW)
    assert got == expected
    # Issue 13: an explicit UTC offset is kept as typed (the same instant).
    typed = re.search(r"(Z|[+-]\d\d:\d\d)$", text.strip())
    if typed is None:
        assert got.tzinfo is TZ
    else:
        offset = "+00:00" if typed.group(1) == "Z" else typed.group(1)
        assert got.isoformat().endswith(offset)


WHEN_BAD: list[tuple[str, str]] = [
    # later today, or a future day: refused, never clamped
    ("7pm", "'7pm' is Wed 25 Nov 19:00, which is in the future"),
    ("19:30", "in the future"),
    ("noon", "in the future"),
    ("10:01", "in the future"),
    ("2026-11-26", "'2026-11-26' is Thu 26 Nov, which is in the future"),
    ("2026-11-25T09:01Z", "in the future"),
    # future words get their own message
    ("tomorrow", "'tomorrow' is in the future; a walk can only be logged"),
    ("next week", "in the future"),
    ("in 3 days", "in the future"),
    ("next mon 9am", "in the future"),
    # not understood: never read as now
    ("gibberish", "could not understand 'gibberish' as a date (try 2026-11-20"),
    ("", "no date or time given"),
    ("   ", "no date or time given"),
    ("yesterday yesterday", "could not understand"),
    ("7pm 8pm", "could not understand"),
    ("last week", "could not understand"),
    ("nov", "could not understand"),
    ("x" * 100, "too long"),
    # impossible values
    ("2026-02-30", "'2026-02-30' is not a real date (February 2026 has 28 days)"),
    ("2026-13-01", "no month 13"),
    ("feb 30", "February has at most 29 days"),
    ("apr 31 2026", "April 2026 has 30 days"),
    ("32/01/2026", "not a real date"),
    ("25:00", "'25:00' is not a time"),
    ("yesterday 24:00", "'24:00' is not a time"),
    ("13pm", "'13pm' is not a time; 12-hour times run 1-12 (write 1pm or 13:00)"),
    ("0am", "12am or 00:00"),
    ("yesterday 7:60pm", "minutes run 00-59"),
    ("2026-11-20T07:30+25:00", "impossible UTC offset"),
    ("1899-12-31 08:00", "before 1900; check the year"),
    # ambiguous: refused with the fix
    ("03/04", "'03/04' could mean 3 April or 4 March; use ISO, e.g. 2026-04-03"),
    ("03/04/2026", "use ISO, e.g. 2026-04-03 or 2026-03-04"),
    ("5/6", "use ISO, e.g. 2026-06-05 or 2026-05-06"),
    ("03.04.2026", "use ISO"),
    ("03-04-2026", "use ISO"),
    ("20/11/26", "two-digit year; use ISO, e.g. 2026-11-20"),
    ("yesterday at 9", "'at 9' is ambiguous; write the time as 9am, 9pm or 09:00"),
    ("at 21", "21:00 or 9pm"),
    ("midnight", "ambiguous"),
    ("last mon", "write mon for the most recent Monday (Mon 23 Nov)"),
    # inconsistent
    ("Mon 24 Nov", "24 Nov 2026 is a Tuesday, not a Monday"),
    ("now 7pm", "gives a time twice"),
    ("3 hours ago 7pm", "gives a time twice"),
]


@pytest.mark.parametrize(("text", "message"), WHEN_BAD)
def test_parse_when_refuses(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, NOW)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


DAY_OK: list[tuple[str, date]] = [
    ("today", TODAY),
    ("now", TODAY),
    ("yesterday", date(2026, 11, 24)),
    ("yesterday 7pm", date(2026, 11, 24)),
    ("7pm", TODAY),  # a time is ignored, even a later one
    ("wed", TODAY),
    ("mon", date(2026, 11, 23)),
    ("thursday", date(2026, 11, 19)),
    ("3 days ago", date(2026, 11, 22)),
    ("0 hours ago", TODAY),
    ("Dec 1", date(2025, 12, 1)),
    ("20 Nov", date(2026, 11, 20)),
    ("2026-11-20", date(2026, 11, 20)),
    ("2026-12-01", date(2026, 12, 1)),  # an explicit future date: callers decide
    ("2026-11-20T23:30:00-05:00", date(2026, 11, 20)),  # the date as written
    ("20/11/2026", date(2026, 11, 20)),
    ("Tue 24 Nov", date(2026, 11, 24)),
]


@pytest.mark.parametrize(("text", "expected"), DAY_OK)
def test_parse_day_reads(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


DAY_BAD: list[tuple[str, str]] = [
    ("tomorrow", "is in the future; walkcoach looks back from today"),
    ("next week", "is in the future"),
    ("gibberish", "could not understand 'gibberish' as a date (try 2026-11-20"),
    ("", "no date or time given"),
    ("3 hours ago", "'3 hours ago' is a time, not a day"),
    ("yesterday 25:00", "'25:00' is not a time"),
    ("03/04", "use ISO"),
    ("2026-02-30", "not a real date"),
    ("0226-11-20", "'0226-11-20' is before 1900; check the year"),
]


@pytest.mark.parametrize(("text", "message"), DAY_BAD)
def test_parse_day_refuses(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_day(text, TODAY)
    assert message in str(caught.value)


NEW_YEAR_WHEN: list[tuple[str, datetime]] = [
    ("dec 31", at(2026, 12, 31)),
    ("31 dec 7pm", at(2026, 12, 31, 19)),
    ("31/12", at(2026, 12, 31)),
    ("jan 2", NEW_YEAR),
    ("jan 3", at(2026, 1, 3)),
    ("mon", at(2026, 12, 28)),
    ("sat", NEW_YEAR),
    ("sun 7pm", at(2026, 12, 27, 19)),
    ("fri", at(2027, 1, 1)),
    ("yesterday 23:30", at(2027, 1, 1, 23, 30)),
    ("3 days ago", at(2026, 12, 30)),
    ("Thu 31 Dec 2026 19:00", at(2026, 12, 31, 19)),
]


@pytest.mark.parametrize(("text", "expected"), NEW_YEAR_WHEN)
def test_parse_when_across_new_year(text: str, expected: datetime) -> None:
    assert parse_when(text, NEW_YEAR) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dec 31", date(2026, 12, 31)),
        ("mon", date(2026, 12, 28)),
        ("jan 1", date(2027, 1, 1)),
    ],
)
def test_parse_day_across_new_year(text: str, expected: date) -> None:
    assert parse_day(text, NEW_YEAR.date()) == expected


def test_parse_when_needs_an_aware_now() -> None:
    with pytest.raises(TypeError):
        parse_when("today", NOW.replace(tzinfo=None))


def _paris() -> ZoneInfo:
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # pragma: no cover - no tz database
        pytest.skip("no time zone database")


def test_parse_when_counts_real_hours_across_dst() -> None:
    paris = _paris()
    # Clocks went from 02:00 to 03:00 that night, so 04:00 is only two hours
    # after 01:00: three real hours back is midnight.
    now = datetime(2026, 3, 29, 4, 0, tzinfo=paris)
    got = parse_when("3 hours ago", now)
    assert got == datetime(2026, 3, 29, 0, 0, tzinfo=paris)
    assert got.tzinfo is paris
    assert parse_when("yesterday 7pm", now).utcoffset() == timedelta(hours=1)
    assert parse_when("3:30", now).utcoffset() == timedelta(hours=2)


def test_parse_when_compares_real_instants_in_a_dst_fold() -> None:
    paris = _paris()
    # 02:30 for the second time (CET, fold=1); 02:45 read as its first
    # occurrence (CEST) happened 45 minutes earlier, so it is not in the future.
    now = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=paris)
    got = parse_when("02:45", now)
    assert got.astimezone(UTC) < now.astimezone(UTC)


FORMATS: list[tuple[datetime, datetime | None, str]] = [
    (at(2026, 11, 24, 19), NOW, "Tue 24 Nov 19:00"),
    (at(2026, 11, 3, 7, 5), NOW, "Tue 3 Nov 07:05"),
    (at(2025, 11, 24, 19), NOW, "Mon 24 Nov 2025 19:00"),
    (at(2025, 11, 24, 19), None, "Mon 24 Nov 19:00"),
    (at(2026, 12, 31, 23, 59), NEW_YEAR, "Thu 31 Dec 2026 23:59"),
]


@pytest.mark.parametrize(("dt", "now", "expected"), FORMATS)
def test_format_when(dt: datetime, now: datetime | None, expected: str) -> None:
    assert format_when(dt, now) == expected


@pytest.mark.parametrize(
    ("d", "today", "expected"),
    [
        (date(2026, 11, 24), TODAY, "Tue 24 Nov"),
        (date(2026, 11, 24), None, "Tue 24 Nov"),
        (date(2025, 12, 1), TODAY, "Mon 1 Dec 2025"),
        (date(2027, 1, 1), TODAY, "Fri 1 Jan 2027"),
    ],
)
def test_format_day(d: date, today: date | None, expected: str) -> None:
    assert format_day(d, today) == expected


def test_importing_dates_does_not_import_dateutil() -> None:
    code = "import sys, walkcoach.core.dates; print('dateutil' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# --- properties ------------------------------------------------------------

# Pieces of the grammar, so that random phrases reach past the first regex.
TOKENS = [
    "now", "today", "yesterday", "tomorrow", "mon", "wed", "sunday", "last", "next",
    "at", "on", "ago", "days", "day", "hours", "weeks", "a", "3", "0", "12", "29",
    "31", "999999", "2026", "0001", "9999", "nov", "feb", "december", "20th", "of",
    "7pm", "12am", "13pm", "7:30", "25:00", "23:59:59.5", "noon", "midnight",
    "2026-11-20", "2026-02-29", "0001-01-01", "9999-12-31", "2026-11-20T07:30Z",
    "07:30+01:00", "07:30-23:59", "20/11/2026", "03/04", "5/6/26", "31.12", "-", ",",
]  # fmt: skip
phrases = st.lists(st.sampled_from(TOKENS), max_size=5).map(" ".join)
offsets = st.builds(
    timezone,
    st.timedeltas(min_value=timedelta(hours=-14), max_value=timedelta(hours=14)),
)
nows = st.datetimes(
    min_value=datetime(1910, 1, 1), max_value=datetime(2200, 1, 1), timezones=offsets
)


@given(text=st.text(max_size=40) | phrases, now=st.just(NOW) | nows)
def test_parse_when_returns_a_past_moment_or_a_date_error(
    text: str, now: datetime
) -> None:
    try:
        got = parse_when(text, now)
    except DateError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert got <= now
        # Issue 13: an explicit UTC offset is kept as typed (pinned by
        # test_parse_when_reads); every other moment is in now's zone.
        if got.tzinfo is not now.tzinfo:
            assert re.search(r"\d\s*(z|[+-]\d\d?(:?\d\d)?)", text.lower()), text


@given(text=st.text(max_size=40) | phrases, now=st.just(NOW) | nows)
def test_parse_day_returns_a_date_or_a_date_error(text: str, now: datetime) -> None:
    try:
        got = parse_day(text, now.date())
    except DateError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert type(got) is date


@given(now=nows, back=st.integers(min_value=0, max_value=3 * 366 * 24 * 60))
def test_format_when_reads_back(now: datetime, back: int) -> None:
    dt = now.replace(second=0, microsecond=0) - timedelta(minutes=back)
    assert parse_when(format_when(dt, now), now) == dt


@given(today=st.dates(date(1910, 1, 1), date(2200, 1, 1)), back=st.integers(0, 2000))
def test_format_day_reads_back(today: date, back: int) -> None:
    d = today - timedelta(days=back)
    assert parse_day(format_day(d, today), today) == d


@given(
    today=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    weekday=st.integers(0, 6),
)
def test_weekday_is_the_most_recent_one(today: date, weekday: int) -> None:
    name = ["mon", "tue", "wednesday", "thurs", "fri", "sat", "sunday"][weekday]
    got = parse_day(name, today)
    assert today - timedelta(days=6) <= got <= today
    assert got.weekday() == weekday
