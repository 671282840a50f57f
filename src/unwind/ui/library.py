"""The library: routines by goal and length, a detail panel, and the way into a session."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from unwind.core.library import RoutineLibrary
from unwind.core.routine import GOALS, BrokenRoutine, Routine, format_duration
from unwind.ui.editor.undo_bar import UndoBar
from unwind.ui.layouts import Columns, FlowLayout
from unwind.ui.routine_detail import CATEGORY_NAMES, Entry, RoutineDetail
from unwind.ui.theme import Theme
from unwind.ui.widgets import (
    FirstPaint,
    KeyGuard,
    named,
    page_scroller,
    paint_focus_ring,
)

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTED_ID = "calm-5-5"

LENGTHS: tuple[tuple[str, float, float], ...] = (
    ("Any length", 0, float("inf")),
    ("Up to 5 min", 0, 5 * 60 + 1),
    ("5 to 10 min", 5 * 60, 10 * 60 + 1),
    ("Over 10 min", 10 * 60, float("inf")),
)


class RoutineDelegate(QStyledItemDelegate):
    """Paints a routine as a calm card: title and length, its kind, and its summary in up to
    two lines (all of it is in the detail beside the list, and in the card's accessible text).
    """

    SUMMARY_LINES = 2

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(320, line * (2 + self.SUMMARY_LINES) + 34)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry = index.data(ENTRY_ROLE)
        t = self.theme
        rect = option.rect.adjusted(2, 4, -8, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(t.color("accent") if selected else t.color("border"))
        painter.setBrush(t.color("accent_soft") if selected else t.color("surface"))
        painter.drawRoundedRect(rect, 10, 10)
        if selected and focused:
            paint_focus_ring(painter, QRectF(rect), t.color("focus"), 10)

        base: QFont = option.font
        metrics = QFontMetrics(base)
        line = metrics.height()
        inner = rect.adjusted(14, 8, -14, -8)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetrics(bold)

        if isinstance(entry, BrokenRoutine):
            title = f"{entry.path.name}: cannot be used"
            right = "broken"
            kind = ""
            summary = entry.error.reason
            right_colour = t.color("warning")
        else:
            title = entry.title
            right = format_duration(entry.duration)
            kind = CATEGORY_NAMES[entry.category] + ("" if entry.builtin else " · your routine")
            summary = entry.summary
            right_colour = t.color("muted")

        right_width = bold_metrics.horizontalAdvance(right) + 6
        title_rect = QRect(inner.left(), inner.top(), inner.width() - right_width - 8, line)
        painter.setFont(bold)
        painter.setPen(t.color("text"))
        painter.drawText(
            title_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bold_metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        painter.setPen(right_colour)
        painter.drawText(
            QRect(inner.right() - right_width, inner.top(), right_width, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            right,
        )
        painter.setFont(base)
        y = inner.top() + line + 2
        lines = self.SUMMARY_LINES
        if kind:
            painter.setPen(t.color("accent_ink"))
            painter.drawText(
                QRect(inner.left(), y, inner.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                kind,
            )
            y += line + 2
        else:
            lines += 1
        painter.setPen(t.color("muted") if kind else t.color("warning"))
        for text in wrapped(summary, metrics, inner.width(), lines):
            painter.drawText(
                QRect(inner.left(), y, inner.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            y += line
        painter.restore()


def wrapped(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """`text` broken into at most `lines` lines that fit `width`, the last elided if need be."""
    words = text.split()
    out: list[str] = []
    current = ""
    for position, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            rest = " ".join(words[position:])
            out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return out
    if current:
        out.append(metrics.elidedText(current, Qt.TextElideMode.ElideRight, width))
    return out


class RoutineList(QListWidget):
    """The list of cards; Enter and Space start the selected routine."""

    activated_entry = Signal(object)

    def __init__(self, guard: KeyGuard) -> None:
        super().__init__()
        self.guard = guard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            item = self.currentItem()
            if item is not None:
                if not event.isAutoRepeat():
                    self.guard.used(event.key())
                    self.activated_entry.emit(item.data(ENTRY_ROLE))
                return
        super().keyPressEvent(event)


class LibraryPage(QWidget):
    """Signals: start_requested(Routine), safety_requested(Routine | None),
    journal_requested(), settings_requested(); for the person's own routines:
    new_requested(), change_requested(Routine) (a copy, for a built-in),
    delete_requested(Routine), import_requested(), export_requested().
    """

    start_requested = Signal(object)
    safety_requested = Signal(object)
    journal_requested = Signal()
    settings_requested = Signal()
    new_requested = Signal()
    change_requested = Signal(object)
    delete_requested = Signal(object)
    import_requested = Signal()
    export_requested = Signal()

    SIDE_BY_SIDE_FROM = 700
    """Below this width the detail goes under the list."""

    def __init__(
        self,
        library: RoutineLibrary,
        theme: Theme,
        custom_dir: str,
        guard: KeyGuard | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.custom_dir = custom_dir
        self._goal = ""
        self._length = 0
        self.first_paint = FirstPaint()

        heading = QLabel("Unwind")
        heading.setObjectName("heading")
        sub = QLabel("Choose a routine. Everything you do here stays on this computer.")
        sub.setObjectName("subheading")
        sub.setWordWrap(True)
        safety = QPushButton("Massage safety")
        safety.setToolTip("When to skip self-massage, and how to stay comfortable")
        safety.clicked.connect(lambda: self.safety_requested.emit(None))
        self.journal_button = QPushButton("Journal")
        self.journal_button.setToolTip("Your check-ins and how each routine works for you (J)")
        self.journal_button.clicked.connect(self.journal_requested.emit)
        settings = QPushButton("Settings")
        settings.setToolTip("Sound, check-ins, colours and motion")
        settings.clicked.connect(self.settings_requested.emit)
        titles = QWidget()
        title_column = QVBoxLayout(titles)
        title_column.setContentsMargins(0, 0, 12, 0)
        title_column.addWidget(heading)
        title_column.addWidget(sub)
        titles.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        head = FlowLayout(spacing=8)
        head.addWidget(titles)
        head.add_stretch()
        for button in (self.journal_button, safety, settings):
            head.addWidget(button)

        self.goal_buttons = QButtonGroup(self)
        self.goal_buttons.setExclusive(True)
        chips = FlowLayout(spacing=6)
        for key, label in (("", "All"), *GOALS.items()):
            button = QPushButton(label)
            button.setObjectName("chip")
            button.setCheckable(True)
            button.setChecked(key == "")
            button.setProperty("goal", key)
            named(button, f"{label} routines" if key else "All routines")
            self.goal_buttons.addButton(button)
            chips.addWidget(button)
        self.goal_buttons.buttonClicked.connect(self._goal_clicked)
        chips.add_stretch()
        self.length_box = QComboBox()
        named(self.length_box, "Length", "Show routines of this length", tip=False)
        for label, _, _ in LENGTHS:
            self.length_box.addItem(label)
        self.length_box.currentIndexChanged.connect(self._length_changed)
        chips.addWidget(self.length_box)

        self.list = RoutineList(guard or KeyGuard())
        self.delegate = RoutineDelegate(theme, self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        named(self.list, "Routines", "Enter or Space starts the selected routine", tip=False)
        self.list.currentItemChanged.connect(self._show_detail)
        self.list.itemDoubleClicked.connect(lambda item: self._start_entry(item.data(ENTRY_ROLE)))
        self.list.activated_entry.connect(self._start_entry)

        self.detail = RoutineDetail(theme)
        self.detail.start_button.clicked.connect(lambda: self._start_entry(self.selected()))
        self.detail.safety_button.clicked.connect(
            lambda: self.safety_requested.emit(self.selected())
        )
        self.detail.change_button.clicked.connect(self.change_selected)
        self.detail.delete_button.clicked.connect(self.delete_selected)
        self.detail.clear_button.clicked.connect(self.clear_filters)

        self.new_button = QPushButton("New routine")
        self.new_button.setToolTip("Make a routine of your own (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested.emit)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Add the routines of a .unwind file (Ctrl+I)")
        self.import_button.clicked.connect(self.import_requested.emit)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save routines as one .unwind file to share (Ctrl+Shift+E)")
        self.export_button.clicked.connect(self.export_requested.emit)
        own = FlowLayout(spacing=8)
        for button in (self.new_button, self.import_button, self.export_button):
            own.addWidget(button)
        own.add_stretch()
        self.undo_bar = UndoBar()
        routines = QWidget()
        column = QVBoxLayout(routines)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.undo_bar)
        column.addWidget(self.list, 1)
        column.addLayout(own)

        card = QFontMetrics(self.font()).height() * 4 + 34
        self.body = Columns(self.SIDE_BY_SIDE_FROM)
        self.body.add(routines, 5, stacked_height=card * 3)
        self.body.add(self.detail, 4, stacked_height=card * 3)

        content = QWidget()
        self.column = layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)
        layout.addLayout(head)
        layout.addLayout(chips)
        layout.addWidget(self.body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroller(content))
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow (a small screen, large text), the margins shrink: the routines start
        higher, and more of them are in sight before the page scrolls."""
        narrow = event.size().width() < self.SIDE_BY_SIDE_FROM
        self.column.setContentsMargins(*((14, 10, 14, 10) if narrow else (28, 22, 28, 22)))
        self.column.setSpacing(8 if narrow else 14)
        super().resizeEvent(event)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.detail.set_theme(theme)
        self._show_detail(self.list.currentItem())
        self.list.viewport().update()

    # --- filtering ------------------------------------------------------------------------

    def _goal_clicked(self, button: QPushButton) -> None:
        self._goal = str(button.property("goal"))
        self.refresh()

    def _length_changed(self, index: int) -> None:
        self._length = index
        self.refresh()

    def clear_filters(self) -> None:
        """Every routine again: all goals, any length; the list takes focus."""
        self._goal, self._length = "", 0
        for button in self.goal_buttons.buttons():
            button.setChecked(button.property("goal") == "")
        self.length_box.blockSignals(True)
        self.length_box.setCurrentIndex(0)
        self.length_box.blockSignals(False)
        self.refresh()
        self.list.setFocus()

    def visible_entries(self) -> list[Entry]:
        _, low, high = LENGTHS[self._length]
        routines = [
            r
            for r in self.library.routines
            if (not self._goal or self._goal in r.goals) and low <= r.duration < high
        ]
        routines.sort(key=lambda r: (r.duration, r.title.lower()))
        broken: list[Entry] = (
            list(self.library.broken) if not self._goal and not self._length else []
        )
        return [*routines, *broken]

    def set_library(self, library: RoutineLibrary, select_id: str | None = None) -> None:
        """Shows the routines as they are now, keeping the selection where it can."""
        previous = self.selected()
        if select_id is None and isinstance(previous, Routine):
            select_id = previous.id
        self.library = library
        self.refresh()
        if select_id is not None:
            self.select_routine(select_id)
        elif isinstance(previous, BrokenRoutine):
            for row in range(self.list.count()):
                entry = self.list.item(row).data(ENTRY_ROLE)
                if isinstance(entry, BrokenRoutine) and entry.path == previous.path:
                    self.list.setCurrentRow(row)

    def change_selected(self) -> None:
        entry = self.selected()
        if isinstance(entry, Routine):
            self.change_requested.emit(entry)

    def delete_selected(self) -> None:
        entry = self.selected()
        if isinstance(entry, Routine) and not entry.builtin:
            self.delete_requested.emit(entry)

    def refresh(self) -> None:
        previous = self.selected()
        self.list.clear()
        entries = self.visible_entries()
        for entry in entries:
            item = QListWidgetItem()
            item.setData(ENTRY_ROLE, entry)
            name = entry.title if isinstance(entry, Routine) else entry.path.name
            item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
            self.list.addItem(item)
        target = previous if previous in entries else self.library.get(SUGGESTED_ID)
        row = entries.index(target) if target in entries else 0
        if entries:
            self.list.setCurrentRow(row)
        else:
            self.detail.show_entry(None, self.custom_dir, filtered=self.filtered)

    @property
    def filtered(self) -> bool:
        return bool(self._goal or self._length)

    def selected(self) -> Entry | None:
        item = self.list.currentItem()
        return None if item is None else cast(Entry, item.data(ENTRY_ROLE))

    def select_routine(self, routine_id: str) -> bool:
        for row in range(self.list.count()):
            entry = self.list.item(row).data(ENTRY_ROLE)
            if isinstance(entry, Routine) and entry.id == routine_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _show_detail(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self.detail.show_entry(
            None if current is None else current.data(ENTRY_ROLE), self.custom_dir
        )

    def _start_entry(self, entry: Entry | None) -> None:
        if isinstance(entry, Routine):
            self.start_requested.emit(entry)

    def focus_list(self) -> None:
        self.list.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.first_paint.painted()
