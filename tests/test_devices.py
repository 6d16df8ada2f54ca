"""Device readers on real files from phones and watches, and on hostile ones."""

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.devicefiles import FIXTURES, health_xml, hostile, workout, write_health
from walkcoach.storage.devices import Activity, Refused, detect, read, work

# file -> (format, activities, untimed tracks, the first activity's
# (start, minutes, km, steps, sport)); expected values read off each file.
SAMPLES = {
    "fitparse-garmin-fenix-5-walk.fit": (
        "fit",
        1,
        0,
        ("2017-06-11T07:32:51-07:00", 45.379 / 60, 0.06785, 82, "walking"),
    ),
    "fitparse-strava-android-app.fit": (
        "fit",
        1,
        0,
        ("2021-09-27T14:13:10+00:00", 59.3, 11.27404, None, "running"),
    ),
    "gpxpy-cerknicko-jezero.gpx": (
        "gpx",
        4,
        1,
        ("2010-08-05T14:23:59+00:00", (1668 + 155) / 60, 2.78868, None, ""),
    ),
    "healthkit-route_2019-06-11.gpx": (
        "gpx",
        1,
        0,
        ("2019-06-11T22:00:42+00:00", 1 / 60, 0.00042, None, ""),
    ),
    "healthkit-to-sqlite-export.xml": (
        "health",
        1,
        0,
        ("2016-11-14T07:25:41-07:00", 5.19412, 0.49717 * 1.609344, None, "running"),
    ),
    "tcxreader-sup_activity_1.tcx": (
        "tcx",
        1,
        0,
        ("2022-07-16T16:08:25+00:00", (966.796 + 145.539) / 60, 1.15751, 491, "other"),
    ),
}


def _first(path: Path) -> tuple[str, Activity, int, int]:
    fmt = detect(path.read_bytes()[:65536])
    assert fmt is not None
    reading = read(path, fmt)
    return fmt, reading.activities[0], len(reading.activities), reading.untimed


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_devices_real_sample(name: str) -> None:
    fmt, first, count, untimed = _first(FIXTURES / name)
    want_fmt, want_count, want_untimed, (start, minutes, km, steps, sport) = SAMPLES[
        name
    ]
    assert (fmt, count, untimed) == (want_fmt, want_count, want_untimed)
    assert first.start.isoformat() == start
    assert first.minutes == pytest.approx(minutes, abs=0.001)
    assert first.distance_km == pytest.approx(km, abs=0.0001)
    assert (first.steps, first.sport) == (steps, sport)


def test_devices_fit_strides_are_half_the_steps_and_give_the_cadence() -> None:
    _, walk, _, _ = _first(FIXTURES / "fitparse-garmin-fenix-5-walk.fit")
    # 41 strides in 45.379 s; the watch's own avg_cadence is 61 strides a minute.
    assert walk.steps == 2 * 41
    assert walk.cadence == pytest.approx(108.4, abs=0.1)
    assert walk.local and walk.source == "garmin fenix5 #3945849289"
    assert walk.is_walk


def test_devices_fit_with_a_damaged_tail_keeps_the_session_before_it() -> None:
    reading = read(FIXTURES / "fitparse-strava-android-app.fit", "fit")
    assert len(reading.activities) == 1
    assert "damaged after its first 1 session" in reading.notes[0]
    assert not reading.activities[0].is_walk  # a run


def test_devices_fit_cut_before_its_session_is_refused(tmp_path: Path) -> None:
    whole = (FIXTURES / "fitparse-garmin-fenix-5-walk.fit").read_bytes()
    cut = tmp_path / "cut.fit"
    cut.write_bytes(whole[:3000])
    with pytest.raises(Refused, match="cut.fit has no readable FIT session"):
        read(cut, "fit")


def test_devices_gpx_joins_tracks_less_than_ten_minutes_apart() -> None:
    reading = read(FIXTURES / "gpxpy-cerknicko-jezero.gpx", "gpx")
    starts = [a.start.strftime("%H:%M:%S") for a in reading.activities]
    # 14:23-15:05 and 15:11-15:14 are one walk (6.5 min apart); 15:24 starts
    # 10 min 14 s after it; 15:58, 16:04 and 16:05 are one walk again.
    assert starts == ["14:23:59", "15:24:25", "15:38:49", "15:58:31"]
    assert reading.activities[3].minutes == pytest.approx((0 + 13 + 384) / 60)


def test_devices_uuid_comes_from_the_activity_not_the_path(tmp_path: Path) -> None:
    source = FIXTURES / "tcxreader-sup_activity_1.tcx"
    copy = tmp_path / "renamed.tcx"
    copy.write_bytes(source.read_bytes())
    one, two = read(source, "tcx").activities[0], read(copy, "tcx").activities[0]
    assert one.uuid == two.uuid
    assert one.uuid[14] == "5"  # a name-based UUID (version 5)


# -- Apple Health ---------------------------------------------------------------


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "xml"])
def test_devices_health_export_both_styles_units_and_steps(
    tmp_path: Path, zipped: bool
) -> None:
    path = write_health(tmp_path, zipped=zipped)
    assert detect(path.read_bytes()[:65536]) == "health"
    reading = read(path, "health")
    got = [
        (a.start.isoformat(), a.minutes, a.distance_km, a.steps, a.sport, a.is_walk)
        for a in reading.activities
    ]
    assert got == [
        ("2026-11-20T09:00:00+01:00", 25.0, 1.25 * 1.609344, 1800, "walking", True),
        ("2026-11-22T10:00:00+01:00", 30.5, 2.4, 2500, "walking", True),
        ("2026-11-23T14:00:00+01:00", 110.0, None, None, "hiking", True),
        ("2026-11-24T07:00:00+01:00", 20.0, 4.1, None, "running", False),
    ]
    assert {a.source for a in reading.activities} == {"Apple Watch"}


def test_devices_health_since_keeps_recent_workouts(tmp_path: Path) -> None:
    reading = read(write_health(tmp_path), "health", since=date(2026, 11, 22))
    assert [a.start.day for a in reading.activities] == [22, 23, 24]


def test_devices_health_a_vertical_tab_in_a_value_is_read(tmp_path: Path) -> None:
    body = '<Record type="X" sourceName="Health\x0bMate" value="1"/>\n'
    path = tmp_path / "export.xml"
    path.write_text(health_xml(body))
    assert read(path, "health").activities == []


# -- hostile and wrong files ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["gpx", "tcx", "health"])
@pytest.mark.parametrize("attack", ["laughs", "external"])
def test_devices_entities_are_refused(tmp_path: Path, fmt: str, attack: str) -> None:
    path = hostile(tmp_path, fmt, attack)
    assert detect(path.read_bytes()) == fmt
    with pytest.raises(Refused, match="possibly hostile"):
        read(path, fmt)


def test_devices_a_zip_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("apple_health_export/export.xml", "w") as member:
            for _ in range(64):
                member.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(Refused, match="a zip bomb"):
        read(bomb, "health")


def test_devices_a_zip_without_an_export_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(Refused, match="a zip without an export.xml"):
        read(path, "health")


@pytest.mark.parametrize(
    ("sample", "fmt", "message"),
    [
        ("tcxreader-sup_activity_1.tcx", "gpx", "not a GPX file"),
        ("gpxpy-cerknicko-jezero.gpx", "tcx", "not a TCX file"),
        ("gpxpy-cerknicko-jezero.gpx", "health", "not an Apple Health export"),
        ("gpxpy-cerknicko-jezero.gpx", "fit", "no readable FIT session"),
    ],
)
def test_devices_the_wrong_format_is_refused(
    sample: str, fmt: str, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        read(FIXTURES / sample, fmt)


def test_devices_truncated_xml_is_refused(tmp_path: Path) -> None:
    whole = (FIXTURES / "tcxreader-sup_activity_1.tcx").read_bytes()
    cut = tmp_path / "cut.tcx"
    cut.write_bytes(whole[:5000])
    with pytest.raises(Refused, match="not well-formed XML"):
        read(cut, "tcx")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT", "fit"),
        (b"PK\x03\x04", "health"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<gpx version="1.1">', "gpx"),
        (b"<gpx:gpx xmlns:gpx='x'>", "gpx"),
        (b"<?xml version='1.0'?><TrainingCenterDatabase xmlns='x'>", "tcx"),
        (b"<?xml version='1.0'?>\n<!DOCTYPE HealthData [\n<!ELEMENT", "health"),
        (b"<?xml version='1.0'?><kml>", None),
        (b'[{"uuid": "x"}]', None),
        (b"uuid,kind,at\n", None),
        (b"\x00" * 64, None),
    ],
)
def test_devices_detect_by_content(head: bytes, fmt: str | None) -> None:
    assert detect(head) == fmt


def test_devices_health_a_skipped_workouts_distance_is_not_given_to_another(
    tmp_path: Path,
) -> None:
    # Workouts are not always in date order: a workout before --since, read
    # after a kept one, must not lend its distance to the kept one.
    body = workout(
        "Walking", "2026-11-23 09:00:00 +0100", "2026-11-23 09:20:00 +0100", 20
    ) + workout(
        "Walking",
        "2026-11-10 09:00:00 +0100",
        "2026-11-10 09:20:00 +0100",
        20,
        stats="km:3",
    )
    path = write_health(tmp_path, body)
    [kept] = read(path, "health", since=date(2026, 11, 20)).activities
    assert (kept.start.day, kept.distance_km) == (23, None)


def test_devices_tcx_sport_and_a_treadmill_walk_without_gps(tmp_path: Path) -> None:
    text = (FIXTURES / "tcxreader-sup_activity_1.tcx").read_text(encoding="utf-8")
    no_gps = tmp_path / "treadmill.tcx"
    no_gps.write_text(re.sub(r"<Position>.*?</Position>", "", text, flags=re.S))
    [walk] = read(no_gps, "tcx").activities
    assert "<Position>" not in no_gps.read_text()
    assert (walk.minutes, walk.steps, walk.is_walk) == pytest.approx(
        ((966.796 + 145.539) / 60, 491, True)
    )
    run = tmp_path / "run.tcx"
    run.write_text(text.replace('Sport="Other"', 'Sport="Running"'))
    [activity] = read(run, "tcx").activities
    assert (activity.sport, activity.is_walk) == ("running", False)


def test_devices_gpx_track_type_names_the_sport(tmp_path: Path) -> None:
    points = "".join(
        f'<trkpt lat="52.{3700 + i}" lon="4.9"><time>2026-11-20T08:{i:02d}:00Z'
        "</time></trkpt>"
        for i in range(20)
    )
    path = tmp_path / "ride.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="StravaGPX">'
        f"<trk><type>cycling</type><trkseg>{points}</trkseg></trk></gpx>"
    )
    [ride] = read(path, "gpx").activities
    assert (ride.sport, ride.is_walk, ride.source) == ("cycling", False, "StravaGPX")


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "xml"])
def test_devices_progress_goes_up_to_the_work_to_do(
    tmp_path: Path, zipped: bool
) -> None:
    path = write_health(tmp_path, zipped=zipped)
    seen: list[int] = []
    read(path, "health", tick=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == work(path, "health") > 0
    tcx, told = FIXTURES / "tcxreader-sup_activity_1.tcx", []
    read(tcx, "tcx", tick=told.append)
    assert told[-1] == work(tcx, "tcx") == tcx.stat().st_size
