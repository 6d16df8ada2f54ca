"""Random notes, full of markup, control characters and escape sequences, through
log -> history / export / report -> import: no traceback, no ESC byte on the
screen, and export -> import -> export gives the same bytes (JSON and CSV)."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ok

HOSTILE = st.sampled_from(
    [
        "[/]",
        "[left knee]",
        "[link=https://example.com]x[/link]",
        "[bold red]",
        ":skull:",
        "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
        "\x1b]8;;https://example.com\x1b\\",  # OSC 8: a hyperlink
        "\x1b[2J\x1b[H",  # clear the screen
        "\x1b]0;title\x07",  # the window title
        "\x9b31m",  # C1 CSI
        "\u202e",  # right-to-left override
        "=1+1",
        "+SUM(A1)",
        "-2",
        "@cmd",
        "'=x",
        "''+y",
        "\t",
        "\r",
        "\r\n",
        "\n",
        '"',
        ",",
        "\\",
        "\x00",
        "\x7f",
    ]
)
CHARS = st.characters(blacklist_categories=("Cs",))  # lone surrogates are refused
NOTE = st.lists(HOSTILE | st.text(CHARS, max_size=8), min_size=1, max_size=6).map(
    "".join
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(note=NOTE)
def test_hostile_notes_are_shown_safely_and_round_trip(note: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        db = str(here / "w.db")
        ok("--db", db, "log", "10", "-b", "2", "-a", "2", f"--note={note}")
        ok("--db", db, "pain", "3", f"--note={note}x")
        shown = ok("--db", db, "history")
        assert "\x1b" not in shown.stdout and "\x9b" not in shown.stdout
        assert ok("--db", db, "history", "--json").stdout.count("\x1b") == 0
        ok("--db", db, "report", "-o", str(here / "r.md"))
        ok("--db", db, "report", "-o", str(here / "r.html"))
        for fmt in ("json", "csv"):
            first = here / f"first.{fmt}"
            again = here / f"again.{fmt}"
            ok("--db", db, "export", "-f", fmt, "-o", str(first))
            copy = str(here / f"copy-{fmt}.db")
            ok("--db", copy, "import", str(first))
            ok("--db", copy, "export", "-f", fmt, "-o", str(again))
            assert again.read_bytes() == first.read_bytes()
            listed = ok("--db", copy, "history", "--json").stdout
            assert listed == ok("--db", db, "history", "--json").stdout
