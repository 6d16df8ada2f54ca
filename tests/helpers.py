"""Running the CLI in-process from tests."""

from typer.testing import CliRunner, Result

from walkcoach.cli.app import app


def run(*args: str, input: str | None = None, now: str | None = None) -> Result:
    """Run the CLI in-process; `now` pins the clock for this call only."""
    env = {"WALKCOACH_NOW": now} if now else None
    return CliRunner().invoke(app, list(args), input=input, env=env)


def ok(*args: str, input: str | None = None, now: str | None = None) -> Result:
    """Run the CLI and insist on exit code 0."""
    result = run(*args, input=input, now=now)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result
