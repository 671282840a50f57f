"""The journal's chart: stress before and after each session, and practice days per week.

Everything that does not depend on the widget's size happens in `set_data` (see chart_data).
The first paint at a new size lays the frame out in pixels once and caches it, and the
picture drawn from it, so each later paint only copies and ten thousand sessions stay quick.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from unwind.journal.models import STRESS_MAX
from unwind.ui.journal.chart_data import ChartData, Frame, Series, Weeks, layout_frame
from unwind.ui.journal.words import NO_ANSWER, short_date
from unwind.ui.theme import LIGHT, Theme

EMPTY_TEXT = "Your check-ins will appear here after your first session."
MAX_COUNTED_WEEKS = 20
"""Up to this many weeks, each bar carries its number; beyond, numbers would be clutter."""


class StressChart(QWidget):
    """Stress before (hollow dots) and after (filled dots) per session over time, a faint line
    joining each pair, a rolling line for "after" once there are many, and below it practice
    days per week as small bars on the same time axis. No signals.
    """

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.empty_text = EMPTY_TEXT
        until = datetime.now().astimezone()
        self._data = ChartData.from_series([], [], until - timedelta(days=30), until)
        self._frame: Frame | None = None
        self._picture: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Stress before and after each session, and practice days")
        self.setMouseTracking(False)

    # --- data -----------------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._picture = None
        self.update()

    def set_data(
        self,
        series: Series,
        weeks: Weeks,
        since: datetime,
        until: datetime,
        *,
        empty_text: str = EMPTY_TEXT,
    ) -> None:
        """`series`: (when, stress before, stress after), oldest first; `weeks`: (monday,
        days practised 0..7). Points outside since..until are left out."""
        self._data = ChartData.from_series(series, weeks, since, until)
        self.empty_text = empty_text
        self._frame = None
        self._picture = None
        self.setAccessibleDescription(self._describe())
        self.update()

    @property
    def is_empty(self) -> bool:
        """Nothing at all to draw: the calm sentence fills the chart."""
        return not self._data.rows and not self._data.practice_days

    @property
    def point_count(self) -> int:
        return len(self._data.rows)

    @property
    def has_rolling_line(self) -> bool:
        return any(sample is not None for sample in self._data.roll)

    def drawn(self) -> dict[str, int]:
        """What the next paint draws at the current size: dots, pair lines, bars, date labels
        (the thinning is visible here, without reading pixels)."""
        frame = self._layout()
        return {
            "before": frame.before.size(),
            "after": frame.after.size(),
            "pairs": len(frame.pairs),
            "bars": len(frame.weeks),
            "ticks": len(frame.ticks),
            "plot_width": int(frame.plot.width()),
        }

    def tick_labels(self) -> list[str]:
        return [label for _, label in self._layout().ticks]

    def point_position(self, index: int) -> QPointF:
        """Where the index-th session (oldest first) sits: its after rating, else before."""
        frame = self._layout()
        x, _, before, after = self._data.rows[index]
        value = after if after is not None else before
        assert value is not None
        return QPointF(frame.x_at(x), frame.y_at(value))

    def _describe(self) -> str:
        if self.is_empty:
            return self.empty_text
        data = self._data
        return (
            f"{len(data.rows)} sessions with a stress rating and {data.practice_days} practice "
            f"days from {short_date(data.since.astimezone())} to "
            f"{short_date(data.until.astimezone())}"
        )

    # --- geometry -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 200)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def _layout(self) -> Frame:
        if self._frame is None or self._frame.size != self.size():
            self._frame = layout_frame(self._data, self.size(), QFontMetricsF(self._small_font()))
        return self._frame

    # --- painting -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._frame = None  # text sizes move the plot's edges
            self._picture = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draws from a picture kept per size and data: a repaint (a tooltip, a window passing
        over) costs one copy, however many sessions there are."""
        ratio = self.devicePixelRatioF()
        picture = self._picture
        if picture is None or picture.size() != self.size() * ratio:
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            self._render(painter)
            painter.end()
            self._picture = picture
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        painter.end()

    def _render(self, painter: QPainter) -> None:
        t = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = self._small_font()
        painter.setFont(small)
        if self.is_empty:
            self._draw_sentence(painter, QRectF(self.rect()), self.empty_text)
            return
        frame = self._layout()
        muted = t.color("muted")
        self._draw_legend(painter, frame)
        self._draw_axes(painter, frame)
        if not self._data.rows:
            self._draw_sentence(painter, frame.plot, "No check-ins in this period.")

        pair_colour = QColor(muted)
        pair_colour.setAlphaF(0.35)
        pen = QPen(pair_colour, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLines(frame.pairs)

        dot = frame.dot
        ring = QColor(muted)
        ring.setAlphaF(0.3 if frame.dense else 0.9)
        pen = QPen(ring, dot)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoints(frame.before)
        if not frame.dense:
            pen = QPen(t.color("surface"), dot - 3.2)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(frame.before)

        accent = t.color("accent")
        filled = QColor(accent)
        if frame.dense or not frame.roll.isEmpty():
            filled.setAlphaF(0.35 if frame.dense else 0.8)
        pen = QPen(filled, dot)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoints(frame.after)

        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, colour in ((frame.roll_before, muted), (frame.roll, accent)):
            if path.isEmpty():
                continue
            halo = QPen(t.color("surface"), 5.5)
            halo.setCapStyle(Qt.PenCapStyle.RoundCap)
            halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(halo)
            painter.drawPath(path)
            line = QPen(colour, 2.6)
            line.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(line)
            painter.drawPath(path)

        self._draw_weeks(painter, frame)

    def _draw_sentence(self, painter: QPainter, rect: QRectF, text: str) -> None:
        painter.setPen(self._theme.color("muted"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(font)
        painter.drawText(
            rect.adjusted(24, 0, -24, 0),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.setFont(self._small_font())

    def _draw_legend(self, painter: QPainter, frame: Frame) -> None:
        t = self._theme
        metrics = QFontMetricsF(painter.font())
        line = metrics.height()
        y = 16.0
        muted = t.color("muted")
        painter.setPen(muted)
        painter.drawText(
            QRectF(frame.plot.left(), y, 260, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "Stress, 0 to 10",
        )
        # A marker with a short line through it means "this one has a rolling line".
        items = [
            ("before", False, not frame.roll_before.isEmpty()),
            ("after", True, not frame.roll.isEmpty()),
        ]
        x = frame.plot.right()
        centre_y = y + line / 2
        for label, filled, with_line in reversed(items):
            text_width = metrics.horizontalAdvance(label)
            x -= text_width
            painter.setPen(muted)
            painter.drawText(
                QRectF(x, y, text_width + 2, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            mark = 18.0 if with_line else 8.0
            x -= mark + 6
            centre = QPointF(x + mark / 2, centre_y)
            colour = t.color("accent") if filled else muted
            if with_line:
                pen = QPen(colour, 2.4)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, centre_y), QPointF(x + mark, centre_y))
            if filled:
                painter.setPen(QPen(t.color("surface"), 1.2))
                painter.setBrush(colour)
                painter.drawEllipse(centre, 3.8, 3.8)
            else:
                painter.setPen(QPen(colour, 1.6))
                painter.setBrush(t.color("surface"))
                painter.drawEllipse(centre, 2.9, 2.9)
            x -= 18
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_axes(self, painter: QPainter, frame: Frame) -> None:
        t = self._theme
        plot = frame.plot
        metrics = QFontMetricsF(painter.font())
        line = metrics.height()
        grid = QColor(t.border)
        grid.setAlphaF(0.8)
        faint = QColor(t.border)
        faint.setAlphaF(0.45)
        right_aligned = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label_right = frame.gutter - 12
        for value in range(0, STRESS_MAX + 1, 5):
            y = plot.bottom() - plot.height() * value / STRESS_MAX
            painter.setPen(QPen(grid if value in (0, STRESS_MAX) else faint, 1.0))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(t.color("muted"))
            painter.drawText(QRectF(0, y - line / 2, label_right, line), right_aligned, str(value))
        painter.setPen(t.color("muted"))  # words at 4.5:1, never faded
        painter.drawText(
            QRectF(0, plot.top() + line / 2, label_right, line), right_aligned, "most stressed"
        )
        painter.drawText(
            QRectF(0, plot.bottom() - line * 1.5, label_right, line), right_aligned, "relaxed"
        )

        painter.setPen(t.color("muted"))
        lowest = frame.bars.bottom() if frame.bars is not None else plot.bottom()
        y = lowest + 6
        last_right = -1e9
        for x, label in frame.ticks:
            px = frame.x_at(x)
            width = metrics.horizontalAdvance(label)
            left = min(max(px - width / 2, plot.left()), plot.right() - width)
            if left < last_right + 12:
                continue
            painter.drawText(
                QRectF(left, y, width + 2, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            last_right = left + width

    def _draw_weeks(self, painter: QPainter, frame: Frame) -> None:
        if frame.bars is None:
            return
        t = self._theme
        bars = frame.bars
        metrics = QFontMetricsF(painter.font())
        line = metrics.height()
        painter.setPen(t.color("muted"))  # words at 4.5:1, never faded
        painter.drawText(
            QRectF(0, bars.bottom() - line * 2, frame.gutter - 12, line * 2),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            "practice days\nper week",
        )
        base = QColor(t.border)
        painter.setPen(QPen(base, 1.0))
        painter.drawLine(QPointF(bars.left(), bars.bottom()), QPointF(bars.right(), bars.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.color("accent"))  # data: 3:1 against the card
        painter.drawPath(frame.week_path)
        if frame.week_group == 1 and 0 < len(frame.weeks) <= MAX_COUNTED_WEEKS:
            painter.setPen(t.color("muted"))
            for rect, days in frame.weeks:
                painter.drawText(
                    QRectF(rect.center().x() - 15, rect.top() - line - 1, 30, line),
                    int(Qt.AlignmentFlag.AlignCenter),
                    f"{days:g}",
                )
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # --- hover ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """What lies under a point: the nearest session, or the week of a bar."""
        if self.is_empty:
            return ""
        frame = self._layout()
        data = self._data
        width = max(1.0, frame.plot.width() - 16)
        fraction = (pos.x() - frame.plot.left() - 8) / width
        if frame.bars is not None and pos.y() > frame.plot.bottom() + 8:
            for x0, x1, days, monday in data.weeks:
                if x0 <= fraction <= x1:
                    plural = "" if days == 1 else "s"
                    return (
                        f"Week of {short_date(monday)} {monday.year}: {days} practice day{plural}"
                    )
            return ""
        if not data.rows or not frame.plot.adjusted(-8, -8, 8, 8).contains(pos):
            return ""
        i = bisect_left(data.row_x, fraction)
        near = [j for j in (i - 1, i) if 0 <= j < len(data.rows)]
        best = min(near, key=lambda j: abs(data.row_x[j] - fraction))
        if abs(data.row_x[best] - fraction) * width > 10:
            return ""
        _, when, before, after = data.rows[best]
        local = when.astimezone()
        shown = [(NO_ANSWER if v is None else str(v)) for v in (before, after)]
        return f"{local:%a} {short_date(local)}, {local:%H:%M}\nStress {shown[0]} → {shown[1]}"
