"""Every bad input: one line on stderr, exit code 2, and not one byte written."""

from pathlib import Path

import pytest

from tests.helpers import ok, run

BAD_INPUTS = [
    (["log", "0"], "MINUTES must be more than 0 and at most 600, got '0'"),
    (["log", "-5"], "MINUTES must be more than 0 and at most 600, got '-5'"),
    (["log", "601"], "MINUTES must be more than 0 and at most 600, got '601'"),
    (["log", "abc"], "MINUTES must be a number of minutes like 12 or 12.5"),
    (["log", "nan"], "MINUTES must be more than 0 and at most 600"),
    (["log", "10", "-a", "11"], "--pain-after must be a whole number from 0 to 10"),
    (["log", "10", "-b", "-1"], "--pain-before must be a whole number from 0 to 10"),
    (["log", "10", "-b", "2.5"], "--pain-before must be a whole number from 0 to 10"),
    (["pain", "11"], "LEVEL must be a whole number from 0 to 10, got '11'"),
    (["pain", "-1"], "LEVEL must be a whole number from 0 to 10, got '-1'"),
    (["pain", "2.5"], "LEVEL must be a whole number from 0 to 10, got '2.5'"),
    (["log", "10", "--when", "tomorrow"], "--when:"),
    (["log", "10", "--when", "next week"], "--when:"),
    (["log", "10", "--when", "03/04"], "ISO"),
    (["log", "10", "--when", "gibberish"], "--when:"),
    (["log", "10", "--when", ""], "--when:"),
    (["log", "10", "--when", "2026-11-25 23:00"], "future"),
    (["log", "10", "--distance", "far"], "--distance must be a number"),
    (["log", "10", "--distance", "-2km"], "--distance must be more than 0"),
    (["log", "10", "--steps", "0"], "--steps must be between 1 and 200000"),
    (["log", "10", "--steps", "1.5"], "--steps must be a whole number"),
    (["rest", "--when", "tomorrow"], "--when:"),
    (["history", "--since", "nope"], "--since:"),
    (["history", "--since", "today", "--until", "yesterday"], "--since is after"),
    (["today", "--date", "2027-01-01"], "--date: '2027-01-01' is in the future"),
    (["next", "--date", "03/04"], "ISO"),
    (["edit", "1", "--minutes", "0"], "--minutes must be more than 0"),
    (["edit", "abc", "--minutes", "5"], "ID must be an entry number"),
    # Issue 13: ids are bounded (below 2**53), and the message says so.
    (["edit", "0", "--minutes", "5"], "ID must be an entry number from 1 to 9007"),
    (["setup", "--start-minutes", "11"], "--start-minutes must be from 5 to 10"),
    (["setup", "--sessions", "4"], "--sessions must be from 2 to 3"),
    (["setup", "--goal", "60"], "--goal must be from 30 to 45"),
    (["setup", "--units", "yards"], "--units must be km or mi"),
]


def snapshot(db: Path) -> dict[str, bytes]:
    """The bytes of the database and its side files."""
    return {
        p.name: p.read_bytes()
        for p in db.parent.iterdir()
        if p.is_file() and p.name.startswith(db.name)
    }


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_exit_2_one_line_nothing_written(
    db_path: Path, args: list[str], message: str
) -> None:
    ok("log", "5", "--when", "yesterday 9am")
    ok("today")  # let the plan store its targets first
    before = snapshot(db_path)
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(db_path) == before


@pytest.mark.parametrize("command", ["edit", "delete"])
def test_unknown_id_is_exit_1(db_path: Path, command: str) -> None:
    ok("log", "5")
    before = snapshot(db_path)
    args = [command, "42", "--minutes", "5"] if command == "edit" else [command, "42"]
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == "Error: no entry with id 42 (see: walkcoach history)\n"
    assert snapshot(db_path) == before


def test_edit_newest_of_an_empty_log_is_exit_1() -> None:
    result = run("edit", "-1", "--minutes", "5")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there are no entries yet")


def test_bad_pinned_clock_is_one_line() -> None:
    result = run("today", now="yesterday")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: WALKCOACH_NOW='yesterday' is not an ISO")


@pytest.mark.parametrize(
    "args",
    [
        ["log", "5", "--distance", "far"],
        ["log", "5", "--note", "\udcff"],
        ["log", "abc"],
        ["pain", "12"],
        ["rest", "--when", "gibberish"],
    ],
)
def test_bad_input_creates_no_database(db_path: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_empty_note_is_no_note() -> None:
    ok("log", "5", "--note", "")
    assert '"note": null' in ok("history", "--json").stdout


@pytest.mark.parametrize("value", ["0", "-3", "abc", "2.5"])
def test_history_last_must_be_a_positive_whole_number(value: str) -> None:
    result = run("history", "--last", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --last must be a whole number")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "10", "--leg-pian"], "No such option: --leg-pian"),
        (["lgo", "5"], "No such command 'lgo'"),
        (["log"], "Missing argument 'MINUTES'"),
        (["today", "--jsn"], "No such option: --jsn"),
        (["log", "-A"], "No such option: -A"),
    ],
)
def test_usage_mistakes_are_one_line_too(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert result.stderr.count("\n") == 1
    assert "--help)" in result.stderr


def test_setup_with_a_bad_value_creates_no_database(db_path: Path) -> None:
    result = run("setup", "--goal", "99")
    assert result.exit_code == 2
    assert not db_path.exists()
