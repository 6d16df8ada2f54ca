"""The safety questions on the command line, shared by `check` and `setup`:
the answers given by flags or asked on a terminal, saved through the safety
service and reported."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from walkcoach.cli import complete, shell

if TYPE_CHECKING:
    from walkcoach.core.models import Screening


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
ClearedAnswers = Annotated[
    list[str] | None,
    typer.Option(
        "--cleared",
        metavar="ID",
        autocompletion=complete.cleared_ids,
        help="A clinician has cleared caution answer ID (repeatable): a same-day "
        "warning sign no longer holds the plan, a clearance question no longer "
        "slows it.",
        show_default=False,
    ),
]


def record_clearances(ids: list[str], at: datetime, json_: bool) -> None:
    """`check --cleared ID`: a clinician has cleared answers that stand now."""
    from walkcoach.services import safety as service

    with shell.open_store(show_urgent=False) as store:
        answered = service.clear(store, ids, at)
    _report(answered.screening, json_, answered.region, saved="Clearance saved.")


def answer_screening(
    yes: list[str],
    clear: bool,
    at: datetime,
    json_: bool = False,
    cleared: list[str] | None = None,
) -> Screening | None:
    """Take the answers from flags or the terminal, save and report them, with
    the answers a clinician has already cleared (`--cleared`, or asked).

    None when there is neither a flag nor a terminal to ask on (nothing saved).
    """
    from walkcoach.core import guidance

    if yes and clear:
        shell.bad_input("use either --yes ID or --clear, not both")
    if yes or clear:
        try:
            screening = guidance.screening_from_answers(yes, at)
            chosen = guidance.check_clearable(cleared or [], screening)
        except ValueError as error:
            shell.bad_input(str(error))
    elif shell.interactive():
        screening, chosen = ask_screening(at, prompts_to_stderr=json_)
    else:
        return None
    from walkcoach.services import safety as service

    with shell.open_store(show_urgent=False) as store:
        answered = service.answer(store, screening, chosen)
    _report(answered.screening, json_, answered.region)
    return screening


def ask_screening(at: datetime, prompts_to_stderr: bool) -> tuple[Screening, list[str]]:
    """Ask every question on the terminal, urgent first; stop at an urgent yes.

    After a yes to a caution question, ask whether a clinician has already
    cleared it (the interactive `--cleared`). Returns the answers and the ids
    cleared.
    """
    from walkcoach.core import guidance
    from walkcoach.core.models import Level

    typer.echo(
        shell.wrapped(
            f"{len(guidance.QUESTIONS)} safety questions. {guidance.INTRO}", margin=0
        ),
        err=prompts_to_stderr,
    )
    ordered = sorted(guidance.QUESTIONS, key=lambda q: q.level is not Level.URGENT)
    yes: list[str] = []
    cleared: list[str] = []
    for number, question in enumerate(ordered, 1):
        text = f"({number} of {len(ordered)}) {question.text}"
        # No default: a stray Enter must not answer a red-flag question.
        if typer.confirm(shell.wrapped(text), default=None, err=prompts_to_stderr):
            yes.append(question.id)
            if question.level is Level.URGENT:
                break
            if typer.confirm(
                shell.wrapped(guidance.CLEARED_PROMPT),
                default=None,
                err=prompts_to_stderr,
            ):
                cleared.append(question.id)
    return guidance.screening_from_answers(yes, at), cleared


def _report(
    screening: Screening, json_: bool, region: str, saved: str = "Answers saved."
) -> None:
    from walkcoach.core import guidance

    warnings = guidance.screening_warnings(screening, region)
    if json_:
        shell.print_json(
            {
                "answered": screening.answered,
                "at": None if screening.at is None else screening.at.isoformat(),
                "urgent": list(screening.urgent),
                "caution": list(screening.caution),
                "same_day": list(screening.same_day),
                "cleared": [
                    {"id": qid, "date": day.isoformat()}
                    for qid, day in screening.cleared
                ],
                "warnings": [
                    {"level": w.level.value, "message": w.message} for w in warnings
                ],
            }
        )
        return
    from rich.text import Text

    from walkcoach.cli.render_guide import warnings_renderable

    console = shell.console()
    from walkcoach.core.dates import format_day

    for qid, day in screening.cleared:
        console.print(
            Text(
                f"Cleared by a clinician on {format_day(day)}: "
                f"{guidance.answer_words([qid])}."
            )
        )
    if warnings:
        console.print(warnings_renderable(warnings))
        console.print(Text(saved))
    else:
        console.print(
            Text(f"{saved} No warning signs: your program goes on as planned.")
        )
