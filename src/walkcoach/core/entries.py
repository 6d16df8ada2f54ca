"""What an entry may hold, defined once: the fields of each kind, their limits,
the parsing of typed values, and the entry's flat record and JSON shape.

The command line (log, pain, edit), the import of files and every future reader
(a walk timer, a device) check values here, so a limit or a message has one
owner. Every check raises InvalidInput: the CLI's one wrapper turns it into one
`Error:` line and exit code 2; an importer adds which entry it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from walkcoach.core.dates import format_day, format_when
from walkcoach.core.errors import InvalidInput
from walkcoach.core.models import KM_PER_MILE, Entry, Kind

# SPEC §4 limits.
MAX_MINUTES = 600  # a walk's minutes: more than 0 and at most this
PAIN_MIN, PAIN_MAX = 0, 10
MAX_DISTANCE = 1000  # km (or miles as typed): more than 0 and under this
MAX_STEPS = 200_000
MAX_ID = 2**63 - 1  # SQLite's largest rowid
# The ids walkcoach keeps and takes: below 2**53, exact in every JSON reader
# (JavaScript too), and far from 2**63 - 1, past which SQLite picks ids at random.
LARGEST_ID = 2**53 - 1
# The longest note, typed or imported (a 10 MB note once took minutes to show).
MAX_NOTE_CHARS = 10_000

# The fields of an entry, in the order of the stored row, CSV and JSON (SPEC §3).
FIELDS = (
    "id uuid kind at date minutes pain_before pain_after pain distance_km steps "
    "symptoms note"
).split()
# The fields each kind may carry besides id, uuid, kind, at, date and note.
KIND_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.WALK: frozenset(
        {"minutes", "pain_before", "pain_after", "distance_km", "steps", "symptoms"}
    ),
    Kind.PAIN: frozenset({"pain", "symptoms"}),
    Kind.REST: frozenset(),
    Kind.FLARE: frozenset(),
}
KM_PER_UNIT = {"km": 1.0, "mi": KM_PER_MILE}


def check_fields(kind: Kind, fields: set[str], option: bool = True) -> None:
    """Refuse a field that `kind` does not carry (`option`: name it as a flag)."""
    wrong = sorted(fields - KIND_FIELDS[kind] - {"at", "note"})
    if wrong == ["symptoms"]:
        raise InvalidInput(f"a {kind.value} entry has no symptom flags")
    if wrong:
        name = wrong[0]
        shown = "--" + name.replace("_km", "").replace("_", "-") if option else name
        raise InvalidInput(f"a {kind.value} entry has no {shown}")


def parse_minutes(text: str, name: str = "MINUTES") -> float:
    """A number of minutes: > 0 and at most 600, decimals allowed."""
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(
            f"{name} must be a number of minutes like 12 or 12.5, got {text!r}"
        ) from None
    if not 0 < value <= MAX_MINUTES:  # NaN fails this too
        raise InvalidInput(
            f"{name} must be more than 0 and at most {MAX_MINUTES}, got {text!r}"
        )
    return value


def parse_pain(text: str | None, name: str) -> int | None:
    """A pain level: a whole number 0-10."""
    if text is None:
        return None
    problem = f"{name} must be a whole number from {PAIN_MIN} to {PAIN_MAX}"
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{problem}, got {text!r}") from None
    if not PAIN_MIN <= value <= PAIN_MAX:
        raise InvalidInput(f"{problem}, got {text!r}")
    return value


def parse_distance(text: str | None) -> tuple[float, str | None] | None:
    """A distance from `1.2`, `1.2km` or `0.8mi`: (number, unit or None)."""
    if text is None:
        return None
    raw = text.strip().lower().replace(" ", "")
    unit = next((u for u in KM_PER_UNIT if raw.endswith(u)), None)
    try:
        value = float(raw[: -len(unit)] if unit else raw)
    except ValueError:
        raise InvalidInput(
            f"--distance must be a number with an optional km or mi, got {text!r}"
        ) from None
    if not 0 < value < MAX_DISTANCE:
        raise InvalidInput(
            f"--distance must be more than 0 and under {MAX_DISTANCE}, got {text!r}"
        )
    return value, unit


def distance_km(distance: tuple[float, str | None] | None, units: str) -> float | None:
    """The parsed distance in km; a bare number is in the user's setup unit."""
    if distance is None:
        return None
    value, unit = distance
    return round(value * KM_PER_UNIT[unit or units], 3)


def parse_steps(text: str | None) -> int | None:
    """A positive whole number of steps."""
    if text is None:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"--steps must be a whole number, got {text!r}") from None
    if not 0 < value <= MAX_STEPS:
        raise InvalidInput(f"--steps must be between 1 and {MAX_STEPS}, got {text!r}")
    return value


def parse_note(text: str | None, option: str = "--note") -> str | None:
    """Free text, kept as typed; empty means none."""
    if not text:
        return None
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"{option}: {note_too_long(len(text))}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{option} holds bytes that are not text in your terminal's encoding"
        ) from None
    return text


def note_too_long(length: int) -> str:
    """Why a note is refused (the command line and import say the same)."""
    return f"note is {length:,} characters long; at most {MAX_NOTE_CHARS:,}"


# -- the entry as a flat record and as JSON -----------------------------------


def to_record(entry: Entry) -> dict[str, Any]:
    """An entry as its flat record: the stored row and the CSV columns
    (symptoms joined with `;`)."""
    return {
        "id": entry.id,
        "uuid": entry.uuid,
        "kind": entry.kind.value,
        "at": entry.at.isoformat(),
        "date": entry.day.isoformat(),
        "minutes": entry.minutes,
        "pain_before": entry.pain_before,
        "pain_after": entry.pain_after,
        "pain": entry.pain,
        "distance_km": entry.distance_km,
        "steps": entry.steps,
        "symptoms": ";".join(entry.symptoms) or None,
        "note": entry.note,
    }


def from_record(row: Mapping[str, Any]) -> Entry:
    """The inverse of to_record."""
    return Entry(
        id=row["id"],
        uuid=row["uuid"],
        kind=Kind(row["kind"]),
        at=datetime.fromisoformat(row["at"]),
        minutes=row["minutes"],
        pain_before=row["pain_before"],
        pain_after=row["pain_after"],
        pain=row["pain"],
        distance_km=row["distance_km"],
        steps=row["steps"],
        symptoms=tuple(row["symptoms"].split(";")) if row["symptoms"] else (),
        note=row["note"],
    )


def record_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """The entry JSON of SPEC §3 from a flat record: symptoms as a list."""
    out = {name: row[name] for name in FIELDS}
    out["symptoms"] = row["symptoms"].split(";") if row["symptoms"] else []
    return out


def entry_json(entry: Entry) -> dict[str, Any]:
    """The entry JSON of SPEC §3."""
    return record_json(to_record(entry))


# -- an entry in words (confirmations, the undo journal, tables) ----------------


def minutes_text(value: float) -> str:
    """12 -> '12', 12.5 -> '12.5', a timed 6 min 20 s (6.333…) -> '6.3'."""
    return f"{round(value, 1):g}"


KIND_NAMES = {
    Kind.WALK: "walk",
    Kind.PAIN: "pain check-in",
    Kind.REST: "rest day",
    Kind.FLARE: "flare-up day",
}


def entry_label(entry: Entry, with_id: bool = True) -> str:
    """'walk #12', or 'walk' before it has an id."""
    name = KIND_NAMES[entry.kind]
    return f"{name} #{entry.id}" if with_id and entry.id is not None else name


def entry_details(entry: Entry, now: datetime) -> str:
    """'20 min, pain 3 → 2, Tue 24 Nov 19:00'."""
    parts: list[str] = []
    if entry.kind is Kind.WALK and entry.minutes is not None:
        parts.append(f"{minutes_text(entry.minutes)} min")
        if entry.pain_before is not None or entry.pain_after is not None:
            parts.append(
                f"pain {pain_text(entry.pain_before)} → {pain_text(entry.pain_after)}"
            )
    if entry.kind is Kind.PAIN:
        parts.append(f"pain {entry.pain}")
    if entry.symptoms:
        parts.append(", ".join(entry.symptoms))
    if entry.kind in (Kind.REST, Kind.FLARE):
        parts.append(format_day(entry.day, now.date()))
    else:
        parts.append(format_when(entry.at, now))
    return ", ".join(parts)


def describe(entry: Entry, now: datetime, with_id: bool = True) -> str:
    """One line naming an entry: 'walk #12: 20 min, pain 3 → 2, Tue 24 Nov 19:00'."""
    return f"{entry_label(entry, with_id)}: {entry_details(entry, now)}"


def pain_text(value: int | None) -> str:
    """A pain value, or ? when not given."""
    return "?" if value is None else str(value)
