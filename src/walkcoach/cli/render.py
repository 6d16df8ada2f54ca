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
    Warning,
)
from walkcoach.services.assess import (
    DAY_WORDS,
    NOTHING_TO_WALK,
    Assessment,
    DayType,
    Stage,
    Verdict,
    planned_walks,
)

if TYPE_CHECKING:
    from walkcoach.services.coach import Dashboard
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


def _walks_of(lengths: Sequence[int | float]) -> str:
    """'2 walks of 6 min', '1 walk of 8 min', 'walks of 22 and 8 min'."""
    values = [minutes_text(m) for m in lengths]
    if len(set(values)) == 1:
        return f"{_plural(len(values), 'walk')} of {values[0]} min"
    return f"walks of {', '.join(values[:-1])} and {values[-1]} min"


def walks_text(planned: Sequence[int]) -> str:
    """'3 × 8 min' for equal walks, '22 + 8 min' while walks merge."""
    if len(set(planned)) <= 1:
        return f"{len(planned)} × {planned[0] if planned else 0} min"
    return " + ".join(str(m) for m in planned) + " min"


def done_words(a: Assessment) -> str:
    """'1 of 3 walks done, 1 short walk of 4 min (9 of 18 min)'."""
    if a.type in NOTHING_TO_WALK or not a.sessions:
        walked = _plural(len(a.walks), "walk")
        return f"{walked} ({minutes_text(round(a.done_minutes, 1))} min)"
    text = f"{a.done_sessions} of {_plural(a.sessions, 'walk')} done"
    if a.short:
        lengths = ", ".join(minutes_text(w.minutes) for w in a.short)
        text += f", {_plural(len(a.short), 'short walk')} of {lengths} min"
    return f"{text} ({minutes_text(round(a.done_minutes, 1))} of {a.total} min)"


def left_words(a: Assessment) -> str:
    """What is left, in the words every screen uses."""
    if a.type is DayType.REST:
        return "nothing: a rest day"
    if a.type is DayType.FLARE:
        return "nothing planned: a flare-up day, walk only what feels all right"
    if a.left:
        return _walks_of(a.left)
    return "nothing — target met" if a.over else "nothing — target met, well done"


def progress_text(a: Assessment, now: datetime) -> str:
    """The confirmation line of log/pain/rest: the day as it now stands.

    'Today: 1 of 3 walks done, 1 short walk of 4 min (9 of 18 min); left: 2
    walks of 6 min.' A past day is confirmed as it ended ('Sat 14 Nov: 3
    walks, 18 min — on plan.'), with nothing left on it.
    """
    label = "Today" if a.day == now.date() else format_day(a.day, now.date())
    if a.type is DayType.STOPPED:
        return f"{label}: no walking target while the safety answer stands."
    if a.past:
        walked = (
            f"{_plural(len(a.walks), 'walk')}, "
            f"{minutes_text(round(a.done_minutes, 1))} min"
        )
        return f"{label}: {walked} — {past_verdict(a)}."
    if a.met:
        praise = "" if a.over else " — well done"
        return f"{label}: {done_words(a)}. Target met{praise}."
    return f"{label}: {done_words(a)}; left: {left_words(a)}."


def past_verdict(a: Assessment) -> str:
    """How a finished day stood against its plan."""
    if a.type is DayType.REST:
        return "a rest day"
    if a.type is DayType.FLARE:
        return "a flare-up day"
    if a.over:
        return "far more than the plan"
    if a.met:
        return "on plan"
    return f"{a.done_sessions} of {a.sessions} planned walks"


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


def target_words(a: Assessment) -> str:
    """'3 × 8 min', or what the day is when there is nothing to walk."""
    return DAY_WORDS.get(a.type) or walks_text(a.planned)


def target_line(a: Assessment) -> Text:
    """'3 × 8 min  (24 min in all)  [progress]'; a rest day says so instead."""
    target = a.target
    line = Text()
    style = "bold red" if a.type is DayType.STOPPED else "bold"
    line.append(target_words(a), style=style)
    if a.type not in NOTHING_TO_WALK:
        line.append(f"  ({a.total} min in all)")
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


def _marks(a: Assessment) -> Text:
    """One box per planned walk: filled when done; a short walk is a half box."""
    filled = min(a.done_sessions, a.sessions)
    return (
        Text("■" * filled, style="green")
        + Text("▫" * len(a.short), style="yellow")
        + Text("□" * a.left_sessions)
    )


# The day before, as known now (its walks, and this morning's first reading).
BEFORE_WORDS = {
    "good": "a good day",
    "amber": "an amber day: pain rose by 2 or more on a walk",
    "bad": "too much: pain went above 5 on a walk",
    "bad-morning": "too much: the next morning's pain is 2 or more above usual",
    "rest": "a rest day",
    "flare": "a flare-up day",
}


def streak_words(a: Assessment) -> str | None:
    """'3 days on plan — today's walks keep it going' (none under stop)."""
    streak = a.streak
    if streak is None:
        return None
    if streak.current == 0:
        return "starts with your next day fully on plan"
    run = f"{_plural(streak.current, 'day')} on plan"
    if streak.longer:
        run = f"more than {_plural(streak.current, 'day')} on plan (a year and more)"
    if streak.today_open:
        run += " — today's walks keep it going"
    return run


def dashboard(a: Assessment, now: datetime, tip: RenderableType | None) -> Group:
    """Today's screen: target, progress, why, the walks done, a tip, warnings.

    Under stop only the urgent message, the stop and its reason: no tip and
    no streak.
    """
    from rich.panel import Panel

    from walkcoach.cli.render_guide import warning_renderable

    today = now.date()
    title = format_day(a.day, today)
    if a.day == today:
        title = f"Today · {title}"
    rows: list[tuple[str, RenderableType]] = [("Target", target_line(a))]
    if a.type is not DayType.STOPPED:
        done = Text(done_words(a))
        if a.sessions and a.type not in NOTHING_TO_WALK:
            done = Text.assemble(_marks(a), "  ", done)
        rows.append(("Done", done))
        if a.walks:
            walked = ", ".join(
                f"{w.entry.at.strftime('%H:%M')} {minutes_text(w.minutes)} min"
                + (" (short)" if w.verdict is Verdict.SHORT else "")
                for w in a.walks
            )
            rows.append(("", Text(walked, style="dim")))
        style = "green" if a.met else "cyan" if a.type in NOTHING_TO_WALK else ""
        rows.append(("Left", Text(left_words(a), style=style)))
    if a.before in BEFORE_WORDS and a.type is not DayType.STOPPED:
        rows.append(("Yesterday", Text(BEFORE_WORDS[a.before], style="dim")))
    rows.append(("Why", Text(a.target.reason)))
    run = streak_words(a)
    if run is not None and a.type is not DayType.STOPPED:
        rows.append(("Streak", Text(run)))
    parts: list[RenderableType] = [
        warning_renderable(w) for w in a.warnings if w.level == "urgent"
    ]
    parts.append(Panel(_rows(rows), title=title, title_align="left", expand=True))
    if tip is not None and a.type is not DayType.STOPPED:
        parts.append(tip)
    parts.extend(warning_renderable(w) for w in a.warnings if w.level != "urgent")
    return Group(*parts)


def next_renderable(a: Assessment) -> Group:
    """`next`: the target, the dose before it, why, the warnings; read before
    its morning, a note that the morning's reading may still lower it."""
    from rich.panel import Panel

    from walkcoach.cli.render_guide import warning_renderable
    from walkcoach.core.guidance import PROVISIONAL

    rows: list[tuple[str, RenderableType]] = [("Target", target_line(a))]
    before = a.target.previous
    if before is not None and before.sessions > 0:
        rows.append(("Before", Text(walks_text(planned_walks(before)), style="dim")))
    rows.append(("Why", Text(a.target.reason)))
    if a.future and a.type is not DayType.STOPPED:
        rows.append(("", Text(PROVISIONAL, style="dim")))
    title = f"Next · {format_day(a.day, a.today)}"
    parts: list[RenderableType] = [
        warning_renderable(w) for w in a.warnings if w.level == "urgent"
    ]
    parts.append(Panel(_rows(rows), title=title, title_align="left", expand=True))
    parts.extend(warning_renderable(w) for w in a.warnings if w.level != "urgent")
    return Group(*parts)


def plan_table(stages: Sequence[Stage], goal: int, today: date) -> Table:
    """The road to the goal: each stage, its day total, and how long it lasts."""
    table = Table(box=box.SIMPLE_HEAD, title=f"The road to 1 × {goal} min")
    table.add_column("From", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Day total", justify="right")
    table.add_column("For", no_wrap=True)
    for index, stage in enumerate(stages):
        label = "now" if index == 0 else format_day(stage.day, today)
        lasts = "" if stage.days is None else _plural(stage.days, "day")
        if stage.capped:
            lasts += " (cap)"
        table.add_row(
            label,
            walks_text(planned_walks(stage.dose)),
            f"{stage.dose.total} min",
            lasts,
        )
    return table


def print_dashboard(
    console: Console, board: Dashboard, day: date, now: datetime
) -> None:
    """The screen of `walkcoach today` (and of the demo): under stop only the
    urgent message and the stop."""
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
    a = board.view
    tip = tip_of_the_day(day)
    tip_line = Text.assemble(("Tip: ", "bold cyan"), f"{tip.title} — {tip.text}")
    console.print(dashboard(a, now, tip_line))
    if a.type is DayType.STOPPED:
        return  # one message under stop: get checked
    if day == now.date() and not a.has_reading and not a.walks:
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
    for walk in a.unpained:
        console.print(
            Text(
                f"Walk #{walk.id} has no pain values, so the plan cannot tell how "
                f"your back took it: walkcoach edit {walk.id} -b N -a N",
                style="dim",
            )
        )


def print_logged(console: Console, logged: Logged, now: datetime) -> None:
    """Show a new entry (a logged or a timed walk, a check-in, a rest day), its
    day as it now stands and any warning."""
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
    day = logged.view
    if logged.entry.kind in (Kind.WALK, Kind.PAIN) or day.walks or day.past:
        console.print(progress_text(day, now))
    print_warnings(console, logged.warnings)
