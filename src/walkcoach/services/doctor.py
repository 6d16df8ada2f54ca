"""Health of the database: the checks of `doctor` with a fix for each problem,
and the words for backups and counts that `backup` and `restore` print."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from walkcoach.storage.backup import Backup, Health

STALE_BACKUP_DAYS = 30


def diagnose(
    db: Path, folder: Path, health: Health, backups: list[Backup], db_flag: str = ""
) -> dict[str, Any]:
    from walkcoach.storage.backup import newest_good
    from walkcoach.storage.store import SCHEMA_VERSION

    good: list[tuple[Backup, Health] | None] = []

    def sound_backup() -> tuple[Backup, Health] | None:
        if not good:  # looked for only when needed, and only once
            good.append(newest_good(backups))
        return good[0]

    def restore() -> str:
        return _restore_fix(health, sound_backup(), db_flag)

    problems: list[dict[str, str]] = []
    advice: list[str] = []

    def problem(text: str, fix: str) -> None:
        problems.append({"problem": text, "fix": fix})

    if not health.exists:
        if backups:
            problem(f"there is no database at {db}, but there are backups", restore())
        else:
            advice.append(
                f"no database yet at {db}: `walkcoach setup` or the first "
                "`walkcoach log` creates it"
            )
    elif health.error and not health.is_file:  # a link to nothing
        problem(health.error, "point the link at your database, or remove it")
    elif not health.is_file:
        problem(f"{db} is not a file", "give the database file with --db")
    elif health.size == 0:
        if backups:
            problem(f"{db} is empty (0 bytes), but there are backups", restore())
        else:
            advice.append(f"{db} is empty; it becomes a database on first use")
    elif health.error and health.locked:
        problem(
            f"{db} is locked by another program ({health.error})",
            "close the other walkcoach or program using it, then run "
            "`walkcoach doctor` again",
        )
    elif health.error and not health.sqlite:
        problem(f"{db} {health.error}", f"check its permissions: chmod u+rw {db}")
    elif not health.sqlite:
        problem(
            f"{db} is not an SQLite file (not a walkcoach database)",
            restore()
            if sound_backup()
            else "check that --db or WALKCOACH_DB names your walkcoach database; "
            f"if this was it, no backup can bring it back: move it aside (mv "
            f"{quote(db)} {quote(Path(f'{db}.damaged'))}) to start afresh",
        )
    elif health.error and _damage(health.error):
        problem(f"{db} is damaged ({health.error})", restore())
    elif health.error:
        # A full disk or a failing read is not damage: no backup is suggested
        # (restoring one would lose whatever was logged after it).
        problem(
            f"{db} could not be read ({health.error})",
            "check the disk (df -h: free some space) and run `walkcoach doctor` "
            "again; nothing in the file is known to be lost",
        )
    elif health.tables and not health.walkcoach:
        problem(
            f"{db} is an SQLite file of another program, not a walkcoach database",
            "point walkcoach at your database with --db or WALKCOACH_DB "
            "(walkcoach leaves this file alone)",
        )
    else:
        if health.integrity:
            shown = "; ".join(health.integrity[:3])
            problem(f"{db} is damaged (integrity check: {shown})", restore())
        for text, fix in health.content:
            problem(text, fix)
        version = health.user_version or 0
        if version > SCHEMA_VERSION:
            problem(
                f"{db} has schema version {version}, made by a newer walkcoach "
                f"(this one knows {SCHEMA_VERSION})",
                "upgrade walkcoach (pip install --upgrade walkcoach)",
            )
        elif health.tables and len(health.migrations) != version:
            problem(
                f"{db} records {len(health.migrations)} migrations but schema "
                f"version {version}",
                restore(),
            )
        elif health.tables and version < SCHEMA_VERSION:
            advice.append(
                f"schema version {version} of {SCHEMA_VERSION}: upgraded on next "
                "use, after an automatic backup"
            )
    if health.exists and health.is_file and (health.walkcoach or not health.sqlite):
        _permissions(db, health, problem, advice)
    legacy = db.parent / "backups"  # where backups of all databases once went
    if legacy.is_dir() and any(legacy.glob(f"{glob_escape(db.stem)}-*.db")):
        advice.append(
            f"older backups, from before each database had its own folder, are in "
            f"{legacy}: they are kept but not listed here; restore one with "
            "`walkcoach restore BACKUP` if you need it"
        )
    last = backups[0] if backups else None
    if health.entries and last is None:
        advice.append("no backup yet: run `walkcoach backup`")
    elif last is not None and time.time() - last.mtime > STALE_BACKUP_DAYS * 86400:
        advice.append(f"the last backup is {age(last.mtime)}: run `walkcoach backup`")
    return {
        "ok": not problems,
        "database": {
            "path": str(db),
            "exists": health.exists,
            "size_bytes": health.size,
            "mode": f"{health.mode:04o}" if health.exists else None,
        },
        "integrity": None
        if health.integrity is None
        else ("ok" if not health.integrity else health.integrity),
        "schema": {
            "user_version": health.user_version,
            "expected": SCHEMA_VERSION,
            "migrations": health.migrations,
        },
        "entries": {
            "total": health.entries,
            **{k: health.counts.get(k, 0) for k in ("walk", "pain", "rest", "flare")},
        },
        "backups": {
            "folder": str(folder),
            "automatic": sum(1 for b in backups if b.automatic),
            "manual": sum(1 for b in backups if not b.automatic),
        },
        "last_backup": None
        if last is None
        else {
            "path": str(last.path),
            "at": _iso(last.mtime),
            "age_seconds": max(0, round(time.time() - last.mtime)),
        },
        "problems": problems,
        "advice": advice,
    }


def _permissions(
    db: Path,
    health: Health,
    problem: Callable[[str, str], None],
    advice: list[str],
) -> None:
    if os.statvfs(db.parent).f_flag & os.ST_RDONLY:
        problem(
            f"{db} is on a read-only filesystem, so walkcoach cannot save anything",
            "copy it somewhere writable and open the copy with --db",
        )
        return
    for path, what in ((db, "file"), (db.parent, "folder")):
        try:
            writable = os.access(path, os.W_OK) and path.stat().st_mode & 0o222
        except OSError:
            writable = False
        if not writable:
            problem(
                f"the database {what} {path} is read-only, so walkcoach cannot "
                "save anything",
                f"make it writable: chmod u+w {quote(path)}",
            )
    if health.mode & 0o077:
        advice.append(
            f"{db} can be read by others (mode {health.mode:04o}); it holds health "
            f"data: chmod 600 {quote(db)}"
        )


def glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def _damage(error: str) -> bool:
    """SQLite's words for a damaged file (not a locked, full or unreadable one)."""
    return any(w in error for w in ("malformed", "not a database", "corrupt"))


def _restore_fix(live: Health, good: tuple[Backup, Health] | None, db_flag: str) -> str:
    """Which backup to restore, what it would lose, and the one command."""
    db = live.path
    if good is None:
        return (
            "no sound backup was found; salvage what SQLite can still read: "
            f"sqlite3 {quote(db)} .recover | sqlite3 {quote(Path(f'{db}.recovered'))}"
            f", then check it: walkcoach --db {quote(Path(f'{db}.recovered'))} doctor"
        )
    backup, health = good
    held = f"{backup.path.name} ({age(backup.mtime)}, {count_entries(health.entries)})"
    if live.counts and live.entries > health.entries:
        lost = live.entries - health.entries
        loss = (
            f"; the database holds {live.entries}, so at least {count_entries(lost)} "
            "would be lost: export first (walkcoach export -o walks.json) and "
            "import that after the restore"
        )
    elif live.counts:
        loss = ""
    else:
        loss = "; entries logged after it are lost unless you exported them"
    command = f"walkcoach {db_flag}restore {quote(backup.path)}"
    return f"restore the newest sound backup, {held}{loss}: {command}"


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def count_entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def age(mtime: float) -> str:
    seconds = max(0.0, time.time() - mtime)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _iso(mtime: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(mtime).astimezone().isoformat(timespec="seconds")


def report(db: Path, db_flag: str = "") -> dict[str, Any]:
    """The whole doctor report of the database `db` (it is only read)."""
    from walkcoach.storage.backup import inspect, list_backups
    from walkcoach.storage.paths import backup_dir

    return diagnose(db, backup_dir(db), inspect(db), list_backups(db), db_flag)


def backup(store: Any, target: Path | None, overwrite: bool) -> tuple[Path, Health]:
    """A consistent copy of the open database, and the copy's own check."""
    from walkcoach.storage.backup import inspect, manual_backup

    written = manual_backup(store, target, overwrite=overwrite)
    return written, inspect(written, thorough=False)


def restore(db: Path, backup_file: Path) -> Any:
    """Put `backup_file` back in place of `db`, keeping a copy of `db` first."""
    from walkcoach.storage.backup import restore as put_back

    return put_back(db, backup_file)
