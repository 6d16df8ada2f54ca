"""Device files made by the tests: Apple Health exports and hostile XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

# What iOS 16 writes before the data: a DTD with a missing '>' (after
# VisionPrescription's attributes), which strict parsers choke on.
IOS16_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT VisionPrescription EMPTY>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
]>
"""  # noqa: E501


def step(source: str, start: str, end: str, value: int) -> str:
    """One step record, as Apple Health writes it."""
    return (
        f'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" '
        f'sourceVersion="16.1" unit="count" creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"/>\n'
    )


def workout(kind: str, start: str, end: str, minutes: float, **extra: str) -> str:
    """One workout: old style with totalDistance=… attributes, or iOS 16 style
    with a `stats="km:1.5"` WorkoutStatistics child."""
    stats = extra.pop("stats", "")
    attrs = " ".join(f'{name}="{value}"' for name, value in extra.items())
    child = ""
    if stats:
        unit, value = stats.split(":")
        child = (
            '<WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning"'
            f' startDate="{start}" endDate="{end}" sum="{value}" unit="{unit}"/>'
        )
    return (
        f'<Workout workoutActivityType="HKWorkoutActivityType{kind}" '
        f'duration="{minutes}" durationUnit="min" {attrs} sourceName="Apple Watch" '
        f'sourceVersion="9.1" creationDate="{end}" startDate="{start}" '
        f'endDate="{end}">\n'
        '<MetadataEntry key="HKTimeZone" value="Europe/Amsterdam"/>\n'
        f"{child}</Workout>\n"
    )


def health_xml(body: str, dtd: bool = True) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + (IOS16_DTD if dtd else "")
        + '<HealthData locale="en_GB">\n'
        '<ExportDate value="2026-11-25 09:00:00 +0100"/>\n'
        '<Me HKCharacteristicTypeIdentifierDateOfBirth=""/>\n'
        + body
        + "</HealthData>\n"
    )


# Two walks, a hike and a run. The first walk (09:00-09:25): the iPhone
# counted 1,000 of its 1,200 steps inside it (10 of 12 minutes), the Watch
# 1,200 + 300 + half of 600 = 1,800: the same steps, so the walk gets 1,800,
# not 2,800. The 999 steps at noon fall in no workout.
WATCH = "Apple Watch"
DAY1, DAY3 = "2026-11-20", "2026-11-22"
SAMPLE_BODY = (
    step("iPhone", f"{DAY1} 08:58:00 +0100", f"{DAY1} 09:10:00 +0100", 1200)
    + step(WATCH, f"{DAY1} 09:00:00 +0100", f"{DAY1} 09:10:00 +0100", 1200)
    + step(WATCH, f"{DAY1} 09:10:00 +0100", f"{DAY1} 09:14:00 +0100", 300)
    + step(WATCH, f"{DAY1} 09:20:00 +0100", f"{DAY1} 09:30:00 +0100", 600)
    + step(WATCH, f"{DAY1} 12:00:00 +0100", f"{DAY1} 12:10:00 +0100", 999)
    + step("iPhone", f"{DAY3} 10:00:00 +0100", f"{DAY3} 10:30:00 +0100", 2500)
    + workout(
        "Walking",
        "2026-11-20 09:00:00 +0100",
        "2026-11-20 09:25:00 +0100",
        25,
        totalDistance="1.25",
        totalDistanceUnit="mi",
    )
    + workout(
        "Walking",
        "2026-11-22 10:00:00 +0100",
        "2026-11-22 10:32:00 +0100",
        30.5,
        stats="km:2.4",
    )
    + workout("Hiking", "2026-11-23 14:00:00 +0100", "2026-11-23 16:00:00 +0100", 110)
    + workout(
        "Running",
        "2026-11-24 07:00:00 +0100",
        "2026-11-24 07:20:00 +0100",
        20,
        stats="km:4.1",
    )
)


def write_health(folder: Path, body: str = SAMPLE_BODY, zipped: bool = True) -> Path:
    """An Apple Health export: export.zip (default) or a bare export.xml."""
    text = health_xml(body)
    if not zipped:
        path = folder / "export.xml"
        path.write_text(text, encoding="utf-8")
        return path
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", text)
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    return path


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE {root} [\n<!ENTITY a "ha">\n'
    + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'
        for i in range(9)
    )
    + "]>\n"
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE {root} [\n'
    '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
)
ROOTS = {
    "gpx": ('gpx version="1.1" creator="x"', "gpx"),
    "tcx": ("TrainingCenterDatabase", "TrainingCenterDatabase"),
    "health": ('HealthData locale="en"', "HealthData"),
}


def hostile(folder: Path, fmt: str, attack: str) -> Path:
    """A small file of `fmt` whose DTD expands a billion laughs or reads a file."""
    opening, root = ROOTS[fmt]
    prolog = (LAUGHS if attack == "laughs" else EXTERNAL).replace("{root}", root)
    use = "&j;" if attack == "laughs" else "&secret;"
    path = folder / f"{attack}.{ {'health': 'xml'}.get(fmt, fmt) }"
    path.write_text(f"{prolog}<{opening}><name>{use}</name></{root}>\n")
    return path
