"""The report's charts as inline SVG text: minutes per day, and pain per day.

Hand-written rather than drawn by a library: two charts of a few hundred
elements need no more than this. pygal 3.1.3 (the maintained pure-Python
choice) was measured: about 34 ms of import (`python -X importtime`), and a
default bar chart carries two <script> tags and six http references (its
tooltips load JavaScript from a CDN), all of which would have to be switched
off again for an offline, script-free report.

Each chart is one <svg> with a <title> and a <desc> (its text alternative),
labelled axes, and only black, greys and a hatch, so it reads the same printed
in greyscale. Every piece of text goes through html.escape.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from html import escape

from walkcoach.core.dates import format_day
from walkcoach.core.models import PAIN_CEILING
from walkcoach.core.stats import Mark
from walkcoach.services.report import DayPoint

WIDTH = 720
LEFT, RIGHT, TOP, BOTTOM = 46, 14, 30, 30
MINUTES_HEIGHT = 210
PAIN_HEIGHT = 190
STEPS = (5, 10, 15, 20, 30, 60, 120, 180, 240)
INK, DARK, MID, LIGHT, FAINT = "#111", "#444", "#777", "#bbb", "#e4e4e4"
SHADED = frozenset({Mark.REST, Mark.FLARE})
MORNING_DASH = {"stroke_dasharray": "4 2"}
CEILING_DASH = {"stroke_dasharray": "2 3"}
# A white outline under a letter, so it reads over a hatch.
HALO = {"stroke": "#fff", "stroke_width": 2.5, "paint_order": "stroke"}
# Where in a day's slot the pain marks sit: the morning reading to the left of
# the walk's before and after, so a square never hides under a circle.
MORNING_AT, WALK_AT = 0.3, 0.62


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(
        f' {key.rstrip("_").replace("_", "-")}="{escape(_fmt(value))}"'
        for key, value in attrs.items()
    )


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value)


def tag(name: str, content: str = "", **attrs: object) -> str:
    """One SVG element; `content` is already markup (escape text with `text`)."""
    if not content:
        return f"<{name}{_attrs(attrs)}/>"
    return f"<{name}{_attrs(attrs)}>{content}</{name}>"


def text(value: str, **attrs: object) -> str:
    """A <text> element holding `value`, escaped."""
    return tag("text", escape(value), **attrs)


def nice_top(value: float) -> tuple[int, int]:
    """The axis top and tick step for values up to `value` (at most 6 ticks)."""
    for step in STEPS:
        if value <= step * 6:
            return max(step, math.ceil(value / step) * step), step
    step = math.ceil(value / 6 / 60) * 60
    return math.ceil(value / step) * step, step


class _Frame:
    """The plot area of one chart: day slots across, a value axis up."""

    def __init__(self, days: Sequence[DayPoint], height: int, top: float) -> None:
        self.days = list(days)
        self.height = height
        self.top = top
        self.plot_w = WIDTH - LEFT - RIGHT
        self.plot_h = height - TOP - BOTTOM
        self.slot = self.plot_w / max(1, len(self.days))

    def x(self, index: float) -> float:
        return LEFT + index * self.slot

    def y(self, value: float) -> float:
        return TOP + self.plot_h * (1 - value / self.top)

    def shading(self, prefix: str) -> Iterator[str]:
        """Rest days in light grey, flare-up days hatched, lettered R and F."""
        for index, point in enumerate(self.days):
            if point.mark not in SHADED:
                continue
            flare = point.mark is Mark.FLARE
            yield tag(
                "rect",
                _titled(point, "flare-up day" if flare else "rest day"),
                x=self.x(index),
                y=TOP,
                width=self.slot,
                height=self.plot_h,
                fill=f"url(#{prefix}-hatch)" if flare else FAINT,
                class_="flare" if flare else "rest",
            )
            yield text(
                "F" if flare else "R",
                x=self.x(index + 0.5),
                y=TOP + 9,
                font_size=8,
                text_anchor="middle",
                fill=INK,
                **HALO,
            )

    def grid(self, ticks: Sequence[float], unit: str) -> Iterator[str]:
        for value in ticks:
            y = self.y(value)
            yield tag("line", x1=LEFT, x2=LEFT + self.plot_w, y1=y, y2=y, stroke=FAINT)
            yield text(
                f"{value:g}", x=LEFT - 5, y=y + 3, font_size=9, text_anchor="end"
            )
        yield text(
            unit,
            x=12,
            y=TOP + self.plot_h / 2,
            font_size=9,
            text_anchor="middle",
            transform=f"rotate(-90 12 {TOP + self.plot_h / 2:.1f})",
        )

    def axes(self) -> Iterator[str]:
        bottom = TOP + self.plot_h
        yield tag("line", x1=LEFT, x2=LEFT, y1=TOP, y2=bottom, stroke=INK)
        yield tag(
            "line", x1=LEFT, x2=LEFT + self.plot_w, y1=bottom, y2=bottom, stroke=INK
        )
        yield from self.day_labels(bottom)

    def day_labels(self, bottom: float) -> Iterator[str]:
        """Each Monday as '12 Oct' when weeks are wide enough, else each month."""
        weekly = self.slot * 7 >= 44
        for index, point in enumerate(self.days):
            day = point.day
            if weekly and day.weekday() == 0:
                label = f"{day.day} {format_day(day)[-3:]}"
            elif not weekly and day.day == 1:
                label = format_day(day)[-3:]
                if day.month == 1:
                    label += f" {day.year}"
            else:
                continue
            x = self.x(index)
            yield tag("line", x1=x, x2=x, y1=bottom, y2=bottom + 4, stroke=INK)
            yield text(label, x=x + 2, y=bottom + 14, font_size=9)


def _titled(point: DayPoint, what: str) -> str:
    """A <title> (a tooltip, and words for a screen reader) for one day's mark."""
    return tag("title", escape(f"{format_day(point.day)}: {what}"))


def _hatch(prefix: str) -> str:
    line = tag("path", d="M0,6 L6,0", stroke=MID, stroke_width=1)
    pattern = tag(
        "pattern",
        tag("rect", width=6, height=6, fill="#fff") + line,
        id=f"{prefix}-hatch",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
    )
    return tag("defs", pattern)


def _svg(prefix: str, height: int, title: str, desc: str, body: str) -> str:
    labelled = f"{prefix}-title {prefix}-desc"
    # No xmlns: inline in HTML5 it is implied (and the report holds no URL at
    # all); the standalone file sets it once on its outer <svg>.
    return tag(
        "svg",
        tag("title", escape(title), id=f"{prefix}-title")
        + tag("desc", escape(desc), id=f"{prefix}-desc")
        + body,
        viewBox=f"0 0 {WIDTH} {height}",
        width=WIDTH,
        height=height,
        role="img",
        aria_labelledby=labelled,
        font_family="Helvetica, Arial, sans-serif",
        class_=f"chart chart-{prefix}",
    )


def _legend(items: Sequence[tuple[str, str]]) -> str:
    """Swatches (markup drawn at 0,0 in a 14 × 10 box) and their words, top left."""
    parts, x = [], LEFT
    for swatch, words in items:
        parts.append(tag("g", swatch, transform=f"translate({x} 8)"))
        parts.append(text(words, x=x + 18, y=17, font_size=10))
        x += 18 + 6 * len(words) + 16
    return tag("g", "".join(parts), class_="legend")


def _span(days: Sequence[DayPoint]) -> str:
    if not days:
        return "no days"
    return f"{format_day(days[0].day)} to {format_day(days[-1].day)}"


def _marked(days: Sequence[DayPoint]) -> str:
    rest = sum(1 for d in days if d.mark is Mark.REST)
    flare = sum(1 for d in days if d.mark is Mark.FLARE)
    return f"{rest} rest and {flare} flare-up days are shaded."


def minutes_chart(days: Sequence[DayPoint]) -> str:
    """Minutes walked per day as bars, the day's planned target as a step line."""
    high = max([d.minutes for d in days] + [d.target or 0 for d in days] + [10])
    top, step = nice_top(high)
    frame = _Frame(days, MINUTES_HEIGHT, top)
    body = [_hatch("minutes"), *frame.shading("minutes")]
    body += frame.grid(range(0, top + 1, step), "minutes")
    width = max(1.0, frame.slot * 0.7)
    for index, point in enumerate(days):
        y = frame.y(point.minutes)
        target = "no target" if point.target is None else f"target {point.target}"
        body.append(
            tag(
                "rect",
                _titled(point, f"{point.minutes:g} min walked, {target}"),
                x=frame.x(index) + (frame.slot - width) / 2,
                y=y,
                width=width,
                height=TOP + frame.plot_h - y,
                fill=MID,
                class_="bar",
            )
        )
    path, previous = [], None
    for index, point in enumerate(days):
        if point.target is None:
            previous = None
            continue
        y = frame.y(point.target)
        if previous is None:
            path.append(f"M{frame.x(index):.1f},{y:.1f}")
        else:
            path.append(f"V{y:.1f}")
        path.append(f"H{frame.x(index + 1):.1f}")
        previous = point.target
    if path:
        body.append(
            tag(
                "path",
                d=" ".join(path),
                fill="none",
                stroke=INK,
                stroke_width=2,
                class_="target",
            )
        )
    body += frame.axes()
    body.append(
        _legend(
            (
                (tag("rect", y=1, width=12, height=9, fill=MID), "minutes walked"),
                (
                    tag("line", x1=0, x2=14, y1=5, y2=5, stroke=INK, stroke_width=2),
                    "planned target",
                ),
                (tag("rect", width=12, height=10, fill=FAINT), "R rest day"),
                (
                    tag("rect", width=12, height=10, fill="url(#minutes-hatch)")
                    + tag("rect", width=12, height=10, fill="none", stroke=LIGHT),
                    "F flare-up day",
                ),
            )
        )
    )
    walked = [d for d in days if d.walks]
    targets = [d.target for d in days if d.target]
    desc = (
        f"Bar chart of the minutes walked on each of {len(days)} days, "
        f"{_span(days)}, with the planned daily target as a step line. "
        f"Walks on {len(walked)} days; the most in one day "
        f"{max((d.minutes for d in days), default=0):g} min."
        + (f" Target from {targets[0]} to {targets[-1]} min a day." if targets else "")
        + f" {_marked(days)}"
    )
    title = f"Minutes walked per day, {_span(days)}"
    return _svg("minutes", MINUTES_HEIGHT, title, desc, "".join(body))


def pain_chart(days: Sequence[DayPoint]) -> str:
    """Pain (0-10) per day: before and after the day's most painful walk, and
    the day's first reading."""
    frame = _Frame(days, PAIN_HEIGHT, 10)
    body = [_hatch("pain"), *frame.shading("pain")]
    body += frame.grid(range(0, 11, 2), "pain 0-10")
    ceiling = frame.y(PAIN_CEILING)
    body.append(
        tag(
            "line",
            x1=LEFT,
            x2=LEFT + frame.plot_w,
            y1=ceiling,
            y2=ceiling,
            stroke=DARK,
            class_="ceiling",
            **CEILING_DASH,
        )
    )
    morning: list[str] = []
    run: list[str] = []
    for index, point in enumerate(days):
        cx = frame.x(index + MORNING_AT)
        if point.morning is None:
            if len(run) > 1:
                morning.append(" ".join(run))
            run = []
        else:
            run.append(f"{cx:.1f},{frame.y(point.morning):.1f}")
    if len(run) > 1:
        morning.append(" ".join(run))
    for points in morning:
        body.append(
            tag(
                "polyline",
                points=points,
                fill="none",
                stroke=MID,
                stroke_width=1.2,
                **MORNING_DASH,
            )
        )
    radius = max(1.6, min(3.2, frame.slot / 3.5))
    for index, point in enumerate(days):
        cx = frame.x(index + WALK_AT)
        if point.morning is not None:
            side = radius * 1.6
            body.append(
                tag(
                    "rect",
                    _titled(point, f"first reading {point.morning}/10"),
                    x=frame.x(index + MORNING_AT) - side / 2,
                    y=frame.y(point.morning) - side / 2,
                    width=side,
                    height=side,
                    fill=MID,
                    class_="morning",
                )
            )
        if point.pain_after is None:
            continue
        after_y = frame.y(point.pain_after)
        words = f"pain {point.pain_after}/10 after a walk"
        if point.pain_before is not None:
            before_y = frame.y(point.pain_before)
            words = f"pain {point.pain_before} before, {point.pain_after} after a walk"
            body.append(tag("line", x1=cx, x2=cx, y1=before_y, y2=after_y, stroke=DARK))
            body.append(
                tag(
                    "circle",
                    cx=cx,
                    cy=before_y,
                    r=radius,
                    fill="#fff",
                    stroke=INK,
                    class_="before",
                )
            )
        body.append(
            tag(
                "circle",
                _titled(point, words),
                cx=cx,
                cy=after_y,
                r=radius,
                fill=INK,
                class_="after",
            )
        )
    body += frame.axes()
    body.append(
        text(
            f"{PAIN_CEILING}",
            x=LEFT + frame.plot_w - 2,
            y=ceiling - 3,
            font_size=8,
            text_anchor="end",
            fill=DARK,
        )
    )
    body.append(
        _legend(
            (
                (
                    tag("circle", cx=6, cy=5, r=3.5, fill="#fff", stroke=INK),
                    "before a walk",
                ),
                (tag("circle", cx=6, cy=5, r=3.5, fill=INK), "after it"),
                (
                    tag("line", x1=0, x2=14, y1=5, y2=5, stroke=MID, **MORNING_DASH)
                    + tag("rect", x=4, y=2, width=6, height=6, fill=MID),
                    "first reading of the day",
                ),
                (
                    tag("line", x1=0, x2=14, y1=5, y2=5, stroke=DARK, **CEILING_DASH),
                    f"{PAIN_CEILING}/10",
                ),
            )
        )
    )
    afters = [d.pain_after for d in days if d.pain_after is not None]
    mornings = [d.morning for d in days if d.morning is not None]
    desc = (
        f"Pain on a 0 to 10 scale on each of {len(days)} days, {_span(days)}: "
        "before and after the walk with the highest pain after, and the first "
        "reading of the day."
        + (
            f" Pain after a walk from {min(afters)} to {max(afters)}."
            if afters
            else " No pain after a walk recorded."
        )
        + (
            f" First reading from {min(mornings)} to {max(mornings)}."
            if mornings
            else ""
        )
        + f" {_marked(days)}"
    )
    title = f"Pain per day, {_span(days)}"
    return _svg("pain", PAIN_HEIGHT, title, desc, "".join(body))


def charts_svg(days: Sequence[DayPoint]) -> str:
    """Both charts stacked in one standalone SVG document (report -o x.svg)."""
    first = minutes_chart(days)
    second = pain_chart(days).replace("<svg ", f'<svg y="{MINUTES_HEIGHT}" ', 1)
    total = MINUTES_HEIGHT + PAIN_HEIGHT
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + tag(
            "svg",
            first + second,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {total}",
            width=WIDTH,
            height=total,
        )
        + "\n"
    )
