"""WCAG 2.2 AA contrast: every pair of colours the style uses, computed from the themes, and a
few measured from the pixels of real widgets, where the issue was seen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QProgressBar,
    QSlider,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from unwind.ui.scales import StressScale
from unwind.ui.style import style_sheet
from unwind.ui.theme import (
    CONTRAST_DARK,
    CONTRAST_LIGHT,
    DARK,
    LIGHT,
    PAIRS,
    THEMES,
    Theme,
    apply_theme,
    colour_names,
    contrast,
    pick_theme,
    shortfalls,
)
from unwind.ui.widgets import PrimaryButton, Switch


@pytest.mark.parametrize("theme", THEMES, ids=[t.name for t in THEMES])
def test_every_pair_the_style_uses_meets_wcag_aa(theme: Theme) -> None:
    assert shortfalls(theme) == []


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_style_sheet_uses_no_colour_outside_the_theme() -> None:
    """A colour written into the style sheet by hand would escape the pairs' check."""
    for theme in THEMES:
        sheet = style_sheet(theme)
        used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", sheet)}
        palette = {getattr(theme, name).lower() for name in colour_names()}
        assert used <= palette, used - palette


def test_the_style_sheet_puts_only_listed_pairs_together() -> None:
    """Each rule that sets both a text colour and a background uses a listed pair."""
    listed = {(p.foreground, p.background) for p in PAIRS if p.words}
    for theme in THEMES:
        names: dict[str, set[str]] = {}
        for name in colour_names():
            names.setdefault(getattr(theme, name).lower(), set()).add(name)
        for rule in re.findall(r"\{([^{}]*)\}", style_sheet(theme)):
            colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", rule)
            background = re.search(r"background:\s*(#[0-9a-f]{6})", rule)
            if colour and background:
                pairs = {
                    (fg, bg) for fg in names[colour.group(1)] for bg in names[background.group(1)]
                }
                assert pairs & listed, (theme.name, rule)


def test_high_contrast_follows_the_desktop_where_it_says_so() -> None:
    assert pick_theme("system", dark=False, contrast=True) is CONTRAST_LIGHT
    assert pick_theme("system", dark=True, contrast=True) is CONTRAST_DARK
    assert pick_theme("system", dark=True, contrast=False) is DARK
    assert pick_theme("contrast", dark=False) is CONTRAST_LIGHT
    assert pick_theme("light", dark=True, contrast=True) is LIGHT  # a choice of one's own


# --- measured from pixels ----------------------------------------------------------------


def luminance_ratio(a: QColor, b: QColor) -> float:
    return contrast(a.name(), b.name())


def darkest_and_lightest(image: QImage) -> tuple[QColor, QColor]:
    colours = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    colours.sort(key=lambda c: c.lightnessF())
    return colours[0], colours[-1]


@pytest.fixture
def styled(qapp: QApplication, qtbot: QtBot, request: pytest.FixtureRequest) -> QWidget:
    theme: Theme = request.param
    apply_theme(qapp, theme)
    page = QWidget()
    page.setAutoFillBackground(True)
    qtbot.addWidget(page)
    page.resize(300, 200)
    page.setProperty("theme", theme.name)
    return page


def themed(page: QWidget) -> Theme:
    return next(t for t in THEMES if t.name == page.property("theme"))


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_primary_button_words_stand_out_from_the_accent(styled: QWidget) -> None:
    button = PrimaryButton("Start")
    QVBoxLayout(styled).addWidget(button)
    styled.show()
    image = button.grab().toImage()
    # the middle row, across the label: the accent and the words' colour
    row = image.copy(0, image.height() // 2 - 4, image.width(), 8)
    dark, light = darkest_and_lightest(row)
    assert luminance_ratio(dark, light) >= 4.5


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_an_unchecked_switch_is_visible(styled: QWidget) -> None:
    switch = Switch("Breath tones")
    QVBoxLayout(styled).addWidget(switch)
    styled.show()
    image = switch.grab().toImage()
    track = image.copy(0, 0, Switch.TRACK.width() + 6, image.height())
    background = QColor(themed(styled).window)
    edge = max(
        (track.pixelColor(x, y) for y in range(track.height()) for x in range(track.width())),
        key=lambda c: luminance_ratio(c, background),
    )
    assert luminance_ratio(edge, background) >= 3.0


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_a_check_box_shows_its_box_and_its_tick(styled: QWidget) -> None:
    box, ticked = QCheckBox("Sleep"), QCheckBox("Tension")
    ticked.setChecked(True)
    layout = QVBoxLayout(styled)
    layout.addWidget(box)
    layout.addWidget(ticked)
    styled.show()
    theme = themed(styled)

    def indicator(check: QCheckBox) -> dict[tuple[int, int], QColor]:
        image = check.grab().toImage()
        side = image.height()  # the box is at the left, as tall as the line or less
        return {(x, y): image.pixelColor(x, y) for y in range(side) for x in range(side)}

    window = QColor(theme.window)
    edge = max(indicator(box).values(), key=lambda c: luminance_ratio(c, window))
    assert luminance_ratio(edge, window) >= 3.0  # the empty box is seen
    accent = QColor(theme.accent)
    pixels = indicator(ticked)
    filled = [xy for xy, c in pixels.items() if luminance_ratio(c, accent) < 1.1]
    assert filled  # the ticked box is the accent
    xs, ys = [x for x, _ in filled], [y for _, y in filled]
    inside = [c for (x, y), c in pixels.items() if min(xs) < x < max(xs) and min(ys) < y < max(ys)]
    tick = max(inside, key=lambda c: luminance_ratio(c, accent))
    assert luminance_ratio(tick, accent) >= 3.0  # and the tick stands out of it


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_slider_and_progress_tracks_stand_out(styled: QWidget) -> None:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setValue(0)
    progress = QProgressBar()
    progress.setValue(0)
    progress.setTextVisible(False)
    layout = QVBoxLayout(styled)
    layout.addWidget(slider)
    layout.addWidget(progress)
    styled.show()
    background = QColor(themed(styled).window)
    for widget in (slider, progress):
        image = widget.grab().toImage()
        middle = image.height() // 2
        # to the right of the handle: the empty track
        colour = image.pixelColor(QPoint(image.width() * 3 // 4, middle))
        if widget is progress:
            colour = min(
                (image.pixelColor(image.width() // 2, y) for y in range(image.height())),
                key=lambda c: -luminance_ratio(c, background),
            )
        assert luminance_ratio(colour, background) >= 3.0, type(widget).__name__


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_the_stress_scale_is_neutral_until_answered(styled: QWidget) -> None:
    theme = themed(styled)
    scale = StressScale(theme)
    QVBoxLayout(styled).addWidget(scale)
    styled.resize(520, 80)
    styled.show()

    def fill(image: QImage, index: int) -> QColor:
        cell = scale._cell(index)
        return image.pixelColor(QPoint(int(cell.center().x()), int(cell.top() + 6)))

    image = scale.grab().toImage()
    # every cell alike: no number looks answered, none looks bad
    assert {fill(image, i).name() for i in range(11)} == {theme.surface}
    scale.set_value(6)
    image = scale.grab().toImage()
    chosen, other = fill(image, 6), fill(image, 2)
    assert chosen.name() == theme.accent
    assert other.name() == theme.surface


@pytest.mark.parametrize("styled", [LIGHT, DARK], indirect=True, ids=["light", "dark"])
def test_placeholder_words_are_readable(styled: QWidget) -> None:
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit()
    field.setPlaceholderText("evening, after work")
    QVBoxLayout(styled).addWidget(field)
    styled.show()
    image = field.grab().toImage()
    inside = image.copy(6, 6, image.width() // 2, image.height() - 12)
    surface = QColor(themed(styled).surface)
    strongest = max(
        (inside.pixelColor(x, y) for y in range(inside.height()) for x in range(inside.width())),
        key=lambda c: luminance_ratio(c, surface),
    )
    assert luminance_ratio(strongest, surface) >= 4.5


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_chart_words_are_drawn_at_full_strength(qtbot: QtBot, theme: Theme) -> None:
    from datetime import UTC, datetime, timedelta

    from unwind.ui.journal.chart import StressChart

    chart = StressChart(theme)
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    until = datetime(2026, 1, 31, tzinfo=UTC)
    since = until - timedelta(days=30)
    chart.set_data([(since + timedelta(days=3), 6, 3)], [], since, until)
    image = chart.grab().toImage()
    # the "most stressed" anchor, left of the plot: its strongest pixels are the muted colour
    frame = chart._layout()
    line = round(QFontMetricsF(chart._small_font()).height())
    top = round(frame.plot.top() + line / 2) + 1
    gutter = image.copy(0, top, round(frame.gutter) - 12, line - 2)
    surface = QColor(theme.surface)
    strongest = max(
        (gutter.pixelColor(x, y) for y in range(gutter.height()) for x in range(gutter.width())),
        key=lambda c: luminance_ratio(c, surface),
    )
    assert luminance_ratio(strongest, surface) >= 4.5
