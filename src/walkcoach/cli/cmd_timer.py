"""Commands that time a walk: start, stop, pause, resume, cancel, status (SPEC §3)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from walkcoach.cli import complete, shell
from walkcoach.cli.options import (
    Bladder,
    BothLegs,
    Distance,
    Flags,
    JointPain,
    LegPain,
    LegWeakness,
    Limp,
    Note,
    Numbness,
    PainAfter,
    PainBefore,
    SaddleNumbness,
    Sharp,
    Steps,
    ask_pain,
)
from walkcoach.core import entries

if TYPE_CHECKING:
    from walkcoach.core.timer import Finished, Timer

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When, if not now: '10 min ago', '7:40', 'yesterday 7pm' "
        "(never in the future).",
        metavar="TIME",
        autocompletion=complete.date_words,
    ),
]
Watch = Annotated[
    bool,
    typer.Option(
        "--watch", help="Show a live timer until Ctrl-C (the walk keeps running)."
    ),
]


def start(at: At = None, pain_before: PainBefore = None, watch: Watch = False) -> None:
    """Start timing a walk; asks your pain before it and shows this walk's aim."""
    from walkcoach.core.models import Kind
    from walkcoach.core.timer import since_text
    from walkcoach.services import timer

    now = shell.now()
    before = entries.parse_pain(pain_before, "--pain-before")
    begun = shell.parse_when(at, now, "--at")
    with shell.open_store(show_timer=False) as store:
        timer.require_none_running(store, now)
        if before is None and shell.interactive():
            before = ask_pain("Pain before the walk")
        started = timer.start(store, begun, before, now)
    console = shell.console()
    pain = "" if before is None else f" (pain before {before})"
    console.print(f"Started a walk at {since_text(begun, now)}{pain}.")
    console.print(started.aim, style="bold")
    if started.marked is not None:
        day = "rest" if started.marked is Kind.REST else "flare-up"
        console.print(f"Today is marked as a {day} day: keep this walk short and easy.")
    if started.cue is not None:
        console.print(f"Cue: {started.cue.title} — {started.cue.text}")
    console.print(
        "`walkcoach stop` when you are back, `walkcoach pause` for a break.",
        style="dim",
    )
    if watch:
        _watch()


def status(watch: Watch = False, json: shell.Json = False) -> None:
    """The walk being timed: since when, how long so far, its target."""
    from walkcoach.core.timer import status_text, timer_json
    from walkcoach.services import timer

    now = shell.now()
    with shell.open_store(show_timer=False) as store:
        timing = timer.running(store)
    if json:
        shell.print_json(timer_json(timing, now))
        return
    if timing is None:
        shell.console().print("No walk is being timed (start one: walkcoach start).")
        return
    if watch:
        _watch()
        return
    shell.console().print(f"{status_text(timing, now)}.")


def _watch() -> None:
    """A live timer, read again from the database every second (so a pause in
    another terminal shows); Ctrl-C ends the view, not the walk."""
    import time

    from rich.live import Live

    from walkcoach.cli.render_timer import live_renderable
    from walkcoach.services import timer

    console = shell.console()
    try:
        with Live(console=console, auto_refresh=False, transient=False) as live:
            while True:
                now = shell.now()
                with shell.open_store(show_urgent=False, show_timer=False) as store:
                    timing = timer.running(store)
                if timing is None:
                    break
                live.update(live_renderable(timing, now), refresh=True)
                time.sleep(1)
    except KeyboardInterrupt:
        console.print("The walk is still running: `walkcoach stop` when you are back.")
        return
    console.print("The walk is no longer being timed (stopped or dropped elsewhere).")


def stop(
    at: At = None,
    pain_after: PainAfter = None,
    distance: Distance = None,
    steps: Steps = None,
    note: Note = None,
    leg_pain: LegPain = False,
    numbness: Numbness = False,
    limp: Limp = False,
    sharp: Sharp = False,
    leg_weakness: LegWeakness = False,
    joint_pain: JointPain = False,
    saddle_numbness: SaddleNumbness = False,
    bladder: Bladder = False,
    both_legs: BothLegs = False,
) -> None:
    """Stop the walk being timed and record it, with your pain after it."""
    from walkcoach.core import timer as rules
    from walkcoach.core.models import Entry, Kind
    from walkcoach.services import entries as recording
    from walkcoach.services import timer

    flags = Flags(
        leg_pain,
        numbness,
        limp,
        sharp,
        leg_weakness,
        joint_pain,
        saddle_numbness,
        bladder,
        both_legs,
    )
    now = shell.now()
    after = entries.parse_pain(pain_after, "--pain-after")
    end = shell.parse_when(at, now, "--at")
    parsed_steps = entries.parse_steps(steps)
    text = entries.parse_note(note)
    parsed_distance = entries.parse_distance(distance)
    with shell.open_store(show_urgent=False, show_timer=False) as store:
        running = timer.current(store)
        try:
            finished = rules.finish(running, end, now, end_given=at is not None)
        except rules.StaleTimer:
            if not shell.interactive():
                raise
            finished = _ask_end(running, now)
        if after is None and shell.interactive():
            after = ask_pain("Pain after the walk")
        entry = Entry(
            kind=Kind.WALK,
            at=finished.at,
            minutes=finished.minutes,
            pain_before=running.pain_before,
            pain_after=after,
            distance_km=entries.distance_km(parsed_distance, recording.units(store)),
            steps=parsed_steps,
            symptoms=flags.stored(),
            note=text,
        )
        shell.print_logged(timer.stop(store, running, entry, now), now)


def _ask_end(running: Timer, now: datetime) -> Finished:
    """On a terminal, ask when a walk left running really ended."""
    from walkcoach.core.errors import InvalidInput
    from walkcoach.core.timer import finish, stale_text

    shell.console().print(f"{stale_text(running, now)}.", style="yellow")
    while True:
        answer = typer.prompt("When did it end? (e.g. 10:30, '40 min ago')")
        try:
            end = shell.parse_when(answer, now, "end")
            return finish(running, end, now, end_given=True)
        except InvalidInput as error:
            typer.echo(str(error))


def pause() -> None:
    """Pause the walk being timed; the time paused does not count."""
    from walkcoach.core.timer import status_text
    from walkcoach.services import timer

    now = shell.now()
    with shell.open_store(show_timer=False) as store:
        paused = timer.pause(store, now)
    shell.console().print(f"{status_text(paused, now)}.")


def resume() -> None:
    """Carry on with the paused walk; several pauses are fine."""
    from walkcoach.core.timer import status_text
    from walkcoach.services import timer

    now = shell.now()
    with shell.open_store(show_timer=False) as store:
        resumed = timer.resume(store, now)
    shell.console().print(f"{status_text(resumed, now)}.")


def cancel() -> None:
    """Drop the walk being timed without recording it (undo brings it back)."""
    from walkcoach.core.dates import format_when
    from walkcoach.services import timer

    now = shell.now()
    with shell.open_store(show_timer=False) as store:
        dropped = timer.cancel(store, now)
    shell.console().print(
        f"Dropped the walk from {format_when(dropped.started, now)}; nothing "
        "recorded (`walkcoach undo` brings it back)."
    )
