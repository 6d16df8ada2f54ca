"""Random text for `log`'s MINUTES, pain, --when and --distance: never a traceback,
and a refusal (one `Error:` line) never writes a byte."""

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ok, run

PLAUSIBLE = st.sampled_from(
    [
        "5",
        "12.5",
        "0",
        "-1",
        "601",
        "nan",
        "inf",
        "1e309",
        "0x10",
        " 7 ",
        "５",
        "3.0",
        "10",
        "11",
        "1.2km",
        "0.8 mi",
        "2KM",
        "km",
        "yesterday 7pm",
        "mon 9am",
        "now",
        "today",
        "3 days ago",
        "2026-11-20 07:30",
        "20/11/2026",
        "03/04",
        "tomorrow",
        "Nov 20 7:30pm",
        "25:99",
        "",
    ]
)
TEXT = st.one_of(PLAUSIBLE, st.text(max_size=20))
# Valid values often enough that the writes are fuzzed too, not only refusals.
MINUTES = st.sampled_from(["5", "12.5", " 30 ", "600"]) | TEXT
PAIN = st.none() | st.sampled_from(["0", "3", "10"]) | TEXT
WHEN = st.none() | st.sampled_from(["yesterday 7pm", "today 8:00", "mon"]) | TEXT
DISTANCE = st.none() | st.sampled_from(["1.2", "0.8mi", "2 km"]) | TEXT
TEMPLATE: list[Path] = []


def fresh_db() -> Path:
    if not TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="walkcoach-fuzz-"))
        atexit.register(shutil.rmtree, folder, True)
        ok("--db", str(folder / "t.db"), "log", "10", "--when", "yesterday 9am")
        ok("--db", str(folder / "t.db"), "today")
        TEMPLATE.append(folder / "t.db")
    folder = Path(tempfile.mkdtemp(prefix="walkcoach-fuzz-"))
    shutil.copy(TEMPLATE[0], folder / "w.db")
    return folder / "w.db"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    minutes=MINUTES,
    before=PAIN,
    after=PAIN,
    when=WHEN,
    distance=DISTANCE,
)
def test_log_never_breaks(
    minutes: str,
    before: str | None,
    after: str | None,
    when: str | None,
    distance: str | None,
) -> None:
    db = fresh_db()
    args = ["--db", str(db), "log", minutes]
    for flag, value in (
        ("--pain-before", before),
        ("--pain-after", after),
        ("--when", when),
        ("--distance", distance),
    ):
        if value is not None:
            args += [f"{flag}={value}"]
    before_run = snapshot(db.parent)
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        assert result.stdout.startswith("Logged walk #2")
    else:
        assert result.exit_code in (1, 2), (args, result.stderr)
        assert result.stderr.startswith("Error: ")
        assert result.stderr.count("\n") == 1, result.stderr
        assert snapshot(db.parent) == before_run
    shutil.rmtree(db.parent)
