"""Commands that show progress: week, chart, report and demo."""

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from walkcoach.cli import complete, shell
from walkcoach.cli.safe_text import plain
from walkcoach.services import progress

if TYPE_CHECKING:
    from walkcoach.services.report import ReportData

REPORT_FORMATS = (".html", ".md", ".svg")
CALENDAR_SPAN = timedelta(weeks=26)


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
    from walkcoach.services import assess

    with shell.open_store(write=False) as store:
        history = progress.History(store, today, progress.program_first(store, today))
        day = assess.assess(store, today, today)
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
        tallies[-7:],
        history.targets.get(today),
        today,
        days_per_week,
        today_left=day.left_minutes,
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
    with shell.open_store(write=False) as store:
        program_first = progress.program_first(store, today)
        if days is None:
            # By default the chart starts with the first entry, not in empty
            # weeks before it; --days N draws exactly N days.
            first = max(first, program_first)
        # The calendar shows up to half a year, from the first entry on.
        start = max(program_first, today - CALENDAR_SPAN)
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
            help="The file to write: .html (a printable page), .md, or .svg "
            "(the charts alone).",
            metavar="FILE",
            autocompletion=complete.report_files,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="First day to cover (default: --weeks back).", metavar="D"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Last day to cover (default: today).", metavar="D"),
    ] = None,
    weeks: Annotated[
        str | None,
        typer.Option(
            help="How many weeks to cover, the last one's included (default 8).",
            metavar="N",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="A name to print at the top.", metavar="TEXT"),
    ] = None,
    no_notes: Annotated[
        bool,
        typer.Option("--no-notes", help="Leave the notes out."),
    ] = False,
    open_: Annotated[
        bool,
        typer.Option("--open", help="Open the file in the default browser."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists.")
    ] = False,
) -> None:
    """Write a report to show your physiotherapist or doctor (.html, .md, .svg)."""
    from walkcoach.services import report as service

    if output is None:
        shell.bad_input("--output FILE is required: a .html, .md or .svg file")
    path = Path(output).expanduser()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        shell.bad_input(
            "walkcoach writes no PDF: write a .html file and print it to PDF "
            "from the browser (walkcoach report -o report.html --open)"
        )
    if suffix not in REPORT_FORMATS:
        shell.bad_input(f"--output must end in .html, .md or .svg, got {output!r}")
    if since is not None and weeks is not None:
        shell.bad_input("give --since or --weeks, not both")
    count = _count(weeks, "--weeks", service.DEFAULT_WEEKS, 1, 520)
    today = shell.now().date()
    first = None if since is None else shell.parse_day(since, today, "--since")
    last = None if until is None else shell.parse_day(until, today, "--until")
    from walkcoach.core.entries import parse_note

    checked = parse_note(name, "--name")
    service.check_span(first, last, today)  # before the database is opened
    with shell.open_store(write=False) as store:
        built = service.build(
            store,
            today,
            since=first,
            until=last,
            weeks=count,
            name=checked,
            notes=not no_notes,
        )
    text = _report_text(built, suffix)
    from walkcoach.services.output import write_file

    write_file(path, shell.db_path(), lambda out: out.write(text), force)
    console = shell.console()
    console.print(
        f"Wrote the report for {_span(built.first, built.last, today)}, readable "
        "only by you:"
    )
    from walkcoach.cli.safe_text import user_text

    console.print(user_text(str(path)), soft_wrap=True)  # whole on one line, to copy
    if open_:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            console.print("No browser could be started: open the file yourself.")


def _span(first: date, last: date, today: date) -> str:
    from walkcoach.core.dates import format_day

    return f"{format_day(first, today)} to {format_day(last, today)}"


def _report_text(report: "ReportData", suffix: str) -> str:
    if suffix == ".svg":
        from walkcoach.cli.render_charts import charts_svg

        return charts_svg(report.days)
    from walkcoach.cli.render_report import report_html, report_markdown

    return report_markdown(report) if suffix == ".md" else report_html(report)


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

    chosen = db or (ctx.parent.params.get("db") if ctx.parent else None)
    yours = shell.db_path() if chosen is None else None
    if chosen is None:
        fd, name = tempfile.mkstemp(prefix="walkcoach-demo-", suffix=".db")
        import os

        os.close(fd)
        path = Path(name)
    else:
        path = Path(chosen).expanduser()
    try:
        _demo_show(path, yours)
    finally:
        if chosen is None:
            # A throwaway database is thrown away (with SQLite's side files).
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def _demo_show(path: Path, yours: Path | None) -> None:
    """Fill the database at `path` with the simulated walker and show it."""
    from walkcoach.core.errors import WalkcoachError
    from walkcoach.services import coach
    from walkcoach.services import demo as simulation
    from walkcoach.services.session import opened

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
        console.print(
            plain(
                f"The demo's {result.entries} entries were in a temporary database, "
                f"removed now: your own data ({yours}) was not touched."
            )
        )
        # soft_wrap: commands stay whole on one line, to copy.
        console.print(
            Text.assemble(
                "To keep one and look around: ",
                ("walkcoach demo --db demo.db", "bold"),
                ", then ",
                ("walkcoach --db demo.db week", "bold"),
            ),
            soft_wrap=True,
        )
        return
    console.print(
        f"The demo's {result.entries} entries are in the database you named; "
        "nothing else was written."
    )
    console.print(plain(("Demo database: ", "bold"), str(path)), soft_wrap=True)
    console.print(
        plain("Look around: ", (f"walkcoach --db {path} week", "bold")),
        soft_wrap=True,
    )
    console.print("(or chart, history, plan, report --output demo.html)", style="dim")
