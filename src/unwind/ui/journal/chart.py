"""The journal's chart: stress before and after each session, and practice days per week.

Everything that does not depend on the widget's size happens in `set_data` (positions as
fractions of the period, the rolling line, week spans). The first paint at a new size maps
those to pixels once, thinning dots that would land on top of each other, and caches the
result, so each later paint only draws and ten thousand sessions stay quick.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from unwind.journal.models import STRESS_MAX
from unwind.ui.journal.words import NO_ANSWER, short_date
from unwind.ui.theme import LIGHT, Theme

EMPTY_TEXT = "Your check-ins will appear here after your first session."
SMOOTH_FROM = 12
"""After-ratings needed before the rolling line is drawn: with fewer, the dots say it all."""
MAX_COUNTED_WEEKS = 20
"""Up to this many weeks, each bar carries its number; beyond, numbers would be clutter."""
MIN_BAR_PX = 4.0
"""Narrower weeks are drawn in groups (at their average), never as sub-pixel slivers."""
ROLL_SAMPLES = 240
"""Points on the rolling line, whatever the number of sessions."""
ROLL_MIN_COUNT = 3
ROLL_WINDOW_RATINGS = 12
"""The rolling window widens until it holds about this many ratings on average."""
"""Ratings a window needs before it contributes to the rolling line (gaps stay gaps)."""
MIN_SPAN = timedelta(days=1)

Series = Sequence[tuple[datetime, int | None, int | None]]
Weeks = Sequence[tuple[date, int]]


def local_midnight(day: date) -> datetime:
    """The start of a calendar day on this computer, timezone-aware."""
    return datetime.combine(day, time()).astimezone()


def rolling_mean(
    times: Sequence[float], values: Sequence[int], window: float, samples: int
) -> list[tuple[float, float] | None]:
    """A smooth running mean at evenly spaced points between the first and last time.

    A box mean over `window` (prefix sums, so any number of ratings costs the same), then the
    same box over the samples, which together weigh near ratings more than far ones. `times`
    are sorted fractions of the period. None marks a sample with too few ratings nearby, so
    the line breaks over long gaps instead of inventing a trend.
    """
    if not times:
        return []
    prefix = [0]
    for value in values:
        prefix.append(prefix[-1] + value)
    first, last = times[0], times[-1]
    step = (last - first) / max(1, samples - 1)
    half = window / 2
    boxed: list[tuple[float, float] | None] = []
    for i in range(samples):
        at = first + step * i
        lo = bisect_left(times, at - half)
        hi = bisect_right(times, at + half)
        if hi - lo < ROLL_MIN_COUNT:
            boxed.append(None)
        else:
            boxed.append((at, (prefix[hi] - prefix[lo]) / (hi - lo)))
    reach = max(0, int(half / step)) if step > 0 else 0
    out: list[tuple[float, float] | None] = []
    for i, sample in enumerate(boxed):
        if sample is None:
            out.append(None)
            continue
        near = [s[1] for s in boxed[max(0, i - reach) : i + reach + 1] if s is not None]
        out.append((sample[0], sum(near) / len(near)))
    return out


@dataclass
class _Frame:
    """Pixel geometry for one widget size."""

    size: QSize
    plot: QRectF
    bars: QRectF | None
    gutter: float
    before: QPolygonF = field(default_factory=QPolygonF)
    after: QPolygonF = field(default_factory=QPolygonF)
    pairs: list[QLineF] = field(default_factory=list)
    roll: QPainterPath = field(default_factory=QPainterPath)
    roll_before: QPainterPath = field(default_factory=QPainterPath)
    weeks: list[tuple[QRectF, float]] = field(default_factory=list)
    week_path: QPainterPath = field(default_factory=QPainterPath)
    week_group: int = 1
    ticks: list[tuple[float, str]] = field(default_factory=list)
    dense: bool = False
    dot: float = 7.0


class StressChart(QWidget):
    """Stress before (hollow dots) and after (filled dots) per session over time, a faint line
    joining each pair, a rolling line for "after" once there are many, and below it practice
    days per week as small bars on the same time axis. No signals.
    """

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.empty_text = EMPTY_TEXT
        self._since = datetime.now().astimezone() - timedelta(days=30)
        self._until = datetime.now().astimezone()
        self._span = (self._until - self._since).total_seconds()
        self._bx: list[float] = []
        self._bv: list[int] = []
        self._ax: list[float] = []
        self._av: list[int] = []
        self._pairs: list[tuple[float, int, int]] = []
        self._rows: list[tuple[float, datetime, int | None, int | None]] = []
        self._row_x: list[float] = []
        self._roll: list[tuple[float, float] | None] = []
        self._roll_before: list[tuple[float, float] | None] = []
        self._weeks: list[tuple[float, float, int, date]] = []
        self._frame: _Frame | None = None
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
        if until - since < MIN_SPAN:
            until = since + MIN_SPAN
        self._since, self._until = since, until
        self._span = span = (until - since).total_seconds()
        self.empty_text = empty_text
        bx: list[float] = []
        bv: list[int] = []
        ax: list[float] = []
        av: list[int] = []
        pairs: list[tuple[float, int, int]] = []
        rows: list[tuple[float, datetime, int | None, int | None]] = []
        for when, before, after in series:
            if before is None and after is None:
                continue
            x = (when - since).total_seconds() / span
            if not 0.0 <= x <= 1.0:
                continue
            rows.append((x, when, before, after))
            if before is not None:
                bx.append(x)
                bv.append(before)
            if after is not None:
                ax.append(x)
                av.append(after)
                if before is not None:
                    pairs.append((x, before, after))
        rows.sort(key=lambda row: row[0])
        self._rows = rows
        self._row_x = [row[0] for row in rows]
        self._bx, self._bv, self._ax, self._av, self._pairs = bx, bv, ax, av, pairs

        self._roll = self._smooth(ax, av) if len(ax) >= SMOOTH_FROM else []
        self._roll_before = self._smooth(bx, bv) if len(bx) >= SMOOTH_FROM else []

        self._weeks = []
        week = timedelta(days=7).total_seconds()
        for monday, days in weeks:
            start = (local_midnight(monday) - since).total_seconds()
            x0, x1 = max(0.0, start / span), min(1.0, (start + week) / span)
            if x1 > x0:
                self._weeks.append((x0, x1, max(0, min(7, days)), monday))

        self._frame = None
        self._picture = None
        self.setAccessibleDescription(self._describe())
        self.update()

    def _smooth(self, xs: list[float], vs: list[int]) -> list[tuple[float, float] | None]:
        order = sorted(range(len(xs)), key=xs.__getitem__)
        # about a week, wider when ratings are sparse, so a window holds roughly a dozen
        week_share = timedelta(days=7).total_seconds() / self._span
        window = min(0.25, max(week_share, 1 / 40, ROLL_WINDOW_RATINGS / len(xs)))
        return rolling_mean([xs[i] for i in order], [vs[i] for i in order], window, ROLL_SAMPLES)

    @property
    def is_empty(self) -> bool:
        """Nothing at all to draw: the calm sentence fills the chart."""
        return not self._rows and not any(days for _, _, days, _ in self._weeks)

    @property
    def point_count(self) -> int:
        return len(self._rows)

    @property
    def has_rolling_line(self) -> bool:
        return any(sample is not None for sample in self._roll)

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
        x, _, before, after = self._rows[index]
        value = after if after is not None else before
        assert value is not None
        width = max(1.0, frame.plot.width() - 16)
        return QPointF(
            frame.plot.left() + 8 + x * width,
            frame.plot.bottom() - frame.plot.height() * value / STRESS_MAX,
        )

    def _describe(self) -> str:
        if self.is_empty:
            return self.empty_text
        days = sum(d for _, _, d, _ in self._weeks)
        return (
            f"{len(self._rows)} sessions with a stress rating and {days} practice days "
            f"from {short_date(self._since.astimezone())} to {short_date(self._until.astimezone())}"
        )

    # --- geometry -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(680, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 200)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def _layout(self) -> _Frame:
        if self._frame is not None and self._frame.size == self.size():
            return self._frame
        small = QFontMetricsF(self._small_font())
        line = small.height()
        gutter = max(small.horizontalAdvance(w) for w in ("most stressed", "practice days")) + 18
        top = 16 + line + 14  # margin, legend, air
        right = self.width() - 20.0
        has_weeks = bool(self._weeks)
        bars_height = 26.0 if has_weeks else 0.0
        bottom = self.height() - 12 - line - 6  # date labels under everything
        bars: QRectF | None = None
        if has_weeks:
            bars = QRectF(gutter, bottom - bars_height, right - gutter, bars_height)
            bottom = bars.top() - line - 16  # room for the day counts above the bars
        plot = QRectF(gutter, top, right - gutter, max(40.0, bottom - top))
        frame = _Frame(size=QSize(self.size()), plot=plot, bars=bars, gutter=gutter)
        self._map_points(frame)
        self._map_weeks(frame)
        frame.ticks = self._ticks(frame.plot.width(), small)
        self._frame = frame
        return frame

    def _x(self, frame: _Frame, fraction: float) -> float:
        inset = 8.0
        return frame.plot.left() + inset + fraction * (frame.plot.width() - 2 * inset)

    def _map_points(self, frame: _Frame) -> None:
        plot = frame.plot
        width = max(1.0, plot.width() - 16)
        ys = [plot.bottom() - plot.height() * v / STRESS_MAX for v in range(STRESS_MAX + 1)]
        frame.dense = len(self._rows) > width / 4
        frame.dot = 4.0 if frame.dense else 7.0
        bucket = width / max(1.0, frame.dot)  # one dot per value per dot-width: ~2 per pixel
        left = plot.left() + 8

        def thin(xs: list[float], vs: list[int]) -> QPolygonF:
            seen: set[int] = set()
            points: list[QPointF] = []
            for x, v in zip(xs, vs, strict=True):
                key = int(x * bucket) * 16 + v
                if key not in seen:
                    seen.add(key)
                    points.append(QPointF(left + x * width, ys[v]))
            return QPolygonF(points)

        frame.before = thin(self._bx, self._bv)
        frame.after = thin(self._ax, self._av)
        if len(self._pairs) <= width / 2:
            seen_pairs: set[tuple[int, int, int]] = set()
            for x, before, after in self._pairs:
                key = (int(x * width), before, after)
                if before != after and key not in seen_pairs:
                    seen_pairs.add(key)
                    px = left + x * width
                    frame.pairs.append(QLineF(px, ys[before], px, ys[after]))
        frame.roll = self._path(self._roll, left, width, plot)
        if frame.dense:  # no pair lines now: the two averages show the gap instead
            frame.roll_before = self._path(self._roll_before, left, width, plot)

    @staticmethod
    def _path(
        samples: list[tuple[float, float] | None], left: float, width: float, plot: QRectF
    ) -> QPainterPath:
        """A line through the samples, broken at gaps, at most one vertex per pixel column."""
        path = QPainterPath()
        pen_down = False
        last_px = -1
        for sample in samples:
            if sample is None:
                pen_down = False
                continue
            x, value = sample
            px = left + x * width
            if pen_down and int(px) == last_px:
                continue
            y = plot.bottom() - plot.height() * value / STRESS_MAX
            if pen_down:
                path.lineTo(px, y)
            else:
                path.moveTo(px, y)
                pen_down = True
            last_px = int(px)
        return path

    def _map_weeks(self, frame: _Frame) -> None:
        """One bar per week; when weeks get narrower than a few pixels, one bar per group of
        weeks at their average, so years of practice stay legible instead of a grey smear."""
        if frame.bars is None or not self._weeks:
            return
        bars = frame.bars
        week_px = (frame.plot.width() - 16) * 7 * 86400 / self._span
        group = max(1, ceil(MIN_BAR_PX / max(week_px, 1e-6)))
        frame.week_group = group
        for start in range(0, len(self._weeks), group):
            chunk = self._weeks[start : start + group]
            left, right = self._x(frame, chunk[0][0]), self._x(frame, chunk[-1][1])
            days = sum(d for _, _, d, _ in chunk) / len(chunk)
            width = min(20.0, max(1.5, (right - left) - (3 if group == 1 else 1)))
            height = bars.height() * days / 7
            centre = (left + right) / 2
            rect = QRectF(centre - width / 2, bars.bottom() - height, width, height)
            frame.weeks.append((rect, round(days, 1)))
            if days > 0:
                radius = min(4.0, width / 2)
                frame.week_path.addRoundedRect(rect, radius, radius)

    def _ticks(self, width: float, metrics: QFontMetricsF) -> list[tuple[float, str]]:
        """Date labels at local midnights: days, months or years, as fine as fits."""
        since, until = self._since.astimezone(), self._until.astimezone()
        room = max(2, int(width / (metrics.horizontalAdvance("28 Sep") + 36)))
        first, last = since.date(), until.date()
        days = (last - first).days
        chosen: list[date] = []
        kind = "year"
        for step in (1, 2, 7, 14):
            if days / step <= room:
                start = first if step < 7 else first + timedelta(days=(7 - first.weekday()) % 7)
                chosen = [start + timedelta(days=i) for i in range(0, days + 1, step)]
                kind = "day"
                break
        if not chosen:
            for months in (1, 2, 3, 6):
                starts = [
                    date(year, month, 1)
                    for year in range(first.year, last.year + 1)
                    for month in range(1, 13, months)
                ]
                found = [d for d in starts if first < d <= last]
                if len(found) <= room:
                    chosen, kind = found, "month"
                    break
        if not chosen:
            for years in (1, 2, 5, 10, 20, 50):
                found = [
                    date(year, 1, 1)
                    for year in range(first.year + 1, last.year + 1)
                    if year % years == 0
                ]
                if len(found) <= room:
                    chosen = found
                    break
        ticks: list[tuple[float, str]] = []
        for i, day in enumerate(chosen):
            x = (local_midnight(day) - self._since).total_seconds() / self._span
            if not 0.0 <= x <= 1.0:
                continue
            if kind == "day":
                label = short_date(day)
            elif kind == "month":
                label = f"{day:%b %Y}" if day.month == 1 or i == 0 else f"{day:%b}"
            else:
                label = str(day.year)
            ticks.append((x, label))
        return ticks

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
        if not self._rows:
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

    def _draw_legend(self, painter: QPainter, frame: _Frame) -> None:
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

    def _draw_axes(self, painter: QPainter, frame: _Frame) -> None:
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
        anchor = QColor(t.muted)
        anchor.setAlphaF(0.75)
        painter.setPen(anchor)
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
            px = self._x(frame, x)
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

    def _draw_weeks(self, painter: QPainter, frame: _Frame) -> None:
        if frame.bars is None:
            return
        t = self._theme
        bars = frame.bars
        metrics = QFontMetricsF(painter.font())
        line = metrics.height()
        anchor = QColor(t.muted)
        anchor.setAlphaF(0.75)
        painter.setPen(anchor)
        painter.drawText(
            QRectF(0, bars.bottom() - line * 2, frame.gutter - 12, line * 2),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            "practice days\nper week",
        )
        base = QColor(t.border)
        painter.setPen(QPen(base, 1.0))
        painter.drawLine(QPointF(bars.left(), bars.bottom()), QPointF(bars.right(), bars.bottom()))
        fill = QColor(t.accent)
        fill.setAlphaF(0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
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
        width = max(1.0, frame.plot.width() - 16)
        fraction = (pos.x() - frame.plot.left() - 8) / width
        if frame.bars is not None and pos.y() > frame.plot.bottom() + 8:
            for x0, x1, days, monday in self._weeks:
                if x0 <= fraction <= x1:
                    plural = "" if days == 1 else "s"
                    return (
                        f"Week of {short_date(monday)} {monday.year}: {days} practice day{plural}"
                    )
            return ""
        if not self._rows or not frame.plot.adjusted(-8, -8, 8, 8).contains(pos):
            return ""
        i = bisect_left(self._row_x, fraction)
        near = [j for j in (i - 1, i) if 0 <= j < len(self._rows)]
        best = min(near, key=lambda j: abs(self._row_x[j] - fraction))
        if abs(self._row_x[best] - fraction) * width > 10:
            return ""
        _, when, before, after = self._rows[best]
        local = when.astimezone()
        shown = [(NO_ANSWER if v is None else str(v)) for v in (before, after)]
        return f"{local:%a} {short_date(local)}, {local:%H:%M}\nStress {shown[0]} → {shown[1]}"


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
        self.setAccessibleName("Changes in stress")

    def set_values(self, mean: float, low: float, high: float, changes: Sequence[int] = ()) -> None:
        self._mean, self._low, self._high = mean, low, high
        self._counts = {}
        for change in changes:
            self._counts[change] = self._counts.get(change, 0) + 1
        furthest = max([abs(low), abs(high), *(abs(c) for c in self._counts)], default=0)
        self._reach = max(3, min(STRESS_MAX, ceil(furthest)))
        self.setAccessibleDescription(
            f"Average {mean:+.1f}, 95% interval {low:+.1f} to {high:+.1f}"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(140, self._height())

    def _height(self) -> int:
        return 32 + int(QFontMetricsF(self._small_font()).height()) + 4

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

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
        painter.setPen(QPen(t.color("border"), 1.0))
        painter.drawLine(QPointF(x_of(0), 1.0), QPointF(x_of(0), band_y + 6))
        bar = QColor(t.muted)
        bar.setAlphaF(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar)
        width = max(2.0, min(9.0, unit * 0.6))
        for change, count in self._counts.items():
            height = max(1.5, 12.0 * count / most)
            painter.drawRoundedRect(
                QRectF(x_of(change) - width / 2, base_y - height, width, height), 1.5, 1.5
            )
        band = QColor(t.accent)
        band.setAlphaF(0.35)
        pen = QPen(band, 6.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(x_of(self._low), band_y), QPointF(x_of(self._high), band_y))
        painter.setPen(QPen(t.color("surface"), 1.5))
        painter.setBrush(t.color("accent"))
        painter.drawEllipse(QPointF(x_of(self._mean), band_y), 5.0, 5.0)
        axis_y = band_y

        small = self._small_font()
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
