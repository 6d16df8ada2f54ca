"""`walkcoach remind`: gather today's figures and the last reminder, decide
(core.reminders), and remember a reminder given."""

from datetime import datetime, timedelta

from walkcoach.core.models import Status
from walkcoach.core.reminders import reminder_text
from walkcoach.services.assess import assess
from walkcoach.storage.store import Store


def remind(store: Store, now: datetime, every: timedelta) -> str | None:
    """The reminder to give now (and remember), or None to stay quiet."""
    day = assess(store, now.date(), now.date())
    if day.target.status is Status.STOP:
        return None  # no walking target while an urgent safety answer stands
    text = reminder_text(
        day.left_sessions,
        max(day.left, default=day.target.dose.minutes),
        day.sessions,
        store.last_reminded(),
        now,
        every,
    )
    if text is not None:
        store.save_reminded(now)
    return text
