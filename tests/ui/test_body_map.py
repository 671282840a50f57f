from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from unwind.core.routine import AREAS
from unwind.ui.player.body_map import (
    DEFAULT_ACCENT,
    HEAD_SVG,
    SILHOUETTE_ID,
    BodyMapWidget,
    area_ids,
    load_body_svg,
)
from unwind.ui.player.words import FROM_BEHIND, FROM_THE_FRONT, HEAD_AREAS
from unwind.ui.theme import DARK, LIGHT, apply_theme

BILATERAL = (
    "shoulders",
    "upper_back",
    "lower_back",
    "glutes",
    "temples",
    "jaw",
    "hands",
    "forearms",
    "feet",
)
CENTRAL = ("neck", "skull_base", "scalp", "face")
SPINE_X = 100.0  # the body's vertical centre line in the drawing's view box


@pytest.fixture
def svg(qapp: QApplication) -> QSvgRenderer:
    renderer = QSvgRenderer(load_body_svg())
    assert renderer.isValid()
    return renderer


@pytest.fixture
def head(qapp: QApplication) -> QSvgRenderer:
    renderer = QSvgRenderer(load_body_svg(HEAD_SVG))
    assert renderer.isValid()
    return renderer


@pytest.fixture
def body_map(qtbot: QtBot) -> BodyMapWidget:
    widget = BodyMapWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 500)
    return widget


def dark_palette(widget: BodyMapWidget) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(DARK.window))
    widget.setPalette(palette)
    widget.set_theme(DARK)


def grab(widget: BodyMapWidget) -> QImage:
    widget.setAutoFillBackground(True)
    return widget.grab().toImage()


def pixel(widget: BodyMapWidget, image: QImage, svg_point: QPointF) -> QColor:
    """The colour painted at `svg_point` (view-box coordinates)."""
    where = widget.map_from_svg(QRectF(svg_point, svg_point)).topLeft()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(where.x() * ratio), int(where.y() * ratio))


def distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def centre_of(renderer: QSvgRenderer, element_id: str) -> QPointF:
    return renderer.boundsOnElement(element_id).center()


# -- the drawing ---------------------------------------------------------------------------------


def test_every_area_maps_to_shapes_in_the_drawing(
    body_map: BodyMapWidget, svg: QSvgRenderer
) -> None:
    assert svg.elementExists(SILHOUETTE_ID)
    for area in AREAS:
        found = area_ids(area, body_map.svg_ids())
        assert found, f"no shape for {area}"
        for element_id in found:
            assert svg.elementExists(element_id)
            assert not svg.boundsOnElement(element_id).isEmpty()


@pytest.mark.parametrize("area", BILATERAL)
def test_bilateral_areas_have_a_shape_on_each_side_of_the_centre(
    svg: QSvgRenderer, area: str
) -> None:
    left = svg.boundsOnElement(f"area-{area}-left")
    right = svg.boundsOnElement(f"area-{area}-right")
    # Seen from the back, the person's left is on the viewer's left.
    assert left.center().x() < SPINE_X < right.center().x()


@pytest.mark.parametrize("area", CENTRAL)
def test_central_areas_have_one_shape(svg: QSvgRenderer, area: str) -> None:
    assert svg.elementExists(f"area-{area}")
    assert not svg.elementExists(f"area-{area}-left")


@pytest.mark.parametrize("area", ["upper_back", "lower_back"])
def test_back_shapes_leave_the_spine_free(svg: QSvgRenderer, area: str) -> None:
    left = svg.boundsOnElement(f"area-{area}-left")
    right = svg.boundsOnElement(f"area-{area}-right")
    assert left.right() < SPINE_X - 1.5
    assert right.left() > SPINE_X + 1.5


def test_drawing_is_small_and_has_no_fonts_or_images() -> None:
    data = load_body_svg()
    assert len(data) < 15_000
    for forbidden in (b"<image", b"<text", b"<font", b"@font-face", b"base64"):
        assert forbidden not in data


# -- lighting ------------------------------------------------------------------------------------


def test_nothing_is_lit_at_first(body_map: BodyMapWidget) -> None:
    assert body_map.lit_ids() == ()
    assert body_map.accessibleName() == "Body map"
    assert body_map.accessibleDescription() == "Nothing lit."


@pytest.mark.parametrize("area", BILATERAL)
def test_one_side_lights_only_that_side(body_map: BodyMapWidget, area: str) -> None:
    body_map.set_area(area, "left")
    assert body_map.lit_ids() == (f"area-{area}-left",)
    body_map.set_area(area, "right")
    assert body_map.lit_ids() == (f"area-{area}-right",)


@pytest.mark.parametrize("side", ["both", None])
def test_both_sides_light_both_shapes(body_map: BodyMapWidget, side: str | None) -> None:
    body_map.set_area("shoulders", side)
    assert body_map.lit_ids() == ("area-shoulders-left", "area-shoulders-right")
    assert body_map.accessibleDescription() == f"Lit: shoulders, both sides. {FROM_BEHIND}"


def test_central_area_ignores_the_side(body_map: BodyMapWidget) -> None:
    body_map.set_area("neck", "left")
    assert body_map.lit_ids() == ("area-neck",)
    assert body_map.accessibleDescription() == f"Lit: back of the neck. {FROM_BEHIND}"


def test_whole_body_lights_every_area(body_map: BodyMapWidget) -> None:
    body_map.set_area("whole_body", None)
    lit = set(body_map.lit_ids())
    for area in AREAS:
        if area != "whole_body":
            assert set(area_ids(area, body_map.svg_ids())) <= lit, area
    assert body_map.accessibleDescription() == f"Lit: whole body. {FROM_BEHIND}"


def test_description_names_the_side(body_map: BodyMapWidget) -> None:
    body_map.set_area("shoulders", "left")
    assert body_map.accessibleDescription() == f"Lit: shoulders, left side. {FROM_BEHIND}"
    body_map.set_area("lower_back", "right")
    assert body_map.accessibleDescription() == f"Lit: lower back, right side. {FROM_BEHIND}"
    body_map.set_area("jaw", "left")
    assert body_map.accessibleDescription() == f"Lit: jaw, left side. {FROM_THE_FRONT}"


def test_unknown_area_and_none_light_nothing(body_map: BodyMapWidget) -> None:
    body_map.set_area("elbows", "left")
    assert body_map.lit_ids() == ()
    body_map.set_area("feet", "both")
    body_map.set_area(None, None)
    assert body_map.lit_ids() == ()
    assert body_map.accessibleDescription() == "Nothing lit."


def test_the_drawing_reloads_only_on_change(body_map: BodyMapWidget, qtbot: QtBot) -> None:
    body_map.set_area("hands", "left")
    with qtbot.assertNotEmitted(body_map.renderer().repaintNeeded):
        body_map.set_area("hands", "left")
        body_map.set_accent(QColor(DEFAULT_ACCENT))
        body_map.repaint()
    with qtbot.waitSignal(body_map.renderer().repaintNeeded, timeout=1000):
        body_map.set_area("hands", "right")


def test_size_hints_keep_the_figure_tall(body_map: BodyMapWidget) -> None:
    assert body_map.sizeHint().width() * 2 == body_map.sizeHint().height()
    assert body_map.minimumSizeHint().width() * 2 == body_map.minimumSizeHint().height()
    # no height for its width: a page would grow as tall as twice the figure is wide
    assert not body_map.hasHeightForWidth()


def test_figure_keeps_its_aspect_and_is_centred(body_map: BodyMapWidget) -> None:
    body_map.resize(300, 500)
    rect = body_map.figure_rect()
    assert rect.width() / rect.height() == pytest.approx(0.5)
    assert rect.center().x() == pytest.approx(150)
    assert rect.center().y() == pytest.approx(250)


# -- pixels --------------------------------------------------------------------------------------

SAMPLES = [
    ("shoulders", "left", "area-shoulders-left"),
    ("upper_back", "right", "area-upper_back-right"),
    ("lower_back", "left", "area-lower_back-left"),
    ("glutes", "right", "area-glutes-right"),
    ("neck", None, "area-neck"),
    ("skull_base", None, "area-skull_base"),
    ("scalp", None, "area-scalp"),
    ("temples", "left", "area-temples-left"),
    ("jaw", "right", "area-jaw-right"),
    ("face", None, "area-face"),
    ("hands", "left", "area-hands-left"),
    ("forearms", "right", "area-forearms-right"),
    ("feet", "left", "area-feet-left"),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(("area", "side", "element_id"), SAMPLES)
def test_lit_area_stands_out_from_the_silhouette(
    body_map: BodyMapWidget,
    svg: QSvgRenderer,
    head: QSvgRenderer,
    area: str,
    side: str | None,
    element_id: str,
    dark: bool,
) -> None:
    if dark:
        dark_palette(body_map)
    on_head = area in HEAD_AREAS
    point = centre_of(head if on_head else svg, element_id)
    if on_head:  # the head drawing, with another of its areas lit
        body_map.set_area("jaw" if area != "jaw" else "scalp", None)
    unlit = pixel(body_map, grab(body_map), point)
    body_map.set_area(area, side)
    lit = pixel(body_map, grab(body_map), point)
    assert distance(lit, unlit) > 60, (lit.name(), unlit.name())
    assert distance(lit, body_map.accent()) < 40, (lit.name(), body_map.accent().name())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_silhouette_is_visible_against_the_window(body_map: BodyMapWidget, dark: bool) -> None:
    if dark:
        dark_palette(body_map)
    image = grab(body_map)
    background = body_map.palette().color(QPalette.ColorRole.Window)
    torso = pixel(body_map, image, QPointF(85, 140))
    corner = image.pixelColor(2, 2)
    assert distance(corner, background) < 6
    assert distance(torso, background) > 25
    assert distance(torso, body_map.accent()) > 60


def test_a_change_of_theme_recolours_the_figure(qtbot: QtBot, qapp: QApplication) -> None:
    """Even under the app's style sheet, which keeps a parent's palette from its children."""
    apply_theme(qapp, LIGHT)
    parent = QWidget()
    qtbot.addWidget(parent)
    body_map = BodyMapWidget(parent)
    body_map.resize(300, 500)
    light = pixel(body_map, grab(body_map), QPointF(85, 140))
    apply_theme(qapp, DARK)
    body_map.set_theme(DARK)
    dark = pixel(body_map, grab(body_map), QPointF(85, 140))
    assert dark.lightness() < light.lightness() - 60
    assert body_map.accent().name() == DARK.accent
    apply_theme(qapp, LIGHT)


def test_other_side_stays_unlit(body_map: BodyMapWidget, svg: QSvgRenderer) -> None:
    body_map.set_area("upper_back", "left")
    image = grab(body_map)
    left = pixel(body_map, image, centre_of(svg, "area-upper_back-left"))
    right = pixel(body_map, image, centre_of(svg, "area-upper_back-right"))
    assert distance(left, body_map.accent()) < 40
    assert distance(right, body_map.accent()) > 60


@pytest.mark.parametrize("area", ["upper_back", "lower_back", "whole_body"])
def test_spine_is_never_lit(body_map: BodyMapWidget, svg: QSvgRenderer, area: str) -> None:
    body_map.set_area(area, "both")
    image = grab(body_map)
    for element_id in ("area-upper_back-left", "area-lower_back-left"):
        y = centre_of(svg, element_id).y()
        spine = pixel(body_map, image, QPointF(SPINE_X, y))
        assert distance(spine, body_map.accent()) > 40, (area, spine.name())


def test_accent_recolours_the_lit_area(body_map: BodyMapWidget, svg: QSvgRenderer) -> None:
    body_map.set_area("glutes", "left")
    body_map.set_accent(QColor("#c06080"))
    assert body_map.accent() == QColor("#c06080")
    lit = pixel(body_map, grab(body_map), centre_of(svg, "area-glutes-left"))
    assert distance(lit, QColor("#c06080")) < 40


def test_grabs_render_at_small_and_large_sizes(body_map: BodyMapWidget, tmp_path: Path) -> None:
    body_map.set_area("shoulders", "right")
    for width, height in ((100, 200), (300, 500), (640, 480)):
        body_map.resize(width, height)
        image = grab(body_map)
        assert image.width() >= width
        path = tmp_path / f"body_{width}x{height}.png"
        assert image.save(str(path))
        rect = body_map.figure_rect()
        assert rect.left() >= -0.01 and rect.right() <= width + 0.01
        assert rect.top() >= -0.01 and rect.bottom() <= height + 0.01


@pytest.mark.parametrize("area", sorted(HEAD_AREAS))
def test_the_face_and_head_areas_are_shown_on_the_head_seen_from_the_front(
    body_map: BodyMapWidget, head: QSvgRenderer, area: str
) -> None:
    body_map.set_area(area, "left")
    assert body_map.drawing() == HEAD_SVG
    assert body_map.sizeHint().height() * 200 == body_map.sizeHint().width() * 250
    assert body_map.accessibleDescription().endswith(FROM_THE_FRONT)
    if area in ("jaw", "temples"):
        # seen from the front, the person's left is on the viewer's right
        left = head.boundsOnElement(f"area-{area}-left")
        right = head.boundsOnElement(f"area-{area}-right")
        assert right.center().x() < 100 < left.center().x()
    body_map.set_area("shoulders", "left")
    assert body_map.drawing() == "body.svg"
    assert body_map.sizeHint().height() == body_map.sizeHint().width() * 2


def test_the_head_is_large_enough_to_see_the_area(body_map: BodyMapWidget) -> None:
    """On the whole figure the jaw is a few pixels; on the head it is a fair part of it."""
    body_map.resize(300, 500)
    body_map.set_area("jaw", "left")
    bounds = body_map.renderer().boundsOnElement("area-jaw-left")
    shown = body_map.map_from_svg(bounds)
    assert shown.width() * shown.height() > 40 * 40
