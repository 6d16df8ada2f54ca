"""Shell completion of values (Typer's `autocompletion=`), and the plain-text
parameter type that keeps help free of `<str>`.

Each completer imports what it lists only when the shell asks, so that no
command pays for completion.
"""

from pathlib import Path
from typing import Any

from typer._click.types import StringParamType


class Words(StringParamType):
    """Plain text whose help shows only the parameter's own metavar (never
    `<str>`): the command itself checks the value and says what it expects."""

    name = "text"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return ""


WORDS = Words()


def starting(values: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    return [(v, h) for v, h in values if v.startswith(incomplete.lower())]


def topics(incomplete: str) -> list[tuple[str, str]]:
    """`tips <Tab>`: the topics, each with its title."""
    from walkcoach.core.guidance import TOPIC_TITLES

    return starting(list(TOPIC_TITLES.items()), incomplete)


def question_ids(incomplete: str) -> list[tuple[str, str]]:
    """`check --yes <Tab>`: the safety questions' ids, with their text."""
    from walkcoach.core.guidance import QUESTIONS

    return starting([(q.id, q.text) for q in QUESTIONS], incomplete)


def date_words(incomplete: str) -> list[tuple[str, str]]:
    """`--when <Tab>` and the other day options: the words the dates take."""
    from walkcoach.core.dates import DATE_WORDS

    return starting(list(DATE_WORDS), incomplete)


def units(incomplete: str) -> list[str]:
    """`setup --units <Tab>`."""
    return [u for u in ("km", "mi") if u.startswith(incomplete.lower())]


def regions(incomplete: str) -> list[tuple[str, str]]:
    """`setup --region <Tab>`: the regions, each with its emergency number."""
    from walkcoach.core.guidance import REGION_NAMES

    return starting(list(REGION_NAMES.items()), incomplete)


def cleared_ids(incomplete: str) -> list[tuple[str, str]]:
    """`check --cleared <Tab>`: the caution questions a clinician may clear."""
    from walkcoach.core.guidance import QUESTIONS
    from walkcoach.core.models import Level

    caution = [(q.id, q.text) for q in QUESTIONS if q.level is Level.CAUTION]
    return starting(caution, incomplete)


def report_files(incomplete: str) -> list[str]:
    """`report -o <Tab>`: folders and report files (.html, .svg, .md) beginning
    with what is typed; a bare name is offered with each ending."""
    from walkcoach.cli.cmd_progress import REPORT_FORMATS

    head, slash, prefix = incomplete.rpartition("/")
    folder = Path(head or slash or ".").expanduser()
    base = head + slash
    found: list[str] = []
    try:
        for entry in sorted(folder.iterdir()):
            if not entry.name.startswith(prefix) or entry.name.startswith("."):
                continue
            if entry.is_dir():
                found.append(f"{base}{entry.name}/")
            elif entry.suffix.lower() in REPORT_FORMATS:
                found.append(f"{base}{entry.name}")
    except OSError:
        pass
    if prefix and "." not in prefix:
        found += [f"{incomplete}{suffix}" for suffix in REPORT_FORMATS]
    return found
