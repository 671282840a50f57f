"""The steps of the routine being made, in order: drag one to move it, or Alt+Up and
Alt+Down."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from unwind.core.routine import format_duration
from unwind.core.routine_draft import StepDraft, default_title
from unwind.ui.editor.step_form import KIND_NAMES

KEY_ROLE = Qt.ItemDataRole.UserRole + 2


def step_line(number: int, step: StepDraft, seconds: float | None, problem: bool) -> str:
    values = step.values
    title = str(values.get("title") or default_title(values) or KIND_NAMES[step.kind.value])
    kind = KIND_NAMES[step.kind.value].lower()
    length = f", {format_duration(seconds)}" if seconds else ""
    mark = "  ⚠" if problem else ""
    return f"{number}. {title} ({kind}{length}){mark}"


class StepList(QListWidget):
    """Signals: moved(from_row, to_row) when a step was dragged to another place."""

    moved = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Steps")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_steps(
        self,
        steps: Sequence[StepDraft],
        lengths: Sequence[float | None],
        problem_step: int | None,
        current: int,
    ) -> None:
        blocked = self.blockSignals(True)
        try:
            while self.count() > len(steps):
                self.takeItem(self.count() - 1)
            for row, step in enumerate(steps):
                item = self.item(row)
                if item is None:
                    item = QListWidgetItem()
                    self.addItem(item)
                seconds = lengths[row] if row < len(lengths) else None
                text = step_line(row + 1, step, seconds, row == problem_step)
                if item.text() != text:
                    item.setText(text)
                item.setData(KEY_ROLE, step.key)
            if 0 <= current < self.count():
                self.setCurrentRow(current)
        finally:
            self.blockSignals(blocked)

    def drop_row(self, y: int) -> int:
        """Where a step dropped at height `y` goes, as its new index."""
        rows = self.count()
        index = self.indexAt(QPoint(8, y))
        if not index.isValid():
            return rows - 1 if y > 0 else 0
        rect = self.visualRect(index)
        before = index.row() + (1 if y > rect.center().y() else 0)
        start = self.currentRow()
        return max(0, min(rows - 1, before - 1 if before > start else before))

    def dropEvent(self, event: QDropEvent) -> None:
        """Tells where the step goes and lets the page lay the list out again; the list
        itself moves nothing, so the drag never removes or copies a row."""
        start = self.currentRow()
        to = self.drop_row(round(event.position().y()))
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if start >= 0 and to != start:
            self.moved.emit(start, to)
