"""The one clock: every "now" and "today" comes from here (SPEC §2)."""

import os
from datetime import date, datetime

from walkcoach.core.errors import InvalidInput


def now() -> datetime:
    """The current local time, aware; pinned by WALKCOACH_NOW for tests and demos."""
    pinned = os.environ.get("WALKCOACH_NOW")
    if not pinned:
        return datetime.now().astimezone().replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(pinned.strip())
    except ValueError:
        raise InvalidInput(
            f"WALKCOACH_NOW={pinned!r} is not an ISO date-time (e.g. 2026-03-02T08:00)"
        ) from None
    # A naive pinned time is local wall-clock time, with the offset in force then.
    return moment.astimezone() if moment.tzinfo is None else moment


def today() -> date:
    """The user's local calendar day."""
    return now().date()
