"""FIT (Garmin, Wahoo, Coros, Suunto watches) with fitdecode.

One activity per `session` message: its sport, start_time, total_timer_time
(moving time: pauses excluded) and total_distance. Steps: a walking or running
session counts strides (`total_strides`; some brands write the same count as
`total_cycles`): one stride is two steps, so steps = 2 x strides (the Garmin
Fenix 5 sample: 41 strides in 45 s, its avg_cadence 61 strides a minute, is
108 steps a minute). Cycles of other sports (pedal strokes) are not steps.
Times are UTC; the `activity` message's local_timestamp gives the walker's
offset when the watch wrote it. A file damaged part-way keeps every session
read before the damage, with a note; with none, it is refused.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from walkcoach.storage.devices import (
    MAX_FIT_BYTES,
    Activity,
    Reading,
    Refused,
    check_size,
)

STEP_SPORTS = frozenset({"walking", "running", "hiking", "generic"})


def read(path: Path) -> Reading:
    """The sessions of a FIT file."""
    check_size(path, MAX_FIT_BYTES, "FIT")
    import fitdecode

    sessions: list[dict[str, Any]] = []
    device = ""
    offset: timedelta | None = None
    damage: str | None = None
    try:
        with fitdecode.FitReader(
            str(path), check_crc=fitdecode.CrcCheck.RAISE, keep_raw_chunks=False
        ) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "session":
                    sessions.append(_values(frame))
                elif frame.name == "file_id" and not device:
                    device = _device(_values(frame))
                elif frame.name == "activity":
                    offset = _offset(_values(frame))
    except (fitdecode.FitError, struct.error, ValueError, IndexError) as error:
        damage = str(error) or type(error).__name__
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    reading = Reading()
    for values in sessions:
        activity = _activity(values, device or "FIT device", offset)
        if activity is None:
            reading.untimed += 1
        else:
            reading.activities.append(activity)
    if damage is not None:
        if not reading.activities:
            raise Refused(
                f"{path.name} has no readable FIT session ({damage}); "
                "nothing was imported"
            )
        reading.notes.append(
            f"{path.name} is damaged after its first {len(sessions)} "
            f"session{'s' if len(sessions) != 1 else ''} ({damage}); "
            "those were read"
        )
    elif not sessions:
        raise Refused(
            f"{path.name} holds no activity session (is it a course or settings "
            "file?); nothing was imported"
        )
    return reading


def _values(frame: Any) -> dict[str, Any]:
    return {f.name: f.value for f in frame.fields if f.value is not None}


def _device(values: dict[str, Any]) -> str:
    maker = str(values.get("manufacturer", "")).strip()
    product = values.get("garmin_product") or values.get("product") or ""
    serial = values.get("serial_number")
    name = " ".join(str(x) for x in (maker, product) if x != "")
    return f"{name} #{serial}" if serial else name


def _offset(values: dict[str, Any]) -> timedelta | None:
    """The watch's UTC offset: local_timestamp minus timestamp, to 15 minutes."""
    utc, local = values.get("timestamp"), values.get("local_timestamp")
    if not isinstance(utc, datetime) or not isinstance(local, datetime):
        return None
    seconds = (local.replace(tzinfo=None) - utc.replace(tzinfo=None)).total_seconds()
    quarters = round(seconds / 900)
    return timedelta(minutes=15 * quarters) if abs(quarters) <= 14 * 4 else None


def _activity(
    values: dict[str, Any], device: str, offset: timedelta | None
) -> Activity | None:
    start = values.get("start_time")
    if not isinstance(start, datetime):
        return None
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start
    if offset is not None:
        start = start.astimezone(timezone(offset))
    sport = str(values.get("sport", "")).strip().lower()
    seconds = _float(values.get("total_timer_time")) or _float(
        values.get("total_elapsed_time")
    )
    metres = _float(values.get("total_distance"))
    strides = values.get("total_strides", values.get("total_cycles"))
    steps = None
    if sport in STEP_SPORTS and isinstance(strides, int) and strides > 0:
        steps = 2 * strides
    return Activity(
        fmt="fit",
        source=device,
        sport=sport,
        start=start,
        minutes=(seconds or 0.0) / 60,
        distance_km=metres / 1000 if metres else None,
        steps=steps,
        local=offset is not None,
    )


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None
