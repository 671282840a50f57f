"""The body map as a picker: a click on an area chooses it (and its side, where it has one).

The picture is the player's own body map. Where a click lands is read from a hit map: the
same drawing with only the area shapes, each filled with a colour that numbers it, rendered
once without antialiasing at twice the drawing's size.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from unwind.ui.player.body_map import AREA_PREFIX, SIDE_NAMES, BodyMapWidget, load_body_svg

HIT_SCALE = 2


def area_of(element_id: str) -> tuple[str, str | None]:
    """`area-upper_back-left` is ("upper_back", "left"); `area-neck` is ("neck", None)."""
    name = element_id.removeprefix(AREA_PREFIX)
    for side in SIDE_NAMES:
        if name.endswith(f"-{side}"):
            return name.removesuffix(f"-{side}"), side
    return name, None


class AreaPicker(BodyMapWidget):
    """Signals: picked(area, side), side None for an area without sides."""

    picked = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click an area to choose it")
        self._ids: list[str] = []
        self._hits: QImage | None = None

    def area_at(self, point: QPointF) -> tuple[str, str | None] | None:
        """The area drawn at a point of the widget, or None off every area."""
        box = self.renderer().viewBoxF()
        figure = self.figure_rect()
        if box.isEmpty() or figure.isEmpty() or not figure.contains(point):
            return None
        hits = self._hit_map()
        x = int((point.x() - figure.x()) / figure.width() * hits.width())
        y = int((point.y() - figure.y()) / figure.height() * hits.height())
        if not (0 <= x < hits.width() and 0 <= y < hits.height()):
            return None
        colour = hits.pixelColor(x, y)
        if colour.alpha() < 255:
            return None
        index = (colour.red() << 8 | colour.green()) - 1
        return area_of(self._ids[index]) if 0 <= index < len(self._ids) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            found = self.area_at(event.position())
            if found is not None:
                self.picked.emit(found[0], found[1])
                return
        super().mousePressEvent(event)

    def _hit_map(self) -> QImage:
        if self._hits is None:
            self._hits = self._render_hits()
        return self._hits

    def _render_hits(self) -> QImage:
        data = load_body_svg()
        bounds = QSvgRenderer(data)
        root = ET.fromstring(data)
        group = next(e for e in root.iter() if e.get("id") == "areas")
        for element in list(root):
            if element.get("id") in ("silhouette", "spine"):
                root.remove(element)
        shapes = [e for e in group if e.get("id", "").startswith(AREA_PREFIX)]
        # smaller shapes on top: a temple inside the face is still the temple
        shapes.sort(key=lambda e: -_extent(bounds.boundsOnElement(e.get("id", ""))))
        for element in shapes:
            group.remove(element)
        self._ids = []
        for element in shapes:
            self._ids.append(element.get("id", ""))
            number = len(self._ids)
            element.set("fill", QColor(number >> 8, number & 0xFF, 0).name())
            element.set("stroke", "none")
            group.append(element)
        renderer = QSvgRenderer(ET.tostring(root))
        box = renderer.viewBoxF()
        image = QImage(
            int(box.width() * HIT_SCALE), int(box.height() * HIT_SCALE), QImage.Format.Format_ARGB32
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        return image


def _extent(rect: QRectF) -> float:
    return rect.width() * rect.height()
