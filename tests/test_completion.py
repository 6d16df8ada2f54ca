"""Shell completion of values (issue 17), driven as bash drives it: the script
`walkcoach --show-completion bash` prints, which calls walkcoach back through
the `_WALKCOACH_COMPLETE` environment protocol; and help without oddities."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ok
from walkcoach.cli.app import app
from walkcoach.cli.cmd_data import IMPORT_FORMATS
from walkcoach.cli.cmd_progress import REPORT_FORMATS
from walkcoach.core.dates import DAY_NAMES
from walkcoach.core.guidance import QUESTIONS, TOPICS
from walkcoach.storage.transfer import FORMATS

BIN = Path(sys.executable).parent
BASH = shutil.which("bash")


def protocol(*words: str) -> list[str]:
    """What walkcoach answers the shell for the command line `words` (the last
    one being completed), through the environment protocol alone."""
    env = dict(
        os.environ,
        _WALKCOACH_COMPLETE="complete_bash",
        COMP_WORDS=" ".join(("walkcoach", *words)),
        COMP_CWORD=str(len(words)),
    )
    done = subprocess.run(
        [str(BIN / "walkcoach")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def bash(*words: str, cwd: Path | None = None) -> list[str]:
    """COMPREPLY after bash's own completion function for `walkcoach WORDS`."""
    assert BASH is not None
    array = " ".join(shlex.quote(w) for w in ("walkcoach", *words))
    script = (
        'eval "$(walkcoach --show-completion bash)"\n'
        f"COMP_WORDS=({array}); COMP_CWORD={len(words)}\n"
        "_walkcoach_completion walkcoach\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    env.pop("_WALKCOACH_COMPLETE", None)
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@pytest.mark.slow
@needs_bash
def test_bash_completes_topics_formats_and_question_ids() -> None:
    assert bash("tips", "") == list(TOPICS)
    assert bash("tips", "p") == [t for t in TOPICS if t.startswith("p")]
    assert bash("export", "--format", "") == list(FORMATS)
    assert bash("check", "--yes", "") == [q.id for q in QUESTIONS]
    assert bash("setup", "--yes", "bl") == [
        q.id for q in QUESTIONS if q.id.startswith("bl")
    ]


@pytest.mark.slow
def test_the_protocol_completes_date_words_units_and_report_files(
    tmp_path: Path,
) -> None:
    words = ["now", "today", "yesterday", *(d.lower() for d in DAY_NAMES)]
    assert protocol("log", "5", "--when", "") == words
    assert protocol("history", "--since", "t") == ["today", "tuesday", "thursday"]
    assert protocol("rest", "--until", "sa") == ["saturday"]
    assert protocol("setup", "--units", "") == ["km", "mi"]
    assert protocol("setup", "--units", "m") == ["mi"]
    assert protocol("import", "--format", "") == list(IMPORT_FORMATS)
    assert protocol("import", "--format", "g") == ["gpx"]
    (tmp_path / "old.html").write_text("")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "sub").mkdir()
    folder = f"{tmp_path}/"
    assert protocol("report", "-o", folder) == [f"{folder}old.html", f"{folder}sub/"]
    assert protocol("report", "-o", f"{folder}rep") == [
        f"{folder}rep{suffix}" for suffix in REPORT_FORMATS
    ]


def test_help_shows_no_type_oddities() -> None:
    for info in app.registered_commands:
        assert info.name is not None
        out = ok(info.name, "--help").stdout
        assert "<str>" not in out, info.name
        usage = next(line for line in out.splitlines() if "Usage:" in line)
        assert "{" not in usage, (info.name, usage)
    usage = ok("pain", "--help").stdout
    assert "Usage: walkcoach pain [OPTIONS] LEVEL" in usage
