"""The journal: how a person's stress ratings changed, per session and per routine, told honestly.

Each reload asks the store three things: per-routine statistics, the routines used, and the
sessions in the chosen period and routine. The chart is drawn from those same sessions, so it
always agrees with the list, and the list is a table model, so ten thousand sessions cost no
more widgets than ten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.journal.models import CheckIn, RoutineStats, SessionRecord
from unwind.ui.journal.chart import EMPTY_TEXT, StressChart
from unwind.ui.journal.chart_data import local_midnight, series_of, weeks_of
from unwind.ui.journal.edit_dialog import EditSessionDialog
from unwind.ui.journal.insights import InsightCard, InsightsColumn
from unwind.ui.journal.table import SessionTable, SessionTableModel
from unwind.ui.layouts import Columns, FlowLayout
from unwind.ui.theme import Theme
from unwind.ui.widgets import named, page_scroller

PERIODS: tuple[tuple[str, int | None], ...] = (
    ("30 days", 30),
    ("90 days", 90),
    ("365 days", 365),
    ("All", None),
)


class JournalLike(Protocol):
    """The part of JournalStore the history page reads and writes."""

    @property
    def notice(self) -> str | None: ...

    def sessions(
        self,
        routine_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[SessionRecord]: ...

    def routines_used(self) -> list[tuple[str, str]]: ...

    def update_session(
        self,
        uid: str,
        *,
        before: CheckIn | None = ...,
        after: CheckIn | None = ...,
        note: str | None = None,
    ) -> bool: ...

    def delete_session(self, uid: str) -> SessionRecord | None: ...

    def restore_session(self, record: SessionRecord) -> bool: ...

    def routine_stats(self) -> list[RoutineStats]: ...


# --- the page ---------------------------------------------------------------------------------


class HistoryPage(QWidget):
    """The journal view: chart, per-routine insights and the session list.

    Signals: back_requested() on Back or Esc. Showing the page reloads it.
    """

    back_requested = Signal()

    SIDE_BY_SIDE_FROM = 860
    """Below this width the insights go under the chart and the list."""

    def __init__(
        self,
        store: JournalLike,
        theme: Theme,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.store = store
        self.theme = theme
        self.now = now
        self.period_days: int | None = 30
        self.routine_id: str | None = None
        self.stats: list[RoutineStats] = []
        self.edit_dialog: EditSessionDialog | None = None
        self._deleted: SessionRecord | None = None
        self._years = False

        heading = QLabel("Journal")
        heading.setObjectName("heading")
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.summary.setWordWrap(True)
        self.back_button = QPushButton("Back")
        self.back_button.setToolTip("Back to routines (Esc)")
        self.back_button.clicked.connect(self.go_back)
        titles = QWidget()
        title_column = QVBoxLayout(titles)
        title_column.setContentsMargins(0, 0, 12, 0)
        title_column.setSpacing(2)
        title_column.addWidget(heading)
        title_column.addWidget(self.summary)
        titles.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        head = FlowLayout(spacing=8)
        head.addWidget(titles)
        head.add_stretch()
        head.addWidget(self.back_button)

        self.period_buttons = QButtonGroup(self)
        self.period_buttons.setExclusive(True)
        filters = FlowLayout(spacing=6)
        for label, days in PERIODS:
            button = QPushButton(label)
            button.setObjectName("chip")
            button.setCheckable(True)
            button.setChecked(days == self.period_days)
            button.setProperty("days", days)
            named(button, f"Show {label.lower()}" if days else "Show all sessions", tip=False)
            self.period_buttons.addButton(button)
            filters.addWidget(button)
        self.period_buttons.buttonClicked.connect(self._period_clicked)
        filters.add_stretch()
        self.routine_box = QComboBox()
        named(self.routine_box, "Routine", "Show one routine's sessions", tip=False)
        self.routine_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.routine_box.setMinimumContentsLength(18)
        self.routine_box.addItem("All routines", None)
        self.routine_box.currentIndexChanged.connect(self._routine_changed)
        filters.addWidget(self.routine_box)

        self.notice = QLabel()
        self.notice.setObjectName("muted")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.chart = StressChart(theme)
        self.chart_card = QFrame()
        self.chart_card.setObjectName("card")
        card_layout = QVBoxLayout(self.chart_card)
        card_layout.setContentsMargins(4, 4, 4, 4)
        card_layout.addWidget(self.chart)

        # One row for what the list says and does: the count, or "Session deleted" and
        # Undo in its place, so a delete never moves the chart or the table.
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.count_label.setWordWrap(True)
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Bring the session back (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("notice")
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(12, 2, 4, 2)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        # one place for both, as tall as the taller: the row keeps its height either way
        self.list_state = QStackedWidget()
        self.list_state.addWidget(self.count_label)
        self.list_state.addWidget(self.undo_bar)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the ratings or note of the selected session (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected session (Delete); you can undo it")
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.list_state, 1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)

        self.model = SessionTableModel(self)
        self.table = SessionTable()
        self.table.setModel(self.model)
        self.table.fit_columns()
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._sync_buttons())
        for key, slot in (
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
            (QKeySequence(Qt.Key.Key_Backspace), self.delete_selected),
        ):
            shortcut = QShortcut(key, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        line = QFontMetrics(self.font()).height()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.chart_card, 4)
        column.addLayout(actions)
        column.addWidget(self.table, 6)
        self.chart_card.setMinimumHeight(line * 13)
        self.table.setMinimumHeight(self.table.rows_tall(5))

        self.insights = InsightsColumn(theme)
        self.body = Columns(self.SIDE_BY_SIDE_FROM, spacing=22)
        self.body.add(left, 1)
        self.body.add(self.insights, 0, stacked_height=line * 24)
        self._fit_side()

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.notice)
        layout.addWidget(self.body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroller(content))

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self.go_back),
            (QKeySequence(QKeySequence.StandardKey.Undo), self.undo_delete),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._sync_buttons()

    # --- loading --------------------------------------------------------------------------

    def period(self) -> tuple[datetime | None, datetime]:
        now = self.now()
        return (None if self.period_days is None else now - timedelta(days=self.period_days)), now

    def reload(self) -> None:
        """Asks the store again and refreshes everything, keeping the selected session."""
        selected = self.selected()
        since, now = self.period()
        self.stats = self.store.routine_stats()
        self._fill_routines(self.store.routines_used())
        records = self.store.sessions(routine_id=self.routine_id, since=since)
        this_year = now.astimezone().year
        self.model.set_records(records, this_year=this_year)
        # newest first: the last row is the oldest, the only one that may show another year
        years = bool(records) and records[-1].started_at.astimezone().year != this_year
        if years != self._years:
            self._years = years
            self.table.fit_columns(years=years)

        # The chart comes from the same sessions as the table (no second query), so it always
        # agrees with the list and follows the routine filter.
        chart_since = since
        if chart_since is None:
            oldest = records[-1].started_at if records else now - timedelta(days=30)
            chart_since = local_midnight(oldest.astimezone().date())
        series = series_of(records)
        weeks = weeks_of(records, chart_since, now)
        anything = any(s.sessions for s in self.stats)
        self.chart.set_data(
            series,
            weeks,
            chart_since,
            now,
            empty_text=EMPTY_TEXT if not anything else "No sessions in this period.",
        )
        self._show_summary(len(records), sum(days for _, days in weeks))
        self.insights.show_stats(self.stats, self.routine_id)
        notice = self.store.notice
        self.notice.setText(notice or "")
        self.notice.setVisible(bool(notice))
        if selected is not None:
            self.select_uid(selected.uid)
        self._sync_buttons()

    def _fill_routines(self, used: list[tuple[str, str]]) -> None:
        box = self.routine_box
        shown_title = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem("All routines", None)
        for routine_id, title in used:
            box.addItem(title, routine_id)
            box.setItemData(box.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        index = box.findData(self.routine_id) if self.routine_id is not None else 0
        if index < 0:  # its last session was just deleted: keep the choice until changed
            box.addItem(shown_title, self.routine_id)
            index = box.count() - 1
        box.setCurrentIndex(index)
        box.blockSignals(False)

    def _show_summary(self, sessions: int, days: int) -> None:
        days_back = self.period_days
        span = "so far" if days_back is None else f"in the last {days_back} days"
        noun = "session" if sessions == 1 else "sessions"
        day_noun = "day" if days == 1 else "days"
        if sessions == 0:
            self.summary.setText(f"No sessions {span}.")
        else:
            self.summary.setText(f"{sessions:,} {noun} on {days:,} {day_noun} {span}.")
        self.count_label.setText(
            "Newest first. Enter edits, Delete removes." if sessions else "No sessions to show."
        )

    def insight_cards(self) -> list[InsightCard]:
        return self.insights.cards()

    # --- filters --------------------------------------------------------------------------

    def set_period(self, days: int | None) -> None:
        self._next_action()
        self.period_days = days
        for button in self.period_buttons.buttons():
            button.setChecked(button.property("days") == days)
        self.reload()

    def set_routine(self, routine_id: str | None) -> None:
        index = self.routine_box.findData(routine_id) if routine_id is not None else 0
        if index >= 0:
            self.routine_box.setCurrentIndex(index)

    def _period_clicked(self, button: QPushButton) -> None:
        days = button.property("days")
        self.set_period(None if days is None else int(days))

    def _routine_changed(self, index: int) -> None:
        self._next_action()
        data = self.routine_box.itemData(index)
        self.routine_id = None if data is None else str(data)
        self.reload()

    # --- selection, edit, delete ----------------------------------------------------------

    def selected(self) -> SessionRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_uid(self, uid: str) -> bool:
        row = self.model.row_of(uid)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        if self.model.rowCount() == 0:
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _sync_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        rows = self.model.rowCount() > 0
        self.edit_button.setVisible(rows)
        self.delete_button.setVisible(rows)

    def make_edit_dialog(self) -> EditSessionDialog | None:
        """The editor for the selected session, made but not opened."""
        record = self.selected()
        return None if record is None else EditSessionDialog(record, self)

    def edit_selected(self) -> None:
        if self.edit_dialog is not None:
            return
        dialog = self.make_edit_dialog()
        if dialog is None:
            return
        self._next_action()
        self.edit_dialog = dialog
        dialog.accepted.connect(lambda: self._save_edit(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: EditSessionDialog) -> None:
        """Focus goes back to the row that was edited, so Delete and the arrows go on from
        there."""
        if self.edit_dialog is dialog:
            self.edit_dialog = None
        dialog.deleteLater()
        self.select_uid(dialog.record.uid)
        self.window().activateWindow()  # where no window manager gives it back
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_edit(self, dialog: EditSessionDialog) -> None:
        record = dialog.record
        before, after, note = dialog.values()
        if (before, after, note) == (record.before, record.after, record.note):
            return
        saved = self.store.update_session(record.uid, before=before, after=after, note=note)
        self.reload()
        if not saved:
            self._show_bar("The change could not be saved. The journal is unchanged.", undo=False)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        self._next_action()
        row = self.table.currentIndex().row()
        removed = self.store.delete_session(record.uid)
        if removed is None:
            self._show_bar("That session could not be deleted.", undo=False)
            return
        self._deleted = removed
        self.reload()
        self.select_row(row)
        self._show_bar("Session deleted.", undo=True)
        self.table.setFocus()

    def undo_delete(self) -> None:
        record = self._deleted
        if record is None:
            return
        self._deleted = None
        self.list_state.setCurrentWidget(self.count_label)
        if not self.store.restore_session(record):
            self._show_bar("The session could not be brought back.", undo=False)
            return
        self.reload()
        self.select_uid(record.uid)
        self.table.setFocus()

    def _show_bar(self, text: str, *, undo: bool) -> None:
        self.undo_label.setText(text)
        self.undo_button.setVisible(undo)
        self.list_state.setCurrentWidget(self.undo_bar)

    def _next_action(self) -> None:
        """Any new action ends the chance to undo the last delete."""
        self._deleted = None
        self.list_state.setCurrentWidget(self.count_label)

    # --- navigation -----------------------------------------------------------------------

    def go_back(self) -> None:
        self._next_action()
        self.back_requested.emit()

    def focus_table(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)
        self.table.setFocus()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.chart.set_theme(theme)
        self.insights.set_theme(theme)

    def _fit_side(self) -> None:
        """Beside the list, the insights column is about 44 characters wide (so the caveats
        fit in a few lines), but never more than two fifths of the page; under it, as wide
        as the page."""
        if self.body.stacked:
            self.insights.setMinimumWidth(0)
            self.insights.setMaximumWidth(16_777_215)
            return
        wanted = QFontMetrics(self.font()).horizontalAdvance("x" * 44)
        self.insights.setFixedWidth(max(280, min(wanted, int(self.width() * 0.4))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.body.arrange(event.size().width() - 56)
        self._fit_side()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            self.reload()
        super().showEvent(event)
