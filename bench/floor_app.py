"""The floor of our stack: a minimal Typer app that prints one rich table.

`bench/run.py` times `walkcoach today`/`next`/`--help` against this script, run
with the same interpreter and the same installed typer and rich (SPEC §8).
"""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def show() -> None:
    """Print one small table."""
    table = Table(title="Today")
    table.add_column("Walks")
    table.add_column("Minutes")
    table.add_row("3 × 10", "30")
    Console().print(table)


if __name__ == "__main__":
    app()
