"""Layouts that reflow: rows that wrap like words, and columns that stack when narrow.

With a small screen or large text, a page keeps every control at its natural size and moves
what no longer fits onto the next line (`FlowLayout`) or under the column beside it
(`Columns`); the page's scroll area (widgets.page_scroller) takes care of the height.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps them onto the next row when the width runs
    out; an item added with `add_stretch()` pushes the rest of its row to the right edge."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._breaks: set[int] = set()
        self._heights: dict[int, int] = {}
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_stretch(self) -> None:
        """What follows goes to the right end of the row it lands on."""
        self._breaks.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._place(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(self._hint(item).width() for item in self._shown()) + self._gap * max(
            0, len(self._shown()) - 1
        )
        height = max((self._hint(item).height() for item in self._shown()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() * 2)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    @staticmethod
    def _expands(item: QLayoutItem) -> bool:
        return bool(item.expandingDirections() & Qt.Orientation.Horizontal)

    @staticmethod
    def _hint(item: QLayoutItem) -> QSize:
        return item.sizeHint().expandedTo(item.minimumSize())

    def _rows(self, width: int) -> list[list[tuple[int, QLayoutItem, int, int]]]:
        """Rows of (index, item, width, height): an item as wide as it likes, up to the row,
        and as tall as it needs at that width (a wrapped label in a flow gets its lines)."""
        rows: list[list[tuple[int, QLayoutItem, int, int]]] = [[]]
        used = 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            hint = self._hint(item)
            wanted = min(hint.width(), width)
            if rows[-1] and used + self._gap + wanted > width:
                rows.append([])
                used = 0
            height = item.heightForWidth(wanted) if item.hasHeightForWidth() else hint.height()
            used += (self._gap if rows[-1] else 0) + wanted
            rows[-1].append((index, item, wanted, max(height, item.minimumSize().height())))
        return rows

    def _place(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.top()
        for row in self._rows(area.width()):
            if not row:
                continue
            height = max(item_height for *_, item_height in row)
            if move:
                used = sum(width for _, _, width, _ in row) + self._gap * (len(row) - 1)
                spare = max(0, area.width() - used)
                wide = [i for i, item, *_ in row if self._expands(item)]
                x = area.left()
                for index, item, width, item_height in row:
                    if wide and index == wide[0]:
                        width += spare  # an expanding item takes the rest of its row
                        spare = 0
                    if index in self._breaks:
                        x += spare
                        spare = 0
                    top = y + (height - item_height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
                    x += width + self._gap
            y += height + self._gap
        return max(0, y - self._gap - area.top()) + margins.top() + margins.bottom()


class Columns(QWidget):
    """Two or more parts side by side, each with its share of the width, or one under the
    other when the widget is narrower than `side_by_side_from` pixels. Signals: none; the
    parts' own minimum heights decide how tall a stack is, and the page scrolls."""

    def __init__(self, side_by_side_from: int, spacing: int = 18) -> None:
        super().__init__()
        self.side_by_side_from = side_by_side_from
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(spacing)
        self._stretches: list[int] = []
        self._stacked_heights: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def add(self, widget: QWidget, stretch: int = 1, stacked_height: int = 0) -> None:
        """Adds a part; `stacked_height` is the least height it gets when stacked (a list or
        a chart that would otherwise shrink to nothing)."""
        self._layout.addWidget(widget, stretch)
        self._stretches.append(stretch)
        self._stacked_heights.append(stacked_height)

    @property
    def stacked(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def arrange(self, width: int) -> None:
        stacked = width < self.side_by_side_from
        if stacked == self.stacked:
            return
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self._layout.setDirection(direction)
        for index, (stretch, height) in enumerate(
            zip(self._stretches, self._stacked_heights, strict=True)
        ):
            item = self._layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            self._layout.setStretch(index, 0 if stacked and not height else stretch)
            widget.setMinimumHeight(height if stacked else 0)


class CurrentStack(QWidget):
    """Pages of which one shows at a time, as tall as the page shown rather than the tallest
    (a QStackedWidget's layout asks every page for its height): a short form in a scroll
    area needs no scroll bar because a long one shares its stack."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []

    def addWidget(self, page: QWidget) -> None:
        self._layout.addWidget(page)  # first, or a page shown without a parent is a window
        page.setHidden(bool(self._pages))
        self._pages.append(page)

    def currentWidget(self) -> QWidget:
        return next((page for page in self._pages if not page.isHidden()), self._pages[0])

    def setCurrentWidget(self, page: QWidget) -> None:
        for other in self._pages:
            if other is not page:
                other.hide()
        page.show()


def centred(content: QWidget, max_width: int) -> QWidget:
    """`content` as wide as the room, up to `max_width`, in the middle: long lines stay
    readable on a wide window, and a narrow one gets all of its width."""
    content.setMaximumWidth(max_width)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    row.addStretch(1)
    row.addWidget(content, 1000)
    row.addStretch(1)
    return holder
