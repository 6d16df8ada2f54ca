"""The walk being timed, as one line for the dashboard (no I/O here)."""

from datetime import datetime

from rich.text import Text

from walkcoach.core.timer import Timer, is_stale, status_text


def timer_renderable(timer: Timer, now: datetime) -> Text:
    """'Walking since 09:12 — 7 min so far, target 6 min', in the timer's colour:
    green while walking, yellow while paused or left running too long."""
    style = "yellow" if is_stale(timer, now) or timer.paused_since else "green"
    return Text(status_text(timer, now), style=f"bold {style}")
