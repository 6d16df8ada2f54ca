"""Issue 13, findings 5, 11, 12, 13, 14 and 17: ids, import bounds, streams and
the pinned clock. Every refusal is one line with exit 2 and writes nothing."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ok, run

UUID = "6f1c2a9e-8d4b-4f0e-9a57-3b2c1d0e4f5a"


def walk(**fields: Any) -> dict[str, Any]:
    entry = {"uuid": UUID, "kind": "walk", "at": "2026-11-24T09:00:00+01:00"}
    entry["minutes"] = 10
    entry.update(fields)
    return entry


def write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text(json.dumps(list(records)))
    return path


def count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def test_finding5_a_huge_imported_id_is_not_kept(db_path: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "in.json", walk(id=2**63 - 1))
    ok("import", str(source))
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["id"] == 1
    ok("log", "12")
    ids = [e["id"] for e in json.loads(ok("history", "--json").stdout)]
    assert ids == [1, 2]
    result = ok("edit", "-1", "--minutes", "13")
    assert result.stdout.startswith("Changed walk #2: 12 min")


def test_finding5_an_id_below_2_53_is_kept_into_an_empty_database(
    db_path: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.json", walk(id=2**53 - 1))
    ok("import", str(source))
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["id"] == 2**53 - 1


@pytest.mark.parametrize("text", ["9223372036854775808", "9007199254740992", "-2"])
def test_finding13_ids_on_the_command_line_are_bounded(
    db_path: Path, text: str
) -> None:
    ok("log", "10")
    before = db_path.read_bytes()
    for command in ("delete", "edit"):
        result = (
            run(command, text, "--minutes", "5")
            if command == "edit"
            else run(command, text, "--yes")
        )
        assert (result.exit_code, result.stderr) == (
            2,
            "Error: ID must be an entry number from 1 to 9007199254740991, or -1 "
            f"for the newest, got '{text}'\n",
        )
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("at", "why"),
    [
        ("0001-01-01T10:00:00+01:00", "is before 1900; check the year"),
        ("1899-12-31T10:00:00+01:00", "is before 1900; check the year"),
        (
            "2027-01-01T10:00:00+01:00",
            "is in the future (after 2026-11-26T10:00+01:00); check the year and "
            "the device's clock",
        ),
    ],
)
def test_finding11_import_refuses_dates_the_command_line_refuses(
    db_path: Path, tmp_path: Path, at: str, why: str
) -> None:
    source = write(tmp_path / "in.json", walk(at=at))
    result = run("import", str(source))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: in.json record 1 (line 1): at '{at}' {why}; nothing was imported\n",
    )
    assert count(db_path) == 0
    for command in (["today"], ["plan"], ["week"], ["chart"]):
        ok(*command)


def test_finding11_an_entry_a_day_ahead_is_accepted(
    db_path: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.json", walk(at="2026-11-26T09:00:00+01:00"))
    ok("import", str(source))
    assert count(db_path) == 1


def test_finding12_a_note_over_10000_characters_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.json", walk(note="x" * 10_001))
    result = run("import", str(source))
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: in.json record 1 (line 1): note is 10,001 characters long; at most "
        "10,000; nothing was imported\n",
    )
    assert count(db_path) == 0
    result = run("log", "10", "--note", "x" * 10_001)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --note: note is 10,001 characters long; at most 10,000\n",
    )
    assert count(db_path) == 0


def _walkcoach(db: Path, *args: str, **how: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WALKCOACH_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "walkcoach", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        **how,
    )


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_finding14_import_reads_stdin_as_a_stream(
    db_path: Path, tmp_path: Path, name: str
) -> None:
    text = json.dumps([walk()])
    result = _walkcoach(db_path, "import", name, input=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 1 entry from stdin.\n")
    assert count(db_path) == 1


def test_finding14_import_reads_a_pipe_given_by_name(
    db_path: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.json", walk())
    result = subprocess.run(
        ["bash", "-c", f'"$0" -m walkcoach import <(cat {source})', sys.executable],
        env={**os.environ, "WALKCOACH_DB": str(db_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert count(db_path) == 1


def test_finding14_a_named_pipe_without_a_writer_is_refused_at_once(
    db_path: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    result = run("import", str(fifo))  # would hang if it opened the pipe
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: FILE: '{fifo}' is not a regular file (a named pipe or a device); "
        f"to read a stream give - and redirect it: walkcoach import - < {fifo}\n",
    )
    assert not db_path.exists()


@pytest.mark.parametrize(
    "pinned", ["9999-12-31T23:00", "0001-01-01", "1899-12-31T10:00", "2201-01-01"]
)
def test_finding17_the_pinned_clock_is_bounded(db_path: Path, pinned: str) -> None:
    for command in (["today"], ["log", "10"]):
        result = run(*command, now=pinned)
        assert (result.exit_code, result.stderr) == (
            2,
            f"Error: WALKCOACH_NOW={pinned!r} is outside the years 1900 to 2200\n",
        )
    assert not db_path.exists()
