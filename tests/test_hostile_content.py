"""Issue 13, findings 6, 7, 10 and 12: stored and typed text is shown, never run.

Notes and paths reach rich as Text (never markup) with control characters as
visible placeholders; CSV cells that a spreadsheet would run as a formula get a
leading `'` that import takes off again; long notes are cut on screen only.
"""

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.helpers import ok, run

OSC52 = "\x1b]52;c;aGVsbG8=\x07"


def count(db: Path) -> int:
    return len(json.loads(ok("--db", str(db), "history", "--json").stdout))


def test_finding6_markup_in_a_note_is_shown_as_typed(db_path: Path) -> None:
    for note in ("[/]", "[left knee]", "[link=https://x.example]me[/link]", ":skull:"):
        ok("log", "10", f"--note={note}")
    shown = ok("history", "--last", "4").stdout
    assert "[/]" in shown and "[left knee]" in shown and ":skull:" in shown
    assert "[link=https://x.example]me[/link]" in "".join(shown.split())
    assert "\U0001f480" not in shown  # no emoji made of :skull:
    assert count(db_path) == 4


def test_finding6_markup_in_a_path_is_shown_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "notes" / "[red]dir[" / "x.db"
    db.parent.mkdir(parents=True)
    result = run("--db", str(db), "doctor")
    assert result.exit_code == 0, result.output
    assert f"Note: no database yet at {db}: " in result.stdout
    assert not db.exists()


def test_finding7_escape_sequences_never_reach_the_screen(db_path: Path) -> None:
    ok("log", "10", f"--note=x{OSC52}\x1b[2Jy\x9b31m")
    shown = ok("history").stdout
    assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown
    assert "x␛]52;c;aGVsbG8=␇␛[2Jy<U+009B>31m" in "".join(shown.split())
    # --json escapes them (JSON's own rule): the data stays exact.
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["note"] == f"x{OSC52}\x1b[2Jy\x9b31m"


def test_finding7_an_error_line_shows_control_characters_as_placeholders(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "a\x1b[2Jb.txt"
    result = run("report", "-o", str(bad))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr == (
        "Error: --output must end in .html, .md or .svg, got "
        f"'{tmp_path}/a\\x1b[2Jb.txt'\n"
    )


def _terminal_export(db: Path, fmt: str) -> bytes:
    """`walkcoach export` with its stdout on a pseudo-terminal: what the user sees."""
    main, child = pty.openpty()
    env = {**os.environ, "WALKCOACH_DB": str(db)}
    process = subprocess.Popen(
        [sys.executable, "-m", "walkcoach", "export", "-f", fmt],
        stdout=child,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert process.wait() == 0, process.stderr.read() if process.stderr else ""
    return seen


def test_finding7_export_to_a_terminal_shows_placeholders_to_a_file_every_byte(
    db_path: Path, tmp_path: Path
) -> None:
    note = f"a{OSC52}b"
    ok("log", "10", f"--note={note}")
    for fmt in ("json", "csv"):
        assert b"\x1b" not in _terminal_export(db_path, fmt)
    screen = _terminal_export(db_path, "csv").decode()
    assert "a␛]52;c;aGVsbG8=␇b" in screen
    ok("export", "-f", "csv", "-o", str(tmp_path / "w.csv"))
    [row] = list(
        csv.DictReader(io.StringIO((tmp_path / "w.csv").read_bytes().decode()))
    )
    assert row["note"] == note  # the file keeps every byte
    piped = ok("export", "-f", "csv").stdout
    assert note in piped  # a pipe is not a terminal: every byte too


def test_finding10_csv_cells_that_would_run_as_formulas_get_a_quote(
    db_path: Path, tmp_path: Path
) -> None:
    notes = ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "ok"]
    for note in notes:
        ok("pain", "2", f"--note={note}")
    out = tmp_path / "w.csv"
    ok("export", "-f", "csv", "-o", str(out))
    cells = [
        row["note"] for row in csv.DictReader(io.StringIO(out.read_bytes().decode()))
    ]
    assert cells == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "''=x",
        "ok",
    ]
    copy = tmp_path / "copy.db"
    ok("--db", str(copy), "import", str(out))
    again = json.loads(ok("--db", str(copy), "history", "--json").stdout)
    assert [e["note"] for e in again] == notes  # import takes the quote off again
    assert count(copy) == len(notes)


def test_finding12_a_long_note_is_cut_on_screen_and_whole_in_json(
    db_path: Path,
) -> None:
    note = "word " * 2000  # 10,000 characters: the longest a note may be
    ok("log", "10", f"--note={note}")
    shown = ok("history").stdout
    assert "…" in shown
    assert len(shown) < 2000
    [entry] = json.loads(ok("history", "--json").stdout)
    assert entry["note"] == note
