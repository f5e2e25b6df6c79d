"""Charts drawn on the server as SVG: the geometry is worked out here, the markup is
templates/corrections/charts/chart.html (which escapes every text).

The drawings use the page's own font and colours (CSS classes on the site's colour
variables, static/css/site.css), so they follow dark mode and print like the rest of the
page. They carry no numbers a reader could not also find in the table beside them.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

# The drawing's own width in user units: on a wide screen it is drawn at this size in
# pixels, so its text stays the size of the page's small print; a phone scales it down.
WIDTH = 400
# Horizontal bars: a category's label above its bar, the total after it.
ROW_HEIGHT = 44
BAR_HEIGHT = 16
TOTAL_ROOM = 56
# Columns over time: room for the value labels on the left and the dates below.
PLOT_LEFT = 44
PLOT_TOP = 12
PLOT_HEIGHT = 160
AXIS_ROOM = 28


@dataclass(frozen=True)
class Series:
    key: str  # the CSS modifier of its marks and legend swatch: chart__mark--<key>
    label: str


@dataclass(frozen=True)
class Mark:
    x: str
    y: str
    width: str
    height: str
    series: str
    title: str


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    anchor: str = "start"
    kind: str = "label"  # label (ink) or axis (muted)


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    series: tuple[Series, ...]
    height: int
    marks: tuple[Mark, ...] = ()
    texts: tuple[Text, ...] = ()
    lines: tuple[Line, ...] = ()
    width: int = WIDTH


def _n(value: float) -> str:
    """A coordinate: never localised, whatever the page's language."""
    return f"{value:.1f}".removesuffix(".0")


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    rows: Sequence[tuple[str, Sequence[int]]],
) -> Chart:
    """Horizontal bars, one a category (label, a value for each series), the series
    stacked in their order and the category's total written after its bar."""
    largest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (WIDTH - TOTAL_ROOM) / largest
    marks: list[Mark] = []
    texts: list[Text] = []
    for index, (label, values) in enumerate(rows):
        top = index * ROW_HEIGHT
        texts.append(Text(x="0", y=_n(top + 15), text=label))
        x = 0.0
        for one, value in zip(series, values, strict=True):
            if value:
                width = value * scale
                marks.append(
                    Mark(
                        x=_n(x),
                        y=_n(top + 21),
                        width=_n(width),
                        height=_n(BAR_HEIGHT),
                        series=one.key,
                        title=f"{label} · {one.label}: {_number(value)}",
                    )
                )
                x += width
        texts.append(Text(x=_n(x + 6), y=_n(top + 34), text=_number(sum(values)), kind="axis"))
    return Chart(
        id=id,
        title=title,
        description=description,
        series=tuple(series),
        height=max(len(rows), 1) * ROW_HEIGHT,
        marks=tuple(marks),
        texts=tuple(texts),
    )


def column_chart(
    *,
    id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    points: Sequence[tuple[str, str, Sequence[int]]],
) -> Chart:
    """Columns over time: for each point (its name, its short date, a value for each
    series) a group of columns side by side, in order; the first and last dates below."""
    largest = _nice_ceiling(max((max(values, default=0) for *_, values in points), default=0))
    plot_width = WIDTH - PLOT_LEFT
    slot = plot_width / max(len(points), 1)
    column = slot * 0.8 / max(len(series), 1)
    bottom = PLOT_TOP + PLOT_HEIGHT
    lines = []
    texts = []
    for tick in (0, largest // 2, largest) if largest > 1 else (0, largest):
        y = bottom - tick * PLOT_HEIGHT / largest
        lines.append(Line(x1=_n(PLOT_LEFT), y1=_n(y), x2=_n(WIDTH), y2=_n(y)))
        texts.append(
            Text(x=_n(PLOT_LEFT - 6), y=_n(y + 5), text=_number(tick), anchor="end", kind="axis")
        )
    marks = []
    for index, (name, _date, values) in enumerate(points):
        left = PLOT_LEFT + index * slot + slot * 0.1
        for position, (one, value) in enumerate(zip(series, values, strict=True)):
            height = value * PLOT_HEIGHT / largest
            if value:
                marks.append(
                    Mark(
                        x=_n(left + position * column),
                        y=_n(bottom - height),
                        width=_n(column),
                        height=_n(height),
                        series=one.key,
                        title=f"{name} · {one.label}: {_number(value)}",
                    )
                )
    if points:
        below = bottom + AXIS_ROOM - 6
        texts.append(Text(x=_n(PLOT_LEFT), y=_n(below), text=points[0][1], kind="axis"))
        if len(points) > 1:
            texts.append(
                Text(x=_n(WIDTH), y=_n(below), text=points[-1][1], anchor="end", kind="axis")
            )
    return Chart(
        id=id,
        title=title,
        description=description,
        series=tuple(series),
        height=bottom + AXIS_ROOM,
        marks=tuple(marks),
        texts=tuple(texts),
        lines=tuple(lines),
    )
