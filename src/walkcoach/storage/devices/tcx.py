"""TCX (Garmin Training Center): one activity per <Activity>, all its laps.

Minutes are the laps' TotalTimeSeconds (timer time: pauses excluded); distance
the laps' DistanceMeters; steps the laps' Garmin extension <Steps> (whole
steps, not strides). TCX's Sport is only Running, Biking or Other, so a walk
arrives as Other. Times are UTC: the file does not say the walker's offset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from walkcoach.storage.devices import (
    MAX_TCX_BYTES,
    Activity,
    Reading,
    Refused,
    check_size,
    chunks,
    xmlsafe,
)


class _Activity:
    def __init__(self, sport: str) -> None:
        self.sport = sport
        self.start: datetime | None = None
        self.seconds = 0.0
        self.metres = 0.0
        self.steps = 0
        self.creator = ""
        self.unit = ""


def read(path: Path, tick: Callable[[int], None] | None = None) -> Reading:
    """The activities of a TCX file."""
    check_size(path, MAX_TCX_BYTES, "TCX")
    reading = Reading()
    stack: list[str] = []
    current: list[_Activity] = []
    seen_root: list[bool] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if not stack:
            if tag != "TrainingCenterDatabase":
                raise Refused(
                    f"{path.name} is not a TCX file (its root is <{tag}>); "
                    "nothing was imported"
                )
            seen_root.append(True)
        stack.append(tag)
        if tag == "Activity":
            current.append(_Activity(attrs.get("Sport", "").strip().lower()))
        elif tag == "Lap" and current:
            when = _time(attrs.get("StartTime", ""), path)
            activity = current[-1]
            if when is not None and (activity.start is None or when < activity.start):
                activity.start = when

    def end(tag: str, text: str) -> None:
        stack.pop()
        parent = stack[-1] if stack else ""
        if not current:
            return
        activity = current[-1]
        if tag == "Activity":
            current.pop()
            _finish(activity, reading, path)
        elif parent == "Lap" and tag == "TotalTimeSeconds":
            activity.seconds += _number(text, tag, path)
        elif parent == "Lap" and tag == "DistanceMeters":
            activity.metres += _number(text, tag, path)
        elif parent == "LX" and tag == "Steps":
            activity.steps += int(_number(text, tag, path))
        elif parent == "Activity" and tag == "Id" and activity.start is None:
            activity.start = _time(text, path)
        elif parent == "Creator" and tag == "Name":
            activity.creator = text
        elif parent == "Creator" and tag == "UnitId":
            activity.unit = text

    xmlsafe.parse(path.name, chunks(path), start, end, limit=MAX_TCX_BYTES, tick=tick)
    if not seen_root:
        raise Refused(f"{path.name} is empty, not a TCX file; nothing was imported")
    return reading


def _finish(activity: _Activity, reading: Reading, path: Path) -> None:
    if activity.start is None:
        reading.untimed += 1
        return
    source = activity.creator or "TCX device"
    if activity.unit:
        source += f" #{activity.unit}"
    reading.activities.append(
        Activity(
            fmt="tcx",
            source=source,
            sport=activity.sport,
            start=activity.start,
            minutes=activity.seconds / 60,
            distance_km=activity.metres / 1000 if activity.metres else None,
            steps=activity.steps or None,
        )
    )


def _time(text: str, path: Path) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Refused(
            f"{path.name}: {text[:40]!r} is not a TCX time; nothing was imported"
        ) from None
    return moment if moment.tzinfo is not None else None


def _number(text: str, tag: str, path: Path) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e9:
        raise Refused(
            f"{path.name}: <{tag}> {text[:40]!r} is not a number; nothing was imported"
        )
    return value
