"""Options and questions shared by the commands that record entries (`log`,
`pain`, `rest`, `edit`) and the walk timer (`start`, `stop`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from walkcoach.cli import complete, shell

WHEN_HELP = (
    "When it happened: 'yesterday 7pm', 'mon 9am', '2026-11-20 07:30', "
    "'3 days ago' (default: now)."
)
NOTE_HELP = "A free-text note."

PainBefore = Annotated[
    str | None,
    typer.Option(
        "--pain-before", "-b", help="Pain before the walk, 0-10.", metavar="N"
    ),
]
PainAfter = Annotated[
    str | None,
    typer.Option("--pain-after", "-a", help="Pain after the walk, 0-10.", metavar="N"),
]
When = Annotated[
    str | None,
    typer.Option(
        "--when",
        "-w",
        help=WHEN_HELP,
        metavar="WHEN",
        autocompletion=complete.date_words,
    ),
]
Note = Annotated[
    str | None, typer.Option("--note", "-n", help=NOTE_HELP, metavar="TEXT")
]
LegPain = Annotated[bool, typer.Option("--leg-pain", help="Pain spreading down a leg.")]
Numbness = Annotated[
    bool, typer.Option("--numbness", help="Tingling or numbness in a leg or foot.")
]
Limp = Annotated[bool, typer.Option("--limp", help="The pain made you limp.")]
Sharp = Annotated[bool, typer.Option("--sharp", help="The pain turned sharp.")]
LegWeakness = Annotated[
    bool,
    typer.Option(
        "--leg-weakness",
        help="A leg feels weak (asks whether both legs, or getting worse quickly: "
        "then urgent).",
    ),
]
JointPain = Annotated[
    bool, typer.Option("--joint-pain", help="Knee, hip or foot pain from walking.")
]
SaddleNumbness = Annotated[
    bool,
    typer.Option(
        "--saddle-numbness",
        help="New numbness between the legs or around the bottom (urgent: stops "
        "the program).",
    ),
]
Bladder = Annotated[
    bool,
    typer.Option(
        "--bladder",
        help="New bladder or bowel trouble (urgent: stops the program).",
    ),
]
Distance = Annotated[
    str | None,
    typer.Option(
        help="Distance: 1.2, 1.2km or 0.8mi (no unit: your setup unit).",
        metavar="DIST",
    ),
]
Steps = Annotated[str | None, typer.Option(help="Steps walked.", metavar="N")]
BothLegs = Annotated[
    bool,
    typer.Option(
        "--both-legs",
        help="The numbness or weakness is in both legs, or the weakness is getting "
        "worse quickly (asked on a terminal).",
    ),
]


@dataclass(frozen=True)
class Flags:
    """The symptom flags of `log` and `pain`, as typed."""

    leg_pain: bool = False
    numbness: bool = False
    limp: bool = False
    sharp: bool = False
    leg_weakness: bool = False
    joint_pain: bool = False
    saddle_numbness: bool = False
    bladder: bool = False
    both_legs: bool = False

    def stored(self) -> tuple[str, ...]:
        """The symptoms as stored (models.STORED_SYMPTOMS). Numbness and leg
        weakness ask on a terminal whether it is in both legs (or, for
        weakness, getting worse quickly): a yes adds the red-flag tag."""
        from walkcoach.core.guidance import BOTH_LEGS_PROMPT, WEAKNESS_PROMPT
        from walkcoach.core.models import NUMB_BOTH_LEGS, WEAK_URGENT

        numb_both = weak_urgent = self.both_legs
        if not self.both_legs and shell.interactive():
            if self.numbness:
                numb_both = typer.confirm(BOTH_LEGS_PROMPT, default=None)
            if self.leg_weakness:
                weak_urgent = typer.confirm(WEAKNESS_PROMPT, default=None)
        on = {
            "leg-pain": self.leg_pain,
            "numbness": self.numbness,
            "limp": self.limp,
            "sharp": self.sharp,
            "leg-weakness": self.leg_weakness,
            "joint-pain": self.joint_pain,
            "saddle-numbness": self.saddle_numbness,
            "bladder": self.bladder,
            NUMB_BOTH_LEGS: self.numbness and numb_both,
            WEAK_URGENT: self.leg_weakness and weak_urgent,
        }
        if self.both_legs and not (self.numbness or self.leg_weakness):
            shell.bad_input("--both-legs goes with --numbness or --leg-weakness")
        return tuple(name for name, flag in on.items() if flag)


def ask_pain(question: str) -> int | None:
    """On a terminal, ask for a missing pain value (Enter skips)."""
    while True:
        answer = typer.prompt(
            f"{question} (0-10, Enter to skip)", default="", show_default=False
        )
        if not answer.strip():
            return None
        if answer.strip().isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        typer.echo("Please type a whole number from 0 to 10, or press Enter.")
