"""GPX 1.0/1.1 (phone apps, Apple Health workout routes) with gpxpy.

A track with times is an activity; tracks of one file less than `JOIN_GAP`
apart are joined as one walk (a pause that split the recording). Untimed
tracks cannot be dated and are counted, not read. GPX carries no steps.
Minutes are gpxpy's moving time (stops excluded), or the elapsed time when
nothing moved; times are UTC. gpxpy builds the whole tree in memory, so the
file is capped (`MAX_GPX_BYTES`) and first streamed through the guarded
reader, which refuses a DTD or entities before gpxpy sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from walkcoach.storage.devices import (
    MAX_GPX_BYTES,
    Activity,
    Reading,
    Refused,
    check_size,
    chunks,
    xmlsafe,
)

JOIN_GAP = timedelta(minutes=10)


def read(path: Path, tick: Callable[[int], None] | None = None) -> Reading:
    """The activities of a GPX file."""
    check_size(path, MAX_GPX_BYTES, "GPX")
    _check(path, tick)
    import gpxpy
    import gpxpy.gpx

    try:
        with open(path, encoding="utf-8", errors="replace") as text:
            document = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise Refused(
            f"{path.name} is not a readable GPX file ({error}); nothing was imported"
        ) from None
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    reading = Reading()
    # "GPSBabel - http://www.gpsbabel.org": the name, without its web address
    creator = re.split(r"\s+-\s+|\s*https?://", document.creator or "")[0]
    source = " ".join(creator.split())[:60] or "GPX"
    groups: list[list[tuple[Any, datetime, datetime]]] = []
    for track in document.tracks:
        bounds = track.get_time_bounds()
        if bounds.start_time is None or bounds.end_time is None:
            reading.untimed += 1
            continue
        timed = (track, bounds.start_time, bounds.end_time)
        last = groups[-1][-1] if groups else None
        if last is not None and timedelta(0) <= bounds.start_time - last[2] < JOIN_GAP:
            groups[-1].append(timed)
        else:
            groups.append([timed])
    for group in groups:
        reading.activities.append(_activity(group, source))
    return reading


def _activity(group: list[tuple[Any, datetime, datetime]], source: str) -> Activity:
    moving = sum(track.get_moving_data().moving_time for track, _, _ in group)
    elapsed = (group[-1][2] - group[0][1]).total_seconds()
    metres = sum(track.length_2d() for track, _, _ in group)
    sport = (group[0][0].type or "").strip().lower()
    return Activity(
        fmt="gpx",
        source=source,
        sport=sport,
        start=group[0][1].astimezone(UTC),
        minutes=(moving or elapsed) / 60,
        distance_km=metres / 1000 if metres else None,
    )


def _check(path: Path, tick: Callable[[int], None] | None) -> None:
    """Stream the file once through the guarded reader: no DTD, no entities,
    well-formed, and a <gpx> root."""
    roots: list[str] = []

    def start(tag: str, _: dict[str, str]) -> None:
        if not roots:
            roots.append(tag)
            if tag != "gpx":
                raise Refused(
                    f"{path.name} is not a GPX file (its root is <{tag}>); "
                    "nothing was imported"
                )

    xmlsafe.parse(path.name, chunks(path), start, limit=MAX_GPX_BYTES, tick=tick)
