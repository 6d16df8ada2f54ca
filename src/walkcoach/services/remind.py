"""`walkcoach remind`: gather today's figures and the last reminder, decide
(core.reminders), and remember a reminder given."""

from datetime import datetime, timedelta

from walkcoach.core.models import Status
from walkcoach.core.reminders import reminder_text
from walkcoach.services import coach
from walkcoach.storage.store import Store


def remind(store: Store, now: datetime, every: timedelta) -> str | None:
    """The reminder to give now (and remember), or None to stay quiet."""
    view = coach.day_view(store, now.date())
    target = view.target
    if target.status is Status.STOP:
        return None  # no walking target while an urgent safety answer stands
    text = reminder_text(
        view.left_sessions,
        target.dose.minutes,
        target.dose.sessions,
        store.last_reminded(),
        now,
        every,
    )
    if text is not None:
        store.save_reminded(now)
    return text
