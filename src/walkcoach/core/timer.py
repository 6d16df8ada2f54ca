"""Timing a walk (SPEC §3 `start`/`stop`/`pause`/`resume`/`cancel`): plain data
in, decisions out. No clock here: "now" is always a parameter.

A running walk is when it started and its pauses; its length is the time from
the start to the end less the time paused. A walk left running for longer than
is plausible for this person (models.is_implausible_walk) is *stale*: it is not
recorded as measured, only with an end the person gives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from walkcoach.core.dates import format_when
from walkcoach.core.entries import MAX_MINUTES
from walkcoach.core.errors import InvalidInput, WalkcoachError
from walkcoach.core.models import is_implausible_walk

if TYPE_CHECKING:
    from walkcoach.core.guidance import Tip

HOW_TO_STOP = "stop it with `walkcoach stop`, or drop it with `walkcoach cancel`"
HOW_TO_END_STALE = (
    "give its real end with --at (e.g. walkcoach stop --at 10:30), "
    "or drop it with walkcoach cancel"
)


@dataclass(frozen=True)
class Pause:
    """A break in a walk; `end` is None while it lasts."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class Timer:
    """The walk being timed (at most one at a time)."""

    started: datetime  # aware; the walk's `at` once it is recorded
    aim_minutes: int  # this walk's aim, from the day's target when it started
    longest_planned: int  # the day's longest planned walk, for the stale check
    pain_before: int | None = None
    pauses: tuple[Pause, ...] = ()

    @property
    def paused_since(self) -> datetime | None:
        """When the current pause began, or None while walking."""
        if self.pauses and self.pauses[-1].end is None:
            return self.pauses[-1].start
        return None


@dataclass(frozen=True)
class Finished:
    """What `stop` records: the start, and the minutes walked (whole seconds)."""

    at: datetime
    seconds: int

    @property
    def minutes(self) -> float:
        return self.seconds / 60


class StaleTimer(InvalidInput):
    """A walk left running implausibly long, stopped without its real end."""


def _instant(moment: datetime) -> float:
    # Seconds since the epoch: exact across UTC offsets and DST folds.
    return moment.timestamp()


def active_seconds(timer: Timer, end: datetime) -> float:
    """Seconds walked from the start to `end`, less every pause (an open pause
    runs to `end`; a pause outside the walk counts for nothing)."""
    first, last = _instant(timer.started), _instant(end)
    if last <= first:
        return 0.0
    paused = 0.0
    for pause in timer.pauses:
        start = max(first, _instant(pause.start))
        stop = min(last, _instant(pause.end) if pause.end is not None else last)
        paused += max(0.0, stop - start)
    return max(0.0, last - first - paused)


def minutes_so_far(timer: Timer, now: datetime) -> float:
    return active_seconds(timer, now) / 60


def is_stale(timer: Timer, now: datetime) -> bool:
    """True when the walk has run implausibly long for this person."""
    return is_implausible_walk(minutes_so_far(timer, now), timer.longest_planned)


def since_text(moment: datetime, now: datetime) -> str:
    """'09:12' today, 'Tue 24 Nov 09:12' on another day."""
    if moment.date() == now.date():
        return f"{moment.hour:02d}:{moment.minute:02d}"
    return format_when(moment, now)


def duration_text(minutes: float) -> str:
    """'7 min', '2 h 5 min', '26 h'."""
    whole = int(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest and hours < 10 else f"{hours} h"


def status_text(timer: Timer, now: datetime) -> str:
    """One line: 'Walking since 09:12 — 7 min so far, target 6 min'."""
    if is_stale(timer, now):
        return f"{stale_text(timer, now)}: {HOW_TO_END_STALE}"
    so_far = f"{duration_text(minutes_so_far(timer, now))} so far"
    aim = f"target {timer.aim_minutes} min" if timer.aim_minutes else "no target"
    paused = timer.paused_since
    if paused is not None:
        since = since_text(paused, now)
        return f"Walk paused since {since} — {so_far}, {aim} (walkcoach resume)"
    return f"Walking since {since_text(timer.started, now)} — {so_far}, {aim}"


def watch_cue(timer: Timer, now: datetime) -> str | None:
    """The live view's word at the halfway mark and at the target, if any."""
    if not timer.aim_minutes or timer.paused_since is not None:
        return None
    done = minutes_so_far(timer, now) / timer.aim_minutes
    if done >= 1:
        return "Target reached: head home now, or walk on only while it feels easy."
    if done >= 0.5:
        return "Halfway: on an out-and-back route, turn round now."
    return None


def stale_text(timer: Timer, now: datetime) -> str:
    """'The walk started Tue 24 Nov 09:12 has been running for 25 h, longer
    than a walk of yours'."""
    return (
        f"The walk started {format_when(timer.started, now)} has been running for "
        f"{duration_text(minutes_so_far(timer, now))}, longer than a walk of yours"
    )


def timer_json(timer: Timer | None, now: datetime) -> dict[str, Any] | None:
    """The `timer` object of `today --json` (null when no walk is running)."""
    if timer is None:
        return None
    paused = timer.paused_since
    return {
        "started": timer.started.isoformat(),
        "minutes": round(minutes_so_far(timer, now), 1),
        "paused": paused is not None,
        "paused_since": None if paused is None else paused.isoformat(),
        "aim_minutes": timer.aim_minutes,
        "pain_before": timer.pain_before,
        "stale": is_stale(timer, now),
    }


# -- decisions ---------------------------------------------------------------------


def check_start(running: Timer | None, now: datetime) -> None:
    """A new walk may start only when none is running."""
    if running is not None:
        raise WalkcoachError(
            f"a walk is already running since {since_text(running.started, now)} "
            f"({duration_text(minutes_so_far(running, now))} so far); {HOW_TO_STOP}"
        )


def changed_meanwhile() -> WalkcoachError:
    """The running walk is no longer what a command read (another terminal)."""
    return WalkcoachError(
        "the walk being timed changed in another terminal meanwhile; see it with "
        "`walkcoach today` and try again"
    )


def require_running(running: Timer | None) -> Timer:
    """The running walk, or the error that says none is."""
    if running is None:
        raise WalkcoachError(
            "no walk is running; start one with `walkcoach start` (or record a "
            "finished one with `walkcoach log MINUTES`)"
        )
    return running


def pause(running: Timer | None, at: datetime, now: datetime) -> Timer:
    """The walk with a pause beginning at `at`."""
    timer = require_running(running)
    if timer.paused_since is not None:
        raise WalkcoachError(
            f"the walk is already paused since {since_text(timer.paused_since, now)}; "
            "carry on with `walkcoach resume`"
        )
    return replace(timer, pauses=(*timer.pauses, Pause(max(at, timer.started))))


def resume(running: Timer | None, at: datetime, now: datetime) -> Timer:
    """The walk with its current pause ended at `at`."""
    timer = require_running(running)
    paused = timer.paused_since
    if paused is None:
        raise WalkcoachError(
            f"the walk is not paused (walking since {since_text(timer.started, now)}); "
            "pause it with `walkcoach pause`"
        )
    return replace(timer, pauses=(*timer.pauses[:-1], Pause(paused, max(at, paused))))


def finish(timer: Timer, end: datetime, now: datetime, end_given: bool) -> Finished:
    """The walk as it is recorded when it ends at `end` (never after `now`).

    Without an end the person gave, a stale walk is refused (StaleTimer): its
    length would be the time the timer was forgotten, not the time walked.
    """
    if _instant(end) < _instant(timer.started):
        raise InvalidInput(
            f"--at: {format_when(end, now)} is before the walk started "
            f"({format_when(timer.started, now)})"
        )
    if _instant(end) > _instant(now):
        raise InvalidInput(
            f"--at: {format_when(end, now)} is in the future (now is "
            f"{format_when(now, now)})"
        )
    if not end_given and is_stale(timer, now):
        text = stale_text(timer, now)
        raise StaleTimer(f"{text[0].lower()}{text[1:]}; {HOW_TO_END_STALE}")
    seconds = round(active_seconds(timer, end))
    if seconds < 1:
        raise InvalidInput(
            "the walk lasted no time at all; give its end with --at, or drop it "
            "with walkcoach cancel"
        )
    if seconds > MAX_MINUTES * 60:
        raise InvalidInput(
            f"the walk would be {duration_text(seconds / 60)}, more than the "
            f"{MAX_MINUTES} minutes a walk can be; give its real end with --at, or "
            "drop it with walkcoach cancel"
        )
    return Finished(timer.started, seconds)


# -- the start's words ---------------------------------------------------------------


def aim_text(number: int, sessions: int, minutes: int, day: str = "today") -> str:
    """'Walk 2 of 3 today: aim for 6 min.' (`day`: 'today' or 'on Tue 24 Nov')."""
    if sessions == 0:
        return "No walking target while the safety answer stands."
    if number > sessions:
        return (
            f"Walk {number} {day}: your {sessions} planned "
            f"walk{'s are' if sessions != 1 else ' is'} done, so keep this one easy "
            f"(at most {minutes} min)."
        )
    return f"Walk {number} of {sessions} {day}: aim for {minutes} min."


def cue_for(day: date, number: int) -> Tip:
    """One technique cue for this walk: a different one for each walk of a day."""
    from walkcoach.core.guidance import tips_for

    cues = tips_for("technique")
    return cues[(day.toordinal() + number) % len(cues)]
