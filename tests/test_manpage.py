"""The man page (issue 17): written from the app itself by `walkcoach help
--man`; man/walkcoach.1, which the wheel installs, is that output.

Rewrite it with `walkcoach help --man > man/walkcoach.1`.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.cli.app import app

MAN = Path(__file__).parents[1] / "man" / "walkcoach.1"


def test_the_shipped_man_page_is_the_apps() -> None:
    assert ok("help", "--man").stdout == MAN.read_text(), (
        "man/walkcoach.1 is stale: walkcoach help --man > man/walkcoach.1"
    )


def test_the_man_page_has_every_command_and_option() -> None:
    page = ok("help", "--man").stdout
    assert page.startswith('.TH WALKCOACH 1 "" "walkcoach ')
    for info in app.registered_commands:
        assert info.name is not None
        assert f'.SS "walkcoach {info.name}' in page
    assert "\\fB\\-\\-pain\\-before\\fR, \\fB\\-b\\fR \\fIN\\fR" in page
    for section in ("NAME", "SYNOPSIS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"):
        assert f".SH {section}\n" in page


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_reads_the_man_page_without_a_warning() -> None:
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(MAN)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_help_shows_one_command_or_all() -> None:
    assert "Usage: walkcoach pain [OPTIONS] LEVEL" in ok("help", "pain").stdout
    assert "Usage: walkcoach [OPTIONS] COMMAND" in ok("help").stdout
    result = run("help", "nope")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: no command 'nope' (see: walkcoach --help)\n",
    )
