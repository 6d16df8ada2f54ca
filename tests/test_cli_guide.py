"""The `tips`, `safety` and `check` commands through the app."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from walkcoach.cli import render_guide, shell
from walkcoach.cli.app import app
from walkcoach.core import guidance
from walkcoach.core.models import Level, Warning

PLAIN = {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "unknown"}


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "walkcoach.db"
    monkeypatch.setenv("WALKCOACH_DB", str(path))
    monkeypatch.setenv("WALKCOACH_NOW", "2026-03-02T08:00:00+01:00")
    shell.set_db_option(None)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def assert_fits(text: str, width: int = 80) -> None:
    assert "\x1b[" not in text, "colour codes despite NO_COLOR"
    widest = max((len(line) for line in text.splitlines()), default=0)
    assert widest <= width, widest


def render(renderable: object) -> str:
    console = Console(width=80, file=io.StringIO(), color_system=None)
    console.print(renderable)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


# -- tips ----------------------------------------------------------------------


@pytest.mark.parametrize("topic", guidance.TOPICS)
def test_tips_each_topic(runner: CliRunner, topic: str) -> None:
    result = runner.invoke(app, ["tips", topic], env=PLAIN, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for tip in guidance.tips_for(topic):
        assert tip.title in result.stdout
    assert_fits(result.stdout)


def test_tips_all_topics(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips"], env=PLAIN, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for tip in guidance.TIPS:
        assert tip.title in result.stdout
    assert_fits(result.stdout)


def test_tips_topic_is_case_insensitive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "Shoes"], env=PLAIN)
    assert result.exit_code == 0, result.output


def test_tips_unknown_topic_one_line_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "yoga"], env=PLAIN)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: unknown topic 'yoga' (choose from: "
        + ", ".join(guidance.TOPICS)
        + ")\n"
    )


def test_tips_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "pain", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == [
        {"topic": t.topic, "title": t.title, "text": t.text}
        for t in guidance.tips_for("pain")
    ]


def test_tips_help_names_every_topic(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for topic in guidance.TOPICS:
        assert topic in result.stdout


# -- safety --------------------------------------------------------------------


def test_safety_plain_80_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["safety"], env=PLAIN, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    # Undo the wrapping inside and outside the urgent panel.
    out = " ".join(result.stdout.replace("┃", " ").split())
    for word in ("URGENT", "CAUTION", "NOTE", "does not diagnose", "999", "911"):
        assert word in out
    for section in guidance.SAFETY:
        for item in section.items:
            assert item in out


def test_safety_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["safety", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["level"] for s in data["sections"]] == [
        s.level.value for s in guidance.SAFETY
    ]
    assert data["disclaimer"] == guidance.DISCLAIMER
    assert data["emergency"] == guidance.EMERGENCY_ACTION


# -- check -----------------------------------------------------------------------


def test_check_list_plain(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--list"], env=PLAIN, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    for q in guidance.QUESTIONS:
        assert q.id in result.stdout


def test_check_list_json_urgent_first(runner: CliRunner, isolated_db: Path) -> None:
    result = runner.invoke(app, ["check", "--list", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {tuple(d) for d in data} == {("id", "level", "text")}
    assert {d["id"] for d in data} == {q.id for q in guidance.QUESTIONS}
    levels = [d["level"] for d in data]
    assert levels == sorted(levels, key=lambda lv: lv != "urgent")
    assert not isolated_db.exists()  # listing writes nothing


def saved(db: Path) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    from walkcoach.storage.store import open_store

    store = open_store(db)
    try:
        return [(s.urgent, s.caution) for s in store.screenings()]
    finally:
        store.close()


def test_check_yes_urgent_saves_and_shows_urgent_plain(
    runner: CliRunner, isolated_db: Path
) -> None:
    result = runner.invoke(
        app,
        ["check", "--yes", "saddle-numbness", "--yes", "fever"],
        env=PLAIN,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "URGENT" in result.stdout and "CAUTION" in result.stdout
    assert "emergency" in result.stdout
    assert_fits(result.stdout)
    assert saved(isolated_db) == [(("saddle-numbness",), ("fever",))]


def test_check_clear_json(runner: CliRunner, isolated_db: Path) -> None:
    result = runner.invoke(app, ["check", "--clear", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["urgent"] == [] and data["caution"] == [] and data["warnings"] == []
    assert data["at"].startswith("2026-03-02T08:00")
    assert saved(isolated_db) == [((), ())]


def test_check_clear_plain_says_saved(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--clear"], env=PLAIN, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Answers saved" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "--yes", "nope"], "unknown question id 'nope'"),
        (["check", "--yes", "fever", "--clear"], "not both"),
        (["check", "--list", "--clear"], "--list"),
        (["check"], "--yes ID or --clear"),
    ],
)
def test_check_bad_input_exit_2_nothing_written(
    runner: CliRunner, isolated_db: Path, args: list[str], fragment: str
) -> None:
    result = runner.invoke(app, args, env=PLAIN)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1
    assert not isolated_db.exists()


def test_check_interactive_stops_at_an_urgent_yes(
    runner: CliRunner, isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    # No to the first urgent question, an empty line (asked again), then yes.
    result = runner.invoke(
        app, ["check"], input="n\n\ny\n", env=PLAIN, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    second = guidance.QUESTIONS[1]
    assert second.level is Level.URGENT
    assert "URGENT" in result.stdout
    assert guidance.QUESTIONS[2].text not in result.stdout  # stopped asking
    assert saved(isolated_db) == [((second.id,), ())]


def test_check_interactive_all_no(
    runner: CliRunner, isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shell, "interactive", lambda: True)
    answers = "n\n" * len(guidance.QUESTIONS)
    result = runner.invoke(
        app, ["check"], input=answers, env=PLAIN, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "No warning signs" in result.stdout
    assert saved(isolated_db) == [((), ())]


# -- the looks of the three levels ---------------------------------------------------


@pytest.mark.parametrize(
    ("level", "word"),
    [(Level.URGENT, "URGENT"), (Level.CAUTION, "CAUTION"), (Level.INFO, "NOTE")],
)
def test_each_level_shows_its_word_without_colour(level: Level, word: str) -> None:
    out = render(render_guide.warning_renderable(Warning(level, "x " * 100, "c")))
    assert word in out
    assert_fits(out)


def test_urgent_is_a_heavy_panel() -> None:
    out = render(render_guide.warning_renderable(Warning(Level.URGENT, "go", "u")))
    assert "┏" in out and "┛" in out


def test_warnings_renderable_orders_and_dedupes() -> None:
    ws = [
        Warning(Level.INFO, "info one", "i"),
        Warning(Level.URGENT, "urgent one", "u"),
        Warning(Level.INFO, "info again", "i"),
    ]
    out = render(render_guide.warnings_renderable(ws))
    assert out.index("urgent one") < out.index("info one")
    assert "info again" not in out
    assert render(render_guide.warnings_renderable([])) == ""


@pytest.mark.parametrize(
    "renderable",
    [
        render_guide.safety_renderable,
        render_guide.questions_renderable,
        lambda: render_guide.tips_renderable(None),
    ],
)
def test_pages_fit_80_columns(renderable: Callable[[], RenderableType]) -> None:
    assert_fits(render(renderable()))
