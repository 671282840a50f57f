"""Renders every page of a real window at laptop sizes and says what does not fit.

    [QT_FONT_DPI=192] python tests/ui/layout_check.py [--out DIR]

Run by tests/ui/test_layout.py once per text scale, in a process of its own: a text scale is
the screen's font DPI (QT_FONT_DPI=192 for 2x, as a person with large text sets it), fixed when
Qt starts. For each window size and theme, one window tours every page (support.tour), and a
page fails when a label or button is smaller than its words (clipped or elided), when a
control lies outside the window or a scroll area without a scroll bar to reach it, or when the
window cannot be as small as the screen. Prints one JSON object: {"problems": [...]}; with
--out, saves a PNG of every page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from support.tour import build_window, tour
from unwind.ui.theme import DARK, LIGHT, Theme
from unwind.ui.widgets import BREAK

SCREENS = ((1024, 600), (1280, 720), (1366, 768))
"""The laptop screens, in pixels; at 2x text the window has half as many points each way."""
THEMES: tuple[Theme, ...] = (LIGHT, DARK)


def words_of(text: str) -> list[str]:
    """The pieces a wrapped label may not break: words, and a path's parts (BREAK)."""
    return text.replace(BREAK, " ").split()


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _too_small(widget: QWidget) -> str:
    """How a widget's words do not fit it, or ''."""
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return ""
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + 1:
                return f"needs {need} px of height, has {widget.height()}"
            longest = max(
                (widget.fontMetrics().horizontalAdvance(w) for w in words_of(widget.text())),
                default=0,
            )
            room = widget.contentsRect().width()
            if longest > room + 1 and widget.textFormat() != Qt.TextFormat.RichText:
                return f"a word needs {longest} px, the label has {room}"
            return ""
        need_size = widget.minimumSizeHint()
    elif isinstance(widget, QAbstractButton | QComboBox):
        need_size = widget.minimumSizeHint().expandedTo(
            QSize(widget.sizeHint().width(), 0) if isinstance(widget, QAbstractButton) else QSize()
        )
    else:
        return ""
    if need_size.width() > widget.width() + 1 or need_size.height() > widget.height() + 1:
        return (
            f"needs {need_size.width()}x{need_size.height()}, "
            f"has {widget.width()}x{widget.height()}"
        )
    return ""


def _cut(widget: QWidget, root: QWidget) -> str:
    """Whether part of a widget is out of sight with no scroll bar that brings it in."""
    rect = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
    visible = QRect(rect)
    reachable_v = reachable_h = False
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            reachable_v = reachable_v or area.verticalScrollBar().isVisible()
            reachable_h = reachable_h or area.horizontalScrollBar().isVisible()
        clip = QRect(parent.mapTo(root, parent.rect().topLeft()), parent.size())
        visible = visible.intersected(clip)
        if parent is root:
            break
        parent = parent.parentWidget()
    if visible.isEmpty() and (reachable_v or reachable_h):
        return ""
    cut_v = visible.height() < rect.height() - 1
    cut_h = visible.width() < rect.width() - 1
    if (cut_v and not reachable_v) or (cut_h and not reachable_h):
        return f"shows {visible.width()}x{visible.height()} of {rect.width()}x{rect.height()}"
    return ""


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    name = widget.accessibleName() or widget.objectName()
    kind = type(widget).__name__
    shown = (text or name)[:48].replace("\n", " ")
    return f"{kind} '{shown}'"


def problems_on(page: QWidget, root: QWidget) -> list[str]:
    found = []
    for widget in page.findChildren(QWidget):
        if not _shown(widget, root):
            continue
        small = _too_small(widget)
        if small:
            found.append(f"{_describe(widget)} is clipped: {small}")
        if isinstance(widget, QLabel | QAbstractButton | QComboBox) or widget.focusPolicy():
            cut = _cut(widget, root)
            if cut:
                found.append(f"{_describe(widget)} is cut off: {cut}")
    return found


def check(out: Path | None) -> list[str]:
    screen = QApplication.primaryScreen()
    scale = round(screen.devicePixelRatio()) if screen is not None else 1
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for theme in THEMES:
            for width, height in SCREENS:
                size = QSize(width // scale, height // scale)
                rig = build_window(Path(folder) / f"{theme.name}-{width}", theme)
                window = rig.window
                window.show()
                window.resize(size)
                QApplication.processEvents()
                case = f"{width}x{height} at {scale}x, {theme.name}"
                if window.size() != size:
                    problems.append(f"{case}: the window cannot be smaller than {window.size()}")
                for name, page in tour(rig):
                    root = page if page.isWindow() else window
                    problems.extend(f"{case}, {name}: {p}" for p in problems_on(page, root))
                    if root is page and size.expandedTo(page.size()) != size:
                        problems.append(f"{case}, {name}: {page.size()} is larger than the screen")
                    if out is not None:
                        slug = name.replace(",", "").replace(" ", "-")
                        shot = out / f"{width}x{height}-{scale}x-{theme.name}-{slug}.png"
                        root.grab().save(str(shot))
                rig.close()
                QApplication.processEvents()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="save a PNG of every page here")
    args = parser.parse_args()
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory() as folder:
        # the largest laptop screen: the window's least size is worked out from it
        config = Path(folder) / "screen.json"
        width, height = SCREENS[-1]
        screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
        config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}), "utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        app = QApplication(sys.argv[:1])
    problems = check(args.out)
    print(json.dumps({"problems": problems}))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
