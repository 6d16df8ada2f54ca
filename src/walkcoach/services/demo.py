"""The demo: six weeks of a simulated walker, driven through the real engine.

Each day, the engine computes the day's target from the days before it
(`coach.target_for`, exactly as for a real person); then a seeded walker lives
the day: a morning check-in, the planned walks with a little variation, and now
and then a harder day. Her entries go through the store's ordinary API, so the
history, the targets and their reasons are what walkcoach itself made of them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from walkcoach.core.models import Entry, Kind, Settings, Target
from walkcoach.services import coach
from walkcoach.storage.store import Store

DEMO_DAYS = 42  # six weeks, ending yesterday
SEED = 20261125
SETTINGS = Settings(
    start_minutes=5, sessions=3, goal_minutes=30, days_per_week=5, configured=True
)
# What happens on some days of the program (day 0 is the first): the rest are
# ordinary days, walked as planned with pain that stays low.
EVENTS = {
    6: "amber",  # pain rises by 2 during one walk
    13: "missed",  # nothing logged at all
    18: "bad",  # pain goes above 5 on the last walk; stiff the next morning
    24: "rest",
    29: "short",  # one walk fewer than planned
    34: "flare",
    38: "no-check-in",
}
SESSION_HOURS = {1: (10.0,), 2: (9.5, 17.0), 3: (9.0, 13.0, 17.5)}
NOTES = ("park loop", "with the dog", "stiff at first, easier after", "canal path")


@dataclass(frozen=True)
class DemoResult:
    first: date
    last: date
    entries: int
    targets: tuple[Target, ...]


class Walker:
    """A person who mostly follows the plan, and whose back mostly allows it."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.stiff_tomorrow = False

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _at(self, day: date, hour: float) -> datetime:
        minute = int(round((hour % 1) * 60 + self.rng.randint(-10, 10)))
        clock = time(int(hour), 0)
        naive = datetime.combine(day, clock) + timedelta(minutes=minute)
        return naive.astimezone()  # the local offset in force that day

    def live(self, number: int, day: date, target: Target) -> list[Entry]:
        """Day `number` of the program: what she logs, given the day's target."""
        event = EVENTS.get(number, "")
        if event == "missed":
            self.stiff_tomorrow = False
            return []
        # Her usual morning pain eases from about 3 to about 2 over the weeks.
        usual = 3 if number < DEMO_DAYS // 2 else 2
        morning = usual + self.rng.choice((0, 0, 0, 1, -1))
        if self.stiff_tomorrow:
            morning = usual + 2
            self.stiff_tomorrow = False
        morning = max(0, morning)
        entries: list[Entry] = []
        if event != "no-check-in":
            entries.append(self._check_in(day, morning))
        if event in ("rest", "flare"):
            kind = Kind.REST if event == "rest" else Kind.FLARE
            note = "busy day" if event == "rest" else "back flared after gardening"
            if event == "flare":
                entries[-1] = self._check_in(day, 5)
            at = self._at(day, 12)
            entries.append(Entry(kind=kind, at=at, note=note, uuid=self._uuid()))
            return entries
        sessions = target.dose.sessions
        if event == "short":
            sessions -= 1
        hours = SESSION_HOURS.get(target.dose.sessions, (10.0,))
        for index in range(sessions):
            before = max(0, morning - (1 if index and self.rng.random() < 0.3 else 0))
            after = before + self.rng.choice((-1, 0, 0, 0, 1))
            if event == "amber" and index == 0:
                after = before + 2
            if event == "bad" and index == sessions - 1:
                after = 6
                self.stiff_tomorrow = True
            minutes = target.dose.minutes + self.rng.choice((0, 0, 0, 0.5, 1, 2))
            remark = self.rng.choice(NOTES) if self.rng.random() < 0.12 else None
            entries.append(
                Entry(
                    kind=Kind.WALK,
                    at=self._at(day, hours[index]),
                    uuid=self._uuid(),
                    minutes=float(minutes),
                    pain_before=before,
                    pain_after=max(0, min(10, after)),
                    distance_km=round(minutes * self.rng.uniform(0.065, 0.08), 2),
                    steps=int(minutes * self.rng.uniform(95, 110)),
                    note=remark,
                )
            )
        return entries

    def _check_in(self, day: date, pain: int) -> Entry:
        return Entry(
            kind=Kind.PAIN, at=self._at(day, 7.5), pain=pain, uuid=self._uuid()
        )


def fill(
    store: Store,
    today: date,
    days: int = DEMO_DAYS,
    seed: int = SEED,
    tick: Callable[[], None] | None = None,
) -> DemoResult:
    """Program settings, a clear screening, then `days` days ending yesterday."""
    from walkcoach.core.guidance import screening_from_answers

    first = today - timedelta(days=days)
    store.save_settings(SETTINGS, first)
    start = datetime.combine(first, time(7)).astimezone()
    store.save_screening(screening_from_answers([], start))
    walker = Walker(seed)
    targets: list[Target] = []
    count = 0
    for number in range(days):
        day = first + timedelta(days=number)
        target = coach.target_for(store, day)
        targets.append(target)
        entries = walker.live(number, day, target)
        if entries:
            count += store.add_many(entries, summary=f"demo history of {day}")
        if tick is not None:
            tick()
    targets.append(coach.target_for(store, today))
    return DemoResult(first, today - timedelta(days=1), count, tuple(targets))
