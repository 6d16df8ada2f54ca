"""The man page (roff), written from the app's own commands, options and help,
so that it cannot drift from `--help` (`walkcoach help --man`)."""

from typing import Any

from walkcoach import __version__

ENVIRONMENT = (
    ("WALKCOACH_DB", "The database file, when --db is not given."),
    (
        "WALKCOACH_NOW",
        "Pins the clock to an ISO 8601 date-time (e.g. 2026-03-02T08:00), for "
        "tests and demos.",
    ),
    ("NO_COLOR", "Set to any value: no colour."),
)
EXIT_STATUS = (
    ("0", "Success."),
    ("1", "A well-formed request that cannot be done (no such entry, a damaged "
          "or locked database, nothing to undo)."),
    ("2", "Bad input: one Error: line on stderr, and nothing was written."),
)  # fmt: skip


def roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, no line that starts
    as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = [
        "\\&" + line if line.startswith((".", "'")) else line
        for line in text.splitlines()
    ]
    return "\n".join(lines)


def _param(param: Any) -> list[str]:
    """One option or argument as a tagged paragraph."""
    names = ", ".join(f"\\fB{roff(name)}\\fR" for name in param.opts)
    if getattr(param, "secondary_opts", None):
        names += " / " + ", ".join(
            f"\\fB{roff(name)}\\fR" for name in param.secondary_opts
        )
    if param.param_type_name == "argument":
        names = f"\\fI{roff(param.metavar or param.name.upper())}\\fR"
    elif not getattr(param, "is_flag", False) and param.metavar:
        names += f" \\fI{roff(param.metavar)}\\fR"
    return [".TP", names, roff(" ".join((param.help or "").split()))]


def man_page(group: Any) -> str:
    """The whole program's man page, from its click group (typer.main.get_command)."""
    out = [
        f'.TH WALKCOACH 1 "" "walkcoach {__version__}" "User Commands"',
        ".SH NAME",
        "walkcoach \\- " + roff(_lower_first(" ".join((group.help or "").split()))),
        ".SH SYNOPSIS",
        ".B walkcoach",
        "[\\fB\\-\\-db\\fR \\fIPATH\\fR] [\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        roff(
            "walkcoach is a personal coach for a progressive walking program for "
            "lower back pain. Log each walk and your pain (0-10); every day it "
            "says what to walk next, from short walks two or three times a day "
            "to one long walk, and it shows your progress. It never diagnoses: "
            "when an answer or a log suggests something serious, it says to seek "
            "care and stops progressing. With no command it shows today's "
            "dashboard."
        ),
        ".SH GLOBAL OPTIONS",
    ]
    for param in group.params:
        if param.opts and param.opts[0] in ("--db", "--version", "-h", "--help"):
            out += _param(param)
    out.append(".SH COMMANDS")
    for name, command in group.commands.items():
        if command.hidden:
            continue
        arguments = " ".join(
            p.metavar or p.name.upper()
            for p in command.params
            if p.param_type_name == "argument"
        )
        title = " ".join(filter(None, ("walkcoach", name, arguments)))
        out.append(f'.SS "{roff(title)}"')
        out.append(roff(" ".join((command.help or "").split())))
        for param in command.params:
            if not getattr(param, "hidden", False):
                out += _param(param)
    out.append(".SH ENVIRONMENT")
    for var, text in ENVIRONMENT:
        out += [".TP", f"\\fB{roff(var)}\\fR", roff(text)]
    out += [
        ".SH FILES",
        ".TP",
        "\\fI$XDG_DATA_HOME/walkcoach/walkcoach.db\\fR",
        roff(
            "The database on Linux (the per-user data folder elsewhere), private "
            "to you; walkcoach path prints where yours is, and its backup folder."
        ),
        ".SH EXIT STATUS",
    ]
    for code, text in EXIT_STATUS:
        out += [".TP", f"\\fB{code}\\fR", roff(text)]
    out += [
        ".SH SEE ALSO",
        roff(
            "walkcoach COMMAND --help; the README and docs/ of the source "
            "distribution: how the plan works, the safety questions and their "
            "sources, the data formats."
        ),
        "",
    ]
    return "\n".join(out)


def _lower_first(text: str) -> str:
    """'A coach for …' as a man page's NAME line has it: 'a coach for …'."""
    return text[:1].lower() + text[1:].rstrip(".")
