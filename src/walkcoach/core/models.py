"""Plain data shared by the store, the plan engine and the views (no I/O here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Kind(StrEnum):
    """What an entry records."""

    WALK = "walk"
    PAIN = "pain"
    REST = "rest"
    FLARE = "flare"


class Status(StrEnum):
    """The plan's verdict for a day (SPEC §6)."""

    START = "start"
    PROGRESS = "progress"
    HOLD = "hold"
    REDUCE = "reduce"
    RESTART = "restart"
    REST = "rest"
    PAUSE = "pause"
    STOP = "stop"
    GOAL = "goal"


class Level(StrEnum):
    """How serious a warning is (SPEC §5)."""

    URGENT = "urgent"
    CAUTION = "caution"
    INFO = "info"


# The pain thresholds every rule and warning shares (EVIDENCE §0 rules 7, 8, 12:
# the pain-monitoring model; 2 points is the smallest change that matters).
PAIN_CEILING = 5  # pain above this during or after a walk is too much
MORNING_RISE = 2  # a first reading this far above usual: the day before was too much
KM_PER_MILE = 1.609344
# Brisk walking: about 100 steps a minute or more (EVIDENCE row 16, CADENCE-Adults).
BRISK_CADENCE = 100
# Walks imported from a phone or watch carry a name-based UUID (version 5)
# derived from the activity; walks logged here get a random one (version 4).
DEVICE_UUID_VERSION = "5"

# The symptom flags a walk or check-in may carry, as typed on the command line
# (`--leg-pain` ...), and every value stored. Two are added, not typed: when a
# person with `--numbness` or `--leg-weakness` says it is in both legs (or, for
# weakness, getting worse quickly), a red flag (SPEC §5, EVIDENCE §4, 17b).
SYMPTOMS = (
    "leg-pain",
    "numbness",
    "limp",
    "sharp",
    "leg-weakness",
    "joint-pain",
    "saddle-numbness",
    "bladder",
)
NUMB_BOTH_LEGS = "numbness-both-legs"
WEAK_URGENT = "leg-weakness-urgent"
STORED_SYMPTOMS = (*SYMPTOMS, NUMB_BOTH_LEGS, WEAK_URGENT)
# Each stored symptom in plain words, for reasons, flags and reports.
SYMPTOM_WORDS = {
    "leg-pain": "leg pain",
    "numbness": "numbness",
    NUMB_BOTH_LEGS: "numbness in both legs",
    "limp": "a limp",
    "sharp": "sharp pain",
    "leg-weakness": "weakness in one leg",
    WEAK_URGENT: "leg weakness in both legs or getting worse quickly",
    "joint-pain": "knee, hip or foot pain",
    "saddle-numbness": "numbness around the genitals or bottom",
    "bladder": "new bladder or bowel trouble",
}
# A stored symptom that is a red flag: the urgent safety question its log
# answers yes, which stops the program until `check` is answered clear (rule 7).
SYMPTOM_RED_FLAGS = {
    NUMB_BOTH_LEGS: "both-legs",
    WEAK_URGENT: "leg-weakness",
    "saddle-numbness": "saddle-numbness",
    "bladder": "bladder-bowel",
}
# Recorded and shown, but no reason to hold the plan on its own: knee, hip or
# foot pain warns when it recurs (EVIDENCE 0b row 15b).
RECORD_ONLY_SYMPTOMS = ("joint-pain",)
# The broader flag a red-flag tag refines, left out when both are stored.
REFINES = {NUMB_BOTH_LEGS: "numbness", WEAK_URGENT: "leg-weakness"}


def symptom_words(symptoms: tuple[str, ...] | list[str]) -> list[str]:
    """The symptoms in plain words; a red-flag tag includes the flag it refines."""
    hidden = {REFINES[s] for s in symptoms if s in REFINES}
    return [SYMPTOM_WORDS.get(s, s) for s in symptoms if s not in hidden]


@dataclass(frozen=True)
class Entry:
    """One row of the log: a walk, a pain check-in, a rest day or a flare day."""

    kind: Kind
    at: datetime  # aware, in the user's local offset at the time of the entry
    minutes: float | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    pain: int | None = None
    distance_km: float | None = None
    steps: int | None = None
    symptoms: tuple[str, ...] = ()
    note: str | None = None
    id: int | None = None
    uuid: str = ""

    @property
    def day(self) -> date:
        """The local calendar day the entry belongs to."""
        return self.at.date()

    @property
    def reading(self) -> int | None:
        """The pain this entry gives as a day's reading (SPEC §6): a check-in's
        level, or a walk's pain before; the day's first one is its morning pain."""
        if self.kind is Kind.PAIN:
            return self.pain
        if self.kind is Kind.WALK:
            return self.pain_before
        return None


def from_device(entry: Entry) -> bool:
    """True for a walk imported from a phone or watch (see DEVICE_UUID_VERSION)."""
    return len(entry.uuid) == 36 and entry.uuid[14] == DEVICE_UUID_VERSION


def has_pain(entry: Entry) -> bool:
    """True when a walk has a pain value before or after it."""
    return entry.pain_before is not None or entry.pain_after is not None


def first_reading(entries: Iterable[Entry]) -> int | None:
    """The earliest pain reading among `entries` (one day's: its morning pain)."""
    readings = [(e.at, e.id or 0, e.reading) for e in entries if e.reading is not None]
    return min(readings)[2] if readings else None


# The range of each choice of `setup` (SPEC §3; EVIDENCE §0 rules 1 and 2).
SETTING_RANGES = {
    "start_minutes": (5, 10),
    "sessions": (2, 3),
    "goal_minutes": (30, 45),
    "days_per_week": (1, 7),
}


def within_range(name: str, value: int) -> int:
    """`value` brought inside the range of setting `name`."""
    low, high = SETTING_RANGES[name]
    return min(max(value, low), high)


@dataclass(frozen=True)
class Settings:
    """The program a person chose in `setup` (defaults apply before setup)."""

    start_minutes: int = 5
    sessions: int = 3
    goal_minutes: int = 30
    days_per_week: int = 5
    units: str = "km"
    region: str = "other"  # emergency and same-day wording (REGIONS)
    configured: bool = False  # False until `setup` has been run


# Where the person lives, for the emergency number and the same-day service
# (SPEC §5; EVIDENCE §1: WalkBack ran in Australia): "other" names neither.
REGIONS = ("uk", "us", "eu", "au", "other")


@dataclass(frozen=True)
class Screening:
    """The standing answers to the safety questions (SPEC §5)."""

    answered: bool = False
    urgent: tuple[str, ...] = ()  # ids of urgent questions answered yes
    caution: tuple[str, ...] = ()  # ids of caution questions answered yes
    at: datetime | None = None
    same_day: tuple[str, ...] = ()  # of `caution`: same-day red flags (14c)
    # Caution answers a clinician has cleared since they were given, each with
    # the day `check --cleared` recorded it (EVIDENCE 0b rows 14b, 14c).
    cleared: tuple[tuple[str, date], ...] = ()

    @property
    def cleared_ids(self) -> tuple[str, ...]:
        return tuple(qid for qid, _ in self.cleared)

    @property
    def open_caution(self) -> tuple[str, ...]:
        """Caution answers not (yet) cleared by a clinician."""
        return tuple(q for q in self.caution if q not in self.cleared_ids)

    @property
    def awaiting(self) -> tuple[str, ...]:
        """Same-day red flags awaiting a clinician's clearance: no build-up."""
        return tuple(q for q in self.same_day if q not in self.cleared_ids)


@dataclass(frozen=True)
class Warning:
    """A message for the person, at one of three levels."""

    level: Level
    message: str
    code: str = ""  # stable identifier, e.g. "pain-after-high"; not shown


@dataclass(frozen=True)
class Dose:
    """A day's walking: the planned walks in whole minutes, longest first.

    `Dose(3, 5)` is three walks of 5 minutes; walks of different lengths (while
    walks merge, SPEC §6 rule 4) are built with `Dose.of([22, 8])`. `sessions`
    is the number of walks and `minutes` the longest.
    """

    sessions: int
    minutes: int
    walks: tuple[int, ...] = ()
    total: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        if not self.walks:
            object.__setattr__(self, "walks", (self.minutes,) * max(0, self.sessions))
        elif (
            len(self.walks) != self.sessions
            or self.walks[0] != self.minutes
            or list(self.walks) != sorted(self.walks, reverse=True)
        ):
            raise ValueError(
                f"walks {self.walks} do not match {self.sessions} × {self.minutes}"
            )
        object.__setattr__(self, "total", sum(self.walks))

    @classmethod
    def of(cls, walks: Iterable[int]) -> Dose:
        """A dose from its walks' lengths, in any order."""
        ordered = tuple(sorted(walks, reverse=True))
        return cls(len(ordered), ordered[0] if ordered else 0, ordered)

    @property
    def even(self) -> bool:
        """All walks are the same length."""
        return len(set(self.walks)) <= 1

    @property
    def text(self) -> str:
        """The dose in words: "3 × 5 min", or "22 + 8 min" for uneven walks."""
        if self.even:
            return f"{self.sessions} × {self.minutes} min"
        return " + ".join(str(w) for w in self.walks) + " min"


def walks_left(minutes: Iterable[float | None], dose: Dose) -> tuple[int, ...]:
    """The planned walks not yet done: each walk done covers the longest planned
    walk it reaches 80% of (SPEC §6 adherence), in exact arithmetic."""
    left = list(dose.walks)
    for done in sorted((m or 0 for m in minutes), reverse=True):
        for i, planned in enumerate(left):
            if done * 5 >= planned * 4:
                del left[i]
                break
    return tuple(left)


# A day walked beyond this many times its planned total gets one pacing sentence
# (EVIDENCE §3: the 24-h response matters, and more is not faster progress).
OVER_PLAN_FACTOR = 1.5


def counts_as_session(minutes: float | None, dose: Dose) -> bool:
    """A walk counts as one of `dose`'s sessions when it reached at least 80%
    of one of its planned walks (SPEC §6 adherence), in exact arithmetic."""
    shortest = min(dose.walks) if dose.walks else dose.minutes
    return (minutes or 0) * 5 >= shortest * 4


# A walk this long is not believed without a word from the person (SPEC §3 `log`):
# more than this many times the longest planned walk, and more than IMPLAUSIBLE_FLOOR
# minutes (so a short plan does not make an ordinary walk suspect).
IMPLAUSIBLE_FACTOR = 3
IMPLAUSIBLE_FLOOR = 90


def is_implausible_walk(minutes: float, longest_planned: int) -> bool:
    """True when a walk of `minutes` is implausible for a person whose longest
    planned walk is `longest_planned` minutes (a typo, or a timer left running)."""
    return (
        minutes > IMPLAUSIBLE_FACTOR * longest_planned and minutes > IMPLAUSIBLE_FLOOR
    )


@dataclass(frozen=True)
class EngineState:
    """What the engine carries from one day's target to the next."""

    good_days: int = 0  # consecutive good, adherent days at the current dose
    hold_days: int = 0  # days left to hold after a reduction
    paused: bool = False  # rule 6 pause in force
    pause_good_days: int = 0  # good days since the pause began
    tolerated: Dose | None = None  # the last dose walked with a good day
    pause_cause: str = ""  # what started the pause, in plain words
    resume: Dose | None = None  # under `stop`: the dose to go back to
    gap_pct: int = 0  # rule 8 cut already applied in this gap (0, 80 or 60)
    gap_from: Dose | None = None  # the dose before this gap's cut
    walked: Dose | None = None  # the target of the last day walked (`previous`)
    days_off: int = 0  # days without a walk just before this target's day
    bad_streak: int = 0  # bad walked days in a row (days without walks skipped)
    raised: tuple[str, ...] = ()  # this run of days with a raised first reading
    bad_days: tuple[str, ...] = ()  # bad or flare-up days of the last 28 days
    short_days: int = 0  # walked days in a row with no walk at 80% of 5 min
    floor: Dose | None = None  # a smaller start offered as a way down (rule 5)
    usual: float | None = None  # the usual pain (baseline) before this day


@dataclass(frozen=True)
class Target:
    """The plan for one day (the JSON object of SPEC §6, plus engine state)."""

    date: date
    status: Status
    dose: Dose  # zero sessions and minutes under `stop`
    goal_minutes: int
    reason: str
    warnings: tuple[Warning, ...] = ()
    previous: Dose | None = None
    state: EngineState = field(default_factory=EngineState)
