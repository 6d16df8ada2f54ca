"""Dates and times as people type them (SPEC §4), and as walkcoach prints them.

Everything here is pure: "now" and "today" are parameters, never read from a
clock or the environment, so the CLI can pin them (WALKCOACH_NOW) and tests can
fix them.

The grammar only looks back in time. A weekday or a date without a year is the
most recent such day, today included; dateutil and jrnl pick the *next* one
(jrnl#32), so weekdays, relative words and times are parsed here by hand, and
dateutil is not used at all. Text that does not fit is refused with a one-line
DateError, never read as "now" (jrnl#117, #185), and a numeric date that could
be read two ways, such as 03/04, is refused with a hint to use ISO.

Accepted, case-insensitive: ``2026-11-20``, ``2026-11-20 07:30``,
``2026-11-20T07:30:00+01:00``, ``now``, ``today``, ``yesterday``,
``3 days ago``, ``2 weeks ago``, ``3 hours ago``, ``mon``/``monday``,
``Nov 20``/``20 Nov``/``November 20 2025``, ``Tue 24 Nov`` (as printed by
format_day; the weekday must match), ``20/11/2026`` (only if unambiguous), a
time alone (``7pm``, ``7:30 pm``, ``19:30``, ``noon``: today), and a day with a
time before or after it, optionally joined by "at" (``yesterday at 7pm``).
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = [
    "DateError",
    "format_day",
    "format_when",
    "parse_day",
    "parse_until",
    "parse_when",
]


class DateError(ValueError):
    """A date or time the user typed that cannot be understood or accepted."""


EARLIEST_YEAR = 1900
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_MONTH_ABBR = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_WEEKDAYS = {
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
    **{name.lower(): i for i, name in enumerate(_DAY_ABBR)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_MONTHS = {
    **{name.lower(): i for i, name in enumerate(_MONTH_FULL, 1)},
    **{name.lower(): i for i, name in enumerate(_MONTH_ABBR, 1)},
    "sept": 9,
}

_PLAIN_DAYS = frozenset({"now", "today", "yesterday", *_WEEKDAYS})
# The single words every day option reads (for shell completion), with help.
DATE_WORDS: tuple[tuple[str, str], ...] = (
    ("now", "this moment"),
    ("today", "today"),
    ("yesterday", "yesterday"),
    *((name.lower(), f"the most recent {name}, today included") for name in DAY_NAMES),
)
_NOON = time(12)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_LEN = 60
_TRY_WHEN = "try 2026-11-20, yesterday, mon 9am, 7pm"
_TRY_DAY = "try 2026-11-20, yesterday, mon, 3 days ago"

# Patterns stay strings and are compiled on first use (re caches them), so that
# importing this module, which every command does, costs no regex compilation.
# re.ASCII: only 0-9 count as digits, so int() never meets other scripts' digits.
_FLAGS = re.ASCII | re.VERBOSE

# A time of day, optionally after "at". A bare "at 9" is matched only to be
# refused as ambiguous (jrnl#1261 silently dropped such a time).
_CLOCK = r"""
(?P<tok>
    (?:at\s+)?
    (?:
        (?P<h12>\d{1,2}) (?::(?P<m12>\d{2}))? \s* (?P<ap>[ap]) \.?m\.?
      | (?P<h24>\d{1,2}) : (?P<m24>\d{2})
        (?: :(?P<s24>\d{2}) (?:\.(?P<us>\d{1,6}))? )?
        (?: \s*(?P<tz>z|[+-]\d{2}(?::?\d{2})?) )?
      | (?P<word>noon|midday|midnight)
    )
  | at\s+(?P<bare>\d{1,4})
)
"""
_CLOCK_LAST = rf"(?:^|\s) {_CLOCK} $"
_CLOCK_FIRST = rf"^ {_CLOCK} \s+ (?:on\s+)? (?P<rest>\S.*) $"
_ISO_T = r"^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)"

_AGO = r"""(?P<n>\d{1,6}|an?|one) \s+
    (?P<unit>days?|weeks?|hours?|hrs?|minutes?|mins?) \s+ ago"""
_LAST_WEEKDAY = r"(?:last|past|previous)\s+(?P<wd>[a-z]+)"
_ISO_DATE = r"(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"
_NUMERIC_DATE = (
    r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_DAY = rf"""(?P<mon>{_MONTH_NAMES})\.? \s+ (?P<day>\d{{1,2}})(?:st|nd|rd|th)?
    (?:\s+(?P<y>\d{{4}}))?"""
_DAY_MONTH = rf"""(?P<day>\d{{1,2}})(?:st|nd|rd|th)? \s+ (?:of\s+)?
    (?P<mon>{_MONTH_NAMES})\.? (?:\s+(?P<y>\d{{4}}))?"""
# Words that point forward; only used to explain a refusal.
_FUTURE = r"""\b(?:tomorrow|tmrw|tmr|next|later|upcoming|from\s+now
    |in\s+(?:\d+|an?|one|a\s+few|few)\s+[a-z]+)\b"""

# A typed time: the wall-clock time and, for an ISO time with an offset, that offset.
_Clock = tuple[time, timezone | None]


def parse_when(
    text: str, now: datetime, local: Callable[[datetime], datetime] | None = None
) -> datetime:
    """Read a moment typed for --when, in now's time zone, never later than now.

    A day without a time means *now* for today and 12:00 (noon) for an earlier
    day: noon keeps "yesterday" inside the right calendar day and reads as a
    deliberate placeholder. An explicit UTC offset is kept as typed.
    `local` puts a moment in the local zone with the UTC offset in force at
    that moment (across a DST change): a typed wall-clock time (naive) and a
    relative one ("3 hours ago", aware) alike; without it, now's offset is used.
    A wall-clock time that does not exist (skipped when the clocks jumped
    forward) is refused; one that happens twice is taken as the first.
    """
    tz = now.tzinfo
    if tz is None or now.utcoffset() is None:
        # A programming error, not a user one, so not a DateError.
        raise TypeError("parse_when needs a timezone-aware now")
    shown = _show(text)
    today = now.date()
    wall = local or (lambda naive: naive.replace(tzinfo=tz))
    day, clock = _read(text, today, shown, walk=True)
    try:
        if isinstance(day, timedelta):
            if not day:
                return now
            # Via UTC so that "3 hours ago" counts real hours across a DST
            # change, then shown in the zone (and offset) of its own moment.
            instant = now.astimezone(UTC) - day
            when = local(instant) if local else instant.astimezone(tz)
        elif clock is None:
            if day == today:
                return now
            when = _existing(wall, datetime.combine(day, _NOON), shown)
        else:
            at, offset = clock
            if offset is None:
                when = _existing(wall, datetime.combine(day, at), shown)
            else:
                when = datetime.combine(day, at, tzinfo=offset)
        # Subtracting a UTC epoch compares real instants; comparing two datetimes
        # that share a tzinfo would compare wall times and get DST folds wrong.
        in_future = when - _EPOCH > now - _EPOCH
    except OverflowError:
        raise DateError(f"'{shown}' is too far back in time ({_TRY_WHEN})") from None
    if in_future:
        told = (
            format_day(day, today)
            if isinstance(day, date) and clock is None
            else format_when(when, now)
        )
        raise DateError(
            f"'{shown}' is {told}, which is in the future (now is "
            f"{format_when(now, now)}); a walk can only be logged once it has happened"
        )
    return when


def _existing(
    wall: Callable[[datetime], datetime], naive: datetime, shown: str
) -> datetime:
    """`naive` wall-clock time made aware, refused when no clock showed it."""
    when = wall(naive)
    if when.replace(tzinfo=None) != naive:
        raise DateError(
            f"'{shown}' did not happen here: the clocks jumped forward over that "
            "hour (daylight saving time); give the time as the clock showed it, "
            "an hour later"
        )
    return when


def parse_day(text: str, today: date) -> date:
    """Read a calendar day typed for --date/--since/--until.

    A time, if given, is checked and then ignored ("yesterday 7pm" is
    yesterday). Relative words never reach forward, but an explicit future
    date such as 2030-01-01 is returned as is: callers decide whether it fits.
    An ISO date-time with an offset gives the date as written.
    """
    shown = _show(text)
    try:
        day, _clock = _read(text, today, shown, walk=False)
    except OverflowError:
        raise DateError(f"'{shown}' is too far back in time ({_TRY_DAY})") from None
    if isinstance(day, timedelta):
        if not day:
            return today
        raise DateError(f"'{shown}' is a time, not a day ({_TRY_DAY})")
    return day


MAX_BREAK_AHEAD = 90  # days: a planned break reaches at most this far ahead


def parse_until(text: str, start: date, today: date) -> date:
    """The last day of a break that begins on `start` (`rest --until`).

    Unlike parse_day it may look ahead, since a break is planned: a weekday is
    the first such day on or after `start`, `tomorrow` and `in N days` count
    from today, and an explicit date may be in the future. Anything else reads
    as parse_day does. Never before `start`, nor more than MAX_BREAK_AHEAD days
    ahead.
    """
    shown = _show(text)
    s = " ".join(text.lower().split())
    if s in _WEEKDAYS:
        day = start + timedelta(days=(_WEEKDAYS[s] - start.weekday()) % 7)
    elif s in ("tomorrow", "tmrw"):
        day = today + timedelta(days=1)
    elif (m := re.fullmatch(r"(?:in\s+|\+)(\d{1,3})(?:\s*days?)?", s)) is not None:
        day = today + timedelta(days=int(m[1]))
    else:
        day = parse_day(text, today)
    if day < start:
        raise DateError(
            f"'{shown}' is {format_day(day, today)}, before the first day of the "
            f"break ({format_day(start, today)})"
        )
    if day > today + timedelta(days=MAX_BREAK_AHEAD):
        raise DateError(
            f"'{shown}' is more than {MAX_BREAK_AHEAD} days ahead; plan a "
            "shorter break, and add more when it comes"
        )
    return day


def format_when(dt: datetime, now: datetime | None = None) -> str:
    """Print a moment as "Tue 24 Nov 19:00", adding the year when it is not now's.

    The wall time of dt is printed as is, in its own zone. Names are English
    whatever the locale, to match what parse_when reads back.
    """
    day = format_day(dt.date(), now.date() if now else None)
    return f"{day} {dt.hour:02d}:{dt.minute:02d}"


def format_day(d: date, today: date | None = None) -> str:
    """Print a day as "Tue 24 Nov", adding the year when it is not today's."""
    text = f"{_DAY_ABBR[d.weekday()]} {d.day} {_MONTH_ABBR[d.month - 1]}"
    if today is not None and d.year != today.year:
        text += f" {d.year}"
    return text


def _read(
    text: str, today: date, shown: str, *, walk: bool
) -> tuple[date | timedelta, _Clock | None]:
    """Split text into a day (or a span back from now) and an optional time."""
    try_ = _TRY_WHEN if walk else _TRY_DAY
    s = " ".join(text.replace(",", " ").lower().split())
    if not s:
        raise DateError(f"no date or time given ({try_})")
    if len(s) > _MAX_LEN:
        raise DateError(f"'{shown}' is too long to be a date ({try_})")
    if s in _PLAIN_DAYS:  # the everyday words need no regex at all
        rest, clock = s, None
    else:
        s = re.sub(_ISO_T, r"\1 ", s, flags=_FLAGS)
        rest, clock = _take_clock(s)
    day = _day_part(rest, today, shown)
    if day is None:
        if re.search(_FUTURE, s, _FLAGS):
            if walk:
                raise DateError(
                    f"'{shown}' is in the future; a walk can only be logged once "
                    "it has happened (try today, yesterday 7pm, 3 days ago)"
                )
            raise DateError(
                f"'{shown}' is in the future; walkcoach looks back from today "
                "(try today, yesterday, mon, 2026-11-20)"
            )
        raise DateError(f"could not understand '{shown}' as a date ({try_})")
    if isinstance(day, timedelta) and clock is not None:
        raise DateError(
            f"'{shown}' gives a time twice; write a day and a time, e.g. today 7pm"
        )
    return day, clock


def _take_clock(s: str) -> tuple[str, _Clock | None]:
    """Peel a time of day off the end (or else the start) of s."""
    m = re.search(_CLOCK_LAST, s, _FLAGS)
    if m is not None:
        return s[: m.start()].strip(), _clock(m)
    m = re.match(_CLOCK_FIRST, s, _FLAGS)
    if m is not None:
        return m["rest"], _clock(m)
    return s, None


def _clock(m: re.Match[str]) -> _Clock:
    """Validate a matched time of day."""
    tok = m["tok"]
    if m["bare"] is not None:
        h = int(m["bare"])
        if 1 <= h <= 12:
            hint = f"{h}am, {h}pm or {h:02d}:00"
        elif 13 <= h <= 23:
            hint = f"{h}:00 or {h - 12}pm"
        else:
            hint = "e.g. 7pm or 19:00"
        raise DateError(f"'{tok}' is ambiguous; write the time as {hint}")
    if m["word"] is not None:
        if m["word"] == "midnight":
            raise DateError(
                f"'{tok}' is ambiguous; write 00:00 for the start of the day "
                "or 23:59 for its end"
            )
        return _NOON, None
    if m["h12"] is not None:
        h, minute = int(m["h12"]), int(m["m12"] or 0)
        if not 1 <= h <= 12:
            if 13 <= h <= 23:
                hint = f"write {h - 12}pm or {h}:00"
            elif h == 0:
                hint = "write 12am or 00:00"
            else:
                hint = "e.g. 7pm or 19:00"
            raise DateError(f"'{tok}' is not a time; 12-hour times run 1-12 ({hint})")
        if minute > 59:
            raise DateError(f"'{tok}' is not a time; minutes run 00-59")
        # 12am is midnight and 12pm is noon.
        return time(h % 12 + (12 if m["ap"] == "p" else 0), minute), None
    h, minute, second = int(m["h24"]), int(m["m24"]), int(m["s24"] or 0)
    if h > 23:
        raise DateError(f"'{tok}' is not a time; hours run 00-23 (e.g. 19:00 or 7pm)")
    if minute > 59 or second > 59:
        raise DateError(f"'{tok}' is not a time; minutes and seconds run 00-59")
    micro = int((m["us"] or "0").ljust(6, "0"))
    offset = None if m["tz"] is None else _offset(m["tz"], tok)
    return time(h, minute, second, micro), offset


def _offset(txt: str, tok: str) -> timezone:
    """Read a UTC offset: z, +01, +0100 or +01:00."""
    if txt == "z":
        return UTC
    digits = txt[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise DateError(f"'{tok}' has an impossible UTC offset (e.g. +01:00)")
    span = timedelta(hours=hours, minutes=minutes)
    return timezone(-span if txt[0] == "-" else span)


def _day_part(s: str, today: date, shown: str) -> date | timedelta | None:
    """Read the day (a date), or a span back from now; None if not understood."""
    if s in ("", "today"):
        return today
    if s == "now":
        return timedelta(0)
    if s == "yesterday":
        return today - timedelta(days=1)
    if (m := re.fullmatch(_AGO, s, _FLAGS)) is not None:
        n = int(m["n"]) if m["n"][0].isdigit() else 1
        unit = m["unit"][0]
        if unit == "d":
            return today - timedelta(days=n)
        if unit == "w":
            return today - timedelta(weeks=n)
        return timedelta(hours=n) if unit == "h" else timedelta(minutes=n)
    if s in _WEEKDAYS:
        return _recent_weekday(today, _WEEKDAYS[s])
    if (m := re.fullmatch(_LAST_WEEKDAY, s, _FLAGS)) is not None and m[
        "wd"
    ] in _WEEKDAYS:
        wd = _WEEKDAYS[m["wd"]]
        recent = _recent_weekday(today, wd)
        raise DateError(
            f"'{shown}' is ambiguous; write {_DAY_ABBR[wd].lower()} for the most "
            f"recent {DAY_NAMES[wd]} ({format_day(recent, today)}), or a date "
            f"such as {(recent - timedelta(weeks=1)).isoformat()}"
        )
    first, _, rest = s.partition(" ")
    if first in _WEEKDAYS and rest:
        # "Tue 24 Nov", as format_day prints it: the weekday must agree.
        d = _explicit_date(rest, today, shown)
        if d is not None and d.weekday() != _WEEKDAYS[first]:
            raise DateError(
                f"'{shown}' does not add up: {d.day} {_MONTH_ABBR[d.month - 1]} "
                f"{d.year} is a {DAY_NAMES[d.weekday()]}, not a "
                f"{DAY_NAMES[_WEEKDAYS[first]]}"
            )
        return d
    return _explicit_date(s, today, shown)


def _explicit_date(s: str, today: date, shown: str) -> date | None:
    """Read an ISO, numeric or month-name date; None if s is none of those."""
    if (m := re.fullmatch(_ISO_DATE, s, _FLAGS)) is not None:
        return _make_date(int(m["y"]), int(m["m"]), int(m["d"]), shown)
    if (m := re.fullmatch(_NUMERIC_DATE, s, _FLAGS)) is not None:
        return _numeric_date(int(m["a"]), int(m["b"]), m["y"], today, shown)
    if (
        m := re.fullmatch(_MONTH_DAY, s, _FLAGS) or re.fullmatch(_DAY_MONTH, s, _FLAGS)
    ) is not None:
        month, day = _MONTHS[m["mon"]], int(m["day"])
        if m["y"] is not None:
            return _make_date(int(m["y"]), month, day, shown)
        return _recent_date(month, day, today, shown)
    return None


def _numeric_date(
    a: int, b: int, year_text: str | None, today: date, shown: str
) -> date:
    """Read a/b[/y]: accepted only when just one reading is a real date."""
    year = int(year_text) if year_text is not None and len(year_text) == 4 else None
    readings: list[tuple[int, int]] = []  # (day, month): day first, then month first
    for day, month in ((a, b), (b, a)):
        if (
            1 <= month <= 12
            and 1 <= day <= _days_in(year or 2000, month)
            and (day, month) not in readings
        ):
            readings.append((day, month))
    hint_year = year or (2000 + int(year_text) if year_text else today.year)
    isos = " or ".join(f"{hint_year:04d}-{mo:02d}-{d:02d}" for d, mo in readings)
    if year_text is not None and year is None:
        example = isos or f"{hint_year:04d}-MM-DD"
        raise DateError(f"'{shown}' has a two-digit year; use ISO, e.g. {example}")
    if not readings:
        raise DateError(f"'{shown}' is not a real date; use ISO, e.g. 2026-11-20")
    if len(readings) == 2:
        (d1, m1), (d2, m2) = readings
        raise DateError(
            f"'{shown}' could mean {d1} {_MONTH_FULL[m1 - 1]} or "
            f"{d2} {_MONTH_FULL[m2 - 1]}; use ISO, e.g. {isos}"
        )
    day, month = readings[0]
    if year is None:
        return _recent_date(month, day, today, shown)
    return _make_date(year, month, day, shown)


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    """date(year, month, day), or a DateError that says what is wrong with it."""
    if 1 <= year < EARLIEST_YEAR:  # a typo such as 0226 for 2026, not a walk
        raise DateError(f"'{shown}' is before {EARLIEST_YEAR}; check the year")
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        why = f"there is no month {month}"
    elif 1 <= year <= 9999:
        why = f"{_MONTH_FULL[month - 1]} {year} has {_days_in(year, month)} days"
    else:
        why = "years run 0001-9999"
    raise DateError(f"'{shown}' is not a real date ({why})")


def _recent_date(month: int, day: int, today: date, shown: str) -> date:
    """The most recent month/day on or before today (a yearless date)."""
    if not 1 <= day <= _days_in(2000, month):  # 2000: a leap year admits 29 Feb
        most = "at most 29" if month == 2 else str(_days_in(2001, month))
        raise DateError(
            f"'{shown}' is not a real date ({_MONTH_FULL[month - 1]} has {most} days)"
        )
    # Nine years always reach back to a 29 February (the 2100 gap is eight).
    for year in range(today.year, max(today.year - 9, 0), -1):
        if day <= _days_in(year, month) and (d := date(year, month, day)) <= today:
            return d
    raise DateError(f"'{shown}' is too far back in time ({_TRY_DAY})")


def _recent_weekday(today: date, weekday: int) -> date:
    """The most recent day with this weekday (0 = Monday), today included."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _days_in(year: int, month: int) -> int:
    """Number of days in a month."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _show(text: str) -> str:
    """The user's text, made safe to quote in a one-line message."""
    # Control characters could move the cursor or split the line on a terminal.
    clean = "".join(c if c.isprintable() else " " for c in text)
    clean = " ".join(clean.split())
    return clean if len(clean) <= 40 else clean[:37] + "..."
