"""Entries, targets and the dashboard as text and rich renderables (no I/O here
except the `print_*` helpers, which print to the console they are given)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from walkcoach.cli.safe_text import SCREEN_NOTE_CHARS, plain, user_text
from walkcoach.core.dates import format_day, format_when
from walkcoach.core.entries import minutes_text, pain_text
from walkcoach.core.models import (
    KM_PER_MILE,
    Dose,
    Entry,
    Kind,
    Status,
    Target,
    Warning,
)

if TYPE_CHECKING:
    from walkcoach.services.coach import Dashboard, Day
    from walkcoach.services.entries import Logged


def dose_text(dose: Dose) -> str:
    """'3 × 8 min', '1 × 30 min', or '22 + 8 min' while walks merge."""
    return dose.text


def distance_text(km: float, units: str) -> str:
    if units == "mi":
        return f"{km / KM_PER_MILE:.2f} mi"
    return f"{km:.2f} km"


def history_table(entries: Sequence[Entry], units: str, now: datetime) -> Table:
    """Entries oldest first, then a totals row that always prints."""
    walks = [e for e in entries if e.kind is Kind.WALK]
    total_km = sum(w.distance_km or 0 for w in walks)
    days = len({w.day for w in walks})
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False, show_footer=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("When", no_wrap=True, footer="Total")
    table.add_column("What", no_wrap=True, footer=_plural(len(walks), "walk"))
    table.add_column(
        "Min",
        justify="right",
        no_wrap=True,
        footer=minutes_text(round(sum(w.minutes or 0 for w in walks), 1)),
    )
    table.add_column("Pain", justify="right", no_wrap=True)
    table.add_column(
        units,
        justify="right",
        no_wrap=True,
        footer=_distance_number(total_km, units) if total_km else "",
    )
    steps = sum(w.steps or 0 for w in walks)
    if steps:  # no column of blanks where no steps were logged
        table.add_column("Steps", justify="right", no_wrap=True, footer=_steps(steps))
    table.add_column(
        "Notes", overflow="fold", max_width=28, footer=f"on {_plural(days, 'day')}"
    )
    for entry in entries:
        if entry.kind is Kind.WALK:
            pain = (
                f"{pain_text(entry.pain_before)}→{pain_text(entry.pain_after)}"
                if entry.pain_before is not None or entry.pain_after is not None
                else ""
            )
        else:
            pain = "" if entry.pain is None else str(entry.pain)
        when = (
            format_day(entry.day, now.date())
            if entry.kind in (Kind.REST, Kind.FLARE)
            else format_when(entry.at, now)
        )
        notes = ", ".join(filter(None, [", ".join(entry.symptoms), entry.note or ""]))
        # A note is the user's text: never markup, no control characters, and cut
        # on screen (a 10 MB note would otherwise print for minutes).
        cells: list[str | Text] = [
            str(entry.id),
            when,
            {"pain": "check-in", "flare": "flare-up"}.get(entry.kind, entry.kind),
            "" if entry.minutes is None else minutes_text(entry.minutes),
            pain,
            ""
            if entry.distance_km is None
            else _distance_number(entry.distance_km, units),
            _steps(entry.steps),
            user_text(notes, limit=SCREEN_NOTE_CHARS),
        ]
        if not steps:
            del cells[-2]
        table.add_row(*cells)
    return table


def _steps(steps: int | None) -> str:
    """Steps as '1,450'; empty for none."""
    return f"{steps:,}" if steps else ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _distance_number(km: float, units: str) -> str:
    return distance_text(km, units).split()[0]


def print_warnings(console: Console, warnings: Sequence[Warning]) -> None:
    if not warnings:
        return
    from walkcoach.cli.render_guide import warning_renderable

    for warning in warnings:
        console.print(warning_renderable(warning))


def progress_text(view: Day, now: datetime) -> str:
    """'Today: 2 of 3 walks done (16 of 24 min); left: 1 walk of 8 min.'"""
    target = view.target
    label = (
        "Today" if target.date == now.date() else format_day(target.date, now.date())
    )
    if target.status is Status.STOP:
        return f"{label}: no walking target while the safety answer stands."
    done = (
        f"{view.done_sessions} of {target.dose.sessions} "
        f"walk{'s' if target.dose.sessions != 1 else ''} done "
        f"({minutes_text(round(view.done_minutes, 1))} of {target.dose.total} min)"
    )
    if view.left_sessions == 0:
        return f"{label}: {done}. Target met — well done."
    walks = "walk" if view.left_sessions == 1 else "walks"
    return (
        f"{label}: {done}; left: {view.left_sessions} {walks} "
        f"of {target.dose.minutes} min."
    )


STATUS_STYLE = {
    Status.START: "cyan",
    Status.PROGRESS: "green",
    Status.HOLD: "yellow",
    Status.REDUCE: "yellow",
    Status.RESTART: "yellow",
    Status.REST: "cyan",
    Status.PAUSE: "red",
    Status.STOP: "bold red",
    Status.GOAL: "bold green",
}


def target_line(target: Target) -> Text:
    """'3 × 8 min (24 min)  [progress]'."""
    line = Text()
    if target.status is Status.STOP:
        line.append("No target: stop and get checked", style="bold red")
    else:
        line.append(dose_text(target.dose), style="bold")
        line.append(f"  ({target.dose.total} min in all)")
    line.append("  ")
    line.append(f"[{target.status.value}]", style=STATUS_STYLE[target.status])
    return line


def _rows(rows: Sequence[tuple[str, RenderableType]]) -> Table:
    """Label / value rows, the labels in a narrow bold column."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def _marks(view: Day) -> Text:
    """One box per planned walk: filled when walked at >= 80% of its minutes."""
    planned = view.target.dose.sessions
    filled = planned - view.left_sessions
    return Text("■" * filled, style="green") + Text("□" * (planned - filled))


def dashboard(
    view: Day,
    now: datetime,
    tip: RenderableType | None,
    extra: Sequence[tuple[str, RenderableType]] = (),
) -> Group:
    """Today's screen: target, progress, why, the walks done, a tip, warnings."""
    from rich.panel import Panel

    from walkcoach.cli.render_guide import warning_renderable

    target = view.target
    today = now.date()
    title = format_day(target.date, today)
    if target.date == today:
        title = f"Today · {title}"
    rows: list[tuple[str, RenderableType]] = [("Target", target_line(target))]
    if target.status is not Status.STOP:
        done = Text.assemble(
            _marks(view),
            f"  {view.done_sessions} of {_plural(target.dose.sessions, 'walk')}, "
            f"{minutes_text(round(view.done_minutes, 1))} of "
            f"{target.dose.total} min",
        )
        rows.append(("Done", done))
        if view.walks:
            walked = ", ".join(
                f"{w.at.strftime('%H:%M')} {minutes_text(w.minutes or 0)} min"
                for w in view.walks
            )
            rows.append(("", Text(walked, style="dim")))
        left = (
            Text("nothing — target met, well done", style="green")
            if view.left_sessions == 0
            else Text("a rest day: nothing planned", style="cyan")
            if view.marked is Kind.REST
            else Text("a flare-up day: walk only what feels all right", style="yellow")
            if view.marked is Kind.FLARE
            else Text(
                f"{_plural(view.left_sessions, 'walk')} of {target.dose.minutes} min"
            )
        )
        rows.append(("Left", left))
    rows.append(("Why", Text(target.reason)))
    rows.extend(extra)
    parts: list[RenderableType] = [
        warning_renderable(w) for w in view.warnings if w.level == "urgent"
    ]
    parts.append(Panel(_rows(rows), title=title, title_align="left", expand=True))
    if tip is not None:
        parts.append(tip)
    parts.extend(warning_renderable(w) for w in view.warnings if w.level != "urgent")
    return Group(*parts)


def next_renderable(target: Target, warnings: Sequence[Warning], today: date) -> Group:
    from walkcoach.cli.render_guide import warning_renderable

    rows: list[tuple[str, RenderableType]] = [("Target", target_line(target))]
    if target.previous is not None:
        rows.append(("Before", Text(dose_text(target.previous), style="dim")))
    rows.append(("Why", Text(target.reason)))
    from rich.panel import Panel

    title = f"Next · {format_day(target.date, today)}"
    parts: list[RenderableType] = [
        Panel(_rows(rows), title=title, title_align="left", expand=True)
    ]
    parts.extend(warning_renderable(w) for w in warnings)
    return Group(*parts)


def plan_table(stages: Sequence[tuple[date, Dose]], goal: int, today: date) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=f"The road to 1 × {goal} min")
    table.add_column("From", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Day total", justify="right")
    for index, (day, dose) in enumerate(stages):
        label = "now" if index == 0 else format_day(day, today)
        table.add_row(label, dose_text(dose), f"{dose.total} min")
    return table


def print_dashboard(
    console: Console, board: Dashboard, day: date, now: datetime
) -> None:
    """The screen of `walkcoach today` (and of the demo)."""
    from walkcoach.core.guidance import QUESTIONS, tip_of_the_day

    if board.first_use:
        console.print(
            Text.assemble(
                ("Welcome to walkcoach. ", "bold"),
                "Choose your start with "
                if board.answered
                else f"Answer {len(QUESTIONS)} safety questions (y or n, a few "
                "minutes) and choose your start with ",
                ("walkcoach setup", "bold"),
                ", or see it in action with ",
                ("walkcoach demo", "bold"),
                ". Until then the plan uses the defaults below.\n",
            )
        )
    tip = tip_of_the_day(day)
    tip_line = Text.assemble(("Tip: ", "bold cyan"), f"{tip.title} — {tip.text}")
    extra: list[tuple[str, RenderableType]] = []
    streak = board.streak
    if streak is not None:
        if streak.current == 0:
            run = "starts with your next day fully on plan"
        else:
            run = f"{streak.current} day{'' if streak.current == 1 else 's'} on plan"
        if streak.today_open and streak.current:
            run += " — today's walks keep it going"
        extra.append(("Streak", Text(run)))
    console.print(dashboard(board.view, now, tip_line, extra))
    if day == now.date() and not board.checked_in and not board.view.walks:
        console.print(
            Text("No pain check-in yet today: walkcoach pain N (0-10)", style="dim")
        )
    watch = board.watch_painless
    if watch:
        many = len(watch) != 1
        console.print(
            Text(
                f"{len(watch)} walk{'s' if many else ''} from your watch "
                f"{'have' if many else 'has'} no pain yet: "
                + ", ".join(f"walkcoach edit {w.id} -b N -a N" for w in watch[:3])
                + (", ..." if len(watch) > 3 else ""),
                style="dim",
            )
        )
    for walk in board.painless:
        console.print(
            Text(
                f"Walk #{walk.id} has no pain values, so the plan cannot tell how "
                f"your back took it: walkcoach edit {walk.id} -b N -a N",
                style="dim",
            )
        )


def print_logged(console: Console, logged: Logged, now: datetime) -> None:
    """Show a new entry (a logged or a timed walk, a check-in, a rest day), the
    day's progress and any warning."""
    from walkcoach.core.entries import describe

    console.print(plain(f"Logged {describe(logged.entry, now)}."))
    if logged.entry.kind is Kind.REST:
        console.print("Rest well: a rest day does not break your streak.")
    elif logged.entry.kind is Kind.FLARE:
        console.print(
            "Take it easy: the plan holds until your back settles. Short, easy "
            "walks are fine if they feel all right; `walkcoach safety` says when "
            "to get checked."
        )
    else:
        console.print(progress_text(logged.view, now))
    print_warnings(console, logged.warnings)
