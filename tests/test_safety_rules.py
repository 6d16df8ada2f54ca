"""Table-driven tests of the safety rules of issue 12 (pure: no I/O).

EVIDENCE 0b rows 14b (chest pain, accidents), 14c (same-day red flags and
clearance), 15b (knee, hip or foot pain), 17b (leg weakness); SPEC §5 regions.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from walkcoach.core import guidance, plan
from walkcoach.core.guidance import (
    day_warnings,
    entry_warnings,
    screening_from_answers,
    screening_warnings,
    with_clearances,
)
from walkcoach.core.models import (
    NUMB_BOTH_LEGS,
    REGIONS,
    STORED_SYMPTOMS,
    SYMPTOM_RED_FLAGS,
    SYMPTOM_WORDS,
    WEAK_URGENT,
    Dose,
    Entry,
    Kind,
    Level,
    Screening,
    Settings,
    Status,
    Target,
    Warning,
    symptom_words,
)

TZ = timezone(timedelta(hours=1))
AT = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
DAY = AT.date()
SRC = Path(__file__).parent.parent / "src" / "walkcoach"


def walk(at: datetime, symptoms: tuple[str, ...] = (), before: int = 1) -> Entry:
    return Entry(Kind.WALK, at, 5, before, before, symptoms=symptoms)


# -- the questions: time-bound, split, plain (EVIDENCE 0b row 14b) ------------

QUESTION_LEVELS = [
    ("new-chest-pain", Level.URGENT, False),
    ("recent-accident", Level.URGENT, False),
    ("exertion-chest-pain", Level.CAUTION, False),
    ("heart-condition", Level.CAUTION, False),
    ("cancer-history", Level.CAUTION, False),  # clearance first, no daily alarm
    ("steroids-immune", Level.CAUTION, False),
    ("fever", Level.CAUTION, True),
    ("weight-loss", Level.CAUTION, True),
    ("night-pain", Level.CAUTION, True),
    ("back-lump", Level.CAUTION, True),
]


@pytest.mark.parametrize(("qid", "level", "same_day"), QUESTION_LEVELS)
def test_question_level_and_same_day(qid: str, level: Level, same_day: bool) -> None:
    question = guidance.QUESTION_BY_ID[qid]
    assert (question.level, question.same_day) == (level, same_day)


def test_time_bound_questions_name_their_time() -> None:
    assert "new" in guidance.QUESTION_BY_ID["new-chest-pain"].text
    assert "6 weeks" in guidance.QUESTION_BY_ID["recent-accident"].text
    assert "already knows" in guidance.QUESTION_BY_ID["exertion-chest-pain"].text


def test_no_answer_y_when_unsure() -> None:
    source = (SRC / "cli" / "cmd_guide.py").read_text()
    source += (SRC / "core" / "guidance.py").read_text()
    assert "unsure" not in source
    assert "does not mean something is wrong" in guidance.INTRO


@pytest.mark.parametrize(
    ("old", "message"),
    [
        (
            "chest-pain",
            "question 'chest-pain' was split: --yes new-chest-pain or "
            "exertion-chest-pain or heart-condition (see: walkcoach check --list)",
        ),
        (
            "serious-accident",
            "question 'serious-accident' was split: --yes recent-accident or "
            "recent-surgery (see: walkcoach check --list)",
        ),
        ("nope", "unknown question id 'nope' (see: walkcoach check --list)"),
    ],
)
def test_split_or_unknown_id_is_refused_with_the_fix(old: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        screening_from_answers([old], AT)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("stored", "urgent"),
    [
        (["chest-pain"], ("new-chest-pain",)),
        (["serious-accident", "fever"], ("recent-accident",)),
        (["both-legs"], ("both-legs",)),
    ],
)
def test_stored_answers_of_split_questions_load_as_urgent(
    stored: list[str], urgent: tuple[str, ...]
) -> None:
    # The cautious reading: an urgent answer stays urgent until check again.
    assert screening_from_answers(stored, AT, stored=True).urgent == urgent


# -- clearance (EVIDENCE 0b rows 14b, 14c) --------------------------------------

LATER = AT + timedelta(hours=3)
EARLIER = AT - timedelta(hours=3)
CLEARANCES = [
    # (yes answers, clearances, day) -> (awaiting, open caution)
    (["fever"], [], DAY, ("fever",), ("fever",)),
    (["fever"], [("fever", LATER)], DAY, (), ()),
    (["fever"], [("fever", AT)], DAY, (), ()),  # given with the answers
    # A clearance recorded before the answers does not clear a new yes.
    (["fever"], [("fever", EARLIER)], DAY, ("fever",), ("fever",)),
    # Not on a day before the clearance was recorded.
    (["fever"], [("fever", LATER + timedelta(days=2))], DAY, ("fever",), ("fever",)),
    (
        ["fever", "night-pain"],
        [("night-pain", LATER)],
        DAY,
        ("fever",),
        ("fever",),
    ),
    (["cancer-history"], [], DAY, (), ("cancer-history",)),
    (["cancer-history"], [("cancer-history", LATER)], DAY, (), ()),
    (["radiating-pain"], [("fever", LATER)], DAY, (), ("radiating-pain",)),
]


@pytest.mark.parametrize(
    ("yes", "clearances", "day", "awaiting", "open_caution"), CLEARANCES
)
def test_with_clearances(
    yes: list[str],
    clearances: list[tuple[str, datetime]],
    day: date,
    awaiting: tuple[str, ...],
    open_caution: tuple[str, ...],
) -> None:
    s = with_clearances(screening_from_answers(yes, AT), clearances, day)
    assert s.awaiting == awaiting
    assert s.open_caution == open_caution
    assert s.caution == screening_from_answers(yes, AT).caution  # still on record


@pytest.mark.parametrize(
    ("ids", "yes", "message"),
    [
        (
            ["saddle-numbness"],
            ["saddle-numbness"],
            "'saddle-numbness' is an urgent question: it is not cleared by a "
            "note; answer the questions again with walkcoach check",
        ),
        (
            ["fever"],
            ["night-pain"],
            "'fever' is not answered yes, so there is nothing to clear "
            "(see: walkcoach check --list)",
        ),
        (["nope"], [], "unknown question id 'nope' (see: walkcoach check --list)"),
    ],
)
def test_check_clearable_refuses(ids: list[str], yes: list[str], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        guidance.check_clearable(ids, screening_from_answers(yes, AT))
    assert str(caught.value) == message


def test_check_clearable_keeps_order_once_each() -> None:
    s = screening_from_answers(["fever", "night-pain"], AT)
    assert guidance.check_clearable(["night-pain", "fever", "night-pain"], s) == [
        "night-pain",
        "fever",
    ]


@pytest.mark.parametrize(
    ("yes", "cleared", "codes"),
    [
        (["fever"], [], ["screening-same-day"]),
        (["fever"], ["fever"], []),
        (["fever", "cancer-history"], ["fever"], ["screening-caution"]),
        (["cancer-history"], [], ["screening-caution"]),
        (["both-legs", "fever"], ["fever"], ["screening-urgent"]),
    ],
)
def test_cleared_answers_raise_no_warning(
    yes: list[str], cleared: list[str], codes: list[str]
) -> None:
    s = with_clearances(
        screening_from_answers(yes, AT), [(q, LATER) for q in cleared], DAY
    )
    assert [w.code for w in screening_warnings(s)] == codes


# -- regions (SPEC §5) --------------------------------------------------------

REGION_WORDS = [
    ("uk", "999", "NHS 111"),
    ("us", "911", "urgent care"),
    ("eu", "112", "out-of-hours"),
    ("au", "000", "GP"),
    ("other", "your local emergency number", "your doctor"),
]


@pytest.mark.parametrize(("region", "number", "service"), REGION_WORDS)
def test_region_words_everywhere(region: str, number: str, service: str) -> None:
    assert number in guidance.emergency_action(region)
    s = screening_from_answers(["both-legs", "fever"], AT)
    urgent, same_day = screening_warnings(s, region)
    assert number in urgent.message
    assert service in same_day.message
    sections = guidance.safety_sections(region)
    assert number in sections[0].title
    assert service in sections[1].title
    logged = entry_warnings(walk(AT, ("bladder",)), None, region=region)
    assert number in logged[0].message


def test_other_region_names_no_single_service() -> None:
    words = guidance.same_day_service("other") + guidance.safety_sections()[1].title
    for local in ("NHS", "GP", "A&E", "urgent care"):
        assert local not in words
    assert {r for r, *_ in REGION_WORDS} == set(REGIONS)


def test_unknown_stored_region_reads_as_neutral() -> None:
    assert guidance.emergency_action("xx") == guidance.emergency_action("other")


# -- symptoms logged as they happen (EVIDENCE §4, 0b rows 15b, 17b) -----------

SYMPTOM_LEVELS = [
    (("saddle-numbness",), [(Level.URGENT, "symptom-urgent")]),
    (("bladder",), [(Level.URGENT, "symptom-urgent")]),
    (("numbness", NUMB_BOTH_LEGS), [(Level.URGENT, "symptom-urgent")]),
    (("leg-weakness", WEAK_URGENT), [(Level.URGENT, "symptom-urgent")]),
    (("leg-weakness",), [(Level.CAUTION, "symptom-leg-weakness")]),
    (("joint-pain",), [(Level.INFO, "symptom-joint-pain")]),
    (
        ("saddle-numbness", "limp"),
        [(Level.URGENT, "symptom-urgent"), (Level.CAUTION, "symptom-limp")],
    ),
]


@pytest.mark.parametrize(("symptoms", "expected"), SYMPTOM_LEVELS)
def test_symptom_warning_levels(
    symptoms: tuple[str, ...], expected: list[tuple[Level, str]]
) -> None:
    ws = entry_warnings(walk(AT, symptoms), None)
    assert [(w.level, w.code) for w in ws] == expected


def test_urgent_symptom_message_names_each_red_flag_once() -> None:
    ws = entry_warnings(walk(AT, ("saddle-numbness", "bladder")), None)
    assert len(ws) == 1
    assert "numbness around the genitals or bottom" in ws[0].message
    assert "new bladder or bowel trouble" in ws[0].message


@pytest.mark.parametrize(
    ("days_ago", "warned"),
    [
        ((0, 1), False),
        ((0, 1, 2), True),
        ((0, 3, 6), True),
        ((0, 3, 7), False),  # 7 days ago is outside the 7 days ending today
        ((1, 2, 3), True),
    ],
)
def test_joint_pain_on_three_of_seven_days(
    days_ago: tuple[int, ...], warned: bool
) -> None:
    entries = [walk(AT - timedelta(days=d), ("joint-pain",)) for d in days_ago]
    ws = day_warnings(entries, DAY, None)
    recurring = [w for w in ws if w.code == "joint-pain-recurring"]
    assert bool(recurring) is warned
    if warned:
        assert recurring[0].level is Level.CAUTION
        assert f"on {len(days_ago)} of the last 7 days" in recurring[0].message


def test_symptom_ids_and_words_defined_once() -> None:
    assert set(SYMPTOM_WORDS) == set(STORED_SYMPTOMS)
    assert set(SYMPTOM_RED_FLAGS) <= set(STORED_SYMPTOMS)
    assert set(SYMPTOM_RED_FLAGS.values()) <= set(guidance.QUESTION_BY_ID)
    for question in SYMPTOM_RED_FLAGS.values():
        assert guidance.QUESTION_BY_ID[question].level is Level.URGENT


@pytest.mark.parametrize(
    ("symptoms", "words"),
    [
        (("numbness", NUMB_BOTH_LEGS), ["numbness in both legs"]),
        (
            ("leg-weakness", WEAK_URGENT),
            ["leg weakness in both legs or getting worse quickly"],
        ),
        (("leg-weakness",), ["weakness in one leg"]),
        (("joint-pain", "limp"), ["knee, hip or foot pain", "a limp"]),
    ],
)
def test_symptom_words(symptoms: tuple[str, ...], words: list[str]) -> None:
    assert symptom_words(symptoms) == words


# -- every warning code has exactly one text ---------------------------------


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".+".join(re.escape(p) for p in parts), re.DOTALL)


def _engine_warnings() -> list[Warning]:
    """Warnings of the engine over histories that raise every kind it makes."""
    settings = Settings(configured=True)
    days = [DAY + timedelta(days=n) for n in range(30)]
    entries: list[Entry] = []
    for n, day in enumerate(days[:20]):
        at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=7)
        entries.append(Entry(Kind.PAIN, at, pain=6 if n in (8, 9) else 1))
        if n in (3, 4, 5):
            after, symptoms = 8, ()
        elif n == 10:
            after, symptoms = 1, ("limp",)
        else:
            after, symptoms = 1, ()
        for k in range(3):
            entries.append(
                Entry(
                    Kind.WALK,
                    at + timedelta(hours=2 + 3 * k),
                    5,
                    1,
                    after,
                    symptoms=symptoms,
                )
            )
    answers = [
        Screening(),
        screening_from_answers(["fever", "cancer-history"], AT),
        screening_from_answers(["both-legs"], AT),
    ]
    made: list[Warning] = []
    for s in answers:
        targets = plan.simulate(days, settings, s, entries)
        made += [w for t in targets.values() for w in t.warnings]
    # Issue 12's own: pain above 5 that walking does not raise, and leg pain
    # already on record (the radiating-pain answer).
    known = screening_from_answers(["radiating-pain"], AT)
    steady = [
        Entry(
            Kind.WALK,
            datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9),
            5,
            6,
            6,
            symptoms=("leg-pain",),
        )
        for day in days[:5]
    ]
    targets = plan.simulate(days[:6], settings, known, steady)
    made += [w for t in targets.values() for w in t.warnings]
    return made


def _guidance_warnings() -> list[Warning]:
    made: list[Warning] = []
    everything = (*STORED_SYMPTOMS,)
    for region in REGIONS:
        made += entry_warnings(walk(AT, everything, before=7), 2, True, True, region)
        made += entry_warnings(walk(AT, ("leg-weakness",)), 2, True, False, region)
        made += entry_warnings(walk(AT, ("numbness",)), 2, True, False, region)
        yes = [q.id for q in guidance.QUESTIONS]
        made += screening_warnings(screening_from_answers(yes, AT), region)
    made += screening_warnings(Screening())
    joints = [walk(AT - timedelta(days=d), ("joint-pain",)) for d in (0, 1, 2)]
    made += day_warnings(joints, DAY, 0)
    made.append(guidance.over_plan_warning(30, 18))  # the day's assessment's
    return made


def test_every_warning_made_matches_its_one_text() -> None:
    made = _engine_warnings() + _guidance_warnings()
    seen = set()
    for w in made:
        level, template = guidance.WARNING_TEXTS[w.code]
        assert w.level is level, w.code
        assert _pattern(template).fullmatch(w.message), (w.code, w.message)
        seen.add(w.code)
    assert seen == set(guidance.WARNING_CODES)


def test_warnings_are_made_only_by_warn() -> None:
    # One owner per text: no module builds a Warning of its own.
    for path in SRC.rglob("*.py"):
        calls = re.findall(r"\bWarning\(", path.read_text())
        allowed = 1 if path.name == "guidance.py" else 0
        assert len(calls) == allowed, path.name


def test_warning_texts_are_distinct() -> None:
    texts = [text for _level, text in guidance.WARNING_TEXTS.values()]
    assert len(texts) == len(set(texts))


# -- the engine's hook: a same-day red flag holds the dose (rule 6) -----------


def _good_days(first: date, count: int, dose: Dose) -> list[Entry]:
    out: list[Entry] = []
    for n in range(count):
        day = first + timedelta(days=n)
        at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=7)
        out.append(Entry(Kind.PAIN, at, pain=1))
        out += [
            Entry(Kind.WALK, at + timedelta(hours=2 + 4 * k), dose.minutes, 1, 1)
            for k in range(dose.sessions)
        ]
    return out


@pytest.mark.parametrize(
    ("yes", "cleared_on", "increase_before"),
    [
        (["fever"], None, False),
        (["night-pain", "weight-loss"], None, False),
        (["fever"], 6, False),
        (["cancer-history"], None, True),  # clearance first: slower, not held
        ([], None, True),
    ],
)
def test_same_day_red_flag_holds_until_cleared(
    yes: list[str], cleared_on: int | None, increase_before: bool
) -> None:
    settings = Settings(configured=True)
    answered = screening_from_answers(yes, AT - timedelta(days=1))
    clear_at = None if cleared_on is None else AT + timedelta(days=cleared_on)

    def screening(day: date) -> Screening:
        clearances = [] if clear_at is None else [(q, clear_at) for q in yes]
        return with_clearances(answered, clearances, day)

    days = [DAY + timedelta(days=n) for n in range(12)]
    # Walk the plan's own dose every day: each day after the first is good.
    entries: list[Entry] = []
    known: dict[date, Target] = {}
    for day in days:
        target = plan.simulate([day], settings, screening, entries, known)[day]
        known[day] = target
        entries += _good_days(day, 1, target.dose)
    totals = [known[d].dose.total for d in days]
    held_until = cleared_on if cleared_on is not None else len(days)
    before = totals[:held_until]
    if increase_before:
        assert max(before) > before[0]
    else:
        assert max(before) == before[0]  # no increase while awaiting clearance
        assert all(known[d].status is Status.PAUSE for d in days[:held_until])
        assert "awaits a doctor's check" in known[days[1]].reason
        assert "walkcoach check --cleared" in known[days[1]].reason
    if cleared_on is not None:
        # Progression resumes the day the clearance is recorded.
        assert known[days[cleared_on]].status is Status.PROGRESS
        assert totals[cleared_on] > totals[cleared_on - 1]


def test_docs_give_each_regions_words() -> None:
    doc = (SRC.parent.parent / "docs" / "guidance.md").read_text()
    for region in REGIONS:
        assert guidance.emergency_action(region) in doc, region
        assert guidance.same_day_service(region) in doc, region
    for code, (_level, text) in guidance.WARNING_TEXTS.items():
        assert text.replace("|", "/") in doc, code
