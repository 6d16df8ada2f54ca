"""The report of `walkcoach doctor` as rich renderables."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from walkcoach.cli.safe_text import plain, user_text
from walkcoach.services import doctor as checks


def print_doctor(console: Console, report: dict[str, Any]) -> None:
    """The doctor's report: the table of what was checked, then each problem
    with its fix (commands whole on one line, to copy) and each note."""
    database = report["database"]
    rows: list[tuple[str, str]] = [("Database", database["path"])]
    if database["exists"]:
        rows[0] = (
            "Database",
            f"{database['path']} ({_bytes(database['size_bytes'])}, "
            f"mode {database['mode']})",
        )
    integrity = report["integrity"]
    if integrity is not None:
        found = "ok" if integrity == "ok" else checks.plural(len(integrity), "problem")
        rows.append(("Integrity", found))
    elif database["exists"] and database["size_bytes"]:
        rows.append(("Integrity", "not checked: the file cannot be read"))
    schema = report["schema"]
    if integrity is not None:
        rows.append(
            (
                "Schema",
                f"version {schema['user_version']} of {schema['expected']}; "
                f"migrations: {', '.join(schema['migrations']) or 'none'}",
            )
        )
    entries = report["entries"]
    if schema["migrations"]:
        rows.append(
            (
                "Entries",
                f"{entries['total']}: {checks.plural(entries['walk'], 'walk')}, "
                f"{checks.plural(entries['pain'], 'check-in')}, "
                f"{checks.plural(entries['rest'], 'rest day')}, "
                f"{checks.plural(entries['flare'], 'flare-up day')}",
            )
        )
    backups = report["backups"]
    rows.append(
        (
            "Backups",
            f"{backups['folder']} ({backups['automatic']} automatic, "
            f"{backups['manual']} manual)",
        )
    )
    last = report["last_backup"]
    if last is not None:
        rows.append(("Last backup", f"{Path(last['path']).name}, {_age_text(last)}"))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, user_text(value))
    console.print(table)
    for item in report["problems"]:
        console.print(plain(("Problem: ", "bold red"), item["problem"]), soft_wrap=True)
        # Not wrapped, so that the commands can be copied whole.
        console.print(plain(f"  Fix: {item['fix']}"), soft_wrap=True)
    for text in report["advice"]:
        console.print(plain(f"Note: {text}"), soft_wrap=True)
    if not report["problems"]:
        console.print("No problems found.")


def _age_text(last: dict[str, Any]) -> str:
    return checks.age(time.time() - float(last["age_seconds"]))


def _bytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
