"""Render the app icon SVG to the hicolor PNG sizes, and the combo-box chevrons to PNG.

Run from the repository root:  QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_icons.py

The app uses only the PNGs at run time: drawing an SVG would load Qt's SVG modules and icon
engine (about 1.5 MB and a few milliseconds at start-up) for two small pictures. The SVGs stay
as the sources. The output is deterministic: same SVG, same Qt, same bytes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ASSETS = Path(__file__).resolve().parent.parent / "assets"
ICONS = ASSETS / "icons"
CHEVRONS = ("chevron-dark", "chevron-light")
CHEVRON_SIZE = 12
"""The style sheet's down-arrow size; `@2x` files serve screens scaled 150 % and more."""


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon drawn into a transparent `size` x `size` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
    finally:
        painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def write(renderer: QSvgRenderer, size: int, path: Path) -> bool:
    if not render(renderer, size).save(str(path)):
        print(f"cannot write {path}", file=sys.stderr)
        return False
    print(path)
    return True


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ICONS / "unwind.svg"
    target = Path(argv[2]) if len(argv) > 2 else ICONS / "hicolor"
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        print(f"cannot read {source}", file=sys.stderr)
        return 1
    for size in SIZES:
        folder = target / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not write(renderer, size, folder / "unwind.png"):
            return 1
    if len(argv) <= 1:  # the default run also renders the chevrons
        for name in CHEVRONS:
            chevron = QSvgRenderer(str(ASSETS / "images" / f"{name}.svg"))
            for scale, suffix in ((1, ""), (2, "@2x")):
                path = ASSETS / "images" / f"{name}{suffix}.png"
                if not write(chevron, CHEVRON_SIZE * scale, path):
                    return 1
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
