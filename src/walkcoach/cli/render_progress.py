"""Progress as rich renderables: the weekly table, the charts, the plan changes.

Nothing prints here. The charts are drawn with rich alone (block characters in
Text lines): plotext would cost about 90 ms of import on every `chart` run
against about 30 ms for rich. (The clinician report draws its own SVG charts:
render_charts.py.) Every mark has its own character, so the charts read the
same without colour (NO_COLOR).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from walkcoach.cli.render import STATUS_STYLE
from walkcoach.core.dates import format_day
from walkcoach.core.stats import (
    WHO_WEEKLY_MINUTES,
    DayTally,
    Mark,
    PlanChange,
    Streaks,
    WeekLeft,
    WeekRow,
    monday_of,
    week_total,
)

DASH = "–"
_MONTHS = tuple(format_day(date(2001, m, 1))[-3:] for m in range(1, 13))
BLOCKS = " ▁▂▃▄▅▆▇█"
QUARTERS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 150)

# One character and one colour per mark, for the calendar and the chart.
MARK_CELL: dict[Mark, tuple[str, str]] = {
    Mark.ON_PLAN: ("█", "green"),
    Mark.SHORT: ("▒", "yellow"),
    Mark.MISSED: ("·", "red"),
    Mark.REST: ("R", "blue"),
    Mark.FLARE: ("F", "magenta"),
    Mark.DAY_OFF: ("-", "dim"),
    Mark.OPEN: ("○", "cyan"),
    Mark.NO_PLAN: ("░", "dim"),
}
MARK_WORDS: dict[Mark, str] = {
    Mark.ON_PLAN: "on plan",
    Mark.SHORT: "short of plan",
    Mark.MISSED: "missed",
    Mark.REST: "rest",
    Mark.FLARE: "flare-up",
    Mark.DAY_OFF: "day off",
    Mark.OPEN: "today",
    Mark.NO_PLAN: "no plan",
}


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return f"{value:.{digits}f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- week --------------------------------------------------------------------


# The week table's columns, and the order narrow terminals drop them in: the
# numbers of the plan (Min, Plan, Done) go last, and are never cut short.
WEEK_COLUMNS = (
    "Week of", "Days", "Walks", "Min", "Plan", "Done", "WHO", "Pain b→a", "Morn",
    "Rest", "Steps",
)  # fmt: skip
DROP_ORDER = ("Steps", "Morn", "Rest", "WHO", "Pain b→a", "Walks", "Days")


def week_table(rows: Sequence[WeekRow], today: date, drop: Iterable[str] = ()) -> Table:
    """One line per week, oldest first, then a totals row that always prints."""
    dropped = set(drop)
    if not any(row.steps for row in rows):
        dropped.add("Steps")  # nothing logged: no column of dashes
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0, 0, 1)
    )
    shown = [name for name in WEEK_COLUMNS if name not in dropped]
    for name in shown:
        table.add_column(
            name, justify="left" if name == "Week of" else "right", no_wrap=True
        )

    def add(cells: dict[str, RenderableType]) -> None:
        table.add_row(*(cells[name] for name in shown))

    this_monday = monday_of(today)
    for row in rows:
        current = row.week_start == this_monday
        add(
            _week_cells(
                row,
                Text(
                    format_day(row.week_start, today) + ("*" if current else ""),
                    style="bold" if current else "",
                ),
            )
        )
    table.add_section()
    total = _week_cells(week_total(rows), Text("Total", style="bold"))
    total["Min"] = Text(str(total["Min"]), style="bold")
    total["WHO"] = ""  # WHO's 150 minutes are a week's
    add(total)
    return table


def _week_cells(row: WeekRow, label: Text) -> dict[str, RenderableType]:
    """One line of the week table (a week, or the weeks added up)."""
    rests = []
    if row.rest_days:
        rests.append(f"{row.rest_days}R")
    if row.flare_days:
        rests.append(f"{row.flare_days}F")
    return {
        "Week of": label,
        "Days": str(row.days_walked),
        "Walks": str(row.sessions),
        "Min": _num(row.minutes, 0),
        "Plan": str(row.planned_minutes) if row.planned_minutes else DASH,
        "Done": _adherence_text(row.adherence),
        "WHO": _who_text(row.minutes),
        "Pain b→a": _pain_pair(row.pain_before_mean, row.pain_after_mean),
        "Morn": _num(row.morning_pain_mean),
        "Rest": " ".join(rests) or DASH,
        "Steps": f"{row.steps:,}" if row.steps else DASH,
    }


class WeekTable:
    """The week table at the width it is given: rather than cut a number short
    with "…", it leaves out whole columns, the least needed first (DROP_ORDER),
    and says which."""

    def __init__(self, rows: Sequence[WeekRow], today: date) -> None:
        self.rows = list(rows)
        self.today = today

    def fitted(self, console: Console, width: int) -> tuple[Table, list[str]]:
        """The table with as few columns left out as `width` allows."""
        # Measured unbounded: rich would clamp the measure to the width.
        options = console.options.update_width(10_000)
        dropped: list[str] = []
        table = week_table(self.rows, self.today)
        for name in DROP_ORDER:
            if Measurement.get(console, options, table).maximum <= width:
                break
            dropped.append(name)
            table = week_table(self.rows, self.today, dropped)
        return table, dropped

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        table, dropped = self.fitted(console, options.max_width)
        yield table
        if dropped:
            yield Text(
                f"Left out to fit this terminal: {', '.join(dropped)}.", style="dim"
            )


def _adherence_text(value: float | None) -> Text:
    if value is None:
        return Text(DASH)
    style = "green" if value >= 0.8 else "yellow" if value >= 0.5 else "red"
    return Text(f"{round(value * 100)}%", style=style)


def _who_text(minutes: float) -> Text:
    """Share of WHO's 150 minutes; ✓ once reached."""
    if minutes >= WHO_WEEKLY_MINUTES:
        return Text("✓", style="green")
    return Text(f"{math.floor(minutes / WHO_WEEKLY_MINUTES * 100)}%", style="dim")


def _pain_pair(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return DASH
    return f"{_num(before)}→{_num(after)}"


WEEK_KEY = (
    "* this week, so far. Plan and Done count the same walks: each planned one "
    "before today, and today's only once walked, so an unwalked today is in "
    "neither (what is left is below). Done: planned walks walked at 80% or "
    "more of their minutes. WHO: share of 150 min. Pain: mean before→after a "
    "walk; Morn: mean first reading of the day. R rest days, F flare-up days. "
    "Steps: as logged with the walks."
)


def streak_text(streaks: Streaks, best: bool = True) -> str:
    """'Streak: 6 days on plan (best 11). Rest and flare-up days don't break it.'"""
    if streaks.best == 0:
        return (
            "Streak: no day fully on plan yet; a day on plan is one where every "
            "planned walk reached 80% of its minutes."
        )
    current = _plural(streaks.current, "day")
    text = f"Streak: {current} on plan"
    if best:
        text += f" (best {streaks.best})"
    if streaks.today_open and streaks.current:
        text += "; today's walks keep it going"
    return text + ". Rest and flare-up days don't break it."


def left_text(left: WeekLeft) -> list[Text]:
    """What is left this week, against the plan, then WHO's 150 minutes.

    The WHO line never asks for more a day than the plan does: while walking
    the plan falls short of 150 min a week, it is a goal for later, not a gap.
    """
    done = _num(left.minutes_done, 0)
    lines: list[Text] = []
    if left.who_left <= 0:
        who = f"{done} min walked — WHO's {WHO_WEEKLY_MINUTES} min a week is reached."
    elif (
        left.plan_left is not None
        and left.minutes_done + left.plan_left >= WHO_WEEKLY_MINUTES
    ):
        who = (
            f"{done} of WHO's {WHO_WEEKLY_MINUTES} min a week; walking your plan "
            "reaches it by Sunday."
        )
    else:
        who = (
            f"{done} of WHO's {WHO_WEEKLY_MINUTES} min a week: your plan builds up "
            "to that line over the coming weeks, so there is nothing to catch up."
        )
    lines.append(Text.assemble(("This week: ", "bold"), who))
    if left.plan_left is not None:
        if left.plan_left == 0:
            plan = "Your plan asks for nothing more this week."
        else:
            plan = (
                f"Your plan asks for about {left.plan_left} more min by Sunday, "
                "if today's target holds."
            )
        lines.append(
            Text(
                f"{plan} The plan sets the pace: don't walk past your target to "
                "catch up.",
                style="dim",
            )
        )
    return lines


def week_view(
    rows: Sequence[WeekRow], left: WeekLeft, streaks: Streaks, today: date
) -> Group:
    return Group(
        WeekTable(rows, today),
        Text(WEEK_KEY, style="dim"),
        Text(""),
        *left_text(left),
        Text(streak_text(streaks)),
    )


# -- chart -------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One chart column: a day, or several days when they do not fit."""

    first: date
    last: date
    minutes: float
    planned: float
    pain: int | None
    mark: Mark | None


def _columns(tallies: Sequence[DayTally], room: int) -> tuple[list[_Column], int]:
    """The chart's columns and the days each one holds."""
    per = max(1, math.ceil(len(tallies) / max(1, room)))
    columns: list[_Column] = []
    for i in range(0, len(tallies), per):
        group = tallies[i : i + per]
        pains = [t.pain_after_max for t in group if t.pain_after_max is not None]
        columns.append(
            _Column(
                first=group[0].day,
                last=group[-1].day,
                minutes=math.fsum(t.minutes for t in group) / len(group),
                planned=sum(t.planned_minutes for t in group) / len(group),
                pain=max(pains) if pains else None,
                mark=group[0].mark if per == 1 else None,
            )
        )
    return columns, per


class MinutesChart:
    """Bars of minutes per day, the plan as ticks, pain after as ● (right axis)."""

    HEIGHT = 8

    def __init__(self, tallies: Sequence[DayTally], today: date) -> None:
        self.tallies = list(tallies)
        self.today = today

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> Iterator[Text]:
        left, right = 5, 4  # "  30┤" and "┊ 10"
        room = max(7, width - left - right)
        columns, per = _columns(self.tallies, room)
        cell = max(1, min(3, room // max(1, len(columns))))
        bar = max(1, cell - 1) if cell > 1 else 1
        top = max([c.minutes for c in columns] + [c.planned for c in columns] + [4])
        # Labels every other row, so the scale is 4 round quarters.
        quarter = next(
            (q for q in QUARTERS if q * 4 >= top), math.ceil(top / 400) * 100
        )
        scale = quarter * 4
        height = self.HEIGHT
        if not self.tallies:
            return
        first, last = self.tallies[0].day, self.tallies[-1].day
        title = (
            f"Minutes walked per day, {format_day(first, self.today)} to "
            f"{format_day(last, self.today)}"
        )
        yield Text(title, style="bold")
        if per > 1:
            yield Text(f"Each column is the mean of {per} days.", style="dim")
        for row in range(height, 0, -1):
            line = Text()
            label = f"{scale * row / height:>4.0f}┤" if row % 2 == 0 else "    │"
            line.append(label, "dim")
            for column in columns:
                line.append_text(self._cell(column, row, scale, bar, cell))
            pain_label = 10 * row / height
            if row in (height, height // 2):
                line.append(f"┊{_num(pain_label, 0):>3}", "dim")
            else:
                line.append("┊", "dim")
            yield line
        yield Text("   0┼" + "─" * (len(columns) * cell) + "┘", style="dim")
        if per == 1 and cell >= 3:
            # A column a day with room for two digits: every day has its date,
            # and the month is named under its first day shown.
            days = months = ""
            for index, column in enumerate(columns):
                days += str(column.first.day).rjust(bar).ljust(cell)
                if index == 0 or column.first.day == 1:
                    months = months.ljust(index * cell)
                    months += format_day(column.first)[-3:] + " "
            yield Text("     " + days.rstrip(), style="dim")
            yield Text("     " + months.rstrip(), style="dim")
        else:
            yield self._labels(columns, cell)
        if cell >= 2:
            pains = Text("pain", style="dim")
            pains.append(" ")
            for column in columns:
                value = "" if column.pain is None else str(column.pain)
                style = "red" if column.pain is not None and column.pain > 5 else ""
                pains.append(value.rjust(cell)[:cell], style)
            yield pains
        yield Text.assemble(
            ("█", "green"),
            " minutes  ",
            ("-", "bold"),
            " plan  ",
            ("●", "bold red"),
            " the day's highest pain after a walk (right axis, 0-10)",
            style="dim",
        )

    def _cell(
        self, column: _Column, row: int, scale: float, bar: int, cell: int
    ) -> Text:
        height = self.HEIGHT
        eighths = round(column.minutes / scale * height * 8)
        fill = min(8, max(0, eighths - (row - 1) * 8))
        plan_row = math.ceil(column.planned / scale * height) if column.planned else 0
        pain_row = 0
        if column.pain is not None:
            pain_row = max(1, round(column.pain / 10 * height))
        style = MARK_CELL[column.mark][1] if column.mark is not None else "green"
        if column.mark is Mark.NO_PLAN:
            style = "white"
        text = Text()
        if row == pain_row:
            marker = "●" * bar
            text.append(marker, "bold red")
        elif fill:
            text.append(BLOCKS[fill] * bar, style)
        elif row == plan_row:
            text.append("-" * bar, "bold")
        else:
            text.append(" " * bar)
        text.append(" " * (cell - bar))
        return text

    def _labels(self, columns: Sequence[_Column], cell: int) -> Text:
        """Mondays as '16 Nov'; months, or years, when columns hold several days."""
        line = [" "] * (len(columns) * cell + 8)
        span = (columns[-1].last - columns[0].first).days if columns else 0
        end = -1
        previous: _Column | None = None
        for index, column in enumerate(columns):
            label = self._label(column, previous, span)
            previous = column
            at = index * cell
            if label is None or at <= end + 1:
                continue
            for k, char in enumerate(label):
                if at + k < len(line):
                    line[at + k] = char
            end = at + len(label)
        return Text("     " + "".join(line).rstrip(), style="dim")

    @staticmethod
    def _label(column: _Column, previous: _Column | None, span: int) -> str | None:
        if column.first == column.last:
            if column.first.weekday() != 0:
                return None
            return f"{column.first.day} {format_day(column.first)[-3:]}"
        if previous is None:
            return None
        if span > 400:
            new_year = column.last.year != previous.last.year
            return str(column.last.year) if new_year else None
        if column.last.month != previous.last.month:
            return format_day(column.last)[-3:]
        return None


def month_row(first: date, weeks: int, cell: int, room: int | None = None) -> str:
    """The month names over a calendar of `weeks` columns from Monday `first`.

    Each month's name sits over the first column whose week holds the month's
    1st. The first column, when its week holds no 1st, is named after its own
    month if that name leaves a space before the next one. Names that would
    run past `room` characters are left out.
    """
    names: dict[int, str] = {}
    for w in range(weeks):
        sunday = first + timedelta(weeks=w, days=6)
        if sunday.day <= 7:  # Monday to Sunday holds the 1st of Sunday's month
            names[w * cell] = _MONTHS[sunday.month - 1]
    if 0 not in names:
        name = _MONTHS[first.month - 1]
        following = min(names, default=weeks * cell + len(name))
        if len(name) < following:
            names[0] = name
    row = [" "] * (weeks * cell + 3)
    end = -1
    for at in sorted(names):
        if at <= end or (room is not None and at + len(names[at]) > room):
            continue  # never two names run into each other, nor off the edge
        row[at : at + len(names[at])] = names[at]
        end = at + len(names[at])
    return "".join(row).rstrip()


class Calendar:
    """A GitHub-style calendar: weeks as columns, Monday to Sunday as rows."""

    def __init__(self, tallies: Sequence[DayTally], today: date) -> None:
        self.tallies = list(tallies)
        self.today = today

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> Iterator[Text]:
        if not self.tallies:
            return
        by_day = {t.day: t for t in self.tallies}
        first = monday_of(self.tallies[0].day)
        weeks = (self.tallies[-1].day - first).days // 7 + 1
        cell = 2 if 4 + weeks * 2 <= width else 1
        shown = min(weeks, (width - 4) // cell)
        first += timedelta(weeks=weeks - shown)
        yield Text("Walking days (one column a week)", style="bold")
        yield Text("    " + month_row(first, shown, cell, width - 4), style="dim")
        for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
            line = Text(f"{name:<4}", style="dim")
            for w in range(shown):
                day = first + timedelta(weeks=w, days=weekday)
                tally = by_day.get(day)
                if tally is None or (tally.mark is Mark.NO_PLAN and not tally.walks):
                    line.append(" " * cell)
                    continue
                char, style = MARK_CELL[tally.mark]
                line.append(char, style)
                line.append(" " * (cell - 1))
            yield line
        used = {t.mark for t in self.tallies if t.walks or t.mark is not Mark.NO_PLAN}
        key = Text()
        for mark in MARK_CELL:
            if mark in used:
                char, style = MARK_CELL[mark]
                if key:
                    key.append("  ")
                key.append(char, style)
                key.append(f" {MARK_WORDS[mark]}", "dim")
        yield key


def chart_view(
    tallies: Sequence[DayTally], today: date, heat: Sequence[DayTally]
) -> Group:
    return Group(MinutesChart(tallies, today), Text(""), Calendar(heat, today))


def day_json(tally: DayTally) -> dict[str, object]:
    """One day of `chart --json`."""
    return {
        "date": tally.day.isoformat(),
        "mark": tally.mark.value,
        "sessions": tally.walks,
        "minutes": round(tally.minutes, 2),
        "planned_sessions": tally.planned_sessions,
        "planned_minutes": tally.planned_minutes,
        "pain_after_max": tally.pain_after_max,
        "morning_pain": tally.morning_pain,
    }


# -- plan changes ------------------------------------------------------------


def changes_table(
    changes: Sequence[PlanChange], today: date, last: int | None = None
) -> Table:
    """The days the target changed, with the plan's reason (newest `last` only)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("From", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Why", ratio=1)
    shown = list(changes) if last is None else list(changes)[-last:]
    for change in shown:
        table.add_row(
            format_day(change.day, today),
            f"{change.sessions} × {change.minutes} min",
            Text(change.status.value, style=STATUS_STYLE.get(change.status, "")),
            change.reason,
        )
    return table
