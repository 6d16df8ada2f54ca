"""The clinician report as a document: HTML (Jinja2, autoescaped) and Markdown.

Both draw the same ReportData (services/report.py) with the same words; the
HTML adds the two inline SVG charts (render_charts.py) where the Markdown has a
table of the same days. Jinja2 is imported here only, so only `report` pays for
it (about 33 ms, `python -X importtime -c "import jinja2"`); autoescaping makes
every value text, the person's notes included, unless it is marked as markup
(only the charts are, and they escape their own text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from walkcoach import __version__
from walkcoach.core.dates import format_day
from walkcoach.core.guidance import REPORT_DISCLAIMER
from walkcoach.core.models import PAIN_CEILING, Status
from walkcoach.core.stats import Mark, WeekRow
from walkcoach.services.assess import DAY_WORDS, NOTHING_TO_WALK
from walkcoach.services.report import DayPoint, Figure, ReportData

DASH = "–"
MINUS = "−"
# What a target's status means, in a clinician's words.
STATUS_WORDS = {
    Status.START: "starting stage",
    Status.PROGRESS: "stepped up",
    Status.HOLD: "held",
    Status.REDUCE: "reduced",
    Status.RESTART: "restarted lower after a break",
    Status.REST: "a rest or flare-up day",
    Status.PAUSE: "progression paused",
    Status.STOP: "stopped after an urgent safety answer",
    Status.GOAL: "goal reached",
}
WEEK_KEY = (
    "Planned and Done count the same walks: every planned walk before the "
    "report's last day or today, and today's only once walked. Done: the "
    "planned walks walked at 80% or more of their minutes. Pain: mean before → "
    "after a walk, and the mean first reading of each day (0–10)."
)
MARK_WORDS = {
    Mark.ON_PLAN: "on plan",
    Mark.SHORT: "short",
    Mark.MISSED: "missed",
    Mark.REST: "rest day",
    Mark.FLARE: "flare-up",
    Mark.DAY_OFF: "day off",
    Mark.OPEN: "today",
    Mark.NO_PLAN: "no plan",
}


# -- words and numbers shared by both formats ----------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def long_day(day: date) -> str:
    """'Wed 14 Oct 2026': a document is read later, so its header has years."""
    return f"{format_day(day)} {day.year}"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    text = f"{value:.{digits}f}"
    return text.replace("-", MINUS) if text.lstrip("-0.") else text.lstrip("-")


def figure_value(figure: Figure, value: float | None) -> str:
    """'112 min', '86%', '2.4/10', '+0.3'."""
    if value is None:
        return DASH
    if figure.key == "rise":
        return signed(value, figure.digits)
    shown = number(value, figure.digits)
    return f"{shown} {figure.unit}" if figure.unit == "min" else shown + figure.unit


def signed(value: float, digits: int) -> str:
    """'+1.5', '−2', '0'."""
    text = number(abs(value), digits)
    if text.strip("0.") == "":
        return text
    return ("+" if value > 0 else MINUS) + text


def figure_change(figure: Figure) -> str:
    change = figure.change
    if change is None:
        return DASH
    unit = {"min": " min", "%": " points"}.get(figure.unit, "")
    return signed(change, figure.digits) + unit


def program_text(report: ReportData) -> str:
    s = report.settings
    started = (
        f"Started {long_day(report.program_start)} at"
        if report.program_start
        else "No entry yet; starts at"
    )
    text = (
        f"{started} {s.sessions} × {s.start_minutes} min a day; goal one "
        f"{s.goal_minutes}-min walk a day on {s.days_per_week} days a week."
    )
    if not s.configured:
        text += " Set-up (with the safety questions) not run yet: default program."
    return text


def target_text(report: ReportData) -> str:
    target = report.target
    if target is None:
        return "None on this day."
    when = format_day(report.last, report.today)
    text = f"{target.dose.sessions} × {target.dose.minutes} min a day on {when}"
    day = report.day
    if day is not None and day.type in NOTHING_TO_WALK:
        # The day as every screen names it: a rest day is no walking target.
        text = f"{DAY_WORDS[day.type]} on {when}"
    if target.status is Status.STOP:
        text = f"No walking target on {when}"
    text += f" ({STATUS_WORDS.get(target.status, target.status.value)}"
    if report.target_since is not None and report.target_since < report.last:
        text += f", since {format_day(report.target_since, report.today)}"
    return text + ")."


def compared_text(report: ReportData) -> str:
    """'Latest complete week (from Mon 16 Nov) against the first week (…)'."""
    first, latest = report.first_week, report.latest_week
    if first is None or latest is None:
        return ""
    complete = "complete " if report.days_in(latest) == 7 else ""
    return (
        f"Latest {complete}week ({_week_words(report, latest)}) against the "
        f"first week ({_week_words(report, first)})."
    )


def _week_words(report: ReportData, row: WeekRow) -> str:
    days = report.days_in(row)
    start = max(row.week_start, report.first)
    end = min(row.week_start + timedelta(days=6), report.last)
    text = f"{format_day(start, report.today)} to {format_day(end, report.today)}"
    if days < 7:
        text += f", {plural(days, 'day')}"
    return text


def week_cells(report: ReportData, row: WeekRow) -> list[str]:
    """One row of the week table, as text."""
    today = report.today
    adherence = DASH if row.adherence is None else f"{round(row.adherence * 100)}%"
    pain = DASH
    if row.pain_before_mean is not None or row.pain_after_mean is not None:
        pain = f"{number(row.pain_before_mean, 1)} → {number(row.pain_after_mean, 1)}"
    days = report.days_in(row)
    label = format_day(row.week_start, today)
    if days < 7:
        label += f" ({days} d)"
    return [
        label,
        str(row.days_walked),
        str(row.sessions),
        number(row.minutes),
        str(row.planned_minutes) if row.planned_minutes else DASH,
        adherence,
        pain,
        number(row.morning_pain_mean, 1),
        f"{row.rest_days} / {row.flare_days}",
        f"{row.steps:,}" if row.steps else DASH,
    ]


def clock(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%H:%M}"


# -- HTML ----------------------------------------------------------------------


def report_html(report: ReportData) -> str:
    """The report as one self-contained HTML page."""
    import jinja2
    from markupsafe import Markup

    from walkcoach.cli.render_charts import minutes_chart, pain_chart

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("walkcoach.cli", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html")
    return template.render(
        r=report,
        version=__version__,
        program=program_text(report),
        target=target_text(report),
        compared=compared_text(report),
        weeks=[week_cells(report, row) for row in report.rows],
        week_key=WEEK_KEY,
        minutes_svg=Markup(minutes_chart(report.days)),
        pain_svg=Markup(pain_chart(report.days)),
        ceiling=PAIN_CEILING,
        disclaimer=REPORT_DISCLAIMER,
        long_day=long_day,
        day=lambda d: format_day(d, report.today),
        clock=clock,
        plural=plural,
        value=figure_value,
        change=figure_change,
    )


# -- Markdown ------------------------------------------------------------------

# Inside a line (never at its start) only these change what Markdown shows.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str) -> str:
    """Text as Markdown shows it: no markup, no HTML, on one line."""
    from html import escape

    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", escape(flat, quote=False))


def _table(
    head: Sequence[str], rows: Sequence[Sequence[str]], numbers: range
) -> list[str]:
    """A Markdown table; the columns in `numbers` are right-aligned."""
    align = ["--:" if i in numbers else "---" for i in range(len(head))]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _day_cells(point: DayPoint, today: date) -> list[str]:
    pain = DASH
    if point.pain_after is not None:
        before = DASH if point.pain_before is None else str(point.pain_before)
        pain = f"{before} → {point.pain_after}"
    return [
        format_day(point.day, today),
        number(point.minutes, 1).removesuffix(".0") if point.walks else "0",
        DASH if point.target is None else str(point.target),
        pain,
        DASH if point.morning is None else str(point.morning),
        MARK_WORDS[point.mark],
    ]


def report_markdown(report: ReportData) -> str:
    """The report as Markdown: the same content, the charts as a table of days."""
    today = report.today
    out = ["# Walking program report", ""]
    if report.name:
        out += [f"**{md(report.name)}**", ""]
    out += [
        f"- **Dates covered:** {long_day(report.first)} to {long_day(report.last)} "
        f"({plural(len(report.days), 'day')}, "
        f"{plural(report.entries, 'entry', 'entries')} logged)",
        f"- **Program:** {program_text(report)}",
        f"- **Current target:** {target_text(report)}",
        "",
        "## Headline figures",
        "",
    ]
    if report.entries and report.first_week is not None:
        out += [compared_text(report), ""]
        out += _table(
            ["Figure", "Latest week", "First week", "Change"],
            [
                [
                    f.label,
                    figure_value(f, f.latest),
                    figure_value(f, f.first),
                    figure_change(f),
                ]
                for f in report.figures
            ],
            range(1, 4),
        )
    else:
        out.append("Nothing logged in this period.")
    out += ["", "## Day by day", ""]
    out += _table(
        ["Day", "Minutes", "Target", "Pain before → after", "First reading", "Day was"],
        [_day_cells(p, today) for p in report.days],
        range(1, 5),
    )
    out += [
        "",
        "Pain before → after: the walk with the highest pain after that day (0–10).",
        "",
        "## Week by week",
        "",
    ]
    out += _table(
        ["Week of", "Days walked", "Walks", "Minutes", "Planned", "Done",
         "Pain before → after", "Morning pain", "Rest / flare days", "Steps"],
        [week_cells(report, row) for row in report.rows],
        range(1, 10),
    )  # fmt: skip
    out += ["", WEEK_KEY, "", "## Events", ""]
    if report.events:
        out += _table(
            ["Date", "Time", "What", "Detail"],
            [
                [format_day(e.day, today), clock(e.at), str(e.kind), md(e.text)]
                for e in report.events
            ],
            range(0),
        )
    else:
        out.append("None in this period.")
    if report.notes is not None:
        out += ["", f"## Notes ({len(report.notes)})", ""]
        out += [
            f"- {format_day(n.at.date(), today)} {clock(n.at)}, {md(n.what)}: "
            f"{md(n.text)}"
            for n in report.notes
        ] or ["No notes in this period."]
    out += ["", f"_{REPORT_DISCLAIMER}_", ""]
    return "\n".join(out)
