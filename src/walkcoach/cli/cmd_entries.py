"""Commands that record and correct entries: log, pain, rest, history, edit,
delete, undo, path."""

from datetime import date, time, timedelta
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
    When,
    ask_pain,
)
from walkcoach.cli.safe_text import plain, visible
from walkcoach.core import entries
from walkcoach.core.models import Entry, Kind

if TYPE_CHECKING:
    from walkcoach.services import entries as service


def log(
    minutes: Annotated[
        str,
        typer.Argument(
            help="How long you walked, in minutes.",
            metavar="MINUTES",
            click_type=complete.WORDS,
        ),
    ],
    pain_before: PainBefore = None,
    pain_after: PainAfter = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--when",
            "-w",
            help="When the walk started: 'yesterday 7pm', 'mon 9am', "
            "'2026-11-20 07:30' (default: it has just ended).",
            metavar="WHEN",
            autocompletion=complete.date_words,
        ),
    ] = None,
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
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Record a walk far longer than planned without asking."
        ),
    ] = False,
) -> None:
    """Record a walk: minutes, pain before and after (0-10), and how it went."""
    from walkcoach.services import entries as service

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
    value = entries.parse_minutes(minutes)
    before = entries.parse_pain(pain_before, "--pain-before")
    after = entries.parse_pain(pain_after, "--pain-after")
    # Without --when the walk has just ended, so it started MINUTES ago (SPEC §3).
    at = (
        shell.parse_when(when, now)
        if when is not None
        else now - timedelta(seconds=round(value * 60))
    )
    parsed_steps = entries.parse_steps(steps)
    text = entries.parse_note(note)
    parsed_distance = entries.parse_distance(distance)
    with shell.open_store(show_urgent=False) as store:
        if not yes:
            _question_implausible(service.implausible(store, value, at.date()), value)
        distance_km = entries.distance_km(parsed_distance, service.units(store))
        if shell.interactive():
            if before is None:
                before = ask_pain("Pain before the walk")
            if after is None:
                after = ask_pain("Pain after the walk")
        symptoms = flags.stored()
        entry = Entry(
            kind=Kind.WALK,
            at=at,
            minutes=value,
            pain_before=before,
            pain_after=after,
            distance_km=distance_km,
            steps=parsed_steps,
            symptoms=symptoms,
            note=text,
        )
        shell.print_logged(service.record(store, entry, now), now)


def _question_implausible(longest: int | None, minutes: float) -> None:
    """A walk implausible for this person is asked about on a terminal; a
    script must say --yes (exit 2, nothing written)."""
    if longest is None:
        return
    from walkcoach.core.entries import minutes_text

    typed = minutes_text(minutes)
    far = f"{typed} min is far longer than your longest planned walk ({longest} min)"
    if not shell.interactive():
        shell.bad_input(
            f"{far}; if that is right, log it again with --yes "
            f"(did you mean {minutes_text(minutes / 10)}?)"
        )
    if not typer.confirm(f"{far}. Record {typed} min?", default=False):
        shell.console().print("Nothing logged.")
        raise typer.Exit(code=1)


def pain(
    level: Annotated[
        str,
        typer.Argument(
            help="Your pain right now, 0-10.",
            metavar="LEVEL",
            click_type=complete.WORDS,
        ),
    ],
    when: When = None,
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
    """Record a pain check-in (0-10); the day's first reading is its morning pain."""
    from walkcoach.services import entries as service

    now = shell.now()
    value = entries.parse_pain(level, "LEVEL")
    at = shell.parse_when(when, now)
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
    entry = Entry(
        kind=Kind.PAIN,
        at=at,
        pain=value,
        symptoms=flags.stored(),
        note=entries.parse_note(note),
    )
    with shell.open_store(show_urgent=False) as store:
        shell.print_logged(service.record(store, entry, now), now)


def rest(
    when: Annotated[
        str | None,
        typer.Option(
            "--when",
            "-w",
            help="Which day (default: today).",
            metavar="DAY",
            autocompletion=complete.date_words,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="A planned break: every day from --when (or today) to this "
            "one, e.g. 'sun', 'in 5 days', '2026-12-06'.",
            metavar="DAY",
            autocompletion=complete.date_words,
        ),
    ] = None,
    flare: Annotated[
        bool, typer.Option("--flare", help="A flare-up day: holds progression.")
    ] = False,
    note: Note = None,
) -> None:
    """Mark a rest day, or a break with --until (--flare: a flare-up); streaks are
    kept."""
    from walkcoach.services import entries as service

    now = shell.now()
    day = shell.parse_day(when, now.date(), "--when")
    last = day if until is None else _parse_until(until, day, now.date())
    kind = Kind.FLARE if flare else Kind.REST
    text = entries.parse_note(note)
    # A day other than today is recorded at noon, in the user's offset.
    marks = [
        Entry(
            kind=kind,
            at=now if d == now.date() else shell.local_time(d, time(12), now),
            note=text,
        )
        for d in (day + timedelta(days=n) for n in range((last - day).days + 1))
    ]
    with shell.open_store(show_urgent=False) as store:
        if until is None:
            shell.print_logged(service.mark_day(store, marks[0], now.date(), now), now)
            return
        marked = service.mark_break(store, marks, now)
    _show_break(marked, now.date())


def _parse_until(text: str, start: date, today: date) -> date:
    from walkcoach.core.dates import DateError, parse_until

    try:
        return parse_until(text, start, today)
    except DateError as error:
        shell.bad_input(f"--until: {error}")


def _show_break(marked: "service.Break", today: date) -> None:
    """Say what a planned break marked, and what it means."""
    from walkcoach.core.dates import format_day

    console = shell.console()
    console.print(f"Marked {marked.span}.")
    if marked.skipped:
        console.print(
            "Already marked, left as they were: "
            + ", ".join(format_day(d, today) for d in marked.skipped)
            + "."
        )
    console.print(
        "A planned break does not break your streak. When you walk again the "
        "plan restarts a little lower, as after any days without a walk "
        "(walkcoach undo takes the whole break back)."
    )


DEFAULT_LAST = 30  # entries shown when no range is given


def history(
    since: Annotated[
        str | None,
        typer.Option(
            help="First day to show (included).",
            metavar="DAY",
            autocompletion=complete.date_words,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="Last day to show (included).",
            metavar="DAY",
            autocompletion=complete.date_words,
        ),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            help=f"Show only the newest N entries (default without --since: "
            f"{DEFAULT_LAST}).",
            metavar="N",
        ),
    ] = None,
    json: shell.Json = False,
) -> None:
    """List walks, check-ins and rest days, oldest first, with a totals row."""
    from walkcoach.services import entries as service

    now = shell.now()
    today = now.date()
    first = shell.parse_day(since, today, "--since") if since else None
    end = shell.parse_day(until, today, "--until") if until else today
    if first is not None and first > end:
        shell.bad_input("--since is after --until; swap them")
    count = None if last is None else _positive(last, "--last")
    with shell.open_store(write=False) as store:
        found = service.listing(store, first, end, count, DEFAULT_LAST)
    shown, older, units = found.entries, found.older, found.units
    if json:
        from walkcoach.core.entries import entry_json

        shell.print_json([entry_json(e) for e in shown])
        return
    from walkcoach.cli.render import history_table

    console = shell.console()
    console.print(history_table(shown, units, now))
    if older:
        console.print(
            f"The newest {len(shown)} entries; for older ones use --since DAY "
            "or --last N.",
            style="dim",
        )


def _positive(text: str, option: str) -> int:
    """A whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        shell.bad_input(f"{option} must be a whole number of at least 1, got {text!r}")
    return int(text)


Minutes = Annotated[str | None, typer.Option(help="New minutes.", metavar="N")]


def edit(
    entry_id: Annotated[
        str,
        typer.Argument(
            help="The entry's id (see history); -1 is the newest.",
            metavar="ID",
            click_type=complete.WORDS,
        ),
    ],
    minutes: Minutes = None,
    pain_before: PainBefore = None,
    pain_after: PainAfter = None,
    pain: Annotated[
        str | None, typer.Option(help="New check-in level, 0-10.", metavar="N")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--when",
            "-w",
            help="New time: 'yesterday 7pm', '2026-11-20 07:30'.",
            metavar="WHEN",
            autocompletion=complete.date_words,
        ),
    ] = None,
    distance: Annotated[
        str | None, typer.Option(help="New distance.", metavar="DIST")
    ] = None,
    steps: Annotated[str | None, typer.Option(help="New steps.", metavar="N")] = None,
    note: Note = None,
    leg_pain: Annotated[
        bool | None, typer.Option("--leg-pain/--no-leg-pain", help="Set or clear.")
    ] = None,
    numbness: Annotated[
        bool | None, typer.Option("--numbness/--no-numbness", help="Set or clear.")
    ] = None,
    limp: Annotated[
        bool | None, typer.Option("--limp/--no-limp", help="Set or clear.")
    ] = None,
    sharp: Annotated[
        bool | None, typer.Option("--sharp/--no-sharp", help="Set or clear.")
    ] = None,
    leg_weakness: Annotated[
        bool | None,
        typer.Option(
            "--leg-weakness/--no-leg-weakness",
            help="Set or clear weakness in one leg (a red flag is logged anew).",
        ),
    ] = None,
    joint_pain: Annotated[
        bool | None,
        typer.Option("--joint-pain/--no-joint-pain", help="Set or clear."),
    ] = None,
) -> None:
    """Change fields of one entry by flags, e.g. `edit -1 --minutes 12`."""
    from walkcoach.services import entries as service

    now = shell.now()
    wanted = _entry_id(entry_id)
    changes: dict[str, object] = {}
    if minutes is not None:
        changes["minutes"] = entries.parse_minutes(minutes, "--minutes")
    if pain_before is not None:
        changes["pain_before"] = entries.parse_pain(pain_before, "--pain-before")
    if pain_after is not None:
        changes["pain_after"] = entries.parse_pain(pain_after, "--pain-after")
    if pain is not None:
        changes["pain"] = entries.parse_pain(pain, "--pain")
    if when is not None:
        changes["at"] = shell.parse_when(when, now)
    if steps is not None:
        changes["steps"] = entries.parse_steps(steps)
    if note is not None:
        changes["note"] = entries.parse_note(note)
    parsed_distance = entries.parse_distance(distance)
    flags: dict[str, bool | None] = {
        "leg-pain": leg_pain,
        "numbness": numbness,
        "limp": limp,
        "sharp": sharp,
        "leg-weakness": leg_weakness,
        "joint-pain": joint_pain,
    }
    with shell.open_store() as store:
        if parsed_distance is not None:
            changes["distance_km"] = entries.distance_km(
                parsed_distance, service.units(store)
            )
        before, after = service.edit(store, wanted, changes, flags, now)
    from walkcoach.core.entries import describe

    if after == before:
        shell.console().print(plain(f"No change: {describe(before, now)}."))
        return
    console = shell.console()
    console.print(plain(f"Changed {describe(before, now)}"))
    console.print(plain(f"     to {describe(after, now)}."))


def _entry_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        shell.bad_input(
            f"ID must be an entry number (see: walkcoach history), got {text!r}"
        )
    from walkcoach.core.entries import LARGEST_ID

    if (value < 1 and value != -1) or value > LARGEST_ID:
        shell.bad_input(
            f"ID must be an entry number from 1 to {LARGEST_ID}, or -1 for the newest, "
            f"got {text!r}"
        )
    return value


def delete(
    entry_id: Annotated[
        str,
        typer.Argument(
            help="The entry's id (see history); -1 is the newest.",
            metavar="ID",
            click_type=complete.WORDS,
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking.")
    ] = False,
) -> None:
    """Delete one entry after a confirmation (undo brings it back)."""
    from walkcoach.services import entries as service

    now = shell.now()
    wanted = _entry_id(entry_id)
    from walkcoach.core.entries import describe

    with shell.open_store() as store:
        entry = service.find(store, wanted)
        if not yes:
            try:
                sure = typer.confirm(f"Delete {describe(entry, now)}?", default=False)
            except typer.Abort:
                sure = False
            if not sure:
                shell.console().print("Nothing deleted.")
                raise typer.Exit(code=1)
        service.delete(store, entry, now)
    shell.console().print(
        plain(f"Deleted {describe(entry, now)} (walkcoach undo restores it).")
    )


def undo() -> None:
    """Revert the last change (log, edit, delete, rest, import); repeatable."""
    from walkcoach.services import entries as service

    # What was undone comes first; an urgent answer still standing after it
    # follows (undo may itself have taken one back).
    with shell.open_store(show_urgent=False) as store:
        reverted = service.undo(store)
        if reverted is not None:
            shell.console().print(plain(f"Undid the {reverted[1]}."))
        shell.show_urgent_banner(store)
    if reverted is None:
        from walkcoach.core.errors import WalkcoachError

        raise WalkcoachError("nothing to undo")


def path(json: shell.Json = False) -> None:
    """Print where the database and its backups live."""
    from walkcoach.services.session import backup_dir

    db = shell.db_path()
    if json:
        shell.print_json({"database": str(db), "backups": str(backup_dir(db))})
        return
    typer.echo(f"database: {visible(str(db))}")
    typer.echo(f"backups:  {visible(str(backup_dir(db)))}")
