"""When `walkcoach remind` speaks, and what it says (pure: the clock and the
day's figures are handed in)."""

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from walkcoach.core.models import Dose

DEFAULT_EVERY = timedelta(hours=2)  # quiet this long after a reminder
MAX_EVERY = timedelta(hours=24)
_EVERY = re.compile(r"(?:(?P<h>\d{1,2})\s*h)?\s*(?:(?P<m>\d{1,4})\s*(?:m|min)?)?")


def parse_every(text: str) -> timedelta:
    """`2h`, `90m`, `1h30m` or a bare number of minutes; at most a day.

    Raises ValueError with the message to show.
    """
    cleaned = text.strip().lower()
    match = _EVERY.fullmatch(cleaned)
    if not cleaned or match is None or not (match["h"] or match["m"]):
        raise ValueError(f"--every must be like 2h, 90m or 1h30m, got {text!r}")
    every = timedelta(hours=int(match["h"] or 0), minutes=int(match["m"] or 0))
    if every > MAX_EVERY:
        raise ValueError(f"--every must be at most 24h, got {text!r}")
    return every


def reminder_text(
    left_sessions: int,
    minutes: int,
    planned_sessions: int,
    last: datetime | None,
    now: datetime,
    every: timedelta,
) -> str | None:
    """The one line to say now, or None: nothing left today, or a reminder was
    given less than `every` ago (today or not)."""
    if left_sessions <= 0:
        return None
    if last is not None and last <= now < last + every:
        return None
    walks = "walk" if planned_sessions == 1 else "walks"
    return (
        f"Time for a walk: {left_sessions} of {planned_sessions} {walks} of "
        f"{minutes} min left today."
    )


def parse_times(text: str) -> list[time]:
    """`9:00,13:00,18:00` (or `9,13,18`): the times of day to walk, in order.

    Raises ValueError with the message to show.
    """
    times: list[time] = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*", part)
        if match is None or int(match[1]) > 23 or int(match[2] or 0) > 59:
            raise ValueError(
                f"--times must be times of day like 9:00,13:00,18:00, got {text!r}"
            )
        times.append(time(int(match[1]), int(match[2] or 0)))
    if times != sorted(set(times)):
        raise ValueError(f"--times must be different times in order, got {text!r}")
    return times


def walk_slots(
    stages: Sequence[tuple[date, Dose]], first: date, days: int
) -> list[tuple[date, int, Dose]]:
    """Each planned walk of `days` days from `first`: (day, its number from 1,
    the dose), with the dose of the newest stage begun by that day."""
    slots: list[tuple[date, int, Dose]] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        begun = [dose for start, dose in stages if start <= day]
        if not begun:
            continue
        dose = begun[-1]
        slots.extend((day, number, dose) for number in range(1, dose.sessions + 1))
    return slots
