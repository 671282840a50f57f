"""The session list: a table model that makes text only for the cells on screen, and its view."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from unwind.journal.models import Ending, SessionRecord
from unwind.ui.journal.words import (
    ARROW,
    NOT_ANSWERED,
    date_text,
    minutes_text,
    stress_of,
    stress_text,
)
from unwind.ui.theme import Theme


class SessionTableModel(QAbstractTableModel):
    """Sessions, newest first, as five read-only columns; text is made only for shown cells."""

    COLUMNS = ("Date", "Routine", "Minutes", f"Stress before {ARROW} after", "Note")
    RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[SessionRecord] = []

    def set_records(self, records: list[SessionRecord]) -> None:
        self.beginResetModel()
        self._records = records
        self.endResetModel()

    def record(self, row: int) -> SessionRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, uid: str) -> int | None:
        for row, record in enumerate(self._records):
            if record.uid == uid:
                return row
        return None

    @property
    def records(self) -> list[SessionRecord]:
        return self._records

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self._alignment(section)
        return None

    @staticmethod
    def _alignment(column: int) -> int:
        horizontal = (
            Qt.AlignmentFlag.AlignCenter if column in (2, 3) else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return date_text(record.started_at)
            if column == 1:
                return record.routine_title
            if column == 2:
                return minutes_text(record)
            if column == 3:
                return stress_text(record)
            return record.note.replace("\n", "  ")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return record.routine_title
            if column == 2 and record.ending is not Ending.COMPLETED:
                return "Ended early"
            if column == 3:
                before, after = stress_of(record.before), stress_of(record.after)
                return (
                    f"Before: {NOT_ANSWERED if before is None else before}, "
                    f"after: {NOT_ANSWERED if after is None else after}"
                )
            if column == 4 and record.note:
                return record.note
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == self.RECORD_ROLE:
            return record
        return None


class SessionTable(QTableView):
    """The table, styled quietly, with fixed row heights so long journals scroll smoothly."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        t = theme
        self.setObjectName("sessions")
        self.setAccessibleName("Sessions, newest first")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # large text
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        metrics = QFontMetrics(self.font())
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 16)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        header.setMinimumSectionSize(40)
        self.setStyleSheet(
            f"""
QTableView#sessions {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px;
    selection-background-color: {t.accent_soft}; selection-color: {t.text};
    outline: none; padding: 2px 4px;
}}
QTableView#sessions::item {{ padding: 0 10px; border-bottom: 1px solid {t.surface_alt}; }}
QTableView#sessions::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QTableView#sessions:focus {{ border: 2px solid {t.accent}; }}
QTableView#sessions QHeaderView::section {{
    background: {t.surface}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 8px 10px; font-weight: 600;
}}
"""
        )

    def fit_columns(self) -> None:
        """Widths from the font, never from the rows: measuring 10,000 rows would stall."""
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        heads = QFontMetrics(bold)
        header = self.horizontalHeader()
        widths = (
            metrics.horizontalAdvance("Wed 28 Sep 2025, 22:55") + 30,
            metrics.horizontalAdvance("Neck and shoulders, upper ba") + 30,
            max(heads.horizontalAdvance("Minutes"), metrics.horizontalAdvance("12 of 15")) + 30,
            heads.horizontalAdvance(SessionTableModel.COLUMNS[3]) + 30,
        )
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Note") + 30)
