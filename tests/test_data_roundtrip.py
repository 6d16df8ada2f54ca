"""Export and import: lossless round trips, idempotent merges, and undo."""

import csv
import io
import json
import sqlite3
import stat
import tempfile
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ok, run
from walkcoach.core.models import STORED_SYMPTOMS, Entry, Kind
from walkcoach.storage.store import ENTRY_COLUMNS, open_store

ZONES = [
    timezone(timedelta(hours=1)),
    timezone(timedelta(hours=2)),
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(-timedelta(hours=9, minutes=30)),
]
TRICKY_NOTES = [
    'park, "loop"',
    "line one\nline two",
    "cr\r\nlf",
    "lone\rreturn",
    ",",
    '"',
    "",
    " padded ",
    "ünïcode ☃ 🚶 ✓",
    "semi;colon",
    "nul\x00byte",
    "tab\tand\u2028separator",
]
notes = st.one_of(
    st.none(),
    st.sampled_from(TRICKY_NOTES),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
pains = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(list(Kind)))
    at = draw(
        st.datetimes(
            min_value=datetime(2019, 1, 1),
            max_value=datetime(2026, 11, 24),
            timezones=st.sampled_from(ZONES),
        )
    )
    fields: dict[str, Any] = {}
    if kind is Kind.WALK:
        fields = {
            "minutes": draw(st.floats(0, 600, exclude_min=True)),
            "pain_before": draw(pains),
            "pain_after": draw(pains),
            "distance_km": draw(
                st.none() | st.floats(0, 1000, exclude_min=True, exclude_max=True)
            ),
            "steps": draw(st.none() | st.integers(1, 200_000)),
        }
    if kind is Kind.PAIN:
        fields = {"pain": draw(st.integers(0, 10))}
    if kind in (Kind.WALK, Kind.PAIN):
        fields["symptoms"] = tuple(
            draw(st.lists(st.sampled_from(STORED_SYMPTOMS), unique=True, max_size=5))
        )
    return Entry(
        kind=kind,
        at=at,
        note=draw(notes),
        uuid=str(draw(st.uuids(version=4))),
        **fields,
    )


histories = st.lists(entries(), max_size=25, unique_by=lambda e: e.uuid)


def make_db(path: Path, history: list[Entry], gone: Iterable[int] = ()) -> None:
    """A database holding `history` (ids 1..n), less the ids in `gone`."""
    store = open_store(path)
    store.add_many(history, "test history")
    with store.transaction():
        store.conn.executemany(
            "DELETE FROM entries WHERE id = ?", [(i,) for i in sorted(gone)]
        )
    store.close()


def export(db: Path, fmt: str, out: Path) -> bytes:
    ok("--db", str(db), "export", "--format", fmt, "--output", str(out))
    return out.read_bytes()


def records(db: Path) -> list[dict[str, Any]]:
    data = json.loads(ok("--db", str(db), "export").stdout)
    assert isinstance(data, list)
    return data


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(history=histories, data=st.data())
def test_export_import_export_is_byte_identical(
    history: list[Entry], data: st.DataObject
) -> None:
    gone = data.draw(st.sets(st.integers(1, max(1, len(history)))))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_db(folder / "a.db", history, gone)
        for fmt in ("json", "csv"):
            first = export(folder / "a.db", fmt, folder / f"first.{fmt}")
            fresh = folder / f"fresh-{fmt}.db"
            ok("--db", str(fresh), "import", str(folder / f"first.{fmt}"))
            again = export(fresh, fmt, folder / f"again.{fmt}")
            assert again == first
        # The two formats carry the same entries (CSV has no empty-text note).
        from_json = records(folder / "fresh-json.db")
        from_csv = records(folder / "fresh-csv.db")
        for entry in from_json:
            entry["note"] = entry["note"] or None
        assert from_csv == from_json


def test_export_json_is_the_entry_json_of_history(db_path: Path) -> None:
    ok("log", "12.5", "-b", "3", "-a", "2", "--when", "yesterday 7pm", "--leg-pain")
    ok("pain", "2", "--when", "today 7:00", "--note", "woke up stiff")
    ok("rest", "--when", "3 days ago", "--flare")
    exported = json.loads(ok("export").stdout)
    shown = json.loads(ok("history", "--json", "--since", "2020-01-01").stdout)
    assert sorted(exported, key=lambda e: e["id"]) == sorted(
        shown, key=lambda e: e["id"]
    )
    assert list(exported[0]) == ENTRY_COLUMNS
    assert exported[0]["symptoms"] == ["leg-pain"]


def test_csv_has_the_same_columns_and_null_is_empty(db_path: Path) -> None:
    ok("log", "10", "--note", 'a "quoted", note\nover two lines', "--limp", "--sharp")
    ok("pain", "4")
    text = ok("export", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ENTRY_COLUMNS
    walk = dict(zip(rows[0], rows[1], strict=True))
    assert walk["symptoms"] == "limp;sharp"
    assert walk["note"] == 'a "quoted", note\nover two lines'
    assert walk["pain_before"] == "" and walk["pain"] == ""
    assert walk["minutes"] == "10"  # a whole number as one (issue 17)
    check_in = dict(zip(rows[0], rows[2], strict=True))
    assert check_in["pain"] == "4" and check_in["minutes"] == ""


def test_export_file_is_private_and_equals_stdout(db_path: Path) -> None:
    ok("log", "10")
    out = db_path.parent / "mine.json"
    result = ok("export", "--output", str(out))
    assert f"Exported 1 entry to {out} (json)." in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text() == ok("export").stdout
    assert not list(db_path.parent.glob(".*partial"))


def test_export_of_an_empty_database(tmp_path: Path) -> None:
    assert ok("export").stdout == "[]\n"
    ok("export", "-f", "csv", "-o", str(tmp_path / "empty.csv"))
    header = ",".join(ENTRY_COLUMNS) + "\r\n"  # RFC 4180 line ends
    assert (tmp_path / "empty.csv").read_bytes() == header.encode()
    result = ok("import", str(tmp_path / "empty.csv"))
    assert "holds no entries; nothing to import" in result.stdout


def test_export_refuses_a_bad_format_and_the_database_itself(db_path: Path) -> None:
    ok("log", "10")
    before = db_path.read_bytes()
    result = run("export", "--format", "xml")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --format must be json or csv, got 'xml'\n",
    )
    result = run("export", "--output", str(db_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --output {db_path} is the database {db_path} or one of its side "
        "files; choose a new file\n"
    )
    assert db_path.read_bytes() == before


def test_importing_the_same_file_twice_adds_nothing(db_path: Path) -> None:
    ok("log", "10", "--when", "yesterday 8am")
    ok("pain", "3", "--when", "today 7:00")
    out = db_path.parent / "mine.csv"
    ok("export", "-f", "csv", "-o", str(out))
    result = ok("import", str(out))
    assert "Nothing new: all 2 entries of mine.csv are already here." in result.stdout
    fresh = db_path.parent / "fresh.db"
    ok("--db", str(fresh), "import", str(out))
    assert count(fresh) == 2
    result = ok("--db", str(fresh), "import", str(out))
    assert "Nothing new" in result.stdout
    assert count(fresh) == 2


def test_merging_two_devices_gives_the_union(tmp_path: Path) -> None:
    shared = [walk(day, 10) for day in (1, 2)]
    phone = tmp_path / "phone.db"
    laptop = tmp_path / "laptop.db"
    make_db(phone, [*shared, walk(3, 12), walk(4, 14)])
    make_db(laptop, [*shared, walk(3, 11)])
    export(phone, "json", tmp_path / "phone.json")
    export(laptop, "csv", tmp_path / "laptop.csv")
    result = ok("--db", str(laptop), "import", str(tmp_path / "phone.json"))
    assert "Imported 2 entries from phone.json (2 already here)." in result.stdout
    result = ok("--db", str(phone), "import", str(tmp_path / "laptop.csv"))
    assert "Imported 1 entry from laptop.csv (2 already here)." in result.stdout

    def by_uuid(db: Path) -> dict[str, dict[str, Any]]:
        return {r["uuid"]: {**r, "id": None} for r in records(db)}

    assert by_uuid(phone) == by_uuid(laptop)
    assert len(by_uuid(phone)) == 5
    # Ids already taken are not reused: the merged entries come after.
    assert [r["id"] for r in records(laptop)] == [1, 2, 3, 4, 5]


def test_undo_after_import_removes_exactly_the_imported_rows(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    make_db(mine, [walk(1, 10), walk(2, 11)])
    before = export(mine, "json", tmp_path / "before.json")
    other = tmp_path / "other.db"
    make_db(other, [walk(d, 20 + d) for d in range(3, 9)])
    export(other, "csv", tmp_path / "o.csv")
    ok("--db", str(mine), "import", str(tmp_path / "o.csv"))
    assert count(mine) == 8
    result = ok("--db", str(mine), "undo")
    assert result.stdout == "Undid the import of 6 entries from o.csv.\n"
    assert export(mine, "json", tmp_path / "after.json") == before


def test_import_writes_a_backup_first(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    make_db(mine, [walk(1, 10)])
    other = tmp_path / "other.db"
    make_db(other, [walk(2, 10)])
    export(other, "json", tmp_path / "o.json")
    result = ok("--db", str(mine), "import", str(tmp_path / "o.json"))
    [copy] = (tmp_path / "mine.db.backups").glob("mine.db-*-import.db")
    assert str(copy) in result.stdout
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_history_json_can_be_imported(db_path: Path) -> None:
    ok("log", "10", "-b", "2", "-a", "3", "--when", "yesterday 9am", "--numbness")
    ok("rest", "--when", "today")
    shown = db_path.parent / "history.txt"  # no extension: told apart by content
    shown.write_text(ok("history", "--json").stdout)
    fresh = db_path.parent / "fresh.db"
    ok("--db", str(fresh), "import", str(shown))
    assert records(fresh) == records(db_path)


def walk(day: int, minutes: float) -> Entry:
    at = datetime(2026, 11, day, 8, tzinfo=timezone(timedelta(hours=1)))
    return Entry(kind=Kind.WALK, at=at, minutes=minutes, uuid=str(uuid.uuid4()))
