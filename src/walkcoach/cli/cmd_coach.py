"""Commands of the coach: today, next, plan and setup."""

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from walkcoach.cli import complete, shell
from walkcoach.cli.screening import ClearAnswers, ClearedAnswers, YesAnswers
from walkcoach.core.models import REGIONS, SETTING_RANGES, Status

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Another day: 'yesterday', 'mon', '2026-11-20'.",
        metavar="DAY",
        autocompletion=complete.date_words,
    ),
]


def today(date_: DateOption = None, json: shell.Json = False) -> None:
    """Today's target, what is done and left, why, a tip and any warnings."""
    from walkcoach.services import coach
    from walkcoach.services.timer import running

    now = shell.now()
    day = shell.parse_day(date_, now.date())
    with shell.open_store(show_urgent=False, write=False, show_timer=False) as store:
        board = coach.dashboard(store, day, now.date(), with_streak=not json)
        timing = running(store)
    if json:
        from walkcoach.core.timer import timer_json
        from walkcoach.services.assess import day_json

        data = day_json(board.view)
        data["timer"] = timer_json(timing, now)
        shell.print_json(data)
        return
    from walkcoach.cli.render import print_dashboard

    console = shell.console()
    if timing is not None:
        from walkcoach.cli.render_timer import timer_renderable

        console.print(timer_renderable(timing, now))
    print_dashboard(console, board, day, now)


def next_(date_: DateOption = None, json: shell.Json = False) -> None:
    """Tomorrow's target (or the day after --date), its status and the reason."""
    from walkcoach.services import coach

    now = shell.now()
    day = shell.parse_day(date_, now.date())
    with shell.open_store(show_urgent=False, write=False) as store:
        a = coach.next_view(store, day, now.date())
    from walkcoach.services.assess import DayType, target_json

    if json:
        shell.print_json(target_json(a))
        return
    from walkcoach.cli.render import next_renderable

    console = shell.console()
    console.print(next_renderable(a))
    if day == now.date() and a.type is not DayType.STOPPED:
        console.print(
            "Worked out from what is logged so far today; it updates as you log.",
            style="dim",
        )


def plan(
    json: shell.Json = False,
    ics: Annotated[
        str | None,
        typer.Option(
            "--ics",
            help="Write the next 7 days' planned walks to this calendar file "
            "(.ics, for a phone calendar).",
            metavar="FILE",
        ),
    ] = None,
    times: Annotated[
        str,
        typer.Option(
            help="With --ics: the times of your walks, one per walk of the day.",
            metavar="TIMES",
        ),
    ] = "9:00,13:00,18:00",
) -> None:
    """The road from today's stage to the goal, with dates if every day goes well."""
    from walkcoach.services import assess, coach

    now = shell.now()
    if ics is not None:
        _plan_ics(Path(ics).expanduser(), times, now)
        return
    with shell.open_store(write=False) as store:
        target, stages = assess.road(store, now.date())
        settings = coach.program(store)
    if target.dose.sessions == 0:
        from walkcoach.core.errors import WalkcoachError

        raise WalkcoachError(
            "no plan while a safety answer says to stop; see `walkcoach check`"
        )
    if json:
        shell.print_json(
            [
                {"date": stage.day.isoformat(), **assess.dose_json(stage.dose)}
                for stage in stages
            ]
        )
        return
    from walkcoach.cli.render import plan_table

    console = shell.console()
    console.print(plan_table(stages, settings.goal_minutes, now.date()))
    if len(stages) > 1:
        console.print(
            f"If every day goes well: one {settings.goal_minutes}-minute walk a day "
            f"{_time_to(now.date(), stages[-1].day)}."
        )
    elif target.status is Status.PAUSE:
        console.print(f"No build-up for now. {target.reason}")
    from walkcoach.core import plan as engine

    if any(stage.capped for stage in stages):  # engine.cap_waits, stage by stage
        console.print(engine.CAP_NOTE)
    console.print(
        "When a day does not go well, the plan waits for your back.", style="dim"
    )


def _plan_ics(path: Path, times_text: str, now: datetime) -> None:
    """`plan --ics FILE`: the next days' planned walks as calendar events."""
    from walkcoach.cli.render_ics import CALENDAR_DAYS, ics_text
    from walkcoach.core.errors import WalkcoachError
    from walkcoach.core.reminders import parse_times, walk_slots
    from walkcoach.services import coach

    try:
        times = parse_times(times_text)
    except ValueError as error:
        shell.bad_input(str(error))
    if path.suffix.lower() != ".ics":
        shell.bad_input(f"--ics must name a .ics file, got {str(path)!r}")
    with shell.open_store(write=False) as store:
        target, stages = coach.projection(store, now.date())
    if target.dose.sessions == 0:
        raise WalkcoachError(
            "no plan while a safety answer says to stop; see `walkcoach check`"
        )
    slots = walk_slots(stages, now.date(), CALENDAR_DAYS)
    most = max(dose.sessions for _, _, dose in slots)
    if most > len(times):
        shell.bad_input(
            f"--times gives {len(times)} time(s) but the plan has up to {most} "
            f"walks a day; give {most}, e.g. --times 9:00,13:00,18:00"
        )
    walks = [
        (start, number, dose)
        for day, number, dose in slots
        if (start := shell.local_time(day, times[number - 1], now)) >= now
    ]
    text = ics_text(walks, now)
    from walkcoach.services.output import write_file

    # Through the one writer (never the database, a FIFO or half a file); a
    # calendar file is meant to be written again each week, so it is replaced.
    write_file(path, shell.db_path(), lambda out: out.write(text), force=True)
    shell.console().print(
        f"Wrote {len(walks)} planned walks of the next {CALENDAR_DAYS} days to "
        f"{path}, readable only by you. Import it into your calendar; write it "
        "again after a week (the same walks are updated, not doubled).",
        soft_wrap=False,
    )


def _time_to(today: date, goal: date) -> str:
    """'in about 5 weeks and 3 days' (calendar arithmetic by dateutil)."""
    from dateutil.relativedelta import relativedelta

    span = relativedelta(goal, today)
    weeks, days = divmod(span.days, 7)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((span.years, "year"), (span.months, "month"), (weeks, "week"))
        if n
    ]
    if days:
        parts.append(f"{days} day{'' if days == 1 else 's'}")
    if len(parts) > 1:
        return f"in {', '.join(parts[:-1])} and {parts[-1]}"
    return f"in {parts[0]}" if parts else "today"


FLAGS = {
    "start_minutes": "--start-minutes",
    "sessions": "--sessions",
    "goal_minutes": "--goal",
    "days_per_week": "--days-per-week",
}


def setup(
    start_minutes: Annotated[
        int | None, typer.Option(help="Minutes per walk to start with (5-10).")
    ] = None,
    sessions: Annotated[
        int | None, typer.Option(help="Walks per day to start with (2-3).")
    ] = None,
    goal: Annotated[
        int | None, typer.Option(help="Goal: one walk of this many minutes (30-45).")
    ] = None,
    days_per_week: Annotated[
        int | None, typer.Option(help="Walking days per week at the goal (1-7).")
    ] = None,
    units: Annotated[
        str | None,
        typer.Option(
            help="Distance unit: km or mi.",
            metavar="UNIT",
            autocompletion=complete.units,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="Where you live, for the emergency number and same-day service: "
            "uk, us, eu, au or other (your local emergency number).",
            metavar="REGION",
            autocompletion=complete.regions,
        ),
    ] = None,
    yes: YesAnswers = None,
    clear: ClearAnswers = False,
    cleared: ClearedAnswers = None,
) -> None:
    """Answer the safety questions and choose your program; history is kept."""
    from dataclasses import replace

    from walkcoach.cli.screening import answer_screening
    from walkcoach.core.guidance import REGION_NAMES

    now = shell.now()
    values = {
        "start_minutes": start_minutes,
        "sessions": sessions,
        "goal_minutes": goal,
        "days_per_week": days_per_week,
    }
    for key, value in values.items():
        low, high = SETTING_RANGES[key]
        if value is not None and not low <= value <= high:
            shell.bad_input(f"{FLAGS[key]} must be from {low} to {high}, got {value}")
    if units is not None and units.lower() not in ("km", "mi"):
        shell.bad_input(f"--units must be km or mi, got {units!r}")
    if region is not None and region.lower() not in REGIONS:
        shell.bad_input(f"--region must be one of {', '.join(REGIONS)}, got {region!r}")
    given = [v for v in (*values.values(), units, region) if v is not None]
    asked = shell.interactive() and not given
    from walkcoach.services import coach

    with shell.open_store(show_urgent=False) as store:
        current = coach.program(store)
    if asked:
        region = _ask_region(current.region)
    if region is not None and region.lower() != current.region:
        # The region words the safety answers: store it before they are shown.
        current = replace(current, region=region.lower())
        with shell.open_store(show_urgent=False) as store:
            coach.save_program(store, current, now.date())
    screening = answer_screening(yes or [], clear, now, cleared=cleared or [])
    if screening is not None and screening.urgent:
        return  # the urgent message is shown; no program until it is cleared
    if asked:
        for key in values:
            low, high = SETTING_RANGES[key]
            values[key] = _ask_number(_QUESTIONS[key], getattr(current, key), low, high)
        units = typer.prompt("Distance unit (km or mi)", default=current.units)
        while units.lower()[:2] not in ("km", "mi"):
            units = typer.prompt("Please type km or mi", default=current.units)
        units = units.lower()[:2]
    chosen = replace(
        current,
        start_minutes=values["start_minutes"] or current.start_minutes,
        sessions=values["sessions"] or current.sessions,
        goal_minutes=values["goal_minutes"] or current.goal_minutes,
        days_per_week=values["days_per_week"] or current.days_per_week,
        units=(units or current.units).lower(),
        region=(region or current.region).lower(),
        configured=True,
    )
    with shell.open_store(show_urgent=False) as store:
        coach.save_program(store, chosen, now.date())
    shell.console().print(
        f"Program saved: start at {chosen.sessions} × {chosen.start_minutes} min, "
        f"goal 1 × {chosen.goal_minutes} min on {chosen.days_per_week} days a week, "
        f"distances in {chosen.units}, safety wording for "
        f"{REGION_NAMES.get(chosen.region, chosen.region)}. See today's target: "
        "walkcoach today"
    )


_QUESTIONS = {
    "start_minutes": "Minutes per walk to start with (5-10; less than feels easy)",
    "sessions": "Short walks a day to start with (2-3)",
    "goal_minutes": "Goal: one walk of how many minutes (30-45)",
    "days_per_week": "Walking days a week at the goal (1-7)",
}


def _ask_region(default: str) -> str:
    from walkcoach.core.guidance import REGION_NAMES

    names = "; ".join(f"{key}: {name}" for key, name in REGION_NAMES.items())
    typer.echo(
        shell.wrapped(
            f"Where do you live? It sets the emergency number shown. {names}.", 0
        )
    )
    while True:
        answer: str = typer.prompt("Region", default=default).strip().lower()
        if answer in REGIONS:
            return answer
        typer.echo(f"Please type one of: {', '.join(REGIONS)}.")


def _ask_number(question: str, default: int, low: int, high: int) -> int:
    while True:
        value: int = typer.prompt(question, default=default, type=int)
        if low <= value <= high:
            return value
        typer.echo(f"Please choose a number from {low} to {high}.")
