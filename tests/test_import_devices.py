"""`walkcoach import` of what phones and watches record, through the real CLI."""

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.devicefiles import FIXTURES, hostile, workout, write_health
from tests.helpers import ok, run
from tests.test_data_import_errors import refused, snapshot

FENIX = FIXTURES / "fitparse-garmin-fenix-5-walk.fit"
TCX = FIXTURES / "tcxreader-sup_activity_1.tcx"


def exported() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(ok("export").stdout)
    return entries


def test_import_a_fit_walk_keeps_its_start_minutes_distance_and_steps() -> None:
    result = ok("import", str(FENIX))
    assert "Imported 1 walk:" in result.stdout
    # 82 steps in the 0.8 minutes stored (45.4 s measured: 108 a minute)
    assert "82 steps (102/min; brisk is 100+)" in result.stdout
    [walk] = exported()
    assert walk["at"] == "2017-06-11T07:32:51-07:00"  # the watch's own offset
    assert (walk["minutes"], walk["distance_km"], walk["steps"]) == (0.8, 0.068, 82)
    assert walk["note"] == "from garmin fenix5 #3945849289 (FIT)"
    assert walk["pain_before"] is None and walk["pain_after"] is None


def test_import_a_gpx_in_utc_is_dated_in_the_local_zone() -> None:
    result = ok("import", str(FIXTURES / "gpxpy-cerknicko-jezero.gpx"))
    assert (
        "Skipped: 1 under 30 seconds; 1 without times (they cannot be dated)."
        in result.stdout
    )
    walks = exported()
    # 14:23:59 UTC is 16:23:59 in Amsterdam's summer time; 3 walks of 4
    # tracks (one is 21 s, a blip), one track has no times.
    assert [w["at"] for w in walks] == [
        "2010-08-05T16:23:59+02:00",
        "2010-08-05T17:38:49+02:00",
        "2010-08-05T17:58:31+02:00",
    ]
    assert [w["minutes"] for w in walks] == [30.4, 3.1, 6.6]
    assert walks[0]["note"] == "from GPSBabel (GPX)"


def test_import_twice_adds_nothing_and_undo_takes_the_import_back(
    db_path: Path,
) -> None:
    ok("log", "12", "--when", "yesterday 9am", "-b", "2", "-a", "2")
    before = exported()
    first = ok("import", str(FENIX), str(TCX))
    assert "`walkcoach undo` takes the whole import back." in first.stdout
    after = exported()
    assert len(after) == 3
    again = ok("import", str(TCX), str(FENIX))
    assert "Skipped: 2 already here." in again.stdout
    assert "Nothing new to import." in again.stdout
    assert exported() == after
    assert ok("undo").stdout == "Undid the import of 2 walks from 2 files.\n"
    assert exported() == before


def test_import_the_same_walk_logged_by_hand_is_merged_not_doubled(
    tmp_path: Path,
) -> None:
    ok("log", "20", "--when", "2026-11-20 09:05", "-b", "2", "-a", "3")
    [mine] = exported()
    result = ok("import", str(write_health(tmp_path)))
    assert (
        "Merged into walk #1 (Fri 20 Nov 09:05), already logged: it keeps its pain "
        "and gains 2.01 km and 1,800 steps."
    ) in result.stdout
    walks = exported()
    assert len(walks) == 3  # the second walk and the hike are new; no run
    merged = walks[0]
    assert merged == dict(mine, distance_km=2.012, steps=1800, note=merged["note"])
    assert (merged["pain_before"], merged["pain_after"], merged["minutes"]) == (
        2,
        3,
        20,
    )
    assert "Skipped: 1 not walks (1 running; --all keeps them)." in result.stdout
    ok("undo")
    assert exported() == [mine]


def test_import_two_devices_recording_one_walk_make_one_entry(tmp_path: Path) -> None:
    # The same 25-minute walk from the watch (with steps) and as a phone's GPX
    # route of it: one walk, the route adding nothing the watch had.
    route = tmp_path / "route.gpx"
    points = "".join(
        f'<trkpt lat="52.{3700 + i}" lon="4.9000"><time>2026-11-20T08:'
        f"{i:02d}:00Z</time></trkpt>"
        for i in range(0, 24)
    )
    route.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="OsmAnd">'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>"
    )
    result = ok("import", str(write_health(tmp_path)), str(route))
    assert "Skipped: 1 already here;" in result.stdout
    assert [w["steps"] for w in exported()] == [1800, 2500, None]


def test_import_dry_run_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    ok("log", "20", "--when", "2026-11-20 09:05", "-b", "2", "-a", "3")
    before = snapshot(db_path.parent)
    result = ok("import", "--dry-run", str(write_health(tmp_path)))
    assert "Would import 2 walks:" in result.stdout
    assert "Would merge into walk #1" in result.stdout
    assert result.stdout.endswith("Nothing was written (--dry-run).\n")
    assert snapshot(db_path.parent) == before


def test_import_all_and_since(tmp_path: Path) -> None:
    export = str(write_health(tmp_path))
    ok("import", "--all", "--since", "2026-11-23", export)
    walks = exported()
    assert [(w["at"][:10], w["minutes"]) for w in walks] == [
        ("2026-11-23", 110),
        ("2026-11-24", 20),
    ]
    assert walks[1]["note"] == "from Apple Watch (Apple Health)"


def test_import_a_folder_and_over_600_minutes(tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    shutil.copy(FENIX, folder)
    shutil.copy(TCX, folder / "no-suffix")
    (folder / "notes.txt").write_text("not a device file")
    day = "2026-11-21"
    write_health(
        folder,
        workout("Walking", f"{day} 06:00:00 +0100", f"{day} 18:00:00 +0100", 700),
    )
    result = ok("import", str(folder))
    assert "Read 3 activities from 3 files." in result.stdout
    assert "Skipped: 1 over 600 minutes." in result.stdout
    assert len(exported()) == 2


def test_import_today_asks_for_the_pain_of_a_watch_walk(tmp_path: Path) -> None:
    ok("import", str(write_health(tmp_path)))  # walks on the 20th, 22nd, 23rd
    shown = " ".join(ok("today").stdout.split())
    assert (
        "3 walks from your watch have no pain yet: walkcoach edit 1 -b N -a N, "
        "walkcoach edit 2 -b N -a N, walkcoach edit 3 -b N -a N" in shown
    )
    ok("edit", "1", "-b", "2", "-a", "2")
    ok("edit", "3", "-b", "2")
    shown = " ".join(ok("today").stdout.split())
    assert "1 walk from your watch has no pain yet: walkcoach edit 2 -b N -a N" in shown
    # A week on, they are no longer asked for.
    assert "from your watch" not in ok("today", now="2026-12-02T10:00").stdout


# -- refused: exit 2, one line, nothing written ------------------------------------


@pytest.mark.parametrize("fmt", ["gpx", "tcx", "health"])
def test_import_entity_expansion_is_refused(
    db_path: Path, tmp_path: Path, fmt: str
) -> None:
    ok("log", "10", "-b", "1", "-a", "1")
    before = snapshot(db_path.parent)
    [line] = refused(run("import", str(hostile(tmp_path, fmt, "laughs"))))
    assert "declares XML entities" in line or "carries a DTD" in line
    assert snapshot(db_path.parent) == before


def test_import_a_zip_bomb_is_refused(db_path: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("apple_health_export/export.xml", "w") as member:
            for _ in range(64):
                member.write(b"<" * (1 << 20))
    [line] = refused(run("import", str(bomb)))
    assert "a zip bomb" in line


@pytest.mark.parametrize("name", ["huge.gpx", "huge.xml", "huge.fit"])
def test_import_two_gigabytes_of_garbage_is_refused_at_once(
    tmp_path: Path, name: str
) -> None:
    garbage = tmp_path / name
    with open(garbage, "wb") as out:
        out.truncate(2 << 30)  # sparse: no disk used
    [line] = refused(run("import", str(garbage)))
    assert line == (
        f"Error: {name} is not a GPX, FIT, TCX or Apple Health file (by its "
        "content); nothing was imported"
    )


def test_import_a_gpx_over_its_cap_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.gpx"
    with open(big, "wb") as out:
        out.write(b'<?xml version="1.0"?><gpx version="1.1">')
        out.truncate(21 << 20)
    [line] = refused(run("import", str(big)))
    assert "big.gpx is 21 MB, over the 20 MB a GPX file may have" in line


def test_import_a_forced_wrong_format_is_refused() -> None:
    [line] = refused(run("import", "--format", "gpx", str(TCX)))
    assert "is not a GPX file (its root is <TrainingCenterDatabase>)" in line


def test_import_an_export_and_device_files_together_is_refused(
    tmp_path: Path,
) -> None:
    ok("log", "10")
    own = tmp_path / "mine.json"
    own.write_text(ok("export").stdout)
    result = run("import", str(own), str(FENIX))
    assert result.exit_code == 2
    assert "cannot be imported together" in result.stderr


def test_import_a_walk_across_midnight_is_merged(tmp_path: Path) -> None:
    ok("log", "30", "--when", "2026-11-21 00:05", "-b", "1", "-a", "1")
    body = workout(
        "Walking",
        "2026-11-20 23:50:00 +0100",
        "2026-11-21 00:25:00 +0100",
        35,
        stats="km:2.5",
    )
    result = ok("import", str(write_health(tmp_path, body)))
    assert "Merged into walk #1 (Sat 21 Nov 00:05)" in result.stdout
    [walk] = exported()
    assert (walk["minutes"], walk["distance_km"], walk["pain_after"]) == (30, 2.5, 1)


def test_import_dry_run_of_a_walkcoach_export(db_path: Path, tmp_path: Path) -> None:
    ok("log", "10", "-b", "1", "-a", "1")
    own = tmp_path / "mine.json"
    own.write_text(ok("export").stdout)
    ok("--db", str(tmp_path / "other.db"), "log", "12")
    before = snapshot(tmp_path)
    result = ok("--db", str(tmp_path / "other.db"), "import", "--dry-run", str(own))
    assert result.stdout == (
        "Would import 1 entry from mine.json.\nNothing was written (--dry-run).\n"
    )
    assert snapshot(tmp_path) == before
    refused_all = run("import", "--all", str(own))
    assert refused_all.exit_code == 2
    assert "--all and --since are for device files" in refused_all.stderr
