"""Safety questions, tips and warnings: the words walkcoach says, and when.

Pure content and rules (SPEC §5, EVIDENCE.md §0, §0b, §4–§6): no I/O, no clock,
no printing. Nothing here diagnoses: texts say what a sign *may* mean and what
to do, never what a person has. Every warning is made by `warn` from its one
text in WARNING_TEXTS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from walkcoach.core.models import (
    MORNING_RISE,
    PAIN_CEILING,
    RECORD_ONLY_SYMPTOMS,
    REFINES,
    REGIONS,
    SYMPTOM_RED_FLAGS,
    SYMPTOM_WORDS,
    Entry,
    Kind,
    Level,
    Screening,
    Warning,
    first_reading,
)

# --------------------------------------------------------------------------
# Shared wording, by region (SPEC §5: `setup --region`)
# --------------------------------------------------------------------------

# The emergency action and the same-day service of each region. "other" names
# no country's service; it gives the common numbers as examples.
_EMERGENCY: dict[str, str] = {
    "uk": "Go to A&E (the emergency department) now, or call 999.",
    "us": "Go to the emergency room now, or call 911.",
    "eu": "Go to an emergency department now, or call 112.",
    "au": "Go to an emergency department now, or call 000.",
    "other": "Go to an emergency department now, or call your local emergency "
    "number (for example 999 in the UK, 911 in the US, 112 in the EU, 000 in "
    "Australia).",
}
_EMERGENCY_NUMBER: dict[str, str] = {
    "uk": "999",
    "us": "911",
    "eu": "112",
    "au": "000",
    "other": "your local emergency number",
}
_SAME_DAY_SERVICE: dict[str, str] = {
    "uk": "your GP, or NHS 111",
    "us": "your doctor, or an urgent care clinic",
    "eu": "your doctor, or the out-of-hours doctor service",
    "au": "your GP, or an after-hours GP service",
    "other": "your doctor, or a same-day or out-of-hours service",
}
REGION_NAMES: dict[str, str] = {
    "uk": "the UK (999, NHS 111)",
    "us": "the US (911)",
    "eu": "the EU (112)",
    "au": "Australia (000, your GP)",
    "other": "no one country (your local emergency number)",
}
assert (
    set(_EMERGENCY)
    == set(_EMERGENCY_NUMBER)
    == set(_SAME_DAY_SERVICE)
    == set(REGION_NAMES)
    == set(REGIONS)
)


def emergency_action(region: str = "other") -> str:
    """What to do in an emergency, with the region's number."""
    return _EMERGENCY.get(region, _EMERGENCY["other"])


def same_day_service(region: str = "other") -> str:
    """Who to contact the same day, in the region's words."""
    return _SAME_DAY_SERVICE.get(region, _SAME_DAY_SERVICE["other"])


EMERGENCY_ACTION = emergency_action()  # the neutral wording
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

# What `log --numbness` / `--leg-weakness` ask on a terminal (`--both-legs` in
# a script); a yes stores the red-flag tag (models.NUMB_BOTH_LEGS, WEAK_URGENT).
BOTH_LEGS_PROMPT = "Is the numbness or tingling in both legs?"
WEAKNESS_PROMPT = "Is the weakness in both legs, or getting worse quickly?"

# --------------------------------------------------------------------------
# Warnings: one text per code (SPEC §5), filled in by `warn`
# --------------------------------------------------------------------------

_CLINICIAN = "a clinician (a doctor or physiotherapist)"
_HOLDS = "Your program holds at this level for now."

WARNING_TEXTS: dict[str, tuple[Level, str]] = {
    # The standing answers to the safety questions (EVIDENCE §4, 0b 14b, 14c).
    "screening-missing": (
        Level.CAUTION,
        "The safety questions have not been answered yet. Run `walkcoach setup` "
        "(it takes a minute) before you build up.",
    ),
    "screening-urgent": (
        Level.URGENT,
        "{action} You answered yes to: {answers}. This can be a sign of a "
        "serious problem that needs a doctor within hours. Walking targets are "
        "stopped until `walkcoach check` is answered clear.",
    ),
    "screening-same-day": (
        Level.CAUTION,
        "You answered yes to: {answers}. Please see a doctor today ({service}). "
        "Until a clinician has checked it, your walking stays at this level, "
        "with no build-up. When a clinician has cleared you, record it: "
        "{command}",
    ),
    "screening-caution": (
        Level.CAUTION,
        f"You answered yes to: {{answers}}. Please see {_CLINICIAN} before you "
        "build up your walking; until then the plan builds up slowly. When a "
        "clinician has cleared you, record it: {command}",
    ),
    # Symptoms logged with a walk or a check-in (EVIDENCE §0 row 13, §4, 0b).
    "symptom-urgent": (
        Level.URGENT,
        "{action} You logged {what}. This can be a sign of a serious nerve "
        "problem that needs a doctor within hours. Stop the walking program "
        "until a doctor has checked you.",
    ),
    "symptom-leg-pain": (
        Level.CAUTION,
        f"You logged pain spreading down a leg. {_HOLDS} If it persists or "
        "spreads, see a clinician. If it is in both legs, get emergency care now.",
    ),
    "symptom-numbness": (
        Level.CAUTION,
        f"You logged numbness or tingling in a leg or foot. {_HOLDS} If it "
        "persists or spreads, see a clinician. If it is in both legs, or around "
        "your genitals or bottom, get emergency care now.",
    ),
    "symptom-limp": (
        Level.CAUTION,
        "You logged a limp. Keep walks shorter and slower until it goes; your "
        "program holds at this level for now. If the limp persists, see a "
        "clinician.",
    ),
    "symptom-sharp": (
        Level.CAUTION,
        "You logged pain that turned sharp. Stop a walk when that happens; your "
        "program holds at this level for now. If it comes back or persists, see "
        "a clinician.",
    ),
    "symptom-leg-weakness": (
        Level.CAUTION,
        f"You logged weakness in one leg. {_HOLDS} Please see {_CLINICIAN} about "
        "it soon. If it spreads to both legs or gets worse quickly, get "
        "emergency care now.",
    ),
    "symptom-joint-pain": (
        Level.INFO,
        "You logged knee, hip or foot pain. Ease off a little: shorter, slower "
        "walks on level ground. If it keeps coming back or does not settle, see "
        "a clinician.",
    ),
    "joint-pain-recurring": (
        Level.CAUTION,
        "Knee, hip or foot pain was logged on {days} of the last 7 days. Please "
        f"see {_CLINICIAN} about it, and keep walks short and easy until then.",
    ),
    # Pacing (EVIDENCE §0 rows 7, 8, 12, 13, 15).
    "pain-after-high": (
        Level.INFO,
        f"Pain went above {PAIN_CEILING}/10 on {{which}} ({{pain}}/10): that was "
        "more than your back is ready for. Next time, keep the walk a little "
        f"shorter, or stop when pain passes {PAIN_CEILING}. Keep walking, just a "
        "little less for now.",
    ),
    "morning-pain-up": (
        Level.INFO,
        f"{{whose}} first pain reading ({{pain}}/10) is {MORNING_RISE} or more "
        "above your usual ({usual}/10). {advice}",
    ),
    "gap": (
        Level.INFO,
        "No walk for {days} days: the plan restarts lower and builds up again.",
    ),
    # A day walked far beyond its plan: one plain pacing sentence, not praise
    # (EVIDENCE §3: the 24-h response decides; SPEC §6 rule 3: no faster rise).
    "over-plan": (
        Level.INFO,
        "{done} min walked against a plan of {planned} min: walking far more than "
        "planned does not make the plan rise faster, and your back may answer the "
        "next morning, so keep to the plan.",
    ),
    "pause-clinician": (
        Level.CAUTION,
        f"Progression is paused after {{cause}}: please see {_CLINICIAN}. It "
        "resumes after two good days.",
    ),
    # The engine's judgement against the person's own baseline (issue 12;
    # EVIDENCE §0b rows 7b, 12b, 13b and §4 sciatica).
    "review-bad-days": (
        Level.CAUTION,
        "{count} bad or flare-up days in the last 4 weeks ({days}): please ask "
        f"{_CLINICIAN} to review your walking.",
    ),
    "pain-high-baseline": (
        Level.CAUTION,
        f"Your pain is above {PAIN_CEILING} before walking: walks that do not make "
        "it worse are fine, and the plan builds up slowly. Keep your clinician "
        "informed.",
    ),
    "leg-pain-known": (
        Level.INFO,
        "Leg pain logged on {day}, on record as pain down one leg: the plan "
        "judges the walk on its pain. See a clinician if it spreads, reaches "
        "both legs or the leg feels weak.",
    ),
}
WARNING_CODES: tuple[str, ...] = tuple(WARNING_TEXTS)
# The warnings that repeat the standing safety answers (the report names the
# answers themselves instead, in no region's words).
SCREENING_CODES = frozenset(c for c in WARNING_CODES if c.startswith("screening-"))

# The two endings of "morning-pain-up": only a day with walks can have been
# "too much walking" (EVIDENCE §0 rule 8).
MORNING_ADVICE_WALKED = (
    "That usually means the day before was too much: walk a little less today, "
    "rather than not at all."
)
MORNING_ADVICE_RESTED = (
    "Go gently today; if it stays up for a few days, see a clinician."
)


def warn(code: str, **fields: object) -> Warning:
    """The warning `code`, its one text filled in with `fields`."""
    level, text = WARNING_TEXTS[code]
    return Warning(level, text.format(**fields), code)


# --------------------------------------------------------------------------
# Safety questions (SPEC §5, EVIDENCE §4, §0b rows 14b, 14c)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One yes/no safety question; a yes raises a warning at `level`."""

    id: str
    level: Level
    text: str
    source: str
    label: str = ""  # a few words naming the answer, for warning messages
    same_day: bool = False  # caution that needs a doctor the same day (14c)


_U = Level.URGENT
_C = Level.CAUTION
_CES = "EVIDENCE §4 emergency list (NHS, BMJ Best Practice: cauda equina)"
_SAME_DAY = "EVIDENCE §4 same-day list (NHS, NICE CKS); §0b row 14c"
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
        f"{_CES}; §0b row 17b",
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
        "new-chest-pain",
        _U,
        "Is there chest pain that is new to you, and that no doctor has checked yet?",
        "EVIDENCE §4 emergency list (Sheffield NHS); §0b row 14b",
        "new chest pain",
    ),
    Question(
        "recent-accident",
        _U,
        "Did your back pain start after a serious accident, such as a car crash "
        "or a bad fall, in the last 6 weeks?",
        "EVIDENCE §4 emergency list (Sheffield NHS); §0b row 14b (6 weeks [D])",
        "pain that began after a serious accident in the last 6 weeks",
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
        f"{_PARQ}; §0b row 14b",
        "a heart or blood pressure condition",
    ),
    Question(
        "exertion-chest-pain",
        _C,
        "Do you get chest pain when you are active, of a kind a doctor already "
        "knows about?",
        f"{_PARQ}; §0b row 14b",
        "chest pain on exertion, known to a doctor",
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
        "cancer-history",
        _C,
        "Have you ever had cancer?",
        "EVIDENCE §4 same-day list; §0b row 14c (clearance before starting)",
        "a history of cancer",
    ),
    Question(
        "steroids-immune",
        _C,
        "Do you take steroid tablets, or medicine or treatment that weakens "
        "your immune system?",
        "EVIDENCE §4 same-day list; §0b row 14c (clearance before starting)",
        "steroids or a weakened immune system",
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
)

QUESTION_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}

# Questions whose meaning changed, by their old id: stored answers load as the
# urgent question that replaced them (the cautious reading: an urgent answer
# stays urgent until `check` is answered again); `--yes OLD` names the new ids.
SPLIT_IDS: dict[str, tuple[str, ...]] = {
    "chest-pain": ("new-chest-pain", "exertion-chest-pain", "heart-condition"),
    "serious-accident": ("recent-accident", "recent-surgery"),
}

INTRO = (
    "Answer each with y or n. A yes does not mean something is wrong: it tells "
    "walkcoach to be careful and when to suggest seeing a doctor."
)
CLEARED_PROMPT = (
    "Has a clinician checked this since, and said you can build up your walking?"
)


def _label(qid: str) -> str:
    question = QUESTION_BY_ID.get(qid)
    return question.label if question and question.label else qid


def _join(parts: Sequence[str]) -> str:
    return "; ".join(parts)


def answer_words(qids: Sequence[str]) -> str:
    """The answers named in plain words: "fever, chills ...; weight loss ..."."""
    return _join([_label(q) for q in qids])


def question_id(qid: str, option: str = "--yes") -> Question:
    """The question `qid` names; a ValueError that names the fix otherwise."""
    if qid in SPLIT_IDS:
        choices = " or ".join(SPLIT_IDS[qid])
        raise ValueError(
            f"question '{qid}' was split: {option} {choices} "
            "(see: walkcoach check --list)"
        )
    if qid not in QUESTION_BY_ID:
        raise ValueError(f"unknown question id '{qid}' (see: walkcoach check --list)")
    return QUESTION_BY_ID[qid]


def screening_from_answers(
    yes_ids: Iterable[str], at: datetime, stored: bool = False
) -> Screening:
    """The screening where `yes_ids` were answered yes and every other question no.

    `stored`: answers read back from the database, where an id of a question
    that was split since stands for its urgent successor (SPLIT_IDS).
    """
    yes = set()
    for qid in yes_ids:
        if stored and qid in SPLIT_IDS:
            qid = SPLIT_IDS[qid][0]
        yes.add(question_id(qid).id)
    return Screening(
        answered=True,
        urgent=tuple(q.id for q in QUESTIONS if q.id in yes and q.level is _U),
        caution=tuple(q.id for q in QUESTIONS if q.id in yes and q.level is _C),
        at=at,
        same_day=tuple(q.id for q in QUESTIONS if q.id in yes and q.same_day),
    )


def with_clearances(
    screening: Screening, clearances: Iterable[tuple[str, datetime]], day: date
) -> Screening:
    """`screening` with the clearances that count on `day`.

    A clearance counts for a caution answer given at or before it (the
    screening's time), from the day it was recorded: a later screening that
    answers yes again needs a new one (EVIDENCE 0b rows 14b, 14c).
    """
    if screening.at is None:
        return screening
    cleared: dict[str, date] = {}
    for qid, at in clearances:
        if qid in screening.caution and at >= screening.at and at.date() <= day:
            cleared.setdefault(qid, at.date())
    return Screening(
        answered=screening.answered,
        urgent=screening.urgent,
        caution=screening.caution,
        at=screening.at,
        same_day=screening.same_day,
        cleared=tuple(cleared.items()),
    )


def clearable_question(qid: str) -> Question:
    """The caution question `qid` names; ValueError for an unknown, split or
    urgent id (an urgent answer is cleared by answering `check` again)."""
    question = question_id(qid, "--cleared")
    if question.level is Level.URGENT:
        raise ValueError(
            f"'{qid}' is an urgent question: it is not cleared by a note; "
            "answer the questions again with walkcoach check"
        )
    return question


def check_clearable(qids: Iterable[str], screening: Screening) -> list[str]:
    """The ids `check --cleared` may record against `screening` (the answers
    standing after this check); ValueError naming the id and the fix."""
    chosen: list[str] = []
    for qid in qids:
        clearable_question(qid)
        if qid not in screening.caution:
            raise ValueError(
                f"'{qid}' is not answered yes, so there is nothing to clear "
                "(see: walkcoach check --list)"
            )
        if qid not in chosen:
            chosen.append(qid)
    return chosen


def _cleared_command(ids: Sequence[str]) -> str:
    return "walkcoach check " + " ".join(f"--cleared {q}" for q in ids)


def screening_warnings(s: Screening, region: str = "other") -> list[Warning]:
    """The warnings a standing screening raises on every target (SPEC §5).

    Answers a clinician has cleared raise nothing; same-day red flags and the
    other caution answers are named apart (EVIDENCE 0b row 14c).
    """
    if not s.answered:
        return [warn("screening-missing")]
    warnings: list[Warning] = []
    if s.urgent:
        answers = _join([_label(q) for q in s.urgent])
        warnings.append(
            warn("screening-urgent", action=emergency_action(region), answers=answers)
        )
    waiting = s.awaiting
    if waiting:
        warnings.append(
            warn(
                "screening-same-day",
                answers=_join([_label(q) for q in waiting]),
                service=same_day_service(region),
                command=_cleared_command(waiting),
            )
        )
    before = [q for q in s.open_caution if q not in s.same_day]
    if before:
        warnings.append(
            warn(
                "screening-caution",
                answers=_join([_label(q) for q in before]),
                command=_cleared_command(before),
            )
        )
    return warnings


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
        "log it (--joint-pain) and ease off a little; if it does not settle in "
        "a few days, see a clinician.",
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
# Log-triggered warnings (SPEC §5; EVIDENCE §0 rows 7, 8, 13, 14; §0b 15b, 17b)
# --------------------------------------------------------------------------

# The caution-level symptom flags, in the order their warnings are listed.
_CAUTION_SYMPTOMS = ("leg-pain", "numbness", "limp", "sharp", "leg-weakness")
JOINT_PAIN_DAYS = 3  # knee, hip or foot pain on this many of 7 days: see someone


def _fmt(value: float) -> str:
    return f"{value:g}"


def pain_after_warning(pain: int, which: str) -> Warning:
    """Pain above the ceiling on `which` ("this walk", "a walk on Friday")."""
    return warn("pain-after-high", which=which, pain=pain)


def morning_warning(
    pain: int, usual: float, walked_before: bool, whose: str = "Today's"
) -> Warning:
    """A first reading of the day 2 or more above usual (EVIDENCE §0 rule 8)."""
    advice = MORNING_ADVICE_WALKED if walked_before else MORNING_ADVICE_RESTED
    return warn(
        "morning-pain-up", whose=whose, pain=pain, usual=_fmt(usual), advice=advice
    )


def _symptom_warnings(symptoms: Iterable[str], region: str) -> list[Warning]:
    flags = set(symptoms)
    warnings: list[Warning] = []
    red = [s for s in SYMPTOM_RED_FLAGS if s in flags]
    if red:
        what = " and ".join(SYMPTOM_WORDS[s] for s in red)
        warnings.append(
            warn("symptom-urgent", action=emergency_action(region), what=what)
        )
        # The urgent message already covers the flag a red-flag tag refines.
        flags -= {REFINES[s] for s in red if s in REFINES}
    for flag in _CAUTION_SYMPTOMS:
        if flag in flags:
            warnings.append(warn(f"symptom-{flag}"))
    if "joint-pain" in flags:
        warnings.append(warn("symptom-joint-pain"))
    return warnings


def entry_warnings(
    entry: Entry,
    usual: float | None,
    first_of_day: bool = False,
    walked_before: bool = True,
    region: str = "other",
) -> list[Warning]:
    """Warnings for a walk or check-in that was just logged, most serious first.

    `first_of_day`: this entry gives the day's first pain reading (a check-in's
    pain, or a walk's pain before); `usual` is the usual pain (SPEC §6);
    `walked_before`: the day before had walks.
    """
    warnings = _symptom_warnings(entry.symptoms, region)
    if (
        entry.kind is Kind.WALK
        and entry.pain_after is not None
        and entry.pain_after > PAIN_CEILING
    ):
        warnings.append(pain_after_warning(entry.pain_after, "this walk"))
    reading = entry.reading
    if (
        first_of_day
        and usual is not None
        and reading is not None
        and reading >= usual + MORNING_RISE
    ):
        warnings.append(morning_warning(reading, usual, walked_before))
    return sort_warnings(warnings)


def joint_pain_days(entries: Iterable[Entry], day: date) -> int:
    """Days of the 7 ending on `day` with knee, hip or foot pain logged."""
    first = day - timedelta(days=6)
    return len(
        {
            e.day
            for e in entries
            if first <= e.day <= day
            and any(s in RECORD_ONLY_SYMPTOMS for s in e.symptoms)
        }
    )


def day_warnings(
    entries: Sequence[Entry], day: date, usual: float | None, region: str = "other"
) -> list[Warning]:
    """Log-triggered warnings still standing on `day` (from `day` and the day
    before; knee, hip or foot pain: from the 7 days ending on `day`).

    `usual` is the usual pain for `day`; each code appears at most once.
    """
    window = sorted(
        (e for e in entries if day - timedelta(days=1) <= e.day <= day),
        key=lambda e: e.at,
    )
    warnings = _symptom_warnings((s for e in window for s in e.symptoms), region)
    joint_days = joint_pain_days(entries, day)
    if joint_days >= JOINT_PAIN_DAYS:
        warnings.append(warn("joint-pain-recurring", days=joint_days))
    worst = max(
        (
            e.pain_after
            for e in window
            if e.kind is Kind.WALK and e.pain_after is not None
        ),
        default=None,
    )
    if worst is not None and worst > PAIN_CEILING:
        warnings.append(pain_after_warning(worst, "a recent walk"))
    first = first_reading(e for e in window if e.day == day)
    if usual is not None and first is not None and first >= usual + MORNING_RISE:
        walked_before = any(e.kind is Kind.WALK and e.day < day for e in window)
        warnings.append(morning_warning(first, usual, walked_before))
    return sort_warnings(warnings)


def over_plan_warning(done: float, planned: int) -> Warning:
    """The pacing sentence for a day walked beyond 1.5 × its plan."""
    return warn("over-plan", done=f"{round(done, 1):g}", planned=planned)


# `next` read before the morning it is for (SPEC §6): its target may still drop.
PROVISIONAL = (
    f"Provisional: a first pain reading that morning {MORNING_RISE} or more above "
    "your usual lowers it at once."
)


def one_voice(*groups: Iterable[Warning]) -> list[Warning]:
    """The warnings one screen shows: sort_warnings, then, when something is
    urgent, that one message alone (what was logged outranks the standing
    answer it set: the person should read one thing, get care); otherwise no
    general clinician advice beside a symptom's own, which already gives it."""
    merged = sort_warnings(*groups)
    urgent = [w for w in merged if w.level is Level.URGENT]
    if urgent:
        return [next((w for w in urgent if w.code == "symptom-urgent"), urgent[0])]
    if any(w.code.startswith("symptom-") for w in merged):
        merged = [w for w in merged if w.code != "pause-clinician"]
    return merged


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
# The `safety` page (SPEC §5; EVIDENCE §0 rows 7, 13, 14; §0b; §3; §4)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SafetySection:
    """One block of the safety page: when to do what."""

    title: str
    level: Level
    items: tuple[str, ...]
    source: str


def safety_sections(region: str = "other") -> tuple[SafetySection, ...]:
    """The `safety` page, in the region's words for the emergency and same-day
    services (only the two titles depend on the region)."""
    return (
        SafetySection(
            "Emergency: go to an emergency department or call "
            f"{_EMERGENCY_NUMBER.get(region, _EMERGENCY_NUMBER['other'])} now if "
            "you notice",
            Level.URGENT,
            (
                "new numbness or tingling between your legs or around your bottom, "
                "or wiping feels different",
                "new trouble passing urine, or losing control of your bladder or "
                "bowels",
                "a new change in sexual function, such as loss of feeling",
                "pain, weakness or numbness in both legs",
                "legs getting weaker quickly, or not going where you want them to",
                "chest pain that is new to you",
                "back pain that started after a serious accident in the last 6 weeks",
            ),
            "EVIDENCE §4 emergency list; §0 row 14; §0b rows 14b, 17b",
        ),
        SafetySection(
            f"See a doctor the same day ({same_day_service(region)}) if back "
            "pain comes with",
            Level.CAUTION,
            (
                "a fever or chills",
                "weight loss without trying",
                "pain that is much worse at night or not eased by rest",
                "a new lump or swelling, or a change in the shape of your back",
            ),
            "EVIDENCE §4 same-day list; §0b row 14c",
        ),
        SafetySection(
            "Check with a clinician (a doctor or physiotherapist) before you "
            "start, or before you build up, if any of these apply",
            Level.CAUTION,
            (
                "severe back pain, or pain that started suddenly in the last few days",
                "pain radiating down your legs",
                "back surgery or a back injury in the last year",
                "balance problems, dizziness or falls",
                "a condition that affects your mobility, such as a hip, knee or "
                "foot problem",
                "a heart condition, or chest pain on exertion that a doctor knows "
                "about",
                "a history of cancer, or taking steroid tablets",
            ),
            "SPEC §5 caution list; EVIDENCE §4 caution list (PAR-Q); §0b rows 14b, 14c",
        ),
        SafetySection(
            "See a clinician (a doctor or physiotherapist) soon, within days, if",
            Level.CAUTION,
            (
                "pain stays 2 or more points above your usual for 3 days or more",
                "pain down a leg, numbness, a limp or sharp pain keeps coming back "
                "or spreads",
                "one leg feels weak",
                "feet, knees or hips hurt from walking and do not settle",
                "your back pain is not improving at all after a month",
            ),
            "EVIDENCE §0 row 13; §0b rows 15b, 17b; §1 (lower-limb events); §4 "
            "(no improvement after 1 month)",
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


SAFETY: tuple[SafetySection, ...] = safety_sections()  # the neutral wording
