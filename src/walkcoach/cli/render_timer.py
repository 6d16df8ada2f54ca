"""The walk being timed, as one line for the dashboard (no I/O here)."""

from datetime import datetime

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from walkcoach.core.timer import (
    Timer,
    active_seconds,
    is_stale,
    status_text,
    watch_cue,
)


def timer_renderable(timer: Timer, now: datetime) -> Text:
    """'Walking since 09:12 — 7 min so far, target 6 min', in the timer's colour:
    green while walking, yellow while paused or left running too long."""
    style = "yellow" if is_stale(timer, now) or timer.paused_since else "green"
    return Text(status_text(timer, now), style=f"bold {style}")


def live_renderable(timer: Timer, now: datetime) -> Group:
    """The live view: the line above, a stopwatch and a bar to the target, and a
    word at the halfway mark and at the target."""
    seconds = int(active_seconds(timer, now))
    minutes, rest = divmod(seconds, 60)
    row = Table.grid(padding=(0, 2))
    row.add_row(
        Text(f"{minutes}:{rest:02d}", style="bold"),
        ProgressBar(
            total=max(1, timer.aim_minutes * 60),
            completed=min(seconds, timer.aim_minutes * 60),
            width=40,
            complete_style="green",
            finished_style="bold green",
        ),
        Text(f"{timer.aim_minutes} min" if timer.aim_minutes else "", style="dim"),
    )
    parts: list[RenderableType] = [timer_renderable(timer, now), row]
    cue = watch_cue(timer, now)
    if cue is not None:
        parts.append(Text(cue, style="cyan"))
    parts.append(Text("Ctrl-C leaves the walk running.", style="dim"))
    return Group(*parts)
