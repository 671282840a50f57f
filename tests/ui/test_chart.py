from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from unwind.journal.models import CheckIn, Ending, SessionRecord
from unwind.ui.journal.chart import EMPTY_TEXT, StressChart
from unwind.ui.journal.chart_data import (
    SMOOTH_FROM,
    ChartData,
    layout_frame,
    rolling_mean,
    series_of,
    weeks_of,
)
from unwind.ui.journal.insights import ChangeStrip
from unwind.ui.theme import DARK, LIGHT, Theme

UNTIL = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)
SINCE = UNTIL - timedelta(days=30)

Series = list[tuple[datetime, int | None, int | None]]


def series(n: int, days: float, seed: int = 1) -> Series:
    rng = random.Random(seed)
    out: Series = []
    for i in range(n):
        when = UNTIL - timedelta(days=days * (n - i) / (n + 1))
        before = rng.randint(3, 9)
        out.append((when, before, max(0, before - rng.randint(0, 3))))
    return out


def weeks(since: datetime, until: datetime) -> list[tuple[date, int]]:
    monday = since.date() - timedelta(days=since.date().weekday())
    out = []
    while monday <= until.date():
        out.append((monday, (monday.toordinal() // 7) % 8))
        monday += timedelta(days=7)
    return out


def make_chart(qtbot: QtBot, theme: Theme = LIGHT) -> StressChart:
    chart = StressChart(theme)
    qtbot.addWidget(chart)
    chart.resize(800, 320)
    return chart


def count_near(image: QImage, colour: QColor, tolerance: int = 12) -> int:
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) <= tolerance
                and abs(pixel.green() - colour.green()) <= tolerance
                and abs(pixel.blue() - colour.blue()) <= tolerance
            ):
                found += 1
    return found


def test_empty_chart_says_so_calmly(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.set_data([], [], SINCE, UNTIL)
    assert chart.is_empty
    assert chart.empty_text == EMPTY_TEXT
    assert chart.accessibleDescription() == EMPTY_TEXT
    image = chart.grab().toImage()
    assert count_near(image, LIGHT.color("accent")) == 0
    assert count_near(image, LIGHT.color("muted"), tolerance=40) > 0  # the sentence is drawn


def test_weeks_without_practice_still_count_as_empty(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.set_data([], [(SINCE.date(), 0)], SINCE, UNTIL)
    assert chart.is_empty


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_after_ratings_are_drawn_in_the_accent_colour(qtbot: QtBot, theme: Theme) -> None:
    chart = make_chart(qtbot, theme)
    chart.set_data(series(8, 25), weeks(SINCE, UNTIL), SINCE, UNTIL)
    assert not chart.is_empty and chart.point_count == 8
    assert not chart.has_rolling_line  # a few dots say it all
    image = chart.grab().toImage()
    assert count_near(image, theme.color("accent")) > 20


def test_pairs_are_joined_and_unanswered_ratings_left_out(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    data: Series = [
        (SINCE + timedelta(days=2), 8, 4),
        (SINCE + timedelta(days=5), 6, None),
        (SINCE + timedelta(days=9), None, 3),
        (SINCE + timedelta(days=12), None, None),
        (SINCE - timedelta(days=3), 7, 2),  # before the period
    ]
    chart.set_data(data, [], SINCE, UNTIL)
    drawn = chart.drawn()
    assert chart.point_count == 3
    assert (drawn["before"], drawn["after"], drawn["pairs"]) == (2, 2, 1)


def test_tooltip_names_the_session_under_the_pointer(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.set_data([(SINCE + timedelta(days=10), 6, 3)], [], SINCE, UNTIL)
    at = chart.point_position(0)
    assert "Stress 6 \u2192 3" in chart.tooltip_at(at)
    assert chart.tooltip_at(at + QPointF(200, 0)) == ""


def test_rolling_line_appears_with_many_ratings(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.set_data(series(SMOOTH_FROM, 25), [], SINCE, UNTIL)
    assert chart.has_rolling_line


def test_ten_thousand_points_are_thinned_to_what_the_pixels_can_show(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    since = UNTIL - timedelta(days=3650)
    chart.set_data(series(10_000, 3650), weeks(since, UNTIL), since, UNTIL)
    drawn = chart.drawn()
    assert chart.point_count == 10_000
    # at most one dot per value (0..10) per dot width: under 3 per horizontal pixel
    assert drawn["before"] + drawn["after"] <= 2 * 11 * drawn["plot_width"] / 4 + 22
    assert drawn["pairs"] == 0  # the two rolling lines show the gap instead
    assert drawn["bars"] < drawn["plot_width"] / 3  # weeks grouped, never sub-pixel bars
    assert chart.grab().width() == 800


@pytest.mark.parametrize(
    ("days", "pattern"),
    [(30, r"\d{1,2} [A-Z][a-z]{2}"), (365, r"[A-Z][a-z]{2}( \d{4})?"), (3650, r"\d{4}")],
    ids=["days", "months", "years"],
)
def test_date_labels_fit_the_period(qtbot: QtBot, days: int, pattern: str) -> None:
    chart = make_chart(qtbot)
    since = UNTIL - timedelta(days=days)
    chart.set_data(series(20, days), [], since, UNTIL)
    labels = chart.tick_labels()
    assert 2 <= len(labels) <= chart.drawn()["plot_width"] // 60
    assert all(re.fullmatch(pattern, label) for label in labels), labels


def test_rolling_mean_is_flat_for_flat_ratings_and_breaks_over_gaps() -> None:
    times = [i / 100 for i in range(20)] + [0.8 + i / 100 for i in range(20)]
    line = rolling_mean(times, [4] * len(times), 0.05, 50)
    values = [sample[1] for sample in line if sample is not None]
    assert values and all(abs(v - 4) < 1e-9 for v in values)
    assert any(sample is None for sample in line)  # nothing between 0.2 and 0.8
    assert rolling_mean([], [], 0.1, 10) == []


def test_change_strip_draws_the_average_in_the_accent(qtbot: QtBot) -> None:
    strip = ChangeStrip(LIGHT)
    qtbot.addWidget(strip)
    strip.resize(300, strip.sizeHint().height())
    strip.set_values(-1.8, -2.6, -1.0, (-3, -2, -2, -1, 0, -3))
    description = strip.accessibleDescription()
    assert description.startswith("On average your stress was 1.8 points lower after.")
    assert "between 1.0 and 2.6 points lower" in description
    assert count_near(strip.grab().toImage(), LIGHT.color("accent"), tolerance=6) > 3


def test_a_repaint_reuses_the_picture_until_the_data_changes(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.set_data(series(30, 25), weeks(SINCE, UNTIL), SINCE, UNTIL)
    first = chart.grab().toImage()
    calls: list[int] = []
    original = chart._render

    def counting(painter: QPainter) -> None:
        calls.append(1)
        original(painter)

    chart._render = counting  # type: ignore[method-assign]
    assert chart.grab().toImage() == first and calls == []
    chart.set_data(series(30, 25, seed=2), [], SINCE, UNTIL)
    chart.grab()
    assert calls == [1]
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # 200% text
    chart.setFont(font)
    chart.grab()
    assert calls == [1, 1]


def test_chart_data_and_its_frame_need_no_widget(qapp: QApplication) -> None:
    monday = date(2025, 5, 5)
    data = ChartData.from_series(
        [(SINCE + timedelta(days=15), 6, 3), (SINCE - timedelta(days=1), 5, 5)],
        [(monday, 3), (monday + timedelta(days=7), 9)],
        SINCE,
        UNTIL,
    )
    assert [(x, before, after) for x, _, before, after in data.rows] == [(0.5, 6, 3)]
    assert data.pairs == [(0.5, 6, 3)] and data.row_x == [0.5]
    assert data.practice_days == 3 + 7  # a week holds at most seven days
    frame = layout_frame(data, QSize(800, 320), QFontMetricsF(QFont()))
    assert frame.size == QSize(800, 320) and frame.bars is not None
    assert frame.x_at(0) == frame.plot.left() + 8 and frame.x_at(1) == frame.plot.right() - 8
    assert len(frame.pairs) == 1 and frame.pairs[0].x1() == frame.x_at(0.5)
    assert frame.pairs[0].y1() == frame.y_at(6) and frame.pairs[0].y2() == frame.y_at(3)


def test_the_chart_input_comes_from_the_sessions_shown() -> None:
    def session(uid: str, days_ago: float, before: int | None, after: int | None) -> SessionRecord:
        return SessionRecord(
            uid,
            "calm",
            "Calm",
            UNTIL - timedelta(days=days_ago),
            300.0,
            300.0,
            Ending.COMPLETED,
            None if before is None else CheckIn(stress=before),
            None if after is None else CheckIn(stress=after),
        )

    newest_first = [session("c", 1, 4, None), session("b", 2, None, None), session("a", 9, 7, 5)]
    assert series_of(newest_first) == [
        (UNTIL - timedelta(days=9), 7, 5),
        (UNTIL - timedelta(days=1), 4, None),
    ]
    weeks = weeks_of(newest_first, UNTIL - timedelta(days=20), UNTIL)
    assert sum(days for _, days in weeks) == 3  # a session without ratings is still practice
    assert all(monday.weekday() == 0 for monday, _ in weeks)
