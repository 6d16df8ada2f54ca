"""The command line: global options and the list of commands.

Each command lives in a `cmd_*` module as a plain function; this module wraps
every one so that a WalkcoachError becomes one `Error:` line and its exit code.
"""

import copy
import functools
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from walkcoach import __version__
from walkcoach.cli import (
    cmd_coach,
    cmd_data,
    cmd_entries,
    cmd_guide,
    cmd_help,
    cmd_progress,
    cmd_remind,
    cmd_timer,
    shell,
)
from walkcoach.core.errors import WalkcoachError


class OneLineErrors(TyperGroup):
    """Usage mistakes (an unknown option or command, a missing argument) as one
    `Error:` line with exit code 2, like every other bad input (SPEC §4)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as error:
            _one_line(error)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            _one_line(error)
        except BrokenPipeError:
            shell.quiet_broken_pipe()


def _one_line(error: UsageError) -> NoReturn:
    where = error.ctx.command_path if error.ctx is not None else "walkcoach"
    message = " ".join(error.format_message().split())
    from walkcoach.cli.safe_text import visible

    sys.stderr.write(f"Error: {visible(message)} (see: {where} --help)\n")
    raise typer.Exit(code=2)


app = typer.Typer(
    cls=OneLineErrors,
    name="walkcoach",
    help="A coach for walking your way back from lower back pain, day by day.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
    no_args_is_help=False,
)


class Command(TyperCommand):
    """A command whose usage line names a required argument plainly (`LOG
    MINUTES`, not typer's `{MINUTES}`), as its help and the README do."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


class NumberArgument(Command):
    """A command whose argument may be a negative number (`edit -1`, `log -5`).

    Click would read `-5` as an unknown option; here such a token that is not
    an option's value is passed after `--`, so the command itself answers
    (`edit -1` is the newest entry, `log -5` a one-line error), while a
    mistyped option still gets click's "No such option" with a suggestion.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            return super().parse_args(ctx, args)
        takes_value = {
            name
            for param in self.params
            if not getattr(param, "is_flag", True)
            for name in getattr(param, "opts", ())
        }
        moved = {
            index
            for index, arg in enumerate(args)
            if NEGATIVE.fullmatch(arg)
            and not (index and args[index - 1] in takes_value)
        }
        if not moved:
            return super().parse_args(ctx, args)
        rest = [arg for index, arg in enumerate(args) if index not in moved]
        numbers = [args[index] for index in sorted(moved)]
        return super().parse_args(ctx, [*rest, "--", *numbers])


# `-5`, `-.5`, `-:` or `-`: never an option (options are `--word` or `-letter`).
NEGATIVE = re.compile(r"-(?:[^-A-Za-z].*)?", re.S)


def _command(
    function: Callable[..., Any], name: str | None = None, **settings: Any
) -> None:
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        return _guarded(function, *args, **kwargs)

    # Named here (as typer would name it) so that main() can find it by name.
    settings.setdefault("cls", Command)
    app.command(name or function.__name__.replace("_", "-"), **settings)(run)


def _guarded(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a command: the one place where its errors become a line and an exit
    code. A change that was committed is never reported as a failure."""
    try:
        result = function(*args, **kwargs)
        sys.stdout.flush()  # a full or closed stdout shows here, not at exit
        return result
    except WalkcoachError as error:
        if shell.change_saved():
            shell.saved_anyway(str(error))
        shell.exit_with(error)
    except OSError as error:
        shell.output_failed(error)


def _version(value: bool) -> None:
    if value:
        print(f"walkcoach {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file to use (default: $WALKCOACH_DB, then the "
            "per-user data folder).",
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Log walks and pain, get each day's walking target, and see your progress.

    Run with no command to see today's dashboard.
    """
    shell.start_run()
    shell.set_db_option(db)
    if ctx.invoked_subcommand is None:
        _guarded(cmd_coach.today)


# The commands, in the order `walkcoach --help` lists them.
_command(cmd_coach.today)
_command(cmd_coach.next_, name="next")
_command(cmd_coach.plan)
_command(cmd_timer.start)
_command(cmd_timer.stop)
_command(cmd_timer.pause)
_command(cmd_timer.resume)
_command(cmd_timer.cancel)
_command(cmd_timer.status)
_command(cmd_remind.remind)
_command(cmd_entries.log, cls=NumberArgument)
_command(cmd_entries.pain, cls=NumberArgument)
_command(cmd_entries.rest)
_command(cmd_entries.history)
_command(cmd_entries.edit, cls=NumberArgument)
_command(cmd_entries.delete, cls=NumberArgument)
_command(cmd_entries.undo)
_command(cmd_progress.week)
_command(cmd_progress.chart)
_command(cmd_progress.report)
_command(cmd_coach.setup)
_command(cmd_guide.check)
_command(cmd_guide.tips)
_command(cmd_guide.safety)
_command(cmd_data.export)
_command(cmd_data.import_, name="import")
_command(cmd_data.backup)
_command(cmd_data.restore)
_command(cmd_data.doctor)
_command(cmd_progress.demo)
_command(cmd_entries.path)
_command(cmd_help.help_, name="help")


def main() -> None:
    """Entry point of the `walkcoach` script."""
    # A closed stdout or stderr (`>&-`) is None in Python: write into nothing.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives for the run)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    try:
        app_for(sys.argv[1:])()
    finally:
        # Shutdown runs the cyclic collector over every object still alive,
        # more than once: some 20 ms a run for the modules a command loads.
        # Frozen objects are skipped, and the process is about to end anyway.
        gc.freeze()


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app with only the command `args` name (none for a bare `walkcoach`).

    Typer builds the parser of every registered command on each run, about 4 ms
    for our two dozen (SPEC §8), though a run needs only the one it runs. Help,
    --version, completion and unknown commands or options get the whole app, so
    their output is unchanged.
    """
    if any(key.startswith("_WALKCOACH_COMPLETE") for key in os.environ):
        return app
    name = _command_name(args)
    if name is None:
        return app
    chosen = [info for info in app.registered_commands if info.name == name]
    if name and not chosen:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands = chosen
    return narrow


def _command_name(args: Sequence[str]) -> str | None:
    """The command `args` name, "" for none, None when a global flag other than --db
    comes first (help, version, completion or a mistake)."""
    rest = iter(args)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif not arg.startswith("--db="):
            return None if arg.startswith("-") else arg
    return ""
