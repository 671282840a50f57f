"""The session list: a table model that makes text only for the cells on screen, and its view."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
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


class SessionTableModel(QAbstractTableModel):
    """Sessions, newest first, as five read-only columns; text is made only for shown cells."""

    COLUMNS = ("Date", "Routine", "Minutes", "Stress", "Note")
    TIPS = (
        "When the session began",
        "The routine",
        "Minutes practised: pauses and skipped parts left out",
        f"Stress before {ARROW} after, 0 to 10",
        "Your note",
    )
    RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[SessionRecord] = []
        self._this_year: int | None = None

    def set_records(self, records: list[SessionRecord], this_year: int | None = None) -> None:
        """`this_year`'s dates leave the year out, to give the note more room."""
        self.beginResetModel()
        self._records = records
        self._this_year = this_year
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
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return self.TIPS[section]
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
                return date_text(record.started_at, this_year=self._this_year)
            if column == 1:
                return record.routine_title
            if column == 2:
                return minutes_text(record)
            if column == 3:
                return stress_text(record)
            return record.note.replace("\n", "  ")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = self.data(index, Qt.ItemDataRole.DisplayRole)
            return shown or ("no ratings" if column == 3 else "no note" if column == 4 else "")
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

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sessions")
        self.setAccessibleName("Sessions, newest first")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # see _fit_to
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

    def rows_tall(self, rows: int) -> int:
        """The height that shows the header and `rows` rows."""
        header = self.horizontalHeader().sizeHint().height()
        return header + rows * self.verticalHeader().defaultSectionSize() + 8

    def fit_columns(self, *, years: bool = False) -> None:
        """Widths from the font, never from the rows: measuring 10,000 rows would stall. The
        date is measured with a year when some row shows one (`years`). The note takes what
        is left; on a narrow table the minutes give way so that a line of the note shows, then
        the note too (it is in each row's tooltip and in the editor)."""
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        heads = QFontMetrics(bold)
        header = self.horizontalHeader()
        self._widths = (
            metrics.horizontalAdvance("Wed 28 Sep 2025, 22:55" if years else "Wed 28 Sep, 22:55")
            + 30,
            metrics.horizontalAdvance("Neck and shoulders") + 30,
            max(heads.horizontalAdvance("Minutes"), metrics.horizontalAdvance("12 of 15")) + 30,
            max(heads.horizontalAdvance("Stress"), metrics.horizontalAdvance("10  →  10")) + 30,
        )
        for column, width in enumerate(self._widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._note_least = metrics.horizontalAdvance("x" * 16) + 30
        header.setMinimumSectionSize(metrics.horizontalAdvance("Note") + 30)
        self._fit_to(self.viewport().width())

    def _fit_to(self, width: int) -> None:
        date, routine, minutes, stress = self._widths
        needed = date + routine + stress
        show_note = width >= needed + self._note_least  # the minutes give way first
        show_minutes = width >= needed + minutes + (self._note_least if show_note else 0)
        self.setColumnHidden(2, not show_minutes)
        self.setColumnHidden(4, not show_note)
        header = self.horizontalHeader()
        fixed = date + stress + (minutes if show_minutes else 0)
        # the routine's name gets what the note does not need, down to a third of the table
        spare = width - fixed - (self._note_least if show_note else 0)
        header.resizeSection(1, max(min(routine, spare), width // 3))
        if not show_note:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(3, stress)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_widths"):
            self._fit_to(self.viewport().width())
