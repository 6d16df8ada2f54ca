"""Commands that show progress: week, chart, report and demo."""

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from walkcoach.cli import shell
from walkcoach.services import progress

if TYPE_CHECKING:
    from walkcoach.cli.render_progress import Report
    from walkcoach.services.session import Store

REPORT_FORMATS = (".html", ".svg", ".md")
CALENDAR_SPAN = timedelta(weeks=26)
# Plan warnings that only repeat a safety answer the report names itself.
SCREENING_WARNINGS = frozenset({"screening-caution", "screening-urgent"})


def _count(text: str | None, option: str, default: int, low: int, high: int) -> int:
    """A whole number for --weeks/--days, with a one-line error (exit 2)."""
    if text is None:
        return default
    try:
        value = int(text.strip())
    except ValueError:
        shell.bad_input(f"{option} must be a whole number, got {text!r}")
    if not low <= value <= high:
        shell.bad_input(f"{option} must be from {low} to {high}, got {text!r}")
    return value


def week(
    weeks: Annotated[
        str | None,
        typer.Option(help="How many weeks to show, this one included.", metavar="N"),
    ] = None,
    json: shell.Json = False,
) -> None:
    """One row per week: walks, minutes vs plan, pain, WHO's 150 min, streaks."""
    from walkcoach.core import stats

    count = _count(weeks, "--weeks", 8, 1, 520)
    today = shell.now().date()
    this_monday = stats.monday_of(today)
    with shell.open_store() as store:
        history = progress.History(store, today, progress.program_first(store, today))
    first_monday = max(
        this_monday - timedelta(weeks=count - 1), stats.monday_of(history.first)
    )
    days_per_week = history.settings.days_per_week
    rows = stats.week_rows(
        history.entries,
        history.targets,
        first_monday,
        this_monday,
        today,
        days_per_week,
    )
    if json:
        shell.print_json([row.to_json() for row in rows])
        return
    tallies = stats.tally_days(
        history.entries, history.targets, history.first, today, today, days_per_week
    )
    left = stats.this_week_left(
        tallies[-7:], history.targets.get(today), today, days_per_week
    )
    from walkcoach.cli.render_progress import week_view

    shell.console().print(
        week_view(rows, left, stats.streaks_from(tallies), today), soft_wrap=False
    )


def chart(
    days: Annotated[
        str | None,
        typer.Option(help="How many days to draw, today included.", metavar="N"),
    ] = None,
    json: shell.Json = False,
) -> None:
    """Minutes walked per day with pain drawn over them, and a calendar of walks."""
    from walkcoach.core import stats

    count = _count(days, "--days", 28, 1, 3660)
    today = shell.now().date()
    first = today - timedelta(days=count - 1)
    with shell.open_store() as store:
        # The calendar shows up to half a year, from the first entry on.
        start = max(progress.program_first(store, today), today - CALENDAR_SPAN)
        history = progress.History(store, today, min(first, start))
    tallies = stats.tally_days(
        history.entries,
        history.targets,
        history.first,
        today,
        today,
        history.settings.days_per_week,
    )
    shown = [t for t in tallies if t.day >= first]
    if json:
        from walkcoach.cli.render_progress import day_json

        shell.print_json([day_json(t) for t in shown])
        return
    from walkcoach.cli.render_progress import chart_view

    shell.console().print(chart_view(shown, today, tallies))


def report(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write: .html, .svg or .md.",
            metavar="FILE",
        ),
    ] = None,
    weeks: Annotated[
        str | None,
        typer.Option(help="How many weeks to cover (default 12).", metavar="N"),
    ] = None,
) -> None:
    """Write a summary to show your physiotherapist or doctor (.html, .svg, .md)."""
    if output is None:
        shell.bad_input("--output FILE is required: a .html, .svg or .md file")
    path = Path(output).expanduser()
    suffix = path.suffix.lower()
    if suffix not in REPORT_FORMATS:
        shell.bad_input(f"--output must end in .html, .svg or .md, got {output!r}")
    count = _count(weeks, "--weeks", 12, 1, 520)
    today = shell.now().date()
    with shell.open_store() as store:
        built = _build_report(store, today, count)
    text = _report_text(built, suffix)
    shell.write_private(path, lambda out: out.write(text))
    console = shell.console()
    console.print(
        f"Wrote the report for {_span(built.first, built.last, today)}, readable "
        "only by you:"
    )
    console.print(str(path), soft_wrap=True)  # whole on one line, to copy


def _span(first: date, last: date, today: date) -> str:
    from walkcoach.core.dates import format_day

    return f"{format_day(first, today)} to {format_day(last, today)}"


def _build_report(store: "Store", today: date, weeks: int) -> "Report":
    from walkcoach.cli.render_progress import Report
    from walkcoach.core import plan, stats
    from walkcoach.core.models import Kind

    start = progress.program_first(store, today)
    history = progress.History(store, today, start)
    days_per_week = history.settings.days_per_week
    tallies = stats.tally_days(
        history.entries, history.targets, history.first, today, today, days_per_week
    )
    first_monday = max(
        stats.monday_of(today) - timedelta(weeks=weeks - 1), history.first
    )
    rows = stats.week_rows(
        history.entries,
        history.targets,
        first_monday,
        stats.monday_of(today),
        today,
        days_per_week,
    )
    first = max(first_monday, start)
    period = [e for e in history.entries if first <= e.day <= today]
    targets = {d: t for d, t in history.targets.items() if d >= first}
    walked = sorted({e.day for e in period if e.kind is Kind.WALK})
    bad_days = [
        day
        for day in walked
        if plan.judge_day(
            history.entries,
            day,
            plan.usual_pain(history.entries, day + timedelta(days=1)),
        )
        is plan.DayKind.BAD
    ]
    return Report(
        first=first,
        last=today,
        today=today,
        settings=history.settings,
        target=history.targets[today],
        rows=rows,
        streaks=stats.streaks_from(tallies),
        changes=stats.plan_changes(targets),
        flags=stats.symptom_flags(period) + stats.high_pain_walks(period),
        bad_days=bad_days,
        # The report names each safety answer: not the plan's general words.
        warnings=stats.warnings_raised(targets, skip=SCREENING_WARNINGS),
        entries=len(period),
        answers=stats.answers_standing(
            stats.yes_answers(store.screenings()), first, today
        ),
    )


def _report_text(report: "Report", suffix: str) -> str:
    from walkcoach.cli.render_progress import report_markdown, report_renderable

    if suffix == ".md":
        return report_markdown(report)
    import io

    from rich.console import Console

    console = Console(
        record=True,
        width=100,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
    )
    console.print(report_renderable(report))
    if suffix == ".svg":
        import re

        svg = console.export_svg(title="walkcoach report")
        # Health data stays offline: use a local font, never fetch one from a CDN.
        return re.sub(r',\s*url\("https?://[^"]*"\) format\("\w+"\)', "", svg)
    return console.export_html()


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Fill this (empty) database instead of a new temporary file.",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """Fill a throwaway database with six weeks of a simulated walker, then show it."""
    import tempfile

    from walkcoach.core.errors import WalkcoachError
    from walkcoach.services import coach
    from walkcoach.services import demo as simulation
    from walkcoach.services.session import opened

    chosen = db or (ctx.parent.params.get("db") if ctx.parent else None)
    yours = shell.db_path() if chosen is None else None
    if chosen is None:
        fd, name = tempfile.mkstemp(prefix="walkcoach-demo-", suffix=".db")
        import os

        os.close(fd)
        path = Path(name)
    else:
        path = Path(chosen).expanduser()
    now = shell.now()
    console = shell.console()
    with opened(path) as store:
        if store.has_entries():
            raise WalkcoachError(
                f"{path} already holds entries; the demo only fills an empty "
                "database (leave out --db to use a temporary file)"
            )
        if console.is_terminal:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("Simulating six weeks", total=simulation.DEMO_DAYS)
                result = simulation.fill(
                    store, now.date(), tick=lambda: bar.advance(task)
                )
        else:
            result = simulation.fill(store, now.date())
        board = coach.dashboard(store, now.date())
    from rich.text import Text

    from walkcoach.cli.render_progress import changes_table
    from walkcoach.core.stats import plan_changes

    span = _span(result.first, result.last, now.date())
    console.print(
        Text.assemble(
            ("Demo: ", "bold"),
            f"six weeks of a simulated walker, {span}; every target below was "
            "set by walkcoach's own plan.\n",
        )
    )
    from walkcoach.cli.render import print_dashboard

    print_dashboard(console, board, now.date(), now)
    console.print()
    console.print(Text("How her target changed, and why", style="bold"))
    changes = plan_changes({t.date: t for t in result.targets})
    console.print(changes_table(changes, now.date(), last=10))
    console.print()
    if yours is not None:
        where = f"a new database: your own data ({yours}) was not touched."
    else:
        where = "the database you named; nothing else was written."
    console.print(f"The demo's {result.entries} entries are in {where}")
    # soft_wrap: paths and commands stay whole on one line, to copy.
    console.print(Text.assemble(("Demo database: ", "bold"), str(path)), soft_wrap=True)
    console.print(
        Text.assemble("Look around: ", (f"walkcoach --db {path} week", "bold")),
        soft_wrap=True,
    )
    console.print("(or chart, history, plan, report --output demo.html)", style="dim")
