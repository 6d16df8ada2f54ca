"""Every command has help text and is documented in the README."""

from pathlib import Path

import pytest

from tests.helpers import ok
from walkcoach.cli.app import app

README = (Path(__file__).parents[1] / "README.md").read_text()
COMMANDS = sorted(
    c.name or (c.callback.__name__ if c.callback else "")
    for c in app.registered_commands
)


def test_commands_are_registered() -> None:
    assert {"log", "today", "next", "undo", "path"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    out = ok(name, "--help").stdout
    assert "Usage:" in out
    command = next(
        c
        for c in app.registered_commands
        if (c.name or "") == name
        or (c.callback is not None and c.callback.__name__ == name)
    )
    assert command.callback is not None and command.callback.__doc__


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    assert f"walkcoach {name}" in README


def test_readme_quick_start_is_two_commands() -> None:
    start = README.index("## Quick start")
    block = README[start : README.index("```", README.index("```", start) + 3)]
    assert "make run" in block and "make test" in block
