"""What every command shares: the open store, consoles, JSON, input checks, exits.

Heavy modules (rich, the store) are imported inside functions so each command
pays only for what it uses (SPEC §8).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from walkcoach.core.errors import InvalidInput, WalkcoachError

if TYPE_CHECKING:
    from rich.console import Console

    from walkcoach.services.entries import Logged
    from walkcoach.services.session import Store

# The --json flag of every read command (SPEC §3).
Json = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]

_db_option: str | None = None
_saved = False  # a change of the user's was committed in this run


def start_run() -> None:
    """Forget what an earlier run in this process did (tests run many)."""
    global _saved
    _saved = False


def change_saved() -> bool:
    """True once this run committed a change: it must not end as a failure."""
    return _saved


def set_db_option(value: str | None) -> None:
    """Remember the global --db option for this run."""
    global _db_option
    _db_option = value


def db_flag() -> str:
    """`--db PATH ` when this run was given --db (for commands we advise), else ""."""
    import shlex

    return f"--db {shlex.quote(_db_option)} " if _db_option else ""


def db_path() -> Path:
    from walkcoach.services.session import db_path as resolve

    return resolve(_db_option)


@contextmanager
def open_store(
    show_urgent: bool = True, write: bool = True, show_timer: bool = True
) -> Iterator[Store]:
    """The user's database, opened and migrated; closed afterwards.

    Every command that opens it repeats a standing urgent safety answer, unless
    it shows that answer itself (`show_urgent=False`), and a walk timer left
    running implausibly long, unless it shows the timer itself (`show_timer`).
    A command that only reads says `write=False`: it then never creates the
    database or its folder, and reads a read-only file (a backup on a CD)
    without writing to it.
    """
    from walkcoach.services.session import opened

    global _saved
    with opened(db_path(), read_only=not write) as store:
        try:
            if show_urgent:
                show_urgent_banner(store)
            if show_timer:
                show_stale_timer(store)
            yield store
        finally:
            _saved = _saved or store.changed


def show_stale_timer(store: Store) -> None:
    """If a walk was left running implausibly long, say how to deal with it
    (on stderr, so that JSON on stdout stays clean)."""
    from walkcoach.services.timer import stale

    line = stale(store, now())
    if line is not None:
        from rich.console import Console

        Console(stderr=True, highlight=False).print(f"Note: {line}", style="yellow")


def show_urgent_banner(store: Store) -> None:
    """If an urgent safety answer stands, say what to do now (on stderr)."""
    from walkcoach.services.session import urgent_warnings

    warnings = urgent_warnings(store, now())
    if warnings:
        from rich.console import Console

        from walkcoach.cli.render_guide import warnings_renderable

        Console(stderr=True).print(warnings_renderable(warnings))


def exit_with(error: WalkcoachError) -> NoReturn:
    """Print one `Error:` line on stderr and exit with the error's code."""
    from walkcoach.cli.safe_text import visible

    sys.stderr.write(f"Error: {visible(str(error))}\n")
    raise typer.Exit(code=error.exit_code)


def saved_anyway(problem: str) -> NoReturn:
    """End a run whose change was saved: exit 0, the problem as a warning."""
    from walkcoach.cli.safe_text import visible

    try:
        sys.stderr.write(f"Warning: your change was saved, but {visible(problem)}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone too: the exit code still says it was saved
    raise typer.Exit(code=0)


# Errors writing to stdout that are the reader's, not ours: nothing is wrong
# with the data, so a saved change stays saved (exit 0) and a read ends cleanly.
STDOUT_ERRNOS = {"EPIPE", "ENOSPC", "EDQUOT", "EIO", "EBADF", "EFBIG"}


def output_failed(error: OSError) -> NoReturn:
    """stdout could not be written: a closed pipe ends quietly with 0 (as cat
    does), a full disk with one line and 1, and a saved change always with 0."""
    import errno

    if errno.errorcode.get(error.errno or 0) not in STDOUT_ERRNOS:
        raise error
    _silence_stdout()
    if change_saved():
        saved_anyway(f"its output could not be shown ({error.strerror})")
    if error.errno in (errno.EPIPE, errno.EBADF):  # the reader is gone
        raise typer.Exit(code=0)
    from walkcoach.cli.safe_text import visible

    try:
        sys.stderr.write(
            f"Error: cannot write the output: {visible(str(error.strerror))}\n"
        )
    except (OSError, ValueError, AttributeError):
        pass
    raise typer.Exit(code=1)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit cannot fail
    again (and print a traceback of its own)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def bad_input(message: str) -> NoReturn:
    """Refuse malformed input: raised as InvalidInput, which the app's one
    wrapper turns into one line and exit code 2; nothing is written."""
    raise InvalidInput(message)


def console() -> Console:
    """The stdout console; rich decides colour and width (NO_COLOR honoured).

    Piped (not a terminal), its lines carry no trailing spaces: rich pads
    table cells to their width, which `diff`, `grep $` and editors trip over.
    """
    from rich.console import Console

    out = Console(highlight=False)
    if not out.is_terminal:
        out.file = cast("IO[str]", TrimmedLines())

    def broken_pipe() -> None:
        import errno

        out.quiet = True
        # rich would exit with 1 here; the app's one wrapper decides instead (a
        # closed pipe ends a read quietly with 0, a saved change stays saved).
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    out.on_broken_pipe = broken_pipe  # type: ignore[method-assign]
    return out


class TrimmedLines:
    """A text stream onto the current sys.stdout (as rich resolves it at write
    time) that drops spaces at the end of each line."""

    def __init__(self) -> None:
        self._spaces = ""  # held back until we know whether a line ends here

    def write(self, text: str) -> int:
        text = self._spaces + text
        body = text.rstrip(" ")
        self._spaces = text[len(body) :]
        sys.stdout.write(_LINE_END_SPACES.sub("\n", body))
        return len(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return sys.stdout.fileno()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"


_LINE_END_SPACES = re.compile(r" +\n")


def quiet_broken_pipe() -> NoReturn:
    """The reader of our output went away (`walkcoach history | head -1`): end
    quietly with exit code 0, as `cat` and `git log` do. What is still buffered
    goes to /dev/null so that Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing is flushed to a closed pipe
    raise typer.Exit(code=0)


def print_json(data: Any) -> None:
    """Print only JSON on stdout (for --json)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def now() -> datetime:
    from walkcoach.services.clock import now as clock_now

    return clock_now()


def wrapped(text: str, margin: int = 8) -> str:
    """Text broken between words to fit the terminal, for prompts and their
    introductions (`margin` leaves room for a prompt's ' [y/n]: ')."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size().columns, 100) - margin
    return "\n".join(textwrap.wrap(text, width=max(width, 30)))


def interactive() -> bool:
    """True when a person is at the keyboard (prompts are allowed)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


# -- input values (SPEC §4) -------------------------------------------------------


def parse_when(text: str | None, now: datetime, option: str = "--when") -> datetime:
    """A moment for --when (or `option`; default now); never in the future."""
    if text is None:
        return now
    from walkcoach.core.dates import DateError
    from walkcoach.core.dates import parse_when as parse

    try:
        moment = parse(text, now, wall_clock(now))
    except DateError as error:
        bad_input(f"{option}: {error}")
    _note_if_ambiguous(text, moment, now)
    return moment


def _note_if_ambiguous(text: str, moment: datetime, now: datetime) -> None:
    """A wall-clock time in the hour the clocks go back happens twice: it is
    taken as the first, and the note says how to name the second."""
    lowered = text.lower()
    if wall_clock(now) is None or "ago" in lowered or lowered.strip() == "now":
        return
    if any(sign in text[10:] for sign in ("+", "Z", "z")) or text.count("-") > 2:
        return  # an explicit offset names one of the two
    naive = moment.replace(tzinfo=None)
    first, second = (
        naive.replace(fold=0).astimezone(),
        naive.replace(fold=1).astimezone(),
    )
    if first.utcoffset() == second.utcoffset():
        return
    sys.stderr.write(
        f"Note: {naive:%H:%M} happened twice on {naive:%a %d %b} (the clocks went "
        f"back); taken as the first, {first.isoformat()}. For the second give "
        f"--when '{second.isoformat()}'.\n"
    )


def local_time(day: date, at: time, now: datetime) -> datetime:
    """`at` o'clock on `day`, aware, with the offset in force that day."""
    naive = datetime.combine(day, at)
    local = wall_clock(now)
    return local(naive) if local else naive.replace(tzinfo=now.tzinfo)


def wall_clock(now: datetime) -> Callable[[datetime], datetime] | None:
    """Local wall-clock times with the offset of their own day (DST), when `now`
    is in the machine's zone; None when WALKCOACH_NOW pins another offset."""
    if now.utcoffset() != now.replace(tzinfo=None).astimezone().utcoffset():
        return None
    return lambda naive: naive.astimezone()


def parse_day(text: str | None, today: date, option: str = "--date") -> date:
    """A calendar day for --date/--since/--until (default today); not future."""
    if text is None:
        return today
    from walkcoach.core.dates import DateError
    from walkcoach.core.dates import parse_day as parse

    try:
        day = parse(text, today)
    except DateError as error:
        bad_input(f"{option}: {error}")
    if day > today:
        bad_input(f"{option}: {text!r} is in the future; give today or an earlier day")
    return day


def print_logged(logged: Logged, now: datetime) -> None:
    """Confirm a new entry with its day's progress and warnings (log, pain,
    rest, stop): rich is loaded only here."""
    from walkcoach.cli.render import print_logged as show

    show(console(), logged, now)
