"""The one clock: every "now" and "today" comes from here (SPEC §2)."""

import os
from datetime import date, datetime

from walkcoach.core.dates import EARLIEST_YEAR
from walkcoach.core.errors import InvalidInput

LATEST_YEAR = 2200  # the clock may be pinned this far ahead, no further


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
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        # Year 1 cannot be put in a time zone, and year 9999 would make `today`
        # compute (and store) targets for some 8,000 years.
        raise InvalidInput(
            f"WALKCOACH_NOW={pinned!r} is outside the years {EARLIEST_YEAR} to "
            f"{LATEST_YEAR}"
        )
    # A naive pinned time is local wall-clock time, with the offset in force then.
    return moment.astimezone() if moment.tzinfo is None else moment


def today() -> date:
    """The user's local calendar day."""
    return now().date()
