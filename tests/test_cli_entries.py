"""Logging, correcting and listing entries through the real CLI."""

import json
import stat
from pathlib import Path

from tests.helpers import ok, run


def entries() -> list[dict[str, object]]:
    data = json.loads(ok("history", "--json", "--since", "2020-01-01").stdout)
    assert isinstance(data, list)
    return data


def test_log_echoes_what_it_stored() -> None:
    result = ok("log", "20", "-b", "3", "-a", "2", "--when", "yesterday 7pm")
    assert "Logged walk #1: 20 min, pain 3 → 2, Tue 24 Nov 19:00." in result.stdout
    [entry] = entries()
    assert entry["at"] == "2026-11-24T19:00:00+01:00"
    assert entry["date"] == "2026-11-24"
    assert entry["minutes"] == 20.0
    assert entry["pain_before"] == 3 and entry["pain_after"] == 2
    assert len(str(entry["uuid"])) == 36


def test_log_shows_todays_progress() -> None:
    result = ok("log", "5", "-b", "2", "-a", "2")
    assert "Today: 1 of 3 walks done (5 of 15 min)" in result.stdout
    assert "left: 2 walks of 5 min" in result.stdout


def test_log_stores_every_field() -> None:
    ok(
        "log",
        "12.5",
        "-b",
        "4",
        "-a",
        "3",
        "--distance",
        "0.8mi",
        "--steps",
        "1450",
        "--note",
        "park loop",
        "--leg-pain",
        "--limp",
    )
    [entry] = entries()
    assert entry["minutes"] == 12.5
    assert entry["distance_km"] == 1.287
    assert entry["steps"] == 1450
    assert entry["note"] == "park loop"
    assert entry["symptoms"] == ["leg-pain", "limp"]


def test_pain_rest_and_flare_are_entries() -> None:
    ok("pain", "3", "--when", "today 7:00")
    ok("rest", "--when", "yesterday")
    ok("rest", "--flare", "--when", "mon", "--note", "bad night")
    kinds = [(e["kind"], e["date"]) for e in entries()]
    assert kinds == [
        ("flare", "2026-11-23"),
        ("rest", "2026-11-24"),
        ("pain", "2026-11-25"),
    ]


def test_second_rest_on_a_day_is_refused() -> None:
    ok("rest")
    result = run("rest", "--flare")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Wed 25 Nov is already marked as a rest day (#1; change it with "
        "walkcoach edit 1, or remove it with walkcoach delete 1)\n"
    )


def test_history_range_includes_both_ends() -> None:
    for day in ("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"):
        ok("log", "5", "--when", f"{day} 08:00")
    result = ok("history", "--since", "2026-11-21", "--until", "2026-11-22", "--json")
    assert [e["date"] for e in json.loads(result.stdout)] == [
        "2026-11-21",
        "2026-11-22",
    ]
    table = ok("history", "--since", "2026-11-21", "--until", "2026-11-22").stdout
    assert "Sat 21 Nov" in table and "Sun 22 Nov" in table
    assert "Fri 20 Nov" not in table and "Mon 23 Nov" not in table
    assert "2 walks" in table and "on 2 days" in table


def test_history_totals_row_prints_for_one_entry_and_for_none() -> None:
    assert "0 walks" in ok("history").stdout
    ok("log", "7")
    lines = ok("history").stdout.splitlines()
    assert any("Total" in line and "1 walk" in line and " 7 " in line for line in lines)


def test_history_last_n_keeps_the_newest() -> None:
    for minutes in ("5", "6", "7"):
        ok("log", minutes, "--when", "yesterday 9am")
    data = json.loads(ok("history", "--last", "2", "--json").stdout)
    assert [e["minutes"] for e in data] == [6.0, 7.0]


def test_log_edit_undo_undo_restores_the_state_before_log() -> None:
    ok("log", "10", "--when", "yesterday 9am")
    before = entries()
    logged = ok("log", "8", "-b", "2", "-a", "3", "--when", "yesterday 6pm")
    assert "Logged walk #2" in logged.stdout
    edited = ok("edit", "-1", "--minutes", "12", "--pain-after", "4")
    assert "Changed walk #2: 8 min, pain 2 → 3" in edited.stdout
    assert "to walk #2: 12 min, pain 2 → 4" in edited.stdout
    assert [e["minutes"] for e in entries()] == [10.0, 12.0]
    first = ok("undo").stdout
    assert first.startswith("Undid the edit of walk #2 (back to 8 min, pain 2 → 3")
    assert [e["minutes"] for e in entries()] == [10.0, 8.0]
    second = ok("undo").stdout
    assert second.startswith("Undid the log of walk: 8 min, pain 2 → 3")
    assert entries() == before


def test_undo_with_nothing_to_undo() -> None:
    result = run("undo")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: nothing to undo\n"


def test_delete_asks_then_undo_restores_same_id_and_uuid() -> None:
    ok("log", "9", "--when", "yesterday 9am")
    [entry] = entries()
    refused = run("delete", "1", input="n\n")
    assert refused.exit_code == 1 and "Nothing deleted." in refused.stdout
    assert len(entries()) == 1
    ok("delete", "1", input="y\n")
    assert entries() == []
    assert "Undid the delete of walk #1" in ok("undo").stdout
    assert entries() == [entry]


def test_delete_yes_makes_a_backup_first(db_path: Path) -> None:
    ok("log", "9")
    ok("delete", "-1", "--yes")
    backups = list((db_path.parent / "walkcoach.db.backups").glob("*.db"))
    assert len(backups) == 1


def test_edit_symptom_flags_set_and_clear() -> None:
    ok("log", "9", "--sharp")
    ok("edit", "1", "--no-sharp", "--limp")
    assert entries()[0]["symptoms"] == ["limp"]


def test_edit_field_of_another_kind_is_bad_input() -> None:
    ok("pain", "4")
    result = run("edit", "1", "--minutes", "5")
    assert result.exit_code == 2
    assert result.stderr == "Error: a pain entry has no --minutes\n"


def test_edit_without_flags_is_bad_input() -> None:
    ok("log", "9")
    result = run("edit", "1")
    assert result.exit_code == 2
    assert "nothing to change" in result.stderr


def test_path_prints_database_and_backups(db_path: Path) -> None:
    out = ok("path").stdout
    assert f"database: {db_path}" in out
    assert f"backups:  {db_path.parent / 'walkcoach.db.backups'}" in out


def test_db_option_beats_environment(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok("--db", str(other), "log", "5")
    assert other.exists()
    assert entries() == []


def test_database_is_private(db_path: Path) -> None:
    ok("log", "5")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_no_arguments_shows_the_dashboard_with_a_welcome() -> None:
    out = ok().stdout
    assert "Welcome to walkcoach" in out
    assert "3 × 5 min" in out


def test_history_says_when_older_entries_are_left_out() -> None:
    for minutes in range(5, 37):
        ok("log", str(minutes), "--when", "2026-11-20 08:00")
    out = ok("history").stdout
    assert "The newest 30 entries; for older ones use --since" in out
    assert "30 walks" in out
    assert "older ones" not in ok("history", "--since", "2026-11-01").stdout
    assert "older ones" in ok("history", "--last", "5").stdout
    assert len(json.loads(ok("history", "--json").stdout)) == 30


def test_back_dated_times_carry_the_offset_of_their_own_day() -> None:
    """Amsterdam is +01:00 in November but +02:00 on 1 October (summer time)."""
    ok("log", "10", "--when", "2026-10-01 19:00")
    ok("rest", "--when", "2026-10-02")
    ok("log", "10", "--when", "yesterday 7pm")
    ats = [e["at"] for e in entries()]
    assert ats == [
        "2026-10-01T19:00:00+02:00",
        "2026-10-02T12:00:00+02:00",
        "2026-11-24T19:00:00+01:00",
    ]


def test_a_pinned_offset_elsewhere_is_kept() -> None:
    ok("log", "10", "--when", "2026-10-01 19:00", now="2026-11-25T10:00-05:00")
    assert entries()[0]["at"] == "2026-10-01T19:00:00-05:00"


def test_edit_newest_with_a_negative_option_value_is_one_line() -> None:
    ok("log", "9")
    result = run("edit", "-1", "--minutes", "-1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --minutes must be more than 0")


def test_edit_no_numbness_also_clears_both_legs() -> None:
    ok("log", "9", "--numbness", "--both-legs")
    ok("edit", "-1", "--no-numbness")
    assert entries()[0]["symptoms"] == []


def test_edit_symptom_flag_on_a_rest_day_names_it() -> None:
    ok("rest")
    result = run("edit", "-1", "--leg-pain")
    assert result.exit_code == 2
    assert result.stderr == "Error: a rest entry has no symptom flags\n"


def test_rest_day_leaves_nothing_to_walk_in_json_too() -> None:
    ok("rest")
    data = json.loads(ok("today", "--json").stdout)
    assert (data["left_sessions"], data["left_minutes"]) == (0, 0)
