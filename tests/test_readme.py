"""The README's transcripts are real: each block is replayed and must match.

Run `python -m tests.test_readme` to rewrite the blocks from real output.
"""

import os
import re
import shlex
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from walkcoach.cli.app import app

README = Path(__file__).parents[1] / "README.md"
BLOCK = re.compile(
    r"(<!-- transcript now=(?P<now>\S+) -->\n```console\n)(?P<body>.*?)(```)",
    re.S,
)


def commands(body: str) -> list[str]:
    return [line[2:] for line in body.splitlines() if line.startswith("$ ")]


def replay(now: str, lines: list[str], db: Path) -> str:
    """Run each `walkcoach …` line on one database and give the transcript."""
    out: list[str] = []
    for line in lines:
        args = shlex.split(line)
        assert args[0] == "walkcoach", line
        env = {"WALKCOACH_DB": str(db), "WALKCOACH_NOW": now, "NO_COLOR": "1"}
        result = CliRunner().invoke(app, args[1:], env=env)
        assert result.exit_code == 0, (line, result.stdout, result.stderr)
        out.append(f"$ {line}\n{result.stdout}")
    return "".join(out)


def blocks(text: str) -> list[re.Match[str]]:
    return list(BLOCK.finditer(text))


def _pinned_environment() -> None:
    os.environ.update({"TZ": "Europe/Amsterdam", "COLUMNS": "80"})
    time.tzset()


def test_readme_transcripts_match_real_output(tmp_path: Path) -> None:
    found = blocks(README.read_text())
    assert found, "README has no transcript blocks"
    for index, match in enumerate(found):
        db = tmp_path / f"readme{index}.db"
        expected = match["body"]
        assert replay(match["now"], commands(expected), db) == expected


if __name__ == "__main__":
    _pinned_environment()
    text = README.read_text()
    with tempfile.TemporaryDirectory() as folder:
        for index, match in enumerate(reversed(blocks(text))):
            body = replay(
                match["now"], commands(match["body"]), Path(folder) / str(index)
            )
            text = text[: match.start("body")] + body + text[match.end("body") :]
    README.write_text(text)
    sys.exit(0)
