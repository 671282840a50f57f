"""The chart's numbers, worked out without a widget.

`ChartData` holds what does not depend on the widget's size: positions as fractions of the
period, the rolling lines, week spans. `layout_frame` maps those to pixels for one size and
font, thinning dots that would land on top of each other; the chart keeps the result until its
size or font changes. `series_of` and `weeks_of` turn the sessions the journal page shows into
the chart's input, so the chart always agrees with the list.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPolygonF

from unwind.journal.models import STRESS_MAX, SessionRecord
from unwind.journal.stats import practice_days_per_week, week_start
from unwind.ui.journal.words import short_date, stress_of

SMOOTH_FROM = 12
"""After-ratings needed before the rolling line is drawn: with fewer, the dots say it all."""
MIN_BAR_PX = 4.0
"""Narrower weeks are drawn in groups (at their average), never as sub-pixel slivers."""
ROLL_SAMPLES = 240
"""Points on the rolling line, whatever the number of sessions."""
ROLL_MIN_COUNT = 3
"""Ratings a window needs before it contributes to the rolling line (gaps stay gaps)."""
ROLL_WINDOW_RATINGS = 12
"""The rolling window widens until it holds about this many ratings on average."""
MIN_SPAN = timedelta(days=1)
INSET = 8.0
"""Pixels between the plot's edges and the first and last moment of the period."""

Series = Sequence[tuple[datetime, int | None, int | None]]
Weeks = Sequence[tuple[date, int]]
Samples = list[tuple[float, float] | None]


def local_midnight(day: date) -> datetime:
    """The start of a calendar day on this computer, timezone-aware."""
    return datetime.combine(day, time()).astimezone()


# --- the chart's input, from the sessions the page shows ----------------------------------


def series_of(records: Sequence[SessionRecord]) -> list[tuple[datetime, int | None, int | None]]:
    """The chart's series from sessions (newest first), oldest first like the store's."""
    out: list[tuple[datetime, int | None, int | None]] = []
    for record in reversed(records):
        before, after = stress_of(record.before), stress_of(record.after)
        if before is not None or after is not None:
            out.append((record.started_at, before, after))
    return out


def weeks_of(
    records: Iterable[SessionRecord], since: datetime, until: datetime
) -> list[tuple[date, int]]:
    """Practice days per week (Monday, 0..7) from since's week to until's, as the store counts
    them (calendar days in local time)."""
    first = week_start(since.astimezone().date())
    last = week_start(until.astimezone().date())
    starts = (r.started_at for r in records if since <= r.started_at)
    return practice_days_per_week(starts, first, last, None)


# --- what does not depend on the size ------------------------------------------------------


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


@dataclass(frozen=True)
class ChartData:
    """A period's ratings and practice weeks, placed as fractions (0..1) of the period."""

    since: datetime
    until: datetime
    rows: list[tuple[float, datetime, int | None, int | None]] = field(default_factory=list)
    """(x, when, before, after) for each session with a rating, by x."""
    row_x: list[float] = field(default_factory=list)
    before_x: list[float] = field(default_factory=list)
    before_v: list[int] = field(default_factory=list)
    after_x: list[float] = field(default_factory=list)
    after_v: list[int] = field(default_factory=list)
    pairs: list[tuple[float, int, int]] = field(default_factory=list)
    roll: Samples = field(default_factory=list)
    roll_before: Samples = field(default_factory=list)
    weeks: list[tuple[float, float, int, date]] = field(default_factory=list)
    """(x0, x1, days practised 0..7, Monday) for each week that overlaps the period."""

    @property
    def span(self) -> float:
        return (self.until - self.since).total_seconds()

    @property
    def practice_days(self) -> int:
        return sum(days for _, _, days, _ in self.weeks)

    @classmethod
    def from_series(
        cls, series: Series, weeks: Weeks, since: datetime, until: datetime
    ) -> ChartData:
        """`series`: (when, stress before, stress after), oldest first; `weeks`: (monday,
        days practised 0..7). Points outside since..until are left out."""
        if until - since < MIN_SPAN:
            until = since + MIN_SPAN
        span = (until - since).total_seconds()
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

        placed: list[tuple[float, float, int, date]] = []
        week = timedelta(days=7).total_seconds()
        for monday, days in weeks:
            start = (local_midnight(monday) - since).total_seconds()
            x0, x1 = max(0.0, start / span), min(1.0, (start + week) / span)
            if x1 > x0:
                placed.append((x0, x1, max(0, min(7, days)), monday))

        return cls(
            since,
            until,
            rows=rows,
            row_x=[row[0] for row in rows],
            before_x=bx,
            before_v=bv,
            after_x=ax,
            after_v=av,
            pairs=pairs,
            roll=smooth(ax, av, span) if len(ax) >= SMOOTH_FROM else [],
            roll_before=smooth(bx, bv, span) if len(bx) >= SMOOTH_FROM else [],
            weeks=placed,
        )


def smooth(xs: list[float], vs: list[int], span: float) -> Samples:
    """The rolling line through ratings at fractions xs of a period `span` seconds long."""
    order = sorted(range(len(xs)), key=xs.__getitem__)
    # about a week, wider when ratings are sparse, so a window holds roughly a dozen
    week_share = timedelta(days=7).total_seconds() / span
    window = min(0.25, max(week_share, 1 / 40, ROLL_WINDOW_RATINGS / len(xs)))
    return rolling_mean([xs[i] for i in order], [vs[i] for i in order], window, ROLL_SAMPLES)


# --- pixels for one size -----------------------------------------------------------------


@dataclass
class Frame:
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

    def x_at(self, fraction: float) -> float:
        """The pixel column of a moment, as a fraction of the period."""
        return self.plot.left() + INSET + fraction * (self.plot.width() - 2 * INSET)

    def y_at(self, value: float) -> float:
        """The pixel row of a stress rating."""
        return self.plot.bottom() - self.plot.height() * value / STRESS_MAX


def layout_frame(data: ChartData, size: QSize, small: QFontMetricsF) -> Frame:
    """Where everything goes at `size`, with `small` the metrics of the labels' font."""
    line = small.height()
    gutter = max(small.horizontalAdvance(w) for w in ("most stressed", "practice days")) + 18
    top = 16 + line + 14  # margin, legend, air
    right = size.width() - 20.0
    has_weeks = bool(data.weeks)
    bars_height = 26.0 if has_weeks else 0.0
    bottom = size.height() - 12 - line - 6  # date labels under everything
    bars: QRectF | None = None
    if has_weeks:
        bars = QRectF(gutter, bottom - bars_height, right - gutter, bars_height)
        bottom = bars.top() - line - 16  # room for the day counts above the bars
    plot = QRectF(gutter, top, right - gutter, max(40.0, bottom - top))
    frame = Frame(size=QSize(size), plot=plot, bars=bars, gutter=gutter)
    _map_points(data, frame)
    _map_weeks(data, frame)
    frame.ticks = date_ticks(data, frame.plot.width(), small)
    return frame


def _map_points(data: ChartData, frame: Frame) -> None:
    plot = frame.plot
    width = max(1.0, plot.width() - 16)
    ys = [plot.bottom() - plot.height() * v / STRESS_MAX for v in range(STRESS_MAX + 1)]
    frame.dense = len(data.rows) > width / 4
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

    frame.before = thin(data.before_x, data.before_v)
    frame.after = thin(data.after_x, data.after_v)
    if len(data.pairs) <= width / 2:
        seen_pairs: set[tuple[int, int, int]] = set()
        for x, before, after in data.pairs:
            key = (int(x * width), before, after)
            if before != after and key not in seen_pairs:
                seen_pairs.add(key)
                px = left + x * width
                frame.pairs.append(QLineF(px, ys[before], px, ys[after]))
    frame.roll = _path(data.roll, left, width, plot)
    if frame.dense:  # no pair lines now: the two averages show the gap instead
        frame.roll_before = _path(data.roll_before, left, width, plot)


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


def _map_weeks(data: ChartData, frame: Frame) -> None:
    """One bar per week; when weeks get narrower than a few pixels, one bar per group of
    weeks at their average, so years of practice stay legible instead of a grey smear."""
    if frame.bars is None or not data.weeks:
        return
    bars = frame.bars
    week_px = (frame.plot.width() - 16) * 7 * 86400 / data.span
    group = max(1, ceil(MIN_BAR_PX / max(week_px, 1e-6)))
    frame.week_group = group
    for start in range(0, len(data.weeks), group):
        chunk = data.weeks[start : start + group]
        left, right = frame.x_at(chunk[0][0]), frame.x_at(chunk[-1][1])
        days = sum(d for _, _, d, _ in chunk) / len(chunk)
        width = min(20.0, max(1.5, (right - left) - (3 if group == 1 else 1)))
        height = bars.height() * days / 7
        centre = (left + right) / 2
        rect = QRectF(centre - width / 2, bars.bottom() - height, width, height)
        frame.weeks.append((rect, round(days, 1)))
        if days > 0:
            radius = min(4.0, width / 2)
            frame.week_path.addRoundedRect(rect, radius, radius)


def date_ticks(data: ChartData, width: float, metrics: QFontMetricsF) -> list[tuple[float, str]]:
    """Date labels at local midnights: days, months or years, as fine as fits."""
    since, until = data.since.astimezone(), data.until.astimezone()
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
        x = (local_midnight(day) - data.since).total_seconds() / data.span
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
