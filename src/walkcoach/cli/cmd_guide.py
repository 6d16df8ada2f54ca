"""The `tips`, `safety` and `check` commands.

Plain functions; cli.py registers them. Only typer and the standard library are
imported up front: the content, rich and the store load inside each command.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from walkcoach.cli import complete, shell

if TYPE_CHECKING:
    from walkcoach.core.models import Screening


def tips(
    topic: Annotated[
        str | None,
        typer.Argument(
            help="One topic: starting, technique, posture, shoes, pace, pain "
            "or why. Leave out for all tips.",
            metavar="TOPIC",
            show_default=False,
            click_type=complete.WORDS,
            autocompletion=complete.topics,
        ),
    ] = None,
    json_: shell.Json = False,
) -> None:
    """Walking technique and getting-started tips, all or one topic."""
    from walkcoach.core import guidance

    chosen = None if topic is None else topic.strip().lower()
    try:
        found = guidance.tips_for(chosen)
    except ValueError as error:
        shell.bad_input(str(error))
    if json_:
        shell.print_json(
            [{"topic": t.topic, "title": t.title, "text": t.text} for t in found]
        )
        return
    from walkcoach.cli.render_guide import tips_renderable

    shell.console().print(tips_renderable(chosen))


def safety(json_: shell.Json = False) -> None:
    """When to stop a walk, when to see a clinician, and the emergency signs."""
    from walkcoach.core import guidance

    if json_:
        shell.print_json(
            {
                "sections": [
                    {
                        "title": s.title,
                        "level": s.level.value,
                        "items": list(s.items),
                    }
                    for s in guidance.SAFETY
                ],
                "emergency": guidance.EMERGENCY_ACTION,
                "disclaimer": guidance.DISCLAIMER,
            }
        )
        return
    from walkcoach.cli.render_guide import safety_renderable

    shell.console().print(safety_renderable())


# The answers by flags, shared by `check` and `setup`.
YesAnswers = Annotated[
    list[str] | None,
    typer.Option(
        "--yes",
        metavar="ID",
        autocompletion=complete.question_ids,
        help="Answer safety question ID yes (repeatable; see check --list); "
        "every other one is no.",
        show_default=False,
    ),
]
ClearAnswers = Annotated[
    bool, typer.Option("--clear", help="Answer every safety question no.")
]


def check(
    list_: Annotated[
        bool,
        typer.Option(
            "--list", help="Print the questions (with --json: id, level, text)."
        ),
    ] = False,
    yes: YesAnswers = None,
    clear: ClearAnswers = False,
    json_: shell.Json = False,
) -> None:
    """Answer the safety questions (again); a yes raises a warning or stops."""

    if list_:
        if yes or clear:
            shell.bad_input("--list only prints the questions; drop --yes/--clear")
        _list_questions(json_)
        return
    screening = answer_screening(yes or [], clear, shell.now(), json_)
    if screening is None:
        shell.bad_input(
            "no answers given: use --yes ID or --clear in a script, or run "
            "walkcoach check on a terminal (see: walkcoach check --list)"
        )


def answer_screening(
    yes: list[str], clear: bool, at: datetime, json_: bool = False
) -> Screening | None:
    """Take the answers from flags or the terminal, save and report them.

    None when there is neither a flag nor a terminal to ask on (nothing saved).
    """
    from walkcoach.core import guidance

    if yes and clear:
        shell.bad_input("use either --yes ID or --clear, not both")
    if yes or clear:
        try:
            screening = guidance.screening_from_answers(yes, at)
        except ValueError as error:
            shell.bad_input(str(error))
    elif shell.interactive():
        screening = ask_screening(at, prompts_to_stderr=json_)
    else:
        return None
    with shell.open_store(show_urgent=False) as store:
        store.save_screening(screening)
    _report(screening, json_)
    return screening


def _list_questions(json_: bool) -> None:
    from walkcoach.core import guidance
    from walkcoach.core.models import Level

    ordered = sorted(guidance.QUESTIONS, key=lambda q: q.level is not Level.URGENT)
    if json_:
        shell.print_json(
            [{"id": q.id, "level": q.level.value, "text": q.text} for q in ordered]
        )
        return
    from walkcoach.cli.render_guide import questions_renderable

    shell.console().print(questions_renderable())


def ask_screening(at: datetime, prompts_to_stderr: bool) -> Screening:
    """Ask every question on the terminal, urgent first; stop at an urgent yes."""
    from walkcoach.core import guidance
    from walkcoach.core.models import Level

    typer.echo(
        f"{len(guidance.QUESTIONS)} safety questions. Answer each with y or n; "
        "if you are unsure, answer y.",
        err=prompts_to_stderr,
    )
    ordered = sorted(guidance.QUESTIONS, key=lambda q: q.level is not Level.URGENT)
    yes: list[str] = []
    for number, question in enumerate(ordered, 1):
        text = f"({number} of {len(ordered)}) {question.text}"
        # No default: a stray Enter must not answer a red-flag question.
        if typer.confirm(_wrapped(text), default=None, err=prompts_to_stderr):
            yes.append(question.id)
            if question.level is Level.URGENT:
                break
    return guidance.screening_from_answers(yes, at)


def _wrapped(text: str) -> str:
    """A question broken between words to fit the terminal (with ' [y/n]: ')."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size().columns, 100) - 8
    return "\n".join(textwrap.wrap(text, width=max(width, 30)))


def _report(screening: Screening, json_: bool) -> None:
    from walkcoach.core import guidance

    warnings = guidance.screening_warnings(screening)
    if json_:
        shell.print_json(
            {
                "answered": screening.answered,
                "at": None if screening.at is None else screening.at.isoformat(),
                "urgent": list(screening.urgent),
                "caution": list(screening.caution),
                "warnings": [
                    {"level": w.level.value, "message": w.message} for w in warnings
                ],
            }
        )
        return
    from rich.text import Text

    from walkcoach.cli.render_guide import warnings_renderable

    console = shell.console()
    if warnings:
        console.print(warnings_renderable(warnings))
        console.print(Text("Answers saved."))
    else:
        console.print(
            Text("Answers saved. No warning signs: your program goes on as planned.")
        )
