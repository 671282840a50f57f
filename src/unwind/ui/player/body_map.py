"""The body map: a calm figure seen from the back with the current massage area lit, or the
head seen from the front for the face, jaw, temples and scalp.

The drawings live in ``assets/images/body.svg`` and ``head.svg``. Every massage area has its
own shape, named ``area-<area>`` for central areas and ``area-<area>-left`` /
``area-<area>-right`` for bilateral ones; the base figure is the group ``silhouette``, with a
faint line drawing (``spine`` on the body, ``features`` on the face) to show which way it
faces. The body is seen from the back, so the person's left is on the viewer's left; the head
is seen from the front, so their left is on the viewer's right. A caption beside the map says
so (words.orientation), and so does the accessible description.

The figure carries an outline in the controls' edge colour, so it stands out from the page at
3:1; the lit area is in the accent, which stands out from the figure.

The widget keeps each SVG as an element tree and, whenever the area, the side, the accent or the
palette changes, writes recoloured SVG bytes and loads them into its renderer once. Painting
only draws the renderer: there are no timers and no per-frame work.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from unwind.resources import image
from unwind.ui.player.words import HEAD_AREAS, body_map_description
from unwind.ui.theme import LIGHT, Theme

SVG_NS = "http://www.w3.org/2000/svg"
DEFAULT_ACCENT = QColor("#4f9d94")
WHOLE_BODY = "whole_body"
SILHOUETTE_ID = "silhouette"
AREAS_GROUP_ID = "areas"
SPINE_ID = "spine"
LINE_IDS = (SPINE_ID, "features")
GLOW_ID = "glow"
OUTLINE_ID = "outline"
OUTLINE_WIDTH = "3"
BODY_SVG = "body.svg"
HEAD_SVG = "head.svg"
AREA_PREFIX = "area-"
SIDE_NAMES = ("left", "right")
MIN_FIGURE_CONTRAST = 0.1  # lightness between the figure and the window

_GEOMETRY = frozenset({"d", "x", "y", "width", "height", "rx", "ry", "cx", "cy", "r"})
_STROKE = ("stroke", "stroke-width", "stroke-opacity", "stroke-linejoin")


def load_body_svg(name: str = BODY_SVG) -> bytes:
    """A packaged drawing (the body, or the head), read through importlib.resources."""
    return image(name).read_bytes()


def drawing_for(area: str | None) -> str:
    """The drawing an area is shown on: the head for the small areas of the face."""
    return HEAD_SVG if area in HEAD_AREAS else BODY_SVG


def area_ids(area: str, available: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The SVG ids drawn for `area`, out of the ids `available` in the drawing.

    Bilateral areas give their left shape first, then the right; ``whole_body`` gives every area
    shape; an area the drawing does not know gives nothing.
    """
    if area == WHOLE_BODY:
        return tuple(sorted(i for i in available if i.startswith(AREA_PREFIX)))
    names = (f"{AREA_PREFIX}{area}", *(f"{AREA_PREFIX}{area}-{side}" for side in SIDE_NAMES))
    return tuple(name for name in names if name in available)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """The opaque colour a fraction `t` of the way from `a` to `b`."""
    t = min(1.0, max(0.0, t))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _plain_tree(data: bytes) -> ET.Element:
    """Parse SVG `data`, keeping the SVG namespace as a plain ``xmlns`` attribute.

    ElementTree would otherwise write namespaced tags back with ``ns0:`` prefixes.
    """
    root = ET.fromstring(data)
    prefix = "{" + SVG_NS + "}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(prefix):
            element.tag = element.tag.removeprefix(prefix)
    root.set("xmlns", SVG_NS)
    return root


class _Drawing:
    """One SVG as an element tree, with a group for the outline and one for the glow."""

    def __init__(self, data: bytes) -> None:
        self.root = _plain_tree(data)
        self.elements: dict[str, ET.Element] = {
            element_id: element
            for element in self.root.iter()
            if (element_id := element.get("id")) is not None
        }
        self.area_shapes = frozenset(i for i in self.elements if i.startswith(AREA_PREFIX))
        self.glow = ET.Element("g")
        self.root.append(self.glow)
        self.outline = ET.Element("g", {"id": OUTLINE_ID})
        silhouette = self.elements.get(SILHOUETTE_ID)
        children = list(self.root)
        index = children.index(silhouette) if silhouette in children else 0
        self.root.insert(index, self.outline)
        if silhouette is not None:
            for shape in silhouette:
                geometry = {k: v for k, v in shape.attrib.items() if k in _GEOMETRY}
                ET.SubElement(self.outline, shape.tag, geometry)


class BodyMapWidget(QWidget):
    """Paints the body drawing (or the head) and lights the current massage area and side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawings: dict[str, _Drawing] = {BODY_SVG: _Drawing(load_body_svg())}
        self._name = BODY_SVG
        self._area: str | None = None
        self._side: str | None = None
        self._lit: tuple[str, ...] = ()
        self._accent = QColor(DEFAULT_ACCENT)
        self._theme = LIGHT
        self._renderer = QSvgRenderer(self)
        # it grows into the room it is given and keeps the drawing's shape when painting; a
        # height for its width would make a page as tall as twice the figure's width
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body map")
        self._refresh()

    @property
    def _drawing(self) -> _Drawing:
        return self._drawings[self._name]

    # -- public API ---------------------------------------------------------------------------

    def set_area(self, area: str | None, side: str | None = None) -> None:
        """Light `area` on `side`: "left", "right", "both" or None (both).

        Central areas (neck, scalp, ...) ignore the side; an area the drawing does not know
        lights nothing. The face, jaw, temples and scalp are shown on the head.
        """
        normalized = side if side in SIDE_NAMES else None
        if area == self._area and normalized == self._side:
            return
        self._area = area
        self._side = normalized
        name = drawing_for(area)
        if name not in self._drawings:
            self._drawings[name] = _Drawing(load_body_svg(name))
        if name != self._name:
            self._name = name
            self.updateGeometry()  # the head is shaped otherwise than the body
        self._refresh()

    def set_theme(self, theme: Theme) -> None:
        """The figure's colours come from the theme (a style sheet stops a parent's palette
        from reaching a widget, so the palette alone would miss a change of theme)."""
        self._theme = theme
        self._accent = theme.color("accent")
        self._refresh()

    def set_accent(self, color: QColor) -> None:
        """Use `color` for the lit area."""
        if color == self._accent:
            return
        self._accent = QColor(color)
        self._refresh()

    def accent(self) -> QColor:
        return QColor(self._accent)

    def area(self) -> str | None:
        return self._area

    def side(self) -> str | None:
        """The lit side, "left" or "right", or None for both."""
        return self._side

    def drawing(self) -> str:
        """The file of the drawing shown: body.svg or head.svg."""
        return self._name

    def lit_ids(self) -> tuple[str, ...]:
        """The SVG ids of the area shapes lit now."""
        return self._lit

    def svg_ids(self) -> frozenset[str]:
        """Every id in the drawings: the body's, and the head's."""
        if HEAD_SVG not in self._drawings:
            self._drawings[HEAD_SVG] = _Drawing(load_body_svg(HEAD_SVG))
        return frozenset(i for d in self._drawings.values() for i in d.elements)

    def renderer(self) -> QSvgRenderer:
        return self._renderer

    def figure_rect(self) -> QRectF:
        """Where the drawing's view box lands in the widget: aspect ratio kept, centred."""
        box = self._renderer.viewBoxF()
        if box.isEmpty():
            return QRectF(self.rect())
        scale = min(self.width() / box.width(), self.height() / box.height())
        width, height = box.width() * scale, box.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def map_from_svg(self, rect: QRectF) -> QRectF:
        """`rect` in drawing coordinates, mapped to widget coordinates."""
        box = self._renderer.viewBoxF()
        if box.isEmpty():
            return QRectF(rect)
        target = self.figure_rect()
        scale = target.width() / box.width()
        return QRectF(
            target.x() + (rect.x() - box.x()) * scale,
            target.y() + (rect.y() - box.y()) * scale,
            rect.width() * scale,
            rect.height() * scale,
        )

    # -- sizing -------------------------------------------------------------------------------

    def _aspect(self) -> float:
        """Height over width of the drawing shown."""
        box = self._renderer.viewBoxF()
        return 2.0 if box.isEmpty() else box.height() / box.width()

    def sizeHint(self) -> QSize:
        return QSize(120, round(120 * self._aspect()))

    def minimumSizeHint(self) -> QSize:
        return QSize(90, round(90 * self._aspect()))

    # -- Qt events ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._renderer.isValid():
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer.render(painter, self.figure_rect())
        finally:
            painter.end()

    # -- internals ----------------------------------------------------------------------------

    def _lit_for(self, area: str | None, side: str | None) -> tuple[str, ...]:
        if area is None:
            return ()
        ids = area_ids(area, self._drawing.area_shapes)
        if side is None or area == WHOLE_BODY:
            return ids
        sided = tuple(i for i in ids if i.endswith(f"-{side}"))
        return sided or ids  # central areas have no sides

    def _description(self) -> str:
        if not self._lit or self._area is None:
            return body_map_description(None, None)
        if self._area == WHOLE_BODY:
            return body_map_description(self._area, None)
        paired = any(i.endswith(tuple(f"-{s}" for s in SIDE_NAMES)) for i in self._lit)
        return body_map_description(self._area, self._side if paired else None, paired=paired)

    def _colors(self) -> tuple[QColor, QColor, QColor, QColor]:
        """Silhouette, line, lit-rim and outline colours from the theme and the accent."""
        theme = self._theme
        window, mid, text = theme.color("window"), theme.color("control"), theme.color("text")
        base = mix(window, mid, 0.3)
        body = base
        # Keep the figure visible where Mid sits close to Window: lean towards the text colour.
        step = 0
        while abs(body.lightnessF() - window.lightnessF()) < MIN_FIGURE_CONTRAST and step < 10:
            step += 1
            body = mix(base, text, 0.03 * step)
        dark = window.lightnessF() < 0.5
        rim = mix(self._accent, QColor("white") if dark else QColor("black"), 0.15)
        return body, mix(body, text, 0.25), rim, mid

    def _refresh(self) -> None:
        drawing = self._drawing
        self._lit = self._lit_for(self._area, self._side)
        body, line, rim, outline = self._colors()
        silhouette = drawing.elements.get(SILHOUETTE_ID)
        # The whole body glows as one soft shape; a single area is lit in the full accent.
        whole = self._area == WHOLE_BODY and bool(self._lit) and silhouette is not None
        if silhouette is not None:
            silhouette.set("fill", (mix(body, self._accent, 0.85) if whole else body).name())
        drawing.outline.attrib.update(
            {"fill": outline.name(), "stroke": outline.name(), "stroke-width": OUTLINE_WIDTH}
        )
        for line_id in LINE_IDS:
            guide = drawing.elements.get(line_id)
            if guide is not None:
                # The spine is never lit: over a lit body it becomes an unlit groove.
                guide.set("stroke", (body if whole else line).name())
                if line_id == SPINE_ID:
                    guide.set("stroke-width", "2" if whole else "1.2")
        lit = set(self._lit)
        for element_id in drawing.area_shapes:
            element = drawing.elements[element_id]
            for name in _STROKE:
                element.attrib.pop(name, None)
            if element_id not in lit or whole:
                # Unlit areas melt into the silhouette; with the whole body lit, the silhouette
                # alone carries the light so no seams show between neighbouring areas.
                element.set("fill", "none")
                continue
            element.set("fill", self._accent.name())
            element.set("stroke", rim.name())
            element.set("stroke-width", "1.2")
            element.set("stroke-opacity", "0.5")
            element.set("stroke-linejoin", "round")
        if whole and silhouette is not None:
            self._set_glow(list(silhouette), under=SILHOUETTE_ID)
        else:
            self._set_glow([drawing.elements[i] for i in self._lit], under=AREAS_GROUP_ID)
        self._renderer.load(ET.tostring(drawing.root, encoding="utf-8"))
        self.setAccessibleDescription(self._description())
        self.update()

    def _set_glow(self, shapes: list[ET.Element], under: str) -> None:
        """Refill the soft halo with id-less copies of `shapes`, drawn just below `under`."""
        drawing = self._drawing
        accent = self._accent.name()
        glow = drawing.glow
        glow.clear()
        drawing.root.remove(glow)
        children = list(drawing.root)
        anchor = drawing.elements.get(under)
        index = children.index(anchor) if anchor in children else len(children)
        drawing.root.insert(index, glow)
        glow.attrib.update(
            {
                "id": GLOW_ID,
                "fill": accent,
                "fill-opacity": "0.2",
                "stroke": accent,
                "stroke-opacity": "0.2",
                "stroke-width": "3.5",
                "stroke-linejoin": "round",
            }
        )
        for shape in shapes:
            geometry = {k: v for k, v in shape.attrib.items() if k in _GEOMETRY}
            ET.SubElement(glow, shape.tag, geometry)
