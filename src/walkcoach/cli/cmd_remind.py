"""`walkcoach remind`: one line when walks are left today, for cron or a
systemd timer; `--notify` also shows it as a desktop notification.

Kept light on purpose (it runs every few minutes): no rich, and subprocess
only when notifying.
"""

import sys
from typing import Annotated

import typer

from walkcoach.cli import shell
from walkcoach.core.errors import WalkcoachError

NOTIFY_HINT = (
    "from cron or a systemd timer, a desktop notification needs DISPLAY (or "
    "WAYLAND_DISPLAY) and DBUS_SESSION_BUS_ADDRESS of your session (see README)"
)


def remind(
    notify: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Also show it as a desktop notification (notify-send on Linux, "
            "osascript on macOS).",
        ),
    ] = False,
    every: Annotated[
        str,
        typer.Option(
            help="Say nothing again for this long after a reminder: 2h, 90m, 1h30m.",
            metavar="TIME",
        ),
    ] = "2h",
) -> None:
    """One line if walks are left today, nothing otherwise (for cron/timers)."""
    from walkcoach.core.reminders import parse_every
    from walkcoach.services.remind import remind as decide

    try:
        quiet_for = parse_every(every)
    except ValueError as error:
        shell.bad_input(str(error))
    # Quiet under an urgent safety answer too: the next command run by hand
    # shows it; a timer every few minutes should not.
    with shell.open_store(show_urgent=False) as store:
        text = decide(store, shell.now(), quiet_for)
    if text is None:
        return
    sys.stdout.write(text + "\n")
    if notify:
        _notify(text)


def _notify(text: str) -> None:
    """Show `text` with the platform's own notifier; one `Error:` line if none."""
    import shutil
    import subprocess

    if sys.platform == "darwin":
        program = shutil.which("osascript")
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        argv = [
            "osascript",
            "-e",
            f'display notification "{quoted}" with title "walkcoach"',
        ]
    else:
        program = shutil.which("notify-send")
        argv = ["notify-send", "--app-name=walkcoach", "walkcoach", text]
    if program is None:
        raise WalkcoachError(
            f"no desktop notifier found ({argv[0]} is not installed); the "
            "reminder was printed instead"
        )
    try:
        done = subprocess.run(
            [program, *argv[1:]], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise WalkcoachError(f"{argv[0]} failed ({error}); {NOTIFY_HINT}") from None
    if done.returncode != 0:
        why = " ".join(done.stderr.split())[:200] or f"exit code {done.returncode}"
        raise WalkcoachError(f"{argv[0]} failed ({why}); {NOTIFY_HINT}")
