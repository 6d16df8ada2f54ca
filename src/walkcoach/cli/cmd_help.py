"""`walkcoach help [COMMAND]`, and `--man` for the man page."""

from typing import Annotated

import typer

from walkcoach.cli import complete


def _command_names(incomplete: str) -> list[str]:
    from walkcoach.cli.app import app

    return [
        info.name
        for info in app.registered_commands
        if info.name and info.name.startswith(incomplete)
    ]


def help_(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(
            help="A command (leave out for all of them).",
            metavar="COMMAND",
            click_type=complete.WORDS,
            autocompletion=_command_names,
            show_default=False,
        ),
    ] = None,
    man: Annotated[
        bool,
        typer.Option(
            "--man",
            help="Print the man page (roff): walkcoach help --man | man -l -",
        ),
    ] = False,
) -> None:
    """Help for one command or all of them; --man prints the man page."""
    from walkcoach.cli.app import app
    from walkcoach.core.errors import InvalidInput

    group = typer.main.get_command(app)  # the whole app, whatever ran this
    if man:
        if command is not None:
            raise InvalidInput("--man prints the whole man page; leave out COMMAND")
        from walkcoach.cli.manpage import man_page

        typer.echo(man_page(group), nl=False)
        return
    root = typer.Context(group, info_name="walkcoach")
    if command is None:
        typer.echo(group.get_help(root), nl=False)
        return
    chosen = group.get_command(root, command)  # type: ignore[attr-defined]
    if chosen is None:
        raise InvalidInput(f"no command {command!r} (see: walkcoach --help)")
    typer.echo(
        chosen.get_help(typer.Context(chosen, info_name=command, parent=root)),
        nl=False,
    )
