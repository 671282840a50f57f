"""What the journal says per routine: a card of figures each, and the caveats shown once."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from unwind.journal.models import MIN_PAIRS_FOR_STATS, STRESS_MAX, RoutineStats
from unwind.journal.stats import CAVEATS
from unwind.ui.journal.words import points, signed
from unwind.ui.theme import LIGHT, Theme
from unwind.ui.widgets import named, scroll_area

COMPARISON_ID = "quiet-rest"
STRIP_LEGEND = "Bars: how often each change happened. Dot: the average. Band: the likely range."
STRIP_TIP = (
    "Each session's change in stress, after minus before: bars count the sessions at each "
    "change, the dot is the mean and the band its 95% confidence interval."
)


# --- the card's words, a function per line (plain, tested without widgets) ---------------


@dataclass(frozen=True)
class CardLine:
    """One line of a card; muted lines give context, the others the figures. `tip` keeps the
    statistician's name for the figure, for whoever wants it."""

    text: str
    muted: bool = False
    tip: str = ""


def _amount(value: float, digits: int = 1) -> str:
    """'1.6 points', never signed: the sentence says lower or higher."""
    text = f"{abs(value):.{digits}f}"
    unit = "point" if float(text) == 1 else "points"
    return f"{text} {unit}"


def _way(value: float, digits: int = 1) -> str:
    """'lower' for a drop, 'higher' for a rise, '' when it rounds to no change."""
    if float(f"{abs(value):.{digits}f}") == 0:
        return ""
    return "lower" if value < 0 else "higher"


def needed_line(pairs: int) -> str:
    return f"{pairs} of {MIN_PAIRS_FOR_STATS} paired check-ins needed before figures appear"


def pairs_line(pairs: int) -> str:
    return f"From {pairs} sessions with a check-in before and after"


def mean_line(mean: float) -> str:
    way = _way(mean)
    if not way:
        return "On average your stress was about the same after."
    return f"On average your stress was {_amount(mean)} {way} after."


def interval_line(low: float, high: float) -> str:
    """The 95% interval in words: where the true average likely lies."""
    low_way, high_way = _way(low), _way(high)
    if not low_way and not high_way:
        return "The true average is likely very close to no change."
    if low_way == high_way:
        near, far = sorted((abs(low), abs(high)))
        return f"The true average is likely between {near:.1f} and {_amount(far)} {low_way}."

    def end(value: float, way: str) -> str:
        return f"{_amount(value)} {way}" if way else "no change"

    both_ways = ": it may be no change at all." if low_way and high_way else "."
    return (
        f"The true average is likely between {end(low, low_way)} and "
        f"{end(high, high_way)}{both_ways}"
    )


def interval_tip(low: float, high: float) -> str:
    return f"95% confidence interval (t distribution): {signed(low)} to {signed(high)} points"


def median_line(median: float) -> str:
    way = _way(median, 0 if float(median).is_integer() else 1)
    if not way:
        return "In a typical session it did not change."
    digits = 0 if float(median).is_integer() else 1
    return f"In a typical session it was {_amount(median, digits)} {way}."


def drop_line(share: float) -> str:
    return f"It fell by 2 points or more in {round(share * 100)}% of sessions."


def card_lines(stats: RoutineStats) -> list[CardLine]:
    """What a routine's card says, line by line: figures only once there are enough pairs."""
    if stats.mean_change is None:
        return [CardLine(needed_line(stats.pairs), muted=True)]
    lines = [
        CardLine(pairs_line(stats.pairs), muted=True),
        CardLine(mean_line(stats.mean_change), tip=f"Mean change: {points(stats.mean_change)}"),
    ]
    if stats.ci_low is not None and stats.ci_high is not None:
        tip = interval_tip(stats.ci_low, stats.ci_high)
        lines.append(CardLine(interval_line(stats.ci_low, stats.ci_high), muted=True, tip=tip))
    if stats.median_change is not None:
        tip = f"Median change: {points(stats.median_change)}"
        lines.append(CardLine(median_line(stats.median_change), tip=tip))
    if stats.share_dropped_2 is not None:
        lines.append(CardLine(drop_line(stats.share_dropped_2)))
    return lines


NOT_CAUSAL = "The figures describe your sessions; they do not show what caused a change."


def comparison_line(stats: Sequence[RoutineStats]) -> str:
    """Points to Quiet rest, the routine with no instructions, as the honest comparison."""
    rest = next((s for s in stats if s.routine_id == COMPARISON_ID), None)
    if rest is None or rest.pairs == 0:
        return CAVEATS[2]
    if rest.enough:
        return f"{NOT_CAUSAL} Quiet rest, which has no instructions, is there to compare with."
    more = MIN_PAIRS_FOR_STATS - rest.pairs
    return (
        f"{NOT_CAUSAL} Quiet rest, which has no instructions, can be compared once it has "
        f"{more} more paired check-in{'s' if more != 1 else ''}."
    )


def caveat_lines(stats: Sequence[RoutineStats]) -> list[str]:
    """Shown once under the insights: expectation, regression to the mean, a comparison."""
    return [CAVEATS[0], CAVEATS[1], comparison_line(stats)]


# --- widgets --------------------------------------------------------------------------------


def small_font(font: QFont) -> QFont:
    """The captions' size: a little smaller, never below 7 pt."""
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    return small


class ChangeStrip(QWidget):
    """A routine's changes at a glance: how often each change happened (small bars), the 95%
    interval as a soft band and the average as a dot, around a zero line. No signals."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._mean = 0.0
        self._low = 0.0
        self._high = 0.0
        self._counts: dict[int, int] = {}
        self._reach = 3
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Changes in stress, session by session")
        self.setToolTip(STRIP_TIP)

    def set_values(self, mean: float, low: float, high: float, changes: Sequence[int] = ()) -> None:
        self._mean, self._low, self._high = mean, low, high
        self._counts = {}
        for change in changes:
            self._counts[change] = self._counts.get(change, 0) + 1
        furthest = max([abs(low), abs(high), *(abs(c) for c in self._counts)], default=0)
        self._reach = max(3, min(STRESS_MAX, ceil(furthest)))
        self.setAccessibleDescription(
            f"{mean_line(mean)} {interval_line(low, high)} The bars show how often each "
            "change happened."
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(140, self._height())

    def _height(self) -> int:
        return 32 + int(QFontMetricsF(small_font(self.font())).height()) + 4

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, right = 8.0, self.width() - 8.0
        reach = self._reach

        def x_of(value: float) -> float:
            return left + (value + reach) / (2 * reach) * (right - left)

        base_y, band_y = 15.0, 25.0
        unit = (right - left) / (2 * reach)
        most = max(self._counts.values(), default=1)
        painter.setPen(QPen(t.color("control"), 1.0))
        painter.drawLine(QPointF(x_of(0), 1.0), QPointF(x_of(0), band_y + 6))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.color("muted"))
        width = max(2.0, min(9.0, unit * 0.6))
        for change, count in self._counts.items():
            height = max(1.5, 12.0 * count / most)
            painter.drawRoundedRect(
                QRectF(x_of(change) - width / 2, base_y - height, width, height), 1.5, 1.5
            )
        # the likely range as an error bar, the average as a dot on it
        pen = QPen(t.color("accent"), 2.5)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        low, high = x_of(self._low), x_of(self._high)
        painter.drawLine(QPointF(low, band_y), QPointF(high, band_y))
        for x in (low, high):
            painter.drawLine(QPointF(x, band_y - 4), QPointF(x, band_y + 4))
        painter.setPen(QPen(t.color("surface"), 1.5))
        painter.setBrush(t.color("accent"))
        painter.drawEllipse(QPointF(x_of(self._mean), band_y), 5.0, 5.0)
        axis_y = band_y

        small = small_font(self.font())
        painter.setFont(small)
        line = QFontMetricsF(small).height()
        painter.setPen(t.color("muted"))
        y = axis_y + 6
        flags = int(Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(
            QRectF(left, y, right - left, line),
            flags | int(Qt.AlignmentFlag.AlignLeft),
            "less stressed",
        )
        painter.drawText(
            QRectF(x_of(0) - 20, y, 40, line), flags | int(Qt.AlignmentFlag.AlignHCenter), "0"
        )
        painter.drawText(
            QRectF(left, y, right - left, line),
            flags | int(Qt.AlignmentFlag.AlignRight),
            "more stressed",
        )
        painter.end()


class InsightCard(QFrame):
    """One routine's figures, or how many more pairs it needs before there are any."""

    def __init__(self, stats: RoutineStats, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("card")
        self.stats = stats
        title = QLabel(stats.routine_title)
        title.setWordWrap(True)
        bold = QFont(title.font())
        bold.setWeight(QFont.Weight.DemiBold)
        title.setFont(bold)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(3)
        layout.addWidget(title)
        self.lines: list[QLabel] = []
        for line in card_lines(stats):
            label = QLabel(line.text)
            label.setWordWrap(True)
            if line.muted:
                label.setObjectName("muted")
            if line.tip:
                label.setToolTip(line.tip)
            layout.addWidget(label)
            self.lines.append(label)
        self.strip: ChangeStrip | None = None
        if (
            stats.enough
            and stats.mean_change is not None
            and stats.ci_low is not None
            and stats.ci_high is not None
        ):
            self.strip = ChangeStrip(theme)
            self.strip.set_values(stats.mean_change, stats.ci_low, stats.ci_high, stats.changes)
            legend = QLabel(STRIP_LEGEND)
            legend.setObjectName("muted")
            legend.setWordWrap(True)
            legend.setFont(small_font(legend.font()))
            layout.addWidget(self.strip)  # after the words it draws
            layout.addWidget(legend)

    def text(self) -> str:
        """The card's words, a line each, as shown (the title apart)."""
        return "\n".join(label.text() for label in self.lines)


class InsightsColumn(QWidget):
    """The journal's side column: a card per routine, scrolling, and the caveats under them.
    No signals."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self._stats: list[RoutineStats] = []
        self._routine_id: str | None = None
        title = QLabel("Your results per routine")
        title.setObjectName("formLabel")
        sub = QLabel("How stress after compared with before, over all your sessions.")
        sub.setObjectName("muted")
        sub.setWordWrap(True)
        self.card_list = QVBoxLayout()
        self.card_list.setSpacing(10)
        self.caveats = QLabel()
        self.caveats.setObjectName("muted")
        self.caveats.setTextFormat(Qt.TextFormat.RichText)
        self.caveats.setWordWrap(True)
        content = QWidget()
        content.setAutoFillBackground(False)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(10)
        column.addWidget(title)
        column.addWidget(sub)
        column.addLayout(self.card_list)
        column.addWidget(self.caveats)
        column.addStretch(1)
        self.card_area = scroll_area(content)
        named(self.card_area, "Your results per routine", "The arrow and Page keys scroll it")
        self.caveats.setContentsMargins(0, 4, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card_area, 1)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.show_stats(self._stats, self._routine_id)

    def show_stats(self, stats: Sequence[RoutineStats], routine_id: str | None) -> None:
        """Every routine's card, most pairs first, or with a routine chosen its card and the
        comparison's."""
        self._stats, self._routine_id = list(stats), routine_id
        while self.card_list.count():
            item = self.card_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        # the routine with the most to say first: it is never the one below the fold
        shown = sorted(stats, key=lambda s: (-s.pairs, -s.sessions, s.routine_title.lower()))
        if routine_id is not None:
            order = (routine_id, COMPARISON_ID)
            shown = sorted(
                (s for s in stats if s.routine_id in order),
                key=lambda s: order.index(s.routine_id),
            )
        if not shown:
            empty = QLabel(
                f"Figures appear for each routine once it has {MIN_PAIRS_FOR_STATS} sessions "
                "with a check-in before and after."
            )
            empty.setWordWrap(True)
            self.card_list.addWidget(empty)
        for one in shown:
            self.card_list.addWidget(InsightCard(one, self.theme))
        self.caveats.setText(
            "".join(
                f"<p style='margin:0 0 6px 0'>{html.escape(line)}</p>"
                for line in caveat_lines(stats)
            )
        )

    def cards(self) -> list[InsightCard]:
        cards: list[InsightCard] = []
        for i in range(self.card_list.count()):
            item = self.card_list.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, InsightCard):
                cards.append(widget)
        return cards
