"""Readers for what phones and watches record: GPX, FIT, TCX, Apple Health.

Each reader turns one file into plain `Activity` records (no database, no
clock): the import service decides what becomes a walk. Formats are told by
content, never by the file's name alone (`detect`). The parsing libraries
(gpxpy, fitdecode) are imported inside their readers only, so the daily
commands never load them.

Caps (documented in README "Bring walks from your phone or watch"):
`MAX_GPX_BYTES` (gpxpy builds the whole tree in memory), `MAX_FIT_BYTES`,
`MAX_TCX_BYTES`, `MAX_XML_BYTES` (an Apple Health export.xml, streamed), and
`MAX_ZIP_RATIO` (a zip member inflating more than this is a zip bomb).
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from walkcoach.core.errors import InvalidInput

FORMATS = ("gpx", "fit", "tcx", "health")
FORMAT_NAMES = {"gpx": "GPX", "fit": "FIT", "tcx": "TCX", "health": "Apple Health"}
SUFFIXES = {
    ".gpx": "gpx",
    ".fit": "fit",
    ".tcx": "tcx",
    ".zip": "health",
    ".xml": "health",
}

MAX_GPX_BYTES = 20 << 20  # about 100,000 track points: gpxpy holds them all
MAX_FIT_BYTES = 64 << 20
MAX_TCX_BYTES = 256 << 20
MAX_XML_BYTES = 8 << 30  # an Apple Health export.xml, read as a stream
MAX_ZIP_RATIO = 100  # real exports inflate ~10-30 times; deflate bombs ~1000
HEAD_BYTES = 1 << 16  # enough to see past an Apple Health DTD to the root

# Sports that are walks. TCX knows only Running, Biking and Other, so a walk
# arrives as "other"; a GPX track without a type is taken as a walk; FIT's
# "generic" is what a watch writes when no sport was chosen.
WALK_SPORTS = frozenset({"walking", "walk", "hiking", "hike", "other", "generic", ""})
# The namespace of device walks' UUIDs (version 5): the same activity gives the
# same UUID whatever the file is called or wherever it lies.
NAMESPACE = uuidlib.UUID("2b0d3c8e-6a51-5d0e-9c3f-7f1e4a6b9d21")


class Refused(InvalidInput):
    """A device file that cannot or must not be read (exit 2, nothing written)."""


@dataclass(frozen=True)
class Activity:
    """One recorded activity, as the file describes it."""

    fmt: str  # one of FORMATS
    source: str  # the device or app that recorded it ("Garmin fenix5")
    sport: str  # lower case, as the file names it ("walking", "running", "")
    start: datetime  # aware; the walker's own offset when `local` is True
    minutes: float  # moving or timer time, not elapsed time with long stops
    distance_km: float | None = None
    steps: int | None = None
    local: bool = False  # False: the file gives UTC only, not the local offset
    notes: tuple[str, ...] = ()

    @property
    def uuid(self) -> str:
        """Stable: derived from format, source and start, never from a path."""
        moment = self.start.astimezone(UTC).replace(microsecond=0).isoformat()
        return str(uuidlib.uuid5(NAMESPACE, f"{self.fmt}|{self.source}|{moment}"))

    @property
    def is_walk(self) -> bool:
        return self.sport in WALK_SPORTS

    @property
    def cadence(self) -> float | None:
        """Steps per minute, where steps and minutes allow."""
        if not self.steps or self.minutes <= 0:
            return None
        return self.steps / self.minutes


@dataclass
class Reading:
    """What a reader found in one file: activities, and what it passed over."""

    activities: list[Activity] = field(default_factory=list)
    untimed: int = 0  # tracks without times: they cannot be dated
    notes: list[str] = field(default_factory=list)


_ROOTS = {
    b"gpx": "gpx",
    b"TrainingCenterDatabase": "tcx",
    b"HealthData": "health",
}
_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?(?:[A-Za-z_][\w.-]*:)?(\w+)[\s>/\[]")


def detect(head: bytes) -> str | None:
    """The device format of a file from its first bytes, or None."""
    if head.startswith(b"PK\x03\x04"):
        return "health"  # a zip: only Apple Health's export.zip is read
    if len(head) >= 12 and head[8:12] == b".FIT" and head[0] in (12, 14):
        return "fit"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    for match in _ROOT.finditer(text):
        name = match.group(1)
        if name in (b"xml",):
            continue
        return _ROOTS.get(name)
    return None


def read(
    path: Path,
    fmt: str,
    since: date | None = None,
    tick: Callable[[int], None] | None = None,
) -> Reading:
    """Every activity of the file at `path`, read as `fmt`; Refused if it cannot
    be. `tick(n)` follows the work done, out of `work(path, fmt)`."""
    if fmt == "gpx":
        from walkcoach.storage.devices import gpx

        return gpx.read(path, tick)
    if fmt == "fit":
        from walkcoach.storage.devices import fit

        return fit.read(path)
    if fmt == "tcx":
        from walkcoach.storage.devices import tcx

        return tcx.read(path, tick)
    from walkcoach.storage.devices import health

    return health.read(path, since, tick)


def work(path: Path, fmt: str) -> int:
    """How much `read` has to do, in the units its `tick` counts: the bytes of
    XML it parses (an Apple Health export is parsed twice), else the file's."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    if fmt != "health":
        return size
    from walkcoach.storage.devices import health

    return 2 * health.xml_size(path, size)


def check_size(path: Path, limit: int, what: str) -> int:
    """The file's size; Refused when it is over `limit`."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    if size > limit:
        raise Refused(
            f"{path.name} is {size / (1 << 20):.0f} MB, over the {limit >> 20} MB "
            f"a {what} file may have; nothing was imported"
        )
    return size


def chunks(path: Path, size: int = 1 << 16) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time."""
    try:
        with open(path, "rb") as raw:
            while chunk := raw.read(size):
                yield chunk
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
