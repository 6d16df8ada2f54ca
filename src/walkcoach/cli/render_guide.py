"""Rich renderables for warnings, tips, the safety page and the questions.

Each level has its own look *and* its own word (URGENT, CAUTION, NOTE), so the
level reads the same without colour (NO_COLOR, TERM=dumb). Nothing prints here.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from walkcoach.core import guidance
from walkcoach.core.models import Level, Warning

_WORD = {Level.URGENT: "URGENT", Level.CAUTION: "CAUTION", Level.INFO: "NOTE"}
_STYLE = {Level.URGENT: "bold red", Level.CAUTION: "bold yellow", Level.INFO: "dim"}


def _labelled(word: str, style: str, message: str) -> Table:
    """`WORD  message`, with the message wrapping under itself, not the word."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(word, style=style), Text(message))
    return grid


def _urgent_panel(body: RenderableType, title: str = "URGENT") -> Panel:
    return Panel(
        body,
        title=Text(f" {title} ", style="bold red"),
        title_align="left",
        box=box.HEAVY,
        border_style="bold red",
        padding=(0, 1),
    )


def warning_renderable(w: Warning) -> RenderableType:
    """One warning: a heavy red URGENT panel, a CAUTION line, or a NOTE line."""
    if w.level is Level.URGENT:
        return _urgent_panel(Text(w.message, style="bold"))
    return _labelled(_WORD[w.level], _STYLE[w.level], w.message)


def warnings_renderable(ws: Iterable[Warning]) -> RenderableType:
    """All warnings, most serious first, one per code; nothing when there are none."""
    return Group(*(warning_renderable(w) for w in guidance.sort_warnings(ws)))


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _tip(tip: guidance.Tip) -> RenderableType:
    body = Text.assemble((tip.title, "bold"), "\n", tip.text)
    return Padding(body, (0, 0, 1, 2), expand=False)


def tips_renderable(topic: str | None = None) -> RenderableType:
    """The tips of one topic (or all, by topic); unknown topic → ValueError."""
    tips = guidance.tips_for(topic)
    parts: list[RenderableType] = []
    for name in guidance.TOPICS:
        chosen = [t for t in tips if t.topic == name]
        if chosen:
            parts.append(_heading(f"{guidance.TOPIC_TITLES[name]} ({name})"))
            parts.extend(_tip(t) for t in chosen)
    if topic is None:
        parts.append(
            Text("One topic: walkcoach tips TOPIC (" + ", ".join(guidance.TOPICS))
            + Text(")")
        )
    return Group(*parts)


def _bullets(items: Iterable[str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row("-", Text(item))
    return grid


def safety_renderable(region: str = "other") -> RenderableType:
    """The `safety` page: emergency signs, when to see whom, what to check
    before starting, when to stop a walk; in the region's words."""
    parts: list[RenderableType] = []
    for section in guidance.safety_sections(region):
        if section.level is Level.URGENT:
            body = Group(
                Text(section.title + ":", style="bold"),
                _bullets(section.items),
                Text(guidance.emergency_action(region), style="bold"),
            )
            parts.append(_urgent_panel(body, "URGENT: emergency"))
        else:
            word = _WORD[section.level]
            parts.append(_labelled(word, _STYLE[section.level], section.title + ":"))
            parts.append(Padding(_bullets(section.items), (0, 0, 0, len(word) + 1)))
        parts.append(Text(""))
    parts.append(Text(guidance.DISCLAIMER, style="italic"))
    return Group(*parts)


def questions_renderable() -> RenderableType:
    """The safety questions as a table: id, level and question, urgent first."""
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("question", ratio=1)
    for q in sorted(guidance.QUESTIONS, key=lambda q: q.level is not Level.URGENT):
        table.add_row(q.id, Text(q.level.value, style=_STYLE[q.level]), Text(q.text))
    return Group(
        table,
        Text(
            "Answer them with: walkcoach check (on a terminal), or "
            "walkcoach check --yes ID ... / --clear; when a clinician has "
            "cleared a caution answer: walkcoach check --cleared ID."
        ),
    )
