"""Safety questions, tips and warnings: the words walkcoach says, and when.

Pure content and rules (SPEC §5, EVIDENCE.md §0, §4–§6): no I/O, no clock, no
printing. Nothing here diagnoses: texts say what a sign *may* mean and what to
do, never what a person has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from walkcoach.core.models import (
    MORNING_RISE,
    PAIN_CEILING,
    Entry,
    Kind,
    Level,
    Screening,
    Warning,
    first_reading,
)

# --------------------------------------------------------------------------
# Shared wording
# --------------------------------------------------------------------------

EMERGENCY_ACTION = (
    "Go to an emergency department (A&E) now, or call your emergency number "
    "(999 in the UK, 911 in the US, 112 in the EU)."
)
DISCLAIMER = (
    "walkcoach gives general guidance for walking with back pain. It does not "
    "diagnose and it does not replace a clinician. If you are worried, ask one."
)
# The clinician report's closing line: the same fact, in the report's words.
REPORT_DISCLAIMER = (
    "walkcoach does not diagnose. This report lists what the person logged and "
    "the walking targets that walkcoach's fixed rules set from it; it is not a "
    "clinical assessment."
)

# Pain ceilings of the pain-monitoring model (EVIDENCE §0 rows 7, 8, 12).

# A symptom tag the log command adds when a person with `--numbness` answers
# yes to BOTH_LEGS_PROMPT: stored with the entry, it keeps the warning urgent.
NUMB_BOTH_LEGS = "numbness-both-legs"
BOTH_LEGS_PROMPT = "Is the numbness or tingling in both legs?"

WARNING_CODES = (
    "screening-urgent",
    "screening-caution",
    "screening-missing",
    "both-legs-numb",
    "symptom-leg-pain",
    "symptom-numbness",
    "symptom-limp",
    "symptom-sharp",
    "pain-after-high",
    "morning-pain-up",
)

# --------------------------------------------------------------------------
# Safety questions (SPEC §5, EVIDENCE §4)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One yes/no safety question; a yes raises a warning at `level`."""

    id: str
    level: Level
    text: str
    source: str
    label: str = ""  # a few words naming the answer, for warning messages
    same_day: bool = False  # caution that needs a doctor the same day


_U = Level.URGENT
_C = Level.CAUTION
_CES = "EVIDENCE §4 emergency list (NHS, BMJ Best Practice: cauda equina)"
_SAME_DAY = "EVIDENCE §4 same-day list (NHS, NICE CKS)"
_PARQ = "EVIDENCE §4 caution list (PAR-Q)"

QUESTIONS: tuple[Question, ...] = (
    Question(
        "saddle-numbness",
        _U,
        "Is there new numbness or tingling between your legs or around your "
        "bottom, or does it feel different when you wipe?",
        _CES,
        "numbness around the genitals or bottom",
    ),
    Question(
        "bladder-bowel",
        _U,
        "Have you recently had new trouble passing urine, or lost control of "
        "your bladder or bowels, or the feeling that you need to go?",
        _CES,
        "new bladder or bowel trouble",
    ),
    Question(
        "both-legs",
        _U,
        "Is there new or worsening pain, weakness or numbness in both of your legs?",
        _CES,
        "pain, weakness or numbness in both legs",
    ),
    Question(
        "leg-weakness",
        _U,
        "Are your legs getting weaker quickly, or do they not go where you want "
        "them to?",
        _CES,
        "legs getting weaker quickly",
    ),
    Question(
        "sexual-function",
        _U,
        "Have you noticed a new change in sexual function, such as loss of feeling?",
        _CES,
        "a new change in sexual function",
    ),
    Question(
        "chest-pain",
        _U,
        "Do you get chest pain, at rest or when you are active?",
        "EVIDENCE §4 emergency list (Sheffield NHS); PAR-Q",
        "chest pain",
    ),
    Question(
        "serious-accident",
        _U,
        "Did your back pain start after a serious accident, such as a car crash "
        "or a bad fall?",
        "EVIDENCE §4 emergency list (Sheffield NHS)",
        "pain after a serious accident",
    ),
    Question(
        "severe-pain",
        _C,
        "Is your back pain severe right now, or did it start suddenly in the "
        "last few days?",
        "SPEC §5 caution list; EVIDENCE §4",
        "severe or new, sudden pain",
    ),
    Question(
        "radiating-pain",
        _C,
        "Does pain spread from your back down one leg, below the knee?",
        "EVIDENCE §4 caution list (sciatica)",
        "pain spreading down a leg",
    ),
    Question(
        "walking-leg-pain",
        _C,
        "Do your legs ache, feel heavy or go numb when you walk or stand, and "
        "ease when you sit or bend forward?",
        "EVIDENCE §4 caution list (neurogenic claudication)",
        "leg pain when walking that eases on sitting",
    ),
    Question(
        "recent-surgery",
        _C,
        "Have you had back surgery or a back injury in the last year, or any "
        "other operation in the last 3 months?",
        "EVIDENCE §4 caution list (PAR-Q; red-flag lists)",
        "recent surgery or back injury",
    ),
    Question(
        "balance-falls",
        _C,
        "Do you lose your balance because of dizziness, or have you fallen or "
        "fainted in the last year?",
        f"{_PARQ}; WHO 2020 balance advice",
        "balance problems or falls",
    ),
    Question(
        "mobility-condition",
        _C,
        "Is there a bone, joint or other health problem (for example in a hip, "
        "knee or foot) that makes walking harder or gets worse with activity?",
        _PARQ,
        "a condition that affects walking",
    ),
    Question(
        "heart-condition",
        _C,
        "Has a doctor ever told you about a heart condition or high blood "
        "pressure, or do you take medicine for either?",
        _PARQ,
        "a heart or blood pressure condition",
    ),
    Question(
        "pregnancy",
        _C,
        "Are you pregnant, or did you give birth in the last 6 months?",
        _PARQ,
        "pregnancy or a recent birth",
    ),
    Question(
        "thin-bones",
        _C,
        "Has a doctor told you that your bones are thin (osteoporosis)?",
        "EVIDENCE §4 caution and same-day lists",
        "thin bones (osteoporosis)",
    ),
    Question(
        "age-onset",
        _C,
        "Did this back pain start for the first time after age 50, or before age 20?",
        "EVIDENCE §4 same-day and caution lists (new onset >50 or <20)",
        "back pain that first started after 50 or before 20",
    ),
    Question(
        "fever",
        _C,
        "Have you had a fever or chills with your back pain, or a recent "
        "infection treated with antibiotics?",
        _SAME_DAY,
        "fever, chills or a recent infection",
        same_day=True,
    ),
    Question(
        "weight-loss",
        _C,
        "Have you lost weight recently without trying?",
        _SAME_DAY,
        "weight loss without trying",
        same_day=True,
    ),
    Question(
        "cancer-history",
        _C,
        "Have you ever had cancer?",
        _SAME_DAY,
        "a history of cancer",
        same_day=True,
    ),
    Question(
        "night-pain",
        _C,
        "Is your back pain much worse at night, or not eased at all by rest?",
        _SAME_DAY,
        "pain much worse at night or not eased by rest",
        same_day=True,
    ),
    Question(
        "back-lump",
        _C,
        "Is there a new lump or swelling on your back, or has the shape of your "
        "back changed?",
        _SAME_DAY,
        "a lump, swelling or change in the shape of the back",
        same_day=True,
    ),
    Question(
        "steroids-immune",
        _C,
        "Do you take steroid tablets, or medicine or treatment that weakens "
        "your immune system?",
        _SAME_DAY,
        "steroids or a weakened immune system",
        same_day=True,
    ),
)

QUESTION_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}


def _label(qid: str) -> str:
    question = QUESTION_BY_ID.get(qid)
    return question.label if question and question.label else qid


def _join(parts: Sequence[str]) -> str:
    return "; ".join(parts)


def screening_from_answers(yes_ids: Iterable[str], at: datetime) -> Screening:
    """The screening where `yes_ids` were answered yes and every other question no."""
    yes = set()
    for qid in yes_ids:
        if qid not in QUESTION_BY_ID:
            raise ValueError(
                f"unknown question id '{qid}' (see: walkcoach check --list)"
            )
        yes.add(qid)
    return Screening(
        answered=True,
        urgent=tuple(q.id for q in QUESTIONS if q.id in yes and q.level is _U),
        caution=tuple(q.id for q in QUESTIONS if q.id in yes and q.level is _C),
        at=at,
    )


def screening_warnings(s: Screening) -> list[Warning]:
    """The warnings a standing screening raises on every target (SPEC §5)."""
    if not s.answered:
        return [
            Warning(
                Level.CAUTION,
                "The safety questions have not been answered yet. Run "
                "`walkcoach setup` (it takes a minute) before you build up.",
                "screening-missing",
            )
        ]
    warnings: list[Warning] = []
    if s.urgent:
        warnings.append(
            Warning(
                Level.URGENT,
                f"{EMERGENCY_ACTION} You answered yes to: "
                f"{_join([_label(q) for q in s.urgent])}. This can be a sign of "
                "a serious problem that needs a doctor within hours. Walking "
                "targets are stopped until `walkcoach check` is answered clear.",
                "screening-urgent",
            )
        )
    if s.caution:
        same_day = [q for q in s.caution if _is_same_day(q)]
        before = [q for q in s.caution if not _is_same_day(q)]
        parts: list[str] = []
        if same_day:
            parts.append(
                f"You answered yes to: {_join([_label(q) for q in same_day])}. "
                "Please contact your doctor today about this (in the UK: your GP "
                "or NHS 111), unless a doctor has already checked it."
            )
        if before:
            parts.append(
                f"{'Also, you' if same_day else 'You'} answered yes to: "
                f"{_join([_label(q) for q in before])}. Please see a clinician "
                "(a doctor or physiotherapist) before you build up your walking."
            )
        parts.append(
            "The program goes on, carefully; run `walkcoach check` again if "
            "anything changes."
        )
        warnings.append(Warning(Level.CAUTION, " ".join(parts), "screening-caution"))
    return warnings


def _is_same_day(qid: str) -> bool:
    question = QUESTION_BY_ID.get(qid)
    return bool(question and question.same_day)


# --------------------------------------------------------------------------
# Tips (EVIDENCE §0, §1, §3, §5, §6)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tip:
    """One short piece of advice for a lay reader."""

    topic: str
    title: str
    text: str
    source: str


TOPIC_TITLES: dict[str, str] = {
    "starting": "Getting started",
    "technique": "Walking technique",
    "posture": "Posture",
    "shoes": "Shoes and feet",
    "pace": "Pace",
    "pain": "Pain: what is fine and what is too much",
    "why": "Why walking helps",
}
TOPICS: tuple[str, ...] = tuple(TOPIC_TITLES)

TIPS: tuple[Tip, ...] = (
    Tip(
        "starting",
        "Start small",
        "Begin with 5 to 10 minutes, two or three times a day. It should feel "
        "easy. While your back gets used to it, a few short walks are better "
        "than one long one.",
        "EVIDENCE §0 row 1 [D]; §3 graded activity (start below tolerance)",
    ),
    Tip(
        "starting",
        "Warm up and cool down",
        "Warm up by walking slowly for the first few minutes, and cool down by "
        "slowing again for the last few. As your walks get longer, make each of "
        "these 5 to 10 minutes. Afterwards, a few gentle stretches can ease stiffness.",
        "EVIDENCE §6 (Mayo Clinic)",
    ),
    Tip(
        "starting",
        "Choose level ground",
        "For now, pick a level, even, well-lit path: a park path, a track, or a "
        "shopping centre on a rainy day. Hills, steps and broken pavements can "
        "come later.",
        "EVIDENCE §6 (Mayo Clinic; Healthwise)",
    ),
    Tip(
        "starting",
        "Build up gradually",
        "Add a minute or two at a time, and only after good days. walkcoach "
        "works this out for you. The aim is one 30-minute walk on most days, "
        "reached over weeks to months, not days.",
        "EVIDENCE §0 rows 2, 5, 10; §6 (Healthwise: increase gradually)",
    ),
    Tip(
        "starting",
        "Log as you go",
        "Log each walk with your pain before and after, and check in when you "
        "wake up. Your morning pain tells walkcoach whether yesterday was the "
        "right amount.",
        "EVIDENCE §0 row 8; §1 (walking journal)",
    ),
    Tip(
        "technique",
        "Natural, medium steps",
        "Take medium steps at a length that feels natural. Over-long strides "
        "jolt the back; there is no need to stretch them out.",
        "EVIDENCE §6 (gait meta-analysis; natural stride) [L]",
    ),
    Tip(
        "technique",
        "Heel first, roll to the toes",
        "Land gently on your heel, roll smoothly through the foot and push off "
        "softly from your toes.",
        "EVIDENCE §6 (Mayo Clinic)",
    ),
    Tip(
        "technique",
        "Let your arms swing",
        "Let your arms swing freely from the shoulders, elbows slightly bent. "
        "The swing lets your upper body turn a little with each step, which "
        "helps against stiffness.",
        "EVIDENCE §6 (Mayo Clinic; gait meta-analysis) [L]",
    ),
    Tip(
        "technique",
        "Gentle, not rigid",
        "Tighten your stomach muscles slightly, as if zipping up snug trousers, "
        "and keep breathing normally. There is no need to brace hard or hold "
        "your body stiff: an easy, relaxed walk is the goal.",
        "EVIDENCE §6 (Mayo Clinic; avoid rigid bracing) [L]",
    ),
    Tip(
        "posture",
        "Head up, eyes ahead",
        "Look ahead along the path, not down at your feet, with your chin level.",
        "EVIDENCE §6 (Mayo Clinic)",
    ),
    Tip(
        "posture",
        "Shoulders loose",
        "Shrug your shoulders up towards your ears, then let them drop. Keep "
        "them relaxed and down as you walk.",
        "EVIDENCE §6 (Healthwise)",
    ),
    Tip(
        "posture",
        "Stand tall",
        "Walk upright, without leaning forward or back: leaning strains the "
        "back. Think tall and easy, not stiff.",
        "EVIDENCE §6 (Healthwise; Mayo Clinic)",
    ),
    Tip(
        "shoes",
        "Supportive shoes",
        "Wear comfortable shoes with good arch support, a firm heel and a "
        "thick, flexible sole.",
        "EVIDENCE §6 (Mayo Clinic)",
    ),
    Tip(
        "shoes",
        "Look after feet, knees and hips",
        "More walking can make feet, knees or hips sore at first. If they hurt, "
        "write it in the walk's note and ease off a little; if it does not "
        "settle in a few days, see a clinician.",
        "EVIDENCE §1 (WalkBack: more lower-limb adverse events)",
    ),
    Tip(
        "pace",
        "Comfortable first, brisk later",
        "Start at a pace that feels comfortable. Once longer walks feel easy, "
        "you can walk more briskly: you can still talk, but not sing.",
        "EVIDENCE §0 row 16; §5 (CDC talk test)",
    ),
    Tip(
        "pace",
        "Counting steps",
        "Brisk walking is about 100 steps a minute or more. Count your steps for "
        "15 seconds and multiply by 4. There is no need to aim for this in the "
        "first weeks.",
        "EVIDENCE §5 (CADENCE-Adults)",
    ),
    Tip(
        "pain",
        "The pain traffic light",
        "Rate your pain from 0 (none) to 10 (worst). During a walk, 0 to 3 is "
        "fine (green) and 4 to 5 is acceptable (amber). Above 5 is too much "
        "(red): slow down, shorten the walk or stop, and walk a little less "
        "next time.",
        "EVIDENCE §0 row 7; §3 (pain-monitoring model)",
    ),
    Tip(
        "pain",
        "The next-morning rule",
        "By the next morning, your pain should be back to its usual level. If "
        "it is 2 or more points higher, the day before was too much: walk a "
        "little less today, rather than not at all.",
        "EVIDENCE §0 rows 8, 12; §3",
    ),
    Tip(
        "pain",
        "Some pain is all right",
        "Some back pain while walking is common and is not a sign of harm. What "
        "matters is that it stays at 5 or below and settles by the next morning.",
        "EVIDENCE §3 (Smith 2017; pain-monitoring model)",
    ),
    Tip(
        "pain",
        "Signs to stop and take note",
        "Stop the walk if pain turns sharp, makes you limp, or spreads down a "
        "leg. Log it (--sharp, --limp, --leg-pain): walkcoach holds your "
        "program and suggests a clinician if it keeps happening.",
        "EVIDENCE §0 row 13; §3 (ACSM four pain rules)",
    ),
    Tip(
        "pain",
        "On a bad day",
        "On a flare-up day, walk less rather than not at all, and mark it with "
        "`walkcoach rest --flare`. Flare-ups often settle within a few days; if "
        "yours does not, see a clinician.",
        "EVIDENCE §0 rows 12, 13; §1 (recurrences: median 3 to 4 days)",
    ),
    Tip(
        "why",
        "Walking keeps back pain away for longer",
        "In a large trial (WalkBack, 2024), people who took up regular walking "
        "went almost twice as long before their back pain came back: a median "
        "of 208 days, against 112 days without the walking program.",
        "EVIDENCE §1 (WalkBack, Lancet 2024)",
    ),
    Tip(
        "why",
        "How walking helps the back",
        "Walking gets blood flowing to the muscles and tissues of the back, "
        "builds up the muscles that support your spine, and eases stiffness. "
        "It is gentle, free, and fits into a normal day.",
        "EVIDENCE §2 (Pocovi 2022: walking helps, modestly); mechanisms: "
        "general health education [L]",
    ),
    Tip(
        "why",
        "Good for more than the back",
        "Regular walking releases endorphins, the body's own feel-good and "
        "pain-easing chemicals. It also helps with weight, sleep and mood.",
        "EVIDENCE §5 (WHO 2020: activity for health); specifics: general "
        "health education [L]",
    ),
    Tip(
        "why",
        "Every minute counts",
        "Some activity is better than none. In the long run, aim for 150 minutes "
        "of moderate activity a week, such as 30 minutes on 5 days.",
        "EVIDENCE §0 row 3; §5 (WHO 2020)",
    ),
)

# Topics the daily tip rotates through: how to walk, rather than why.
ROTATION_TOPICS = ("technique", "posture", "shoes", "pace")
_ROTATION: tuple[Tip, ...] = tuple(t for t in TIPS if t.topic in ROTATION_TOPICS)


def tips_for(topic: str | None = None) -> list[Tip]:
    """The tips of one topic, or all of them; unknown topic → ValueError."""
    if topic is None:
        return list(TIPS)
    if topic not in TOPICS:
        raise ValueError(f"unknown topic '{topic}' (choose from: {', '.join(TOPICS)})")
    return [t for t in TIPS if t.topic == topic]


def tip_of_the_day(day: date) -> Tip:
    """One technique tip per day, in a fixed cycle (no repeat within a week)."""
    # The cycle is longer than 7, so 7 consecutive days never meet the same tip.
    return _ROTATION[day.toordinal() % len(_ROTATION)]


# --------------------------------------------------------------------------
# Log-triggered warnings (SPEC §5; EVIDENCE §0 rows 7, 8, 13, 14)
# --------------------------------------------------------------------------

_SYMPTOM_WARNINGS: dict[str, str] = {
    "leg-pain": "You logged pain spreading down a leg. Your program holds at "
    "this level for now. If it persists or spreads, see a clinician. If it is "
    "in both legs, get emergency care now.",
    "numbness": "You logged numbness or tingling in a leg or foot. Your program "
    "holds at this level for now. If it persists or spreads, see a clinician. "
    "If it is in both legs, or around your genitals or bottom, get emergency "
    "care now.",
    "limp": "You logged a limp. Keep walks shorter and slower until it goes; "
    "your program holds at this level for now. If the limp persists, see a "
    "clinician.",
    "sharp": "You logged pain that turned sharp. Stop a walk when that happens; "
    "your program holds at this level for now. If it comes back or persists, "
    "see a clinician.",
}

_BOTH_LEGS_WARNING = (
    f"{EMERGENCY_ACTION} You logged numbness or tingling in both legs. This can "
    "be a sign of a serious nerve problem that needs a doctor within hours. "
    "Stop the walking program until a doctor has checked you."
)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _pain_after_warning(pain: int, recent: bool) -> Warning:
    which = "a recent walk" if recent else "this walk"
    return Warning(
        Level.INFO,
        f"Pain after {which} was {pain}/10, above {PAIN_CEILING}: that was more "
        "than your back is ready for. Next time, keep the walk a little shorter "
        f"and stop when pain passes {PAIN_CEILING}. Keep walking, just a little "
        "less for now.",
        "pain-after-high",
    )


def _morning_warning(pain: int, usual: float, walked_before: bool) -> Warning:
    # Only a day with walks can have been "too much walking" (EVIDENCE §0 rule 8).
    advice = (
        "That usually means the day before was too much: walk a little less "
        "today, rather than not at all."
        if walked_before
        else "Go gently today; if it stays up for a few days, see a clinician."
    )
    return Warning(
        Level.INFO,
        f"Your first pain reading of the day ({pain}/10) is {MORNING_RISE} or "
        f"more above your usual ({_fmt(usual)}/10). {advice}",
        "morning-pain-up",
    )


def _symptom_warnings(symptoms: Iterable[str]) -> list[Warning]:
    flags = set(symptoms)
    warnings: list[Warning] = []
    if NUMB_BOTH_LEGS in flags:
        warnings.append(Warning(Level.URGENT, _BOTH_LEGS_WARNING, "both-legs-numb"))
        # The urgent message already covers numbness; don't repeat it as caution.
        flags.discard("numbness")
    for flag, message in _SYMPTOM_WARNINGS.items():
        if flag in flags:
            warnings.append(Warning(Level.CAUTION, message, f"symptom-{flag}"))
    return warnings


def entry_warnings(
    entry: Entry,
    usual: float | None,
    first_of_day: bool = False,
    walked_before: bool = True,
) -> list[Warning]:
    """Warnings for a walk or check-in that was just logged, most serious first.

    `first_of_day`: this entry gives the day's first pain reading (a check-in's
    pain, or a walk's pain before); `usual` is the usual pain (SPEC §6);
    `walked_before`: the day before had walks.
    """
    warnings = _symptom_warnings(entry.symptoms)
    if (
        entry.kind is Kind.WALK
        and entry.pain_after is not None
        and entry.pain_after > PAIN_CEILING
    ):
        warnings.append(_pain_after_warning(entry.pain_after, recent=False))
    reading = entry.reading
    if (
        first_of_day
        and usual is not None
        and reading is not None
        and reading >= usual + MORNING_RISE
    ):
        warnings.append(_morning_warning(reading, usual, walked_before))
    return sort_warnings(warnings)


def day_warnings(
    entries: Sequence[Entry], day: date, usual: float | None
) -> list[Warning]:
    """Log-triggered warnings still standing on `day` (from `day` and the day before).

    `usual` is the usual pain for `day`; each code appears at most once.
    """
    window = sorted(
        (e for e in entries if day - timedelta(days=1) <= e.day <= day),
        key=lambda e: e.at,
    )
    warnings = _symptom_warnings(s for e in window for s in e.symptoms)
    worst = max(
        (
            e.pain_after
            for e in window
            if e.kind is Kind.WALK and e.pain_after is not None
        ),
        default=None,
    )
    if worst is not None and worst > PAIN_CEILING:
        warnings.append(_pain_after_warning(worst, recent=True))
    first = first_reading(e for e in window if e.day == day)
    if usual is not None and first is not None and first >= usual + MORNING_RISE:
        walked_before = any(e.kind is Kind.WALK and e.day < day for e in window)
        warnings.append(_morning_warning(first, usual, walked_before))
    return sort_warnings(warnings)


_LEVEL_ORDER = {Level.URGENT: 0, Level.CAUTION: 1, Level.INFO: 2}


def sort_warnings(*groups: Iterable[Warning]) -> list[Warning]:
    """Merge warning lists: most serious first, one per code (first one kept)."""
    seen: set[str] = set()
    merged: list[Warning] = []
    for group in groups:
        for w in group:
            key = w.code or w.message
            if key not in seen:
                seen.add(key)
                merged.append(w)
    return sorted(merged, key=lambda w: _LEVEL_ORDER[w.level])


# --------------------------------------------------------------------------
# The `safety` page (SPEC §5; EVIDENCE §0 rows 7, 13, 14; §3; §4)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SafetySection:
    """One block of the safety page: when to do what."""

    title: str
    level: Level
    items: tuple[str, ...]
    source: str


SAFETY: tuple[SafetySection, ...] = (
    SafetySection(
        "Emergency: go to A&E or call your emergency number now if you notice",
        Level.URGENT,
        (
            "new numbness or tingling between your legs or around your bottom, "
            "or wiping feels different",
            "new trouble passing urine, or losing control of your bladder or bowels",
            "a new change in sexual function, such as loss of feeling",
            "pain, weakness or numbness in both legs",
            "legs getting weaker quickly, or not going where you want them to",
            "chest pain",
            "back pain that started after a serious accident",
        ),
        "EVIDENCE §4 emergency list; §0 row 14",
    ),
    SafetySection(
        "Contact a doctor the same day (UK: your GP or NHS 111) if back pain "
        "comes with",
        Level.CAUTION,
        (
            "a fever or chills",
            "weight loss without trying",
            "pain that is much worse at night or not eased by rest",
            "a new lump or swelling, or a change in the shape of your back",
            "a history of cancer",
            "steroid tablets or a weakened immune system",
        ),
        "EVIDENCE §4 same-day list",
    ),
    SafetySection(
        "See a clinician (a doctor or physiotherapist) soon, within days, if",
        Level.CAUTION,
        (
            "pain stays 2 or more points above your usual for 3 days or more",
            "pain down a leg, numbness, a limp or sharp pain keeps coming back "
            "or spreads",
            "feet, knees or hips hurt from walking and do not settle",
            "your back pain is not improving at all after a month",
        ),
        "EVIDENCE §0 row 13; §1 (lower-limb events); §4 (no improvement after 1 month)",
    ),
    SafetySection(
        "Stop this walk, rest and walk less next time if",
        Level.INFO,
        (
            f"pain rises above {PAIN_CEILING} out of 10",
            "pain turns sharp, or makes you limp",
            "pain or tingling spreads down a leg",
            "you feel dizzy, faint or unusually short of breath (with chest "
            "pain: emergency, see above)",
        ),
        "EVIDENCE §0 rows 7, 13; §3 (ACSM four pain rules); §4 (PAR-Q)",
    ),
)
