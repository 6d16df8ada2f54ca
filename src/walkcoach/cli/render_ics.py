"""The next days' planned walks as an iCalendar file (RFC 5545) that a phone
calendar imports: one event per walk, at the times the person chose."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from walkcoach.core.models import Dose

CALENDAR_DAYS = 7  # `plan --ics` covers today and the 6 days after it
DESCRIPTION = (
    "Your walking plan from walkcoach, if every day goes well. When a day does "
    "not go well the plan waits for your back: `walkcoach today` has the target "
    "that counts."
)


def ics_text(walks: Sequence[tuple[datetime, int, Dose]], stamp: datetime) -> str:
    """A calendar of `walks` (start, number in the day, dose); `stamp` is now.

    Each event's UID names its day and number, so importing a newer file
    updates the same events instead of adding copies.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//walkcoach//walking plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "walkcoach")
    for start, number, dose in walks:
        event = Event()
        day: date = start.date()
        event.add("uid", f"walkcoach-{day.isoformat()}-{number}@walkcoach")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", start.astimezone(UTC))
        event.add("dtend", (start + timedelta(minutes=dose.minutes)).astimezone(UTC))
        event.add("summary", f"Walk {dose.minutes} min ({number} of {dose.sessions})")
        event.add("description", DESCRIPTION)
        event.add("transp", "TRANSPARENT")  # a walk does not make you busy
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))
