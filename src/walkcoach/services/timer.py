"""Timing a walk: start, pause, resume, cancel and stop (SPEC §3).

Each use case gathers the running walk from the store, lets the core decide
(core/timer.py), and saves the result as one undoable change. The running walk
lives in the database, so a second terminal sees it; the store writes it only
if it is still what was read, so two terminals cannot both start a walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from walkcoach.core import timer as core
from walkcoach.core.dates import format_day, format_when
from walkcoach.core.guidance import Tip
from walkcoach.core.models import Entry, Kind, Status
from walkcoach.core.timer import Timer
from walkcoach.storage.store import Store

if TYPE_CHECKING:
    from walkcoach.services.entries import Logged


@dataclass(frozen=True)
class Started:
    """A walk just started, with what to tell the person about it."""

    timer: Timer
    number: int  # this walk's number on its day
    sessions: int  # walks planned that day (0 under a stop)
    marked: Kind | None  # the day is marked as a rest or flare-up day
    cue: Tip | None  # none under a stop: no walking advice then (SPEC §5)
    day: str  # "today", or "on Tue 24 Nov" for a walk begun on an earlier day

    @property
    def aim(self) -> str:
        minutes = self.timer.aim_minutes
        return core.aim_text(self.number, self.sessions, minutes, self.day)


def running(store: Store) -> Timer | None:
    """The walk being timed, if any."""
    return store.timer()


def current(store: Store) -> Timer:
    """The walk being timed; an error when none is."""
    return core.require_running(store.timer())


def require_none_running(store: Store, now: datetime) -> None:
    """An error when a walk is being timed already (before asking anything)."""
    core.check_start(store.timer(), now)


def _label(timer: Timer, now: datetime) -> str:
    return f"walk from {format_when(timer.started, now)}"


def start(
    store: Store, at: datetime, pain_before: int | None, now: datetime
) -> Started:
    """Start timing a walk that began at `at`, aiming at the day's planned walk."""
    from walkcoach.services.assess import DayType, assess

    core.check_start(store.timer(), now)
    view = assess(store, at.date(), now.date())
    dose = view.target.dose
    stopped = view.target.status is Status.STOP
    longest = max(view.planned, default=0)
    timer = Timer(
        started=at,
        # The aim is the longest planned walk still to do (the longest planned
        # once all are done); nothing under stop.
        aim_minutes=0 if stopped else max(view.left, default=longest),
        longest_planned=longest,
        pain_before=pain_before,
    )
    number = len(view.walks) + 1
    # Written only if no walk is running by now: another terminal may have won.
    found = store.swap_timer(None, timer, "start", f"start of the {_label(timer, now)}")
    core.check_start(found, now)
    return Started(
        timer=timer,
        number=number,
        sessions=0 if stopped else dose.sessions,
        marked={DayType.REST: Kind.REST, DayType.FLARE: Kind.FLARE}.get(view.type),
        cue=None if stopped else core.cue_for(at.date(), number),
        day="today" if at.date() == now.date() else f"on {format_day(at.date())}",
    )


def pause(store: Store, now: datetime) -> Timer:
    """Pause the running walk now; the time paused does not count."""
    before = store.timer()
    after = core.pause(before, now, now)
    if store.swap_timer(before, after, "pause", f"pause of the {_label(after, now)}"):
        raise core.changed_meanwhile()
    return after


def resume(store: Store, now: datetime) -> Timer:
    """Carry on with the paused walk from now."""
    before = store.timer()
    after = core.resume(before, now, now)
    if store.swap_timer(before, after, "resume", f"resume of the {_label(after, now)}"):
        raise core.changed_meanwhile()
    return after


def cancel(store: Store, now: datetime) -> Timer:
    """Drop the running walk without recording it (undo brings it back)."""
    timer = core.require_running(store.timer())
    if store.swap_timer(timer, None, "cancel", f"cancel of the {_label(timer, now)}"):
        raise core.changed_meanwhile()
    return timer


def stop(store: Store, timer: Timer, entry: Entry, now: datetime) -> Logged:
    """Record the timed walk `entry` and end `timer`, as one undoable change,
    through the same recording path as `log` (services/entries.py)."""
    from walkcoach.services.entries import record

    return record(store, entry, now, stopping=timer)


def stale(store: Store, now: datetime) -> str | None:
    """The line to show while a walk has been left running implausibly long."""
    timer = store.timer()
    if timer is None or not core.is_stale(timer, now):
        return None
    return core.status_text(timer, now)
