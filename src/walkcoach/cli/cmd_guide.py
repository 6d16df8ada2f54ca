"""The `tips`, `safety` and `check` commands.

Plain functions; cli/app.py registers them. Only typer and the standard library are
imported up front: the content, rich and the store load inside each command.
"""

from __future__ import annotations

from typing import Annotated

import typer

from walkcoach.cli import complete, shell
from walkcoach.cli.screening import (
    ClearAnswers,
    ClearedAnswers,
    YesAnswers,
    answer_screening,
    record_clearances,
)


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
    """When to stop a walk, when to see a clinician, the emergency signs, and
    what to check with a clinician before starting."""
    from walkcoach.core import guidance
    from walkcoach.services import safety as service

    with shell.open_store() as store:
        region = service.region(store)
    if json_:
        shell.print_json(
            {
                "region": region,
                "sections": [
                    {
                        "title": s.title,
                        "level": s.level.value,
                        "items": list(s.items),
                    }
                    for s in guidance.safety_sections(region)
                ],
                "emergency": guidance.emergency_action(region),
                "disclaimer": guidance.DISCLAIMER,
            }
        )
        return
    from walkcoach.cli.render_guide import safety_renderable

    shell.console().print(safety_renderable(region))


def check(
    list_: Annotated[
        bool,
        typer.Option(
            "--list", help="Print the questions (with --json: id, level, text)."
        ),
    ] = False,
    yes: YesAnswers = None,
    clear: ClearAnswers = False,
    cleared: ClearedAnswers = None,
    json_: shell.Json = False,
) -> None:
    """Answer the safety questions (again); a yes raises a warning or stops.
    With --cleared ID, record that a clinician has cleared a caution answer."""

    if list_:
        if yes or clear or cleared:
            shell.bad_input(
                "--list only prints the questions; drop --yes/--clear/--cleared"
            )
        _list_questions(json_)
        return
    now = shell.now()
    if cleared and not (yes or clear):
        record_clearances(cleared, now, json_)
        return
    screening = answer_screening(yes or [], clear, now, json_, cleared or [])
    if screening is None:
        shell.bad_input(
            "no answers given: use --yes ID or --clear in a script, or run "
            "walkcoach check on a terminal (see: walkcoach check --list)"
        )


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
