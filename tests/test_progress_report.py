"""`report`: a private file that parses and carries the database's weekly numbers."""

import json
import stat
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.core.dates import format_day
from walkcoach.services import demo
from walkcoach.storage.store import open_store


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
    assert ": a bad day (pain above 5 after a walk" in text
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


def _flags(text: str) -> list[str]:
    """The lines under "Flags and warnings raised", up to the disclaimer."""
    section = text.split("Flags and warnings raised", 1)[1]
    lines = [line.strip().lstrip("- ").strip() for line in section.splitlines()]
    return [line for line in lines if line and "does not diagnose" not in line]


@pytest.fixture
def answered(db_path: Path) -> Path:
    """A week with safety answers, a walk with pain 7 and a leg-pain flag.

    Setup on Mon 16 Nov with a caution answer; on Thu 19 Nov at 08:10 chest
    pain (urgent) too, cleared five minutes later; all clear on Sun 22; fever
    on Mon 23, never cleared.
    """
    ok("setup", "--yes", "radiating-pain", now="2026-11-16T07:00")
    for day in range(16, 25):
        ok("log", "5", "-b", "2", "-a", "2", "--when", f"2026-11-{day} 18:00",
           now=f"2026-11-{day}T18:05")  # fmt: skip
    ok("log", "5", "-b", "2", "-a", "7", "--when", "2026-11-19 08:00",
       now="2026-11-19T08:05")  # fmt: skip
    ok("log", "5", "--leg-pain", "--when", "2026-11-20 10:00", now="2026-11-20T10:05")
    ok("check", "--yes", "chest-pain", "--yes", "radiating-pain",
       now="2026-11-19T08:10")  # fmt: skip
    ok("check", "--yes", "radiating-pain", now="2026-11-19T08:15")
    ok("check", "--clear", now="2026-11-22T08:15")
    ok("check", "--yes", "fever", now="2026-11-23T08:15")
    return db_path


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_report_names_each_safety_answer_with_its_level_and_date(
    answered: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"r{suffix}"
    ok("report", "-o", str(path))
    flags = " ".join(" ".join(_flags(READERS[suffix](path))).split())
    assert (
        "Mon 16 Nov 07:00 [caution] safety question answered yes: pain spreading "
        "down a leg (“Does pain spread from your back down one leg, below the "
        "knee?”); cleared: answered no on Sun 22 Nov 08:15."
    ) in flags
    # Given and cleared within minutes: no day's target ever carried it.
    assert (
        "Thu 19 Nov 08:10 [urgent] safety question answered yes: chest pain "
        "(“Do you get chest pain, at rest or when you are active?”); cleared: "
        "answered no at 08:15 the same day."
    ) in flags
    assert (
        "Mon 23 Nov 08:15 [caution] safety question answered yes: fever, chills "
        "or a recent infection"
    ) in flags
    assert "still answered yes." in flags
    # The plan's general words are replaced by the answers they stand for.
    assert "You answered yes to a caution question" not in flags


def test_report_flags_are_in_date_and_time_order(
    answered: Path, tmp_path: Path
) -> None:
    path = tmp_path / "r.md"
    ok("report", "-o", str(path))
    flags = _flags(md_text(path))
    starts = [
        "Mon 16 Nov 07:00 [caution] safety question answered yes: pain spreading",
        "Thu 19 Nov 08:00: pain 7/10 after a 5-minute walk",
        "Thu 19 Nov 08:10 [urgent] safety question answered yes: chest pain",
        "Thu 19 Nov: a bad day",
        "Fri 20 Nov [info] Pain went above 5/10",
        "Fri 20 Nov 10:00: logged leg pain (walk)",
        "Sat 21 Nov [caution] Progression is paused after leg pain",
        "Mon 23 Nov 08:15 [caution] safety question answered yes: fever",
    ]
    assert len(flags) == len(starts), flags
    for line, start in zip(flags, starts, strict=True):
        assert line.startswith(start), (line, start)


def test_report_shows_an_answer_standing_from_before_the_period(
    db_path: Path, tmp_path: Path
) -> None:
    ok("setup", "--yes", "thin-bones", now="2026-06-01T09:00")
    ok("log", "10", "--when", "2026-06-02 09:00", now="2026-06-02T10:00")
    ok("log", "10", "--when", "2026-11-24 09:00")
    path = tmp_path / "r.md"
    ok("report", "-o", str(path), "--weeks", "2")
    flags = " ".join(_flags(md_text(path)))
    assert "Mon 1 Jun 09:00 [caution] safety question answered yes: thin bones" in flags
    assert "still answered yes." in flags


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_report_fetches_nothing_from_the_network(
    seeded: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"report{suffix}"
    ok("report", "--output", str(path))
    assert 'url("http' not in path.read_text(encoding="utf-8")
    assert "<link" not in path.read_text(encoding="utf-8")
