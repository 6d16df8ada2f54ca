"""`report`: a private file that parses and carries the database's weekly numbers."""

import json
import stat
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach import demo
from walkcoach.dates import format_day
from walkcoach.store import open_store


@pytest.fixture
def seeded(db_path: Path) -> Path:
    store = open_store(db_path)
    demo.fill(store, date(2026, 11, 25))
    store.close()
    return db_path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    assert {"html", "body", "pre"} <= set(parser.tags)
    return "".join(parser.parts)


def svg_text(path: Path) -> str:
    """The SVG's text, a line per row of the terminal (text nodes share a y)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    lines: dict[float, list[str]] = {}
    for node in root.iter():
        if node.tag.endswith("text") and node.text and "y" in node.attrib:
            lines.setdefault(float(node.attrib["y"]), []).append(node.text)
    return "\n".join(" ".join(lines[y]) for y in sorted(lines)).replace("\xa0", " ")


def md_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


READERS = {".html": html_text, ".svg": svg_text, ".md": md_text}


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_report_parses_and_holds_the_weekly_numbers(
    seeded: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"report{suffix}"
    out = ok("report", "--output", str(path)).stdout
    assert f"\n{path}\n" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = READERS[suffix](path)
    rows = json.loads(ok("week", "--json", "--weeks", "12").stdout)
    assert len(rows) == 7  # six weeks of history, and today's week
    for row in rows:
        day = date.fromisoformat(row["week_start"])
        assert format_day(day, date(2026, 11, 25)) in text
        line = next(line for line in text.splitlines() if format_day(day) in line)
        cells = line.replace("|", " ").split()
        assert f"{row['minutes']:.0f}" in cells, line
        assert str(row["planned_minutes"]) in cells, line
        assert str(row["sessions"]) in cells, line
    text = " ".join(text.split())
    assert "Wed 14 Oct to Wed 25 Nov" in text  # dates covered
    assert "3 × 5 min" in text and "start at 3 × 5 min" in text  # the program
    assert "progress" in text and "reduce" in text  # how the target changed
    assert "pain 6/10 after" in text  # a flag raised
    assert "Bad days" in text
    assert "does not diagnose" in text


def test_report_replaces_an_existing_file_and_makes_it_private(
    seeded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.md"
    path.write_text("old")
    path.chmod(0o644)
    ok("report", "-o", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("# walkcoach")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--output", "x.pdf"], "--output must end in .html, .svg or .md"),
        (["report"], "--output FILE is required"),
        (["report", "-o", "x.md", "--weeks", "0"], "--weeks must be from 1 to 520"),
    ],
)
def test_report_bad_input_is_one_line_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()


def test_report_to_a_missing_folder_is_exit_1(tmp_path: Path) -> None:
    result = run("report", "-o", str(tmp_path / "nowhere" / "r.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")


def test_report_and_week_after_only_next_was_run(tmp_path: Path) -> None:
    ok("next")  # stores tomorrow's target, none for today
    ok("report", "-o", str(tmp_path / "r.md"))
    assert "Mon 23 Nov*" in ok("week").stdout
