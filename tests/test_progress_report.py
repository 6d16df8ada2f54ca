"""`report`: a private, self-contained page whose figures are `week --json`'s."""

import json
import re
import stat
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import ok, run
from walkcoach.core.dates import format_day
from walkcoach.services import demo
from walkcoach.storage.store import open_store

TODAY = date(2026, 11, 25)  # conftest's NOW, a Wednesday
VOID = {"meta", "br", "img", "hr", "input", "link", "col", "wbr"}
# SVG elements written self-closed (<rect .../>): the parser reports them as
# start-and-end.
HOSTILE = ("<script>alert(1)</script>", "</style><img src=x onerror=alert(1)>")


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """Eight weeks of the demo walker, ending yesterday."""
    store = open_store(db_path)
    demo.fill(store, TODAY, days=56)
    store.close()
    return db_path


class Page(HTMLParser):
    """The page as the standard library's parser reads it: tags must nest."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.texts: list[str] = []
        self.ids: dict[str, str] = {}  # element id -> its text
        self.tables: dict[str, list[list[str]]] = {}  # table class -> body rows
        self.svgs: list[dict[str, int | str]] = []
        self._capture: list[tuple[str, int, list[str]]] = []
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()
        assert self.open == [], f"unclosed: {self.open}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "svg":
            self.svgs.append({"class": found.get("class") or "", "bars": 0})
        if tag == "rect" and "bar" in (found.get("class") or "").split():
            self.svgs[-1]["bars"] = int(self.svgs[-1]["bars"]) + 1
        if tag == "table":
            self._table = found.get("class") or ""
            self.tables[self._table] = []
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body and self._table is not None:
            self.tables[self._table].append([])
        if tag == "td" and self._in_body:
            self._cell = []
        if tag in VOID:
            return
        self.open.append(tag)
        if found.get("id"):
            self._capture.append((found["id"] or "", len(self.open), []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
        while self._capture and self._capture[-1][1] == len(self.open):
            key, _depth, parts = self._capture.pop()
            self.ids[key] = " ".join("".join(parts).split())
        self.open.pop()
        if tag == "td" and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tbody":
            self._in_body = False
        if tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        for _key, _depth, parts in self._capture:
            parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def write(suffix: str, tmp_path: Path, *args: str) -> Path:
    path = tmp_path / f"report{suffix}"
    # --force: tests write the same file again (issue 13: no silent overwrite).
    out = ok("report", "-o", str(path), "--force", *args).stdout
    assert f"\n{path}\n" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path


def page(tmp_path: Path, *args: str) -> Page:
    return Page(write(".html", tmp_path, *args).read_text(encoding="utf-8"))


def test_report_html_is_one_well_formed_self_contained_page(
    seeded: Path, tmp_path: Path
) -> None:
    html = write(".html", tmp_path).read_text(encoding="utf-8")
    parsed = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert parsed.tags.count("html") == parsed.tags.count("body") == 1
    assert parsed.tags.count("h1") == 1 and parsed.tags.count("title") >= 1
    assert "style" in parsed.tags and "@media print" in html and "@page" in html
    # Nothing to fetch and nothing to run.
    assert "http" not in html.lower()
    for banned in ("<script", "<link", "<img", "<iframe", "url(http", "@import"):
        assert banned not in html.lower()
    assert "does not diagnose" in parsed.text


def test_report_top_names_person_dates_program_and_target(
    seeded: Path, tmp_path: Path
) -> None:
    parsed = page(tmp_path, "--name", "Jane <Example>")
    text = parsed.text
    assert "Jane <Example>" in text  # escaped in the file, text on the page
    assert "Dates covered Mon 5 Oct 2026 to Wed 25 Nov 2026 (52 days" in text
    assert "Started Wed 30 Sep 2026 at 3 × 5 min a day; goal one 30-min walk" in text
    target = json.loads(ok("today", "--json").stdout)
    dose = f"{target['sessions']} × {target['minutes_per_session']} min a day"
    assert f"Current target {dose} on Wed 25 Nov" in text


def _walks(first: date, last: date) -> list[dict[str, object]]:
    entries = json.loads(
        ok("history", "--json", "--since", str(first), "--until", str(last)).stdout
    )
    return [e for e in entries if e["kind"] == "walk"]


@pytest.mark.parametrize("weeks", ["8", "3"])
def test_report_headline_figures_equal_week_json(
    seeded: Path, tmp_path: Path, weeks: str
) -> None:
    figures = page(tmp_path, "--weeks", weeks).ids
    rows = json.loads(ok("week", "--json", "--weeks", weeks).stdout)
    # Today's week is still going: the latest complete week is the one before.
    first, latest = rows[0], rows[-2]
    for key, row in (("first", first), ("latest", latest)):
        monday = date.fromisoformat(str(row["week_start"]))
        walks = _walks(monday, monday + timedelta(days=6))
        minutes = [float(str(w["minutes"])) for w in walks]
        rises = [
            int(str(w["pain_after"])) - int(str(w["pain_before"]))
            for w in walks
            if w["pain_after"] is not None and w["pain_before"] is not None
        ]
        expected = {
            "minutes": f"{row['minutes']:.0f} min",
            "longest": f"{max(minutes):.0f} min",
            "days": str(row["days_walked"]),
            "adherence": f"{round(row['adherence'] * 100)}%",
            "morning": f"{row['morning_pain_mean']:.1f}/10",
            "rise": f"{sum(rises) / len(rises):+.1f}".replace("-", "−"),
        }
        for name, value in expected.items():
            shown = figures[f"figure-{name}"]
            if key == "latest":
                assert shown.split(" first week")[0].endswith(value), (name, shown)
            else:
                assert f"first week {value} · change" in shown, (name, shown)
    assert "+" in figures["figure-minutes"]  # she walks more than at first


def test_report_week_table_equals_week_json(seeded: Path, tmp_path: Path) -> None:
    table = page(tmp_path).tables["weeks"]
    rows = json.loads(ok("week", "--json").stdout)
    assert len(table) == len(rows) == 8
    for cells, row in zip(table, rows, strict=True):
        assert cells[0].startswith(format_day(date.fromisoformat(row["week_start"])))
        assert cells[1:5] == [
            str(row["days_walked"]),
            str(row["sessions"]),
            f"{row['minutes']:.0f}",
            str(row["planned_minutes"]),
        ]


def test_report_has_one_svg_per_chart_with_one_bar_per_day(
    seeded: Path, tmp_path: Path
) -> None:
    parsed = page(tmp_path)
    assert [s["class"] for s in parsed.svgs] == [
        "chart chart-minutes",
        "chart chart-pain",
    ]
    days = (TODAY - date(2026, 10, 5)).days + 1
    assert parsed.svgs[0]["bars"] == days
    assert parsed.svgs[1]["bars"] == 0
    # Each chart has a text alternative.
    assert parsed.ids["minutes-title"].startswith("Minutes walked per day, Mon 5 Oct")
    assert f"each of {days} days" in parsed.ids["minutes-desc"]
    assert "1 rest and 1 flare-up days are shaded" in parsed.ids["pain-desc"]


def test_report_svg_file_is_the_two_charts_alone(seeded: Path, tmp_path: Path) -> None:
    root = ET.parse(write(".svg", tmp_path)).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    charts = [c for c in root if c.tag.endswith("svg")]
    assert [c.get("class") for c in charts] == [
        "chart chart-minutes",
        "chart chart-pain",
    ]
    bars = [e for e in charts[0].iter() if e.get("class") == "bar"]
    assert len(bars) == (TODAY - date(2026, 10, 5)).days + 1


def test_report_markdown_has_the_same_figures_and_days(
    seeded: Path, tmp_path: Path
) -> None:
    text = write(".md", tmp_path).read_text(encoding="utf-8")
    figures = page(tmp_path).ids
    rows = {
        cells[0]: cells[1:]
        for line in text.split("## Headline figures")[1].splitlines()
        if line.startswith("| ")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    for key in ("minutes", "longest", "days", "adherence", "morning", "rise"):
        label = next(name for name in rows if figures[f"figure-{key}"].startswith(name))
        latest, first, change = rows[label][:3]
        assert figures[f"figure-{key}"] == (
            f"{label} {latest} first week {first} · change {change}"
        )
    section = text.split("## Day by day")[1].split("##")[0]
    days = [line for line in section.splitlines() if re.match(r"\| \w{3} \d", line)]
    assert len(days) == (TODAY - date(2026, 10, 5)).days + 1
    assert days[0].startswith("| Mon 5 Oct | ")
    assert "_walkcoach does not diagnose." in text


def test_report_notes_are_listed_and_escaped(db_path: Path, tmp_path: Path) -> None:
    ok("log", "10", "-b", "2", "-a", "2", "--note", HOSTILE[0], "--when", "mon 9am")
    ok("pain", "3", "--note", HOSTILE[1], "--when", "tue 8am")
    ok("rest", "--note", "a & b", "--when", "yesterday")
    html = write(".html", tmp_path).read_text(encoding="utf-8")
    parsed = Page(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "<script" not in html and "<img" not in html
    assert HOSTILE[0] in parsed.text and HOSTILE[1] in parsed.text
    assert "Notes (3)" in parsed.text
    assert "Mon 23 Nov 09:00 10-minute walk (pain 2→2): " + HOSTILE[0] in parsed.text
    assert "Tue 24 Nov 08:00 pain check-in 3/10: " + HOSTILE[1] in parsed.text
    markdown = write(".md", tmp_path).read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    left_out = page(tmp_path, "--no-notes")
    assert "alert" not in left_out.text and "Notes (" not in left_out.text


def test_report_speaks_of_the_person_not_to_them(
    seeded: Path, tmp_path: Path, answered_db: None
) -> None:
    for suffix in (".html", ".md"):
        text = write(suffix, tmp_path, "--no-notes").read_text(encoding="utf-8")
        assert not re.search(r"\byou(r|rs)?\b", text, re.I), re.findall(
            r".{40}\byour?\b.{40}", text, re.I
        )


@pytest.fixture
def answered_db(seeded: Path) -> None:
    """On top of the demo: a leg-pain flag and a pause, a caution answer."""
    ok("log", "8", "-b", "3", "-a", "4", "--leg-pain", "--when", "mon 9am")
    ok("check", "--yes", "fever", now="2026-11-24T08:00")


def test_report_until_since_and_weeks_choose_the_period(
    seeded: Path, tmp_path: Path
) -> None:
    text = page(tmp_path, "--since", "2026-11-02", "--until", "2026-11-15").text
    assert "Dates covered Mon 2 Nov 2026 to Sun 15 Nov 2026 (14 days" in text
    assert (
        "Latest complete week (Mon 9 Nov to Sun 15 Nov) against the first week "
        "(Mon 2 Nov to Sun 8 Nov)" in text
    )
    text = page(tmp_path, "--weeks", "1").text
    assert "Dates covered Mon 23 Nov 2026 to Wed 25 Nov 2026 (3 days" in text
    text = page(tmp_path, "--since", "2026-11-11", "--until", "2026-11-15").text
    assert "Dates covered Wed 11 Nov 2026 to Sun 15 Nov 2026 (5 days" in text
    assert "(Wed 11 Nov to Sun 15 Nov, 5 days)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["report", "--output", "x.pdf"],
            "walkcoach writes no PDF: write a .html file and print it to PDF "
            "from the browser (walkcoach report -o report.html --open)",
        ),
        (["report", "--output", "x.txt"], "--output must end in .html, .md or .svg"),
        (["report"], "--output FILE is required"),
        (["report", "-o", "x.md", "--weeks", "0"], "--weeks must be from 1 to 520"),
        (
            ["report", "-o", "x.md", "--weeks", "2", "--since", "mon"],
            "give --since or --weeks, not both",
        ),
        (
            ["report", "-o", "x.md", "--since", "mon", "--until", "2026-11-01"],
            "--since 2026-11-23 is after --until 2026-11-01",
        ),
        (["report", "-o", "x.md", "--until", "tomorrow"], "--until: "),
    ],
)
def test_report_bad_input_is_one_line_exit_2(
    tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"Error: {message}")
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # not even the database


def test_report_open_hands_the_file_to_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    path = tmp_path / "r.html"
    ok("report", "-o", str(path), "--open")
    assert opened == [path.resolve().as_uri()]


def test_report_replaces_an_existing_file_and_makes_it_private(
    seeded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.md"
    path.write_text("old")
    path.chmod(0o644)
    # Issue 13: replacing a file needs --force, as for export and backup.
    result = run("report", "-o", str(path))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {path} already exists; give a new name, or add --force to "
        "replace it\n",
    )
    assert path.read_text() == "old"
    ok("report", "-o", str(path), "--force")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("# Walking program report")


def test_report_to_a_missing_folder_is_exit_1(tmp_path: Path) -> None:
    result = run("report", "-o", str(tmp_path / "nowhere" / "r.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")


def test_report_on_an_empty_log_still_renders(tmp_path: Path) -> None:
    parsed = page(tmp_path)
    assert "Nothing logged in this period." in parsed.text
    assert parsed.svgs[0]["bars"] == 1  # today


def test_report_and_week_after_only_next_was_run(tmp_path: Path) -> None:
    ok("next")  # stores tomorrow's target, none for today
    ok("report", "-o", str(tmp_path / "r.md"))
    assert "Mon 23 Nov*" in ok("week").stdout


def _events(tmp_path: Path, *args: str) -> list[str]:
    rows = page(tmp_path, *args).tables["events"]
    return [" ".join(cell for cell in row if cell) for row in rows]


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
    ok("check", "--yes", "new-chest-pain", "--yes", "radiating-pain",
       now="2026-11-19T08:10")  # fmt: skip
    ok("check", "--yes", "radiating-pain", now="2026-11-19T08:15")
    ok("check", "--clear", now="2026-11-22T08:15")
    ok("check", "--yes", "fever", now="2026-11-23T08:15")
    return db_path


def test_report_events_in_clinical_words_and_date_order(
    answered: Path, tmp_path: Path
) -> None:
    events = _events(tmp_path)
    expected = [
        "Mon 16 Nov 07:00 safety Safety question answered yes (caution): pain "
        "spreading down a leg. Answered no on Sun 22 Nov 08:15.",
        "Thu 19 Nov 08:00 pain Pain 7/10 after a 5-minute walk, from 2/10 before "
        "(above 5/10).",
        "Thu 19 Nov 08:10 safety Safety question answered yes (urgent): new chest "
        "pain. "
        "Answered no at 08:15 the same day.",
        "Fri 20 Nov 10:00 symptom Leg pain reported with a 5-minute walk.",
        # Issue 12 (finding 8) removes "Sat 21 Nov plan Progression paused …":
        # leg pain already on record (the radiating-pain answer) is judged on
        # its pain, not paused. So the same-day red flag's hold of Mon 23 shows
        # as its own plan event (it was hidden inside that pause).
        "Mon 23 Nov plan Progression paused at 3 × 5 min a day. A same-day "
        "warning sign awaits a doctor's check (fever, chills or a recent "
        "infection): no build-up, holding at 3 × 5 min, until walkcoach check "
        "--cleared fever records that a clinician has cleared it.",
        "Mon 23 Nov 08:15 safety Safety question answered yes (caution): fever, "
        "chills or a recent infection. Still answered yes at the end of the period.",
    ]
    assert events == expected
    markdown = write(".md", tmp_path).read_text(encoding="utf-8")
    assert (
        "| Fri 20 Nov | 10:00 | symptom | Leg pain reported with a 5-minute walk."
        in (markdown)
    )


def test_report_names_an_answer_standing_from_before_the_period(
    db_path: Path, tmp_path: Path
) -> None:
    ok("setup", "--yes", "thin-bones", now="2026-06-01T09:00")
    ok("log", "10", "--when", "2026-06-02 09:00", now="2026-06-02T10:00")
    ok("log", "10", "--when", "2026-11-24 09:00")
    events = " ".join(_events(tmp_path, "--weeks", "2"))
    assert (
        "Mon 1 Jun 09:00 safety Safety question answered yes (caution): thin bones"
        in events
    )
    assert "Still answered yes at the end of the period." in events
    assert "No walk for 174 days, to Mon 23 Nov." in events


def test_report_names_gaps_of_three_days_or_more(db_path: Path, tmp_path: Path) -> None:
    for day in ("2026-11-10", "2026-11-14", "2026-11-16", "2026-11-17"):
        ok("log", "10", "--when", f"{day} 09:00")
    ok("rest", "--when", "2026-11-12")
    ok("rest", "--flare", "--when", "2026-11-13")
    events = _events(tmp_path)
    gaps = [e for e in events if " gap " in e]
    assert gaps == [
        "Wed 11 Nov gap No walk for 3 days, to Fri 13 Nov (1 rest day marked, "
        "1 flare-up day marked).",
        "Wed 18 Nov gap No walk for 7 days, still none at the end of the period.",
    ]
