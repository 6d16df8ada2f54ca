"""walkcoach's own export formats, JSON and CSV, written and read row by row.

The JSON export is a list of SPEC §3 entry objects, one per line; the CSV has the
same columns, `symptoms` joined with `;` and an empty field for null. Writing
streams rows from a cursor, and reading streams them from the file, so neither
holds a whole history in memory. No database here: `cmd_data` wires files and
the store to these functions.
"""

from __future__ import annotations

import csv
import json
import re
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from walkcoach.core.dates import EARLIEST_YEAR
from walkcoach.core.entries import FIELDS as ENTRY_COLUMNS
from walkcoach.core.entries import (
    KIND_FIELDS,
    MAX_DISTANCE,
    MAX_ID,
    MAX_MINUTES,
    MAX_NOTE_CHARS,
    MAX_STEPS,
    PAIN_MAX,
    PAIN_MIN,
    note_too_long,
    record_json,
)
from walkcoach.core.models import STORED_SYMPTOMS, Entry, Kind

FORMATS = ("json", "csv")
REQUIRED = ("uuid", "kind", "at")
COLUMNS = frozenset(ENTRY_COLUMNS)
CHUNK = 1 << 16

Tick = Callable[[], None]


class BadFile(Exception):
    """The file as a whole cannot be read (not UTF-8, not a list, bad header)."""


# -- writing --------------------------------------------------------------------


def write_json(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write a JSON list, one entry per line, as the rows come; the count."""
    count = 0
    for row in rows:
        out.write("[\n" if count == 0 else ",\n")
        out.write(json.dumps(record_json(row), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write a header and one CSV line per entry (RFC 4180 quoting); the count."""
    writer = csv.writer(out)
    writer.writerow(ENTRY_COLUMNS)
    count = 0
    for row in rows:
        cells = [_cell(row[name]) for name in ENTRY_COLUMNS]
        cells[NOTE] = guard_formula(cells[NOTE])
        writer.writerow(cells)
        count += 1
    return count


NOTE = ENTRY_COLUMNS.index("note")
# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @,
# tab and carriage return. Such a note is written with a leading ' (which the
# spreadsheet shows as text), and so is one that already starts with quotes
# before such a character, so that the import can take exactly one off again.
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_GUARDED = re.compile("'+[=+\\-@\t\r]")


def guard_formula(cell: str) -> str:
    """The cell as written to CSV: `'` before a formula-leading character."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unguard_formula(cell: str) -> str:
    """The inverse of guard_formula, for reading a CSV export back."""
    return cell[1:] if _GUARDED.match(cell) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # A whole number as one (12, not 12.0), so that spreadsheets and pandas
        # read whole columns as integers; otherwise the shortest text that
        # reads back as the same float.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


WRITERS = {"json": write_json, "csv": write_csv}


# -- reading --------------------------------------------------------------------


def detect_format(path: Path, head: str) -> str:
    """`json` or `csv`: by the file's extension, else by its first character."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return "json" if head.lstrip("\ufeff \t\r\n")[:1] in ("[", "{") else "csv"


def read_rows(fp: TextIO, fmt: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(where, raw record) for each record: `where` names its line (and record
    number), and the raw record is a str when it is already known to be bad.
    Raises BadFile when the file itself cannot be read on."""
    try:
        if fmt == "json":
            yield from _json_rows(fp)
        else:
            yield from _csv_rows(fp)
    except UnicodeDecodeError:
        raise BadFile("is not UTF-8 text") from None


def _csv_rows(fp: TextIO) -> Iterator[tuple[str, dict[str, Any] | str]]:
    csv.field_size_limit(1 << 24)
    reader = csv.reader(fp, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise BadFile(f"line 1: {error}") from None
    if header is None:
        raise BadFile("is empty, not a walkcoach export")
    names = [name.strip().lstrip("\ufeff") for name in header]
    for name in names:
        if name not in ENTRY_COLUMNS:
            raise BadFile(
                f"line 1: unknown column {_show(name)} (a walkcoach CSV export has "
                f"the columns {','.join(ENTRY_COLUMNS)})"
            )
        if names.count(name) > 1:
            raise BadFile(f"line 1: the column {name} appears twice")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise BadFile(f"line 1: the column {missing[0]} is missing")
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise BadFile(f"line {line}: {error}") from None
        if not cells:
            continue  # a blank line
        where = f"line {line}"
        if len(cells) != len(names):
            yield where, f"has {len(cells)} fields where the header has {len(names)}"
        else:
            yield where, dict(zip(names, cells, strict=True))


_SPACE = re.compile(r"[ \t\r\n]*")


class _JsonList:
    """Reads the objects of a JSON list one by one from a text stream."""

    def __init__(self, fp: TextIO) -> None:
        self.fp = fp
        self.buf = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self.decoder = json.JSONDecoder()

    def fill(self) -> bool:
        """Read more text; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.fp.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            assert match is not None
            self.advance(match.end())
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def value(self, number: int) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                # Cut off by the end of the buffer: read on and try again.
                cut = error.pos >= len(self.buf) - 8 or error.msg.startswith(
                    "Unterminated string"
                )
                if cut and self.fill():
                    continue
                self.advance(min(error.pos, len(self.buf)))
                raise BadFile(
                    f"record {number} (line {self.line}): not valid JSON ({error.msg})"
                ) from None
            except (ValueError, RecursionError) as error:
                raise BadFile(
                    f"record {number} (line {self.line}): not valid JSON ({error})"
                ) from None
            if end >= len(self.buf) and self.fill():
                continue  # a number may go on in the next chunk
            self.advance(end)
            return value


def _json_rows(fp: TextIO) -> Iterator[tuple[str, dict[str, Any] | str]]:
    text = _JsonList(fp)
    first = text.peek()
    if first == "\ufeff":
        text.advance(text.pos + 1)
        first = text.peek()
    if first == "":
        raise BadFile("is empty, not a walkcoach export")
    if first != "[":
        hint = " (is it a CSV file? name it .csv)" if first not in "{" else ""
        raise BadFile(
            f"line {text.line}: a walkcoach JSON export is a list of entries "
            f"starting with '[', not {_show(first)}{hint}"
        )
    text.advance(text.pos + 1)
    if text.peek() == "]":
        text.advance(text.pos + 1)
        _json_end(text)
        return
    number = 0
    while True:
        number += 1
        where = f"record {number} (line {text.line})"
        value = text.value(number)
        if isinstance(value, dict):
            yield where, value
        else:
            yield where, f"is {_json_type(value)}, not an entry object"
        after = text.peek()
        if after == ",":
            text.advance(text.pos + 1)
            if text.peek() == "]":
                raise BadFile(f"line {text.line}: a comma before ']' is not JSON")
            continue
        if after == "]":
            text.advance(text.pos + 1)
            _json_end(text)
            return
        if after == "":
            raise BadFile(f"line {text.line}: the list is not closed with ']'")
        raise BadFile(
            f"record {number} (line {text.line}): expected ',' or ']' after it, "
            f"found {_show(after)}"
        )


def _json_end(text: _JsonList) -> None:
    if text.peek() != "":
        raise BadFile(f"line {text.line}: more text after the end of the list")


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return "a number"


# -- checking one record ------------------------------------------------------------


def to_entry(
    raw: Mapping[str, Any], text: bool, latest: datetime | None = None
) -> Entry:
    """The entry a raw record describes; ValueError with what is wrong.

    `text` is True for CSV, where every value is a string and "" is null.
    `latest` is the latest moment accepted (now, plus a day for another
    device's clock or zone); no date before 1900 is accepted either.
    """
    for name in raw:
        if name not in COLUMNS:
            raise ValueError(f"unknown field {_show(name)}")
    if text:
        raw = {name: None if value == "" else value for name, value in raw.items()}
    get = raw.get
    for name in REQUIRED:
        if get(name) is None:
            raise ValueError(f"{name} is missing")
    uuid = _uuid(get("uuid"))
    kind = _kind(get("kind"))
    at = _at(get("at"))
    if at.year < EARLIEST_YEAR:
        raise ValueError(
            f"at {_show(get('at'))} is before {EARLIEST_YEAR}; check the year"
        )
    if latest is not None and at > latest:
        raise ValueError(
            f"at {_show(get('at'))} is in the future (after "
            f"{latest.isoformat(timespec='minutes')}); check the year and the "
            "device's clock"
        )
    day = get("date")
    if day is not None and day != at.date().isoformat():
        raise ValueError(
            f"date {_show(day)} is not the day of at ({at.date().isoformat()})"
        )
    values: dict[str, Any] = {
        "minutes": _number(get("minutes"), "minutes", MAX_MINUTES, text, True),
        "pain_before": _pain(get("pain_before"), "pain_before", text),
        "pain_after": _pain(get("pain_after"), "pain_after", text),
        "pain": _pain(get("pain"), "pain", text),
        "distance_km": _number(get("distance_km"), "distance_km", MAX_DISTANCE, text),
        "steps": _whole(get("steps"), "steps", 1, MAX_STEPS, text),
        "symptoms": _symptoms(get("symptoms"), text),
    }
    allowed = KIND_FIELDS[kind]
    for name, value in values.items():
        if value not in (None, ()) and name not in allowed:
            raise ValueError(f"a {kind.value} entry has no {name} (got {value!r})")
    if kind is Kind.WALK and values["minutes"] is None:
        raise ValueError("minutes is missing (a walk needs its minutes)")
    if kind is Kind.PAIN and values["pain"] is None:
        raise ValueError("pain is missing (a pain check-in needs its level)")
    return Entry(
        kind=kind,
        at=at,
        id=_whole(get("id"), "id", 1, MAX_ID, text),
        uuid=uuid,
        note=_note(get("note"), text),
        **values,
    )


def _show(value: Any) -> str:
    """A value as it appears in a message: quoted, short, on one line."""
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


_CANONICAL_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)


def _uuid(value: Any) -> str:
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # as every export writes it
    try:
        if not isinstance(value, str):
            raise ValueError
        return str(uuidlib.UUID(value))
    except ValueError:
        raise ValueError(
            f"uuid must be a UUID like 6f1c2a9e-8d4b-4f0e-9a57-3b2c1d0e4f5a, "
            f"got {_show(value)}"
        ) from None


def _kind(value: Any) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise ValueError(
            f"kind must be walk, pain, rest or flare, got {_show(value)}"
        ) from None


def _at(value: Any) -> datetime:
    problem = (
        "at must be an ISO date-time with its UTC offset, like "
        f"2026-11-24T19:00:00+01:00, got {_show(value)}"
    )
    if not isinstance(value, str):
        raise ValueError(problem)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(problem) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(problem)
    return moment


def _number(
    value: Any, name: str, high: float, text: bool, inclusive: bool = False
) -> float | None:
    if value is None:
        return None
    try:
        if text and isinstance(value, str):
            number = float(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            raise ValueError
    except (ValueError, OverflowError):
        number = -1.0
    if 0 < number < high or inclusive and number == high:
        return number
    limit = f"at most {high:g}" if inclusive else f"under {high:g}"
    raise ValueError(
        f"{name} must be a number more than 0 and {limit}, got {_show(value)}"
    )


def _whole(value: Any, name: str, low: int, high: int, text: bool) -> int | None:
    if value is None:
        return None
    try:
        if text and isinstance(value, str):
            number = int(value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise ValueError
    except ValueError:
        number = low - 1
    if low <= number <= high:
        return number
    raise ValueError(
        f"{name} must be a whole number from {low} to {high}, got {_show(value)}"
    )


def _pain(value: Any, name: str, text: bool) -> int | None:
    return _whole(value, name, PAIN_MIN, PAIN_MAX, text)


def _symptoms(value: Any, text: bool) -> tuple[str, ...]:
    if value is None or value == []:
        return ()
    if text and isinstance(value, str):
        names = value.split(";")
    elif isinstance(value, list) and all(isinstance(n, str) for n in value):
        names = value
    else:
        raise ValueError(
            f"symptoms must be a list of {', '.join(STORED_SYMPTOMS)}, "
            f"got {_show(value)}"
        )
    for name in names:
        if name not in STORED_SYMPTOMS:
            raise ValueError(
                f"symptoms: unknown {_show(name)} (known: {', '.join(STORED_SYMPTOMS)})"
            )
        if names.count(name) > 1:
            raise ValueError(f"symptoms: {name} appears twice")
    return tuple(names)


def _note(value: Any, text: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"note must be text, got {_show(value)}")
    note = unguard_formula(value) if text else value
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(note_too_long(len(note)))
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("note holds a broken character (a lone surrogate)") from None
    return note
