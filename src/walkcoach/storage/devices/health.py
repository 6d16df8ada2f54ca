"""Apple Health: `export.zip` or its `apple_health_export/export.xml`.

Exports reach gigabytes, so the XML is streamed (the zip member is inflated as
it is read: never unpacked to disk nor held in memory) and read twice: the
first pass keeps the workouts (few), the second sums the step records that
fall inside them (many; they come before the workouts in the file), so memory
does not grow with the years of steps. Each workout becomes an activity: its
start with its own offset, `duration` (pauses excluded), its distance (the old
`totalDistance` attributes, or iOS 16's `WorkoutStatistics`; km, mi or m), and
the steps of the one source (iPhone or Watch) that counted the most inside it
(both count the same steps: adding them would double them). A step record
partly inside a workout counts for the share of its time inside. The DTD that
iOS 16 writes (broken) is cut out unread; entities are refused.
"""

from __future__ import annotations

import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO

from walkcoach.core.models import KM_PER_MILE
from walkcoach.storage.devices import (
    MAX_XML_BYTES,
    MAX_ZIP_RATIO,
    Activity,
    Reading,
    Refused,
    chunks,
    xmlsafe,
)

PREFIX = "HKWorkoutActivityType"
STEPS = "HKQuantityTypeIdentifierStepCount"
DISTANCES = (
    "HKQuantityTypeIdentifierDistanceWalkingRunning",
    "HKQuantityTypeIdentifierDistanceCycling",
    "HKQuantityTypeIdentifierDistanceSwimming",
)
KM_PER_UNIT = {"km": 1.0, "mi": KM_PER_MILE, "m": 0.001}
MINUTES_PER_UNIT = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "hr": 60.0, "h": 60.0}
RATIO_FROM_BYTES = 10 << 20  # small members may inflate more (short, repetitive)


class _Workout:
    def __init__(self, attrs: dict[str, str], start: datetime, end: datetime) -> None:
        kind = attrs.get("workoutActivityType", "")
        name = kind.removeprefix(PREFIX).lower()
        self.sport = "other workout" if name == "other" else name
        # " ".join(split()): iOS writes "Apple\xa0Watch" (a no-break space)
        self.source = " ".join(attrs.get("sourceName", "").split()) or "Apple Health"
        self.start, self.end = start, end
        self.start_ts, self.end_ts = start.timestamp(), end.timestamp()
        unit = MINUTES_PER_UNIT.get(attrs.get("durationUnit", "min"), 1.0)
        self.minutes = _positive(attrs.get("duration")) * unit
        if not self.minutes:
            self.minutes = (self.end_ts - self.start_ts) / 60
        self.km = _distance(attrs.get("totalDistance"), attrs.get("totalDistanceUnit"))
        self.steps: dict[str, float] = {}


def read(
    path: Path, since: date | None = None, tick: Callable[[int], None] | None = None
) -> Reading:
    """The workouts of an Apple Health export.zip or export.xml."""
    workouts: list[_Workout] = []
    current: list[_Workout | None] = [None]  # the workout being read, if kept

    def first(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Workout":
            current[0] = None
            start, end = _when(attrs.get("startDate")), _when(attrs.get("endDate"))
            if start is None or end is None:
                return
            if since is None or start.date() >= since:
                kept = _Workout(attrs, start, end)
                workouts.append(kept)
                current[0] = kept
        elif tag == "WorkoutStatistics" and current[0] and not current[0].km:
            if attrs.get("type") in DISTANCES:
                current[0].km = _distance(attrs.get("sum"), attrs.get("unit"))

    roots_seen: list[bool] = []

    def first_root(tag: str, attrs: dict[str, str]) -> None:
        if not roots_seen:
            if tag != "HealthData":
                raise Refused(
                    f"{path.name} is not an Apple Health export (its root is "
                    f"<{tag}>); nothing was imported"
                )
            roots_seen.append(True)
        first(tag, attrs)

    with _xml(path) as (name, data):
        done = xmlsafe.parse(
            name,
            data,
            first_root,
            limit=MAX_XML_BYTES,
            dtd_root="HealthData",
            tick=tick,
        )
    if not roots_seen:
        raise Refused(f"{path.name} is empty, not an Apple Health export")
    if workouts:
        workouts.sort(key=lambda w: w.start_ts)
        with _xml(path) as (name, data):
            xmlsafe.parse(
                name,
                data,
                _step_counter(workouts),
                limit=MAX_XML_BYTES,
                dtd_root="HealthData",
                tick=None if tick is None else lambda n: tick(done + n),
            )
    reading = Reading()
    for workout in workouts:
        steps = round(max(workout.steps.values(), default=0))
        reading.activities.append(
            Activity(
                fmt="health",
                source=workout.source,
                sport=workout.sport,
                start=workout.start,
                minutes=workout.minutes,
                distance_km=workout.km or None,
                steps=steps or None,
                local=True,
            )
        )
    return reading


def _step_counter(workouts: list[_Workout]) -> Callable[[str, dict[str, str]], None]:
    """A handler adding each step record's steps to the workouts it overlaps."""
    starts = [w.start_ts for w in workouts]
    longest = max(w.end_ts - w.start_ts for w in workouts)

    def count(tag: str, attrs: dict[str, str]) -> None:
        if tag != "Record" or attrs.get("type") != STEPS:
            return
        start, end = _when(attrs.get("startDate")), _when(attrs.get("endDate"))
        value = _positive(attrs.get("value"))
        if start is None or end is None or not value:
            return
        low, high = start.timestamp(), end.timestamp()
        index = bisect_right(starts, high)
        while index > 0:
            index -= 1
            workout = workouts[index]
            if workout.start_ts < low - longest:
                break
            inside = min(high, workout.end_ts) - max(low, workout.start_ts)
            if inside < 0 or (inside == 0 and high > low):
                continue
            share = 1.0 if high <= low else inside / (high - low)
            source = attrs.get("sourceName", "")
            workout.steps[source] = workout.steps.get(source, 0.0) + value * share

    return count


@contextmanager
def _xml(path: Path) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(name, chunks) of the export's XML: the file itself, or the zip member."""
    try:
        with open(path, "rb") as raw:
            is_zip = raw.read(4) == b"PK\x03\x04"
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    if not is_zip:
        yield path.name, chunks(path)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            member = _member(path, archive)
            with archive.open(member) as stream:
                yield f"{path.name}:{member.filename}", _stream(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise Refused(
            f"{path.name} is a damaged zip file ({error}); nothing was imported"
        ) from None
    except NotImplementedError as error:
        raise Refused(f"{path.name}: {error}; nothing was imported") from None


def xml_size(path: Path, size: int) -> int:
    """The bytes of XML in the export: the file's `size`, or its zip member's."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _member(path, archive).file_size
    except (zipfile.BadZipFile, OSError, Refused):
        return size


def _member(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    found = [
        info
        for info in archive.infolist()
        if info.filename.rsplit("/", 1)[-1] == "export.xml"
    ]
    if not found:
        raise Refused(
            f"{path.name} is a zip without an export.xml: not an Apple Health "
            "export; nothing was imported"
        )
    info = min(found, key=lambda i: i.filename.count("/"))
    if info.file_size > MAX_XML_BYTES:
        raise Refused(
            f"{path.name}: its export.xml would be {info.file_size >> 20} MB, over "
            f"the {MAX_XML_BYTES >> 20} MB walkcoach reads; nothing was imported"
        )
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_ZIP_RATIO * max(
        info.compress_size, 1
    ):
        raise Refused(
            f"{path.name} inflates {info.file_size // max(info.compress_size, 1)} "
            f"times (over {MAX_ZIP_RATIO}): a zip bomb, not an Apple Health export; "
            "nothing was imported"
        )
    return info


def _stream(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(1 << 16):
        yield chunk


def _when(text: str | None) -> datetime | None:
    """'2019-05-14 20:47:09 -0400' as an aware datetime, or None."""
    if not text or len(text) < 25:
        return None
    try:
        moment = datetime.fromisoformat(text[:19] + text[20:])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _positive(text: str | None) -> float:
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return value if 0 < value < 1e9 else 0.0


def _distance(value: str | None, unit: str | None) -> float:
    return _positive(value) * KM_PER_UNIT.get((unit or "km").strip(), 0.0)
