"""A bad import file: every bad row named by its line, exit 2, nothing written;
and a fuzz test that no file, however odd, gets a traceback or a half import."""

import atexit
import csv
import io
import json
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.helpers import ok, run
from walkcoach.storage.store import ENTRY_COLUMNS

UUID = "6f1c2a9e-8d4b-4f0e-9a57-3b2c1d0e4f5{}"
GOOD: dict[str, Any] = {
    "id": 1,
    "uuid": UUID.format(0),
    "kind": "walk",
    "at": "2026-11-24T19:00:00+01:00",
    "date": "2026-11-24",
    "minutes": 12.0,
    "pain_before": 3,
    "pain_after": 2,
    "pain": None,
    "distance_km": 1.1,
    "steps": 1450,
    "symptoms": ["leg-pain"],
    "note": "park loop",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the database's folder (backups included), by name."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(ENTRY_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                ";".join(v) if isinstance(v, list) else "" if v is None else v
                for v in (row.get(c) for c in ENTRY_COLUMNS)
            ]
        )
    return out.getvalue()


def refused(result: Result) -> list[str]:
    """The stderr lines of a refused import (exit 2, never a traceback)."""
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("Error: ")
    assert "nothing was imported" in lines[-1]
    return lines


@pytest.fixture
def seeded(db_path: Path) -> Path:
    ok("log", "10", "--when", "yesterday 9am")
    return db_path


def test_each_bad_row_is_named_by_its_line(seeded: Path, tmp_path: Path) -> None:
    rows = [
        dict(GOOD, note="two\nlines"),  # record on lines 2-3
        dict(GOOD, uuid=UUID.format(1), pain_after=11),  # line 4
        dict(GOOD, uuid=UUID.format(2), at="2026-11-24T19:00:00"),  # line 5
        dict(GOOD, uuid=UUID.format(3), kind="run"),  # line 6
        dict(GOOD, uuid=UUID.format(4), kind="rest"),  # line 7: a rest has no minutes
        dict(GOOD, uuid=UUID.format(5), date="2026-11-25"),  # line 8
        dict(GOOD, uuid=UUID.format(6), symptoms=["limp", "zap"]),  # line 9
        dict(GOOD),  # line 10: the uuid of line 2 again
        dict(GOOD, uuid="not-a-uuid"),  # line 11
        dict(GOOD, uuid=""),  # line 12
    ]
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(rows))
    before = snapshot(seeded.parent)
    lines = refused(run("import", str(path)))
    assert lines == [
        "bad.csv line 4: pain_after must be a whole number from 0 to 10, got '11'",
        "bad.csv line 5: at must be an ISO date-time with its UTC offset, like "
        "2026-11-24T19:00:00+01:00, got '2026-11-24T19:00:00'",
        "bad.csv line 6: kind must be walk, pain, rest or flare, got 'run'",
        "bad.csv line 7: a rest entry has no minutes (got 12.0)",
        "bad.csv line 8: date '2026-11-25' is not the day of at (2026-11-24)",
        "bad.csv line 9: symptoms: unknown 'zap' (known: leg-pain, numbness, limp, "
        "sharp, leg-weakness, joint-pain, saddle-numbness, bladder, "
        "numbness-both-legs, leg-weakness-urgent)",
        f"bad.csv line 10: uuid {UUID.format(0)} is also on line 2",
        "bad.csv line 11: uuid must be a UUID like "
        "6f1c2a9e-8d4b-4f0e-9a57-3b2c1d0e4f5a, got 'not-a-uuid'",
        "bad.csv line 12: uuid is missing",
        "Error: 9 bad rows in bad.csv (listed above); nothing was imported: fix "
        "them and import again",
    ]
    assert snapshot(seeded.parent) == before


def test_one_bad_record_is_one_line(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps([GOOD, dict(GOOD, uuid=UUID.format(1), minutes=0)], indent=2)
    )
    before = snapshot(seeded.parent)
    result = run("import", str(path))
    assert refused(result) == [
        "Error: one.json record 2 (line 19): minutes must be a number more than 0 "
        "and at most 600, got 0; nothing was imported"
    ]
    assert snapshot(seeded.parent) == before


def test_many_bad_rows_are_listed_up_to_ten(seeded: Path, tmp_path: Path) -> None:
    rows = [dict(GOOD, uuid=str(uuid.UUID(int=n)), steps=0) for n in range(25)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(rows))
    lines = refused(run("import", str(path)))
    assert len(lines) == 11
    assert lines[-1].startswith("Error: 25 bad rows in many.json (listed above, 15 ")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("e.json", "", "e.json is empty, not a walkcoach export"),
        ("s.json", "   \n ", "s.json is empty, not a walkcoach export"),
        ("o.json", '{"uuid": 1}', "o.json line 1: a walkcoach JSON export is a list"),
        ("c.json", "id,uuid\n", "is it a CSV file? name it .csv"),
        ("t.json", "[" + json.dumps(GOOD) + ",]", "a comma before ']' is not JSON"),
        ("u.json", "[" + json.dumps(GOOD), "the list is not closed with ']'"),
        ("m.json", "[" + json.dumps(GOOD) + "] []", "more text after the end"),
        ("n.json", "[1]", "record 1 (line 1): is a number, not an entry"),
        ("f.json", '[{"colour": "red"}]', "record 1 (line 1): unknown field 'colour'"),
        ("x.csv", "id,uuid,kind,at,colour\n", "x.csv line 1: unknown column 'colour'"),
        ("k.csv", "id,uuid,at\n", "k.csv line 1: the column kind is missing"),
        ("d.csv", "uuid,kind,at,uuid\n", "line 1: the column uuid appears twice"),
        ("q.csv", 'uuid,kind,at\n"a"b,walk,x\n', "q.csv line 2: "),
        ("b.csv", "uuid,kind,at\n\udcff", "b.csv is not UTF-8 text"),
    ],
)
def test_a_file_that_cannot_be_read_on(
    seeded: Path, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = snapshot(seeded.parent)
    [line] = refused(run("import", str(path)))
    assert message in line
    assert snapshot(seeded.parent) == before


def test_a_missing_file_or_a_folder_is_bad_input(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: FILE: no such file")
    result = run("import", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_a_database_is_not_an_export(seeded: Path) -> None:
    ok("backup", str(seeded.parent / "copy.db"))
    [line] = refused(run("import", str(seeded.parent / "copy.db")))
    assert line.startswith("Error: copy.db is an SQLite database, not an export")


def test_format_is_told_by_content_without_an_extension(
    db_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "a").write_text(json.dumps([GOOD]))
    (tmp_path / "b").write_text(csv_text([dict(GOOD, uuid=UUID.format(1))]))
    ok("import", str(tmp_path / "a"))
    ok("import", str(tmp_path / "b"))
    exported = json.loads(ok("export").stdout)
    assert [e["uuid"] for e in exported] == [UUID.format(0), UUID.format(1)]
    assert exported[0] == GOOD  # kept its id in the empty database


# -- fuzz ---------------------------------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=8), max_size=3),
    st.sampled_from(["", "walk", "pain", "rest", "flare", "1e309", "NaN", " 3 "]),
    st.sampled_from(["2026-11-24T19:00:00+01:00", "2026-11-24", "leg-pain;limp"]),
    st.sampled_from([UUID.format(7), UUID.format(8).upper(), "\ud800", "\x00"]),
)
# Good records with a few fields replaced by junk (often none, so that imports
# that succeed are fuzzed too).
records = st.lists(
    st.tuples(
        st.uuids(),
        st.dictionaries(st.sampled_from([*ENTRY_COLUMNS, "extra"]), junk, max_size=2),
    ).map(lambda t: {**GOOD, "id": None, "uuid": str(t[0]), **t[1]}),
    max_size=4,
)
TEMPLATE: list[Path] = []


def fuzz_db() -> Path:
    """A copy of one small database (made once), in a fresh folder."""
    if not TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="walkcoach-fuzz-"))
        atexit.register(shutil.rmtree, folder, True)
        ok("--db", str(folder / "t.db"), "log", "10", "--when", "yesterday 9am")
        TEMPLATE.append(folder / "t.db")
    folder = Path(tempfile.mkdtemp(prefix="walkcoach-fuzz-"))
    shutil.copy(TEMPLATE[0], folder / "w.db")
    return folder / "w.db"


def import_never_breaks(db: Path, path: Path, rows: int | None = None) -> None:
    """Import `path`: exit 0 with every row added (when `rows` is known), or
    exit 2 with `Error:` and not a byte written; never a traceback."""
    before = snapshot(db.parent)
    result = run("--db", str(db), "import", str(path))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        assert result.stderr == ""
        if rows is not None:
            with sqlite3.connect(db) as conn:
                stored = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            conn.close()
            assert stored == 1 + rows
    else:
        assert result.exit_code == 2, result.stderr
        assert result.stderr.splitlines()[-1].startswith("Error: ")
        assert snapshot(db.parent) == before
    shutil.rmtree(db.parent)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(rows=records)
def test_fuzz_json_rows(rows: list[dict[str, Any]]) -> None:
    db = fuzz_db()
    path = db.parent / "in.json"
    path.write_text(json.dumps(rows, ensure_ascii=True))
    import_never_breaks(db, path, len(rows))


@FUZZ
@given(rows=records)
def test_fuzz_csv_rows(rows: list[dict[str, Any]]) -> None:
    db = fuzz_db()
    path = db.parent / "in.csv"
    text = csv_text(rows)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    import_never_breaks(db, path, len(rows))


@FUZZ
@given(text=st.text(max_size=200) | st.binary(max_size=200).map(repr))
def test_fuzz_any_text(text: str) -> None:
    for name in ("in.json", "in.csv", "in"):
        db = fuzz_db()
        path = db.parent / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        import_never_breaks(db, path)
