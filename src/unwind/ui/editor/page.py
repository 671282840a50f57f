"""The editor page: a routine's fields, its steps and each step's form, checked as you type.

Every change goes into the `RoutineDraft`, which is checked at once by the routine reader:
its words are shown, the field at fault is marked, and Save waits until there is nothing to
fix. "Try this step" asks for a trial of the step alone; the window plays it and comes back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from unwind.core.routine import Routine, StepKind, format_duration
from unwind.core.routine_draft import Checked, Problem, RoutineDraft, StepDraft
from unwind.core.routine_folder import FolderError, RoutineFolder
from unwind.ui.editor.fields import mark
from unwind.ui.editor.routine_form import RoutineForm
from unwind.ui.editor.step_form import KIND_NAMES, StepForm
from unwind.ui.editor.step_list import StepList
from unwind.ui.layouts import CurrentStack, FlowLayout
from unwind.ui.theme import Theme
from unwind.ui.widgets import (
    KeyGuard,
    PrimaryButton,
    breakable_path,
    named,
    page_scroller,
    press_for_enter,
    scroll_area,
)

SIDE_BY_SIDE_FROM = 110
"""The steps and the form sit side by side from this width, in average characters."""
ROUTINE = -1
"""The current item when the routine's own fields are shown rather than a step."""
ADD_KEYS = {
    StepKind.BREATHE: "Ctrl+1",
    StepKind.MASSAGE: "Ctrl+2",
    StepKind.REST: "Ctrl+3",
    StepKind.PREPARE: "Ctrl+4",
}

Leaving = Callable[[QWidget, bool], str]
"""Asks what to do with unsaved changes: "save" (offered when it can be saved), "discard"
or "stay"."""


class EditorPage(QWidget):
    """Signals: saved(Routine), closed(), try_requested(Routine) with a one-step routine."""

    saved = Signal(object)
    closed = Signal()
    try_requested = Signal(object)

    def __init__(
        self,
        folder: RoutineFolder,
        theme: Theme,
        monotonic: Callable[[], float],
        ask_on_leaving: Leaving,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.ask_on_leaving = ask_on_leaving
        self.draft = RoutineDraft.new()
        self.checked: Checked = self.draft.check()
        self.current = ROUTINE
        self.dirty = False
        self.trying = False
        """A step is being tried: the window comes back here when it ends."""
        self._marked: QWidget | None = None
        self.guard = KeyGuard()

        self.back_button = QPushButton("◀  Library")
        self.back_button.setToolTip("Back to the library (Esc)")
        self.back_button.clicked.connect(self.leave)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.file_label = QLabel()
        self.file_label.setObjectName("muted")
        self.file_label.setWordWrap(True)  # a long path breaks after a slash
        self.try_button = QPushButton("Try this step")
        self.try_button.setToolTip("Play just this step, then come back here (Ctrl+T)")
        self.try_button.clicked.connect(self.try_step)
        self.save_button = PrimaryButton("Save")
        self.save_button.clicked.connect(self.save)
        titles_box = QWidget()
        titles_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        titles = QVBoxLayout(titles_box)
        titles.setContentsMargins(8, 0, 8, 0)
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.file_label)
        # one row on a wide window; the titles, then the buttons, when it is narrow
        header = FlowLayout(spacing=8)
        header.addWidget(self.back_button)
        header.addWidget(titles_box)
        actions = QWidget()  # Try and Save keep together when the row wraps
        pair = QHBoxLayout(actions)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setSpacing(8)
        pair.addWidget(self.try_button)
        pair.addWidget(self.save_button)
        header.addWidget(actions)

        self.problem_bar = QFrame()
        self.problem_bar.setObjectName("warning")
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName("Problem to fix before saving")
        self.show_problem_button = QPushButton("Show me")
        self.show_problem_button.setToolTip("Go to the field to fix (F8)")
        self.show_problem_button.clicked.connect(self.go_to_problem)
        bar = QHBoxLayout(self.problem_bar)
        bar.setContentsMargins(12, 6, 8, 6)
        bar.addWidget(self.problem_label, 1)
        bar.addWidget(self.show_problem_button)

        # the outline: the routine's own fields, then its steps
        self.details_button = QPushButton("About this routine")
        self.details_button.setCheckable(True)
        self.details_button.setToolTip("Title, summary, goals, safety notes and sources")
        self.details_button.clicked.connect(lambda: self.show_item(ROUTINE))
        self.steps = StepList()
        self.steps.setObjectName("steps")
        self.steps.currentRowChanged.connect(self._row_changed)
        self.steps.moved.connect(self._dragged)
        self.add_button = QPushButton("Add step")
        self.add_button.setToolTip("Add a step after this one (Ctrl+1 to Ctrl+4)")
        menu = QMenu(self.add_button)
        for kind, keys in ADD_KEYS.items():
            # the keys themselves are the page's shortcuts, which work with the menu closed
            action = menu.addAction(f"{KIND_NAMES[kind.value]}\t{keys}")
            action.triggered.connect(lambda _checked=False, kind=kind: self.add_step(kind))
        self.add_button.setMenu(menu)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Duplicate this step (Ctrl+D)")
        self.duplicate_button.clicked.connect(self.duplicate_step)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove this step (Ctrl+Delete)")
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button = QPushButton("▲")
        self.up_button.setAccessibleName("Move up")
        self.up_button.setToolTip("Move this step earlier (Alt+Up)")
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button = QPushButton("▼")
        self.down_button.setAccessibleName("Move down")
        self.down_button.setToolTip("Move this step later (Alt+Down)")
        self.down_button.clicked.connect(lambda: self.move_step(1))
        buttons = FlowLayout(spacing=6)
        for button in (
            self.add_button,
            self.duplicate_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        self.total_label = QLabel()
        self.total_label.setObjectName("muted")
        outline = QVBoxLayout()
        outline.setSpacing(8)
        # on a small window or with large text, one line stands for the button and the list
        self.outline_choice = QComboBox()
        self.outline_choice.setAccessibleName("Part of the routine to change")
        self.outline_choice.activated.connect(lambda row: self.show_item(row - 1))
        self.outline_choice.hide()
        outline.addWidget(self.outline_choice)
        outline.addWidget(self.details_button)
        outline.addWidget(self.steps, 1)
        outline.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignRight)
        outline.addLayout(buttons)

        self.routine_form = RoutineForm()
        self.routine_form.changed.connect(self._routine_changed)
        self.step_form = StepForm(monotonic, theme)
        self.step_form.changed.connect(self._step_changed)
        self.step_form.kind_changed.connect(self._kind_changed)
        self.forms = CurrentStack()
        self.forms.addWidget(self.routine_form)
        self.forms.addWidget(self.step_form)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 12, 0)
        inner_layout.addWidget(self.forms)
        inner_layout.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(18, 14, 8, 14)
        self.form_area = form_area = scroll_area(inner)
        named(form_area, "Fields", "The fields of the part chosen", tip=False)
        form_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        # with very large text the fields may be wider than the card: nothing is cut off
        form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        card_layout.addWidget(form_area)
        inner.setAutoFillBackground(False)

        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(18)
        self.outline_box = QWidget()
        self.outline_box.setLayout(outline)
        outline.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.outline_box, 1)
        body.addWidget(card, 2)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.problem_bar)
        layout.addLayout(body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = page_scroller(content)
        outer.addWidget(self.scroller)

        self.setTabOrder(self.back_button, self.details_button)
        self.setTabOrder(self.details_button, self.steps)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+T", self.try_step),
            ("Esc", self.leave),
            ("Ctrl+D", self.duplicate_step),
            ("Ctrl+Del", self.remove_step),
            ("Alt+Up", lambda: self.move_step(-1)),
            ("Alt+Down", lambda: self.move_step(1)),
            ("F8", self.go_to_problem),
            *((keys, lambda kind=kind: self.add_step(kind)) for kind, keys in ADD_KEYS.items()),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        remove_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.steps)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_step)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the button with focus; in a field it does nothing (Ctrl+S saves)."""
        if not press_for_enter(self, event, None, self.guard):
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side on a wide window; with large text or a small window, the steps
        above the form, so the form keeps the whole width."""
        char = self.fontMetrics().averageCharWidth()
        wide = event.size().width() >= char * SIDE_BY_SIDE_FROM
        if wide:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self._compact(False)
            self.body.setStretch(0, 1)
            self.body.setStretch(1, 2)
        else:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self._compact(True)
            self.body.setStretch(0, 0)
            self.body.setStretch(1, 1)
        super().resizeEvent(event)

    def set_theme(self, theme: Theme) -> None:
        self.step_form.set_theme(theme)

    def set_reduce_motion(self, reduced: bool) -> None:
        self.step_form.set_reduce_motion(reduced)

    def focus(self, widget: QWidget) -> None:
        """Focus on a field, scrolled into sight once the page has its new layout (Tab
        scrolls by itself; focus given by the page does not)."""
        widget.setFocus()
        QTimer.singleShot(0, lambda: self.scroller.ensureWidgetVisible(widget, 20, 20))

    def _fit_form(self) -> None:
        """Stacked, the form is as tall as its fields and the page scrolls as one; side by
        side, the form's card scrolls within the page."""
        compact = self.outline_choice.isVisibleTo(self)
        area, form = self.form_area, self.forms.currentWidget()
        need = 0
        if compact:
            width = area.viewport().width() - 12  # the form's right margin, by its scroll bar
            need = form.heightForWidth(width) if form.hasHeightForWidth() else -1
            need = max(need, form.sizeHint().height()) + 2 * area.frameWidth()
        bars = Qt.ScrollBarPolicy
        policy = bars.ScrollBarAlwaysOff if compact else bars.ScrollBarAsNeeded
        area.setVerticalScrollBarPolicy(policy)
        area.setMinimumHeight(need)

    def _compact(self, compact: bool) -> None:
        if self.outline_choice.isVisibleTo(self) == compact:
            return
        focus = self.focusWidget()
        self.outline_choice.setVisible(compact)
        for widget in (self.details_button, self.steps, self.total_label):
            widget.setVisible(not compact)
        if compact and focus in (self.details_button, self.steps):
            self.outline_choice.setFocus()
        elif not compact and focus is self.outline_choice:
            self.steps.setFocus()
        self._fit_form()

    # --- what is edited ------------------------------------------------------------------

    def open_draft(self, draft: RoutineDraft, heading: str) -> None:
        self.draft = draft
        self.dirty = False
        self.heading.setText(heading)
        self.routine_form.show_values(draft.values)
        self.refresh()
        self.show_item(ROUTINE if draft.path is None and not draft.fixed_id else 0)
        self.routine_form.title.setFocus()
        if self.current != ROUTINE:
            self.steps.setFocus()

    def refresh(self) -> None:
        """Checks the draft and shows what the check says."""
        self.checked = checked = self.draft.check()
        problem = checked.problem
        where = self.folder.folder / f"{self.draft.id}.toml"
        path = self.draft.path or where
        saved = f"Saved as {path}" if self.draft.path else f"Will be saved as {path}"
        self.file_label.setText(breakable_path(saved))
        self.file_label.setAccessibleName(saved)
        self.file_label.setToolTip(saved)
        lengths: list[float | None] = [None] * len(self.draft.steps)
        if checked.routine is not None:
            lengths = [step.duration for step in checked.routine.steps]
            self.total_label.setText(f"In all: {format_duration(checked.routine.duration)}")
        else:
            self.total_label.setText("")
        problem_step = problem.field.step if problem and problem.field else None
        self.steps.show_steps(self.draft.steps, lengths, problem_step, self.current)
        self._show_outline_choice()
        self._show_problem(problem)
        has_step = 0 <= self.current < len(self.draft.steps)
        for button in (self.duplicate_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(has_step)
        self.up_button.setEnabled(has_step and self.current > 0)
        self.down_button.setEnabled(has_step and self.current < len(self.draft.steps) - 1)
        self.try_button.setEnabled(has_step and self.trial_routine() is not None)

    def _show_outline_choice(self) -> None:
        texts = ["About this routine"]
        texts += [self.steps.item(row).text() for row in range(self.steps.count())]
        choice = self.outline_choice
        blocked = choice.blockSignals(True)
        try:
            if [choice.itemText(i) for i in range(choice.count())] != texts:
                choice.clear()
                choice.addItems(texts)
            choice.setCurrentIndex(self.current + 1)
        finally:
            choice.blockSignals(blocked)

    def _show_problem(self, problem: Problem | None) -> None:
        self.save_button.setEnabled(problem is None)
        if problem is None:
            self.problem_bar.hide()
            self.save_button.setToolTip("Save this routine to your routines folder (Ctrl+S)")
            self.save_button.setAccessibleDescription("")
            self._mark(None)
            return
        sentence = problem.sentence()
        self.problem_label.setText(f"To fix before saving. {sentence}")
        self.problem_bar.show()
        self.save_button.setToolTip(f"Fix this first: {sentence}")
        self.save_button.setAccessibleDescription(f"Fix this first: {sentence}")
        self._mark(self._widget_for(problem))

    def _widget_for(self, problem: Problem) -> QWidget | None:
        at = problem.field
        if at is None:
            return None
        if at.step is None:
            if at.key == "steps":
                return self.steps
            return self.routine_form.widget_for(at.key) if self.current == ROUTINE else None
        if at.step != self.current:
            return None
        return self.step_form.widget_for(at.key)

    def _mark(self, widget: QWidget | None) -> None:
        if self._marked is not None and self._marked is not widget:
            mark(self._marked, False)
        if widget is not None:
            mark(widget, True)
        self._marked = widget

    def go_to_problem(self) -> None:
        problem = self.checked.problem
        if problem is None or problem.field is None:
            return
        at = problem.field
        if at.step is not None:
            self.show_item(at.step)
        elif at.key != "steps":
            self.show_item(ROUTINE)
        widget = self._widget_for(problem)
        if widget is not None:
            self.focus(widget)

    # --- moving around ---------------------------------------------------------------------

    def show_item(self, index: int) -> None:
        self.current = index if 0 <= index < len(self.draft.steps) else ROUTINE
        self.details_button.setChecked(self.current == ROUTINE)
        if self.current == ROUTINE:
            self.forms.setCurrentWidget(self.routine_form)
            self.steps.clearSelection()
            self.steps.setCurrentRow(-1)
        else:
            self.forms.setCurrentWidget(self.step_form)
            self.step_form.show_step(self.current + 1, self.draft.steps[self.current].values)
            if self.steps.currentRow() != self.current:
                self.steps.setCurrentRow(self.current)
        self.refresh()
        self._fit_form()

    def _row_changed(self, row: int) -> None:
        if row >= 0 and row != self.current:
            self.show_item(row)

    # --- changes ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self.dirty = True
        self.refresh()

    def _routine_changed(self, key: str, value: Any) -> None:
        self.draft.set(key, value)
        self._changed()

    def _step_changed(self, key: str, value: Any) -> None:
        if 0 <= self.current < len(self.draft.steps):
            self.draft.set_step(self.current, key, value)
            self.step_form.show_step(self.current + 1, self.draft.steps[self.current].values)
            self._changed()

    def _kind_changed(self, kind: StepKind) -> None:
        if 0 <= self.current < len(self.draft.steps):
            self.draft.change_kind(self.current, kind)
            self.show_item(self.current)
            self._changed()

    def add_step(self, kind: StepKind) -> None:
        at = self.current + 1 if self.current != ROUTINE else len(self.draft.steps)
        self.show_item(self.draft.add_step(kind, at))
        self._changed()
        self.focus(self.step_form.kind)

    def duplicate_step(self) -> None:
        if 0 <= self.current < len(self.draft.steps):
            self.show_item(self.draft.duplicate_step(self.current))
            self._changed()

    def remove_step(self) -> None:
        if 0 <= self.current < len(self.draft.steps):
            self.draft.remove_step(self.current)
            self.show_item(min(self.current, len(self.draft.steps) - 1))
            self._changed()
            self.steps.setFocus()

    def move_step(self, by: int) -> None:
        if 0 <= self.current < len(self.draft.steps):
            self.show_item(self.draft.move_step(self.current, self.current + by))
            self._changed()
            self.steps.setFocus()

    def _dragged(self, start: int, to: int) -> None:
        moved = self.draft.steps[start] if 0 <= start < len(self.draft.steps) else None
        if moved is None:
            return
        self.draft.move_step(start, to)
        self.show_item(self.draft.steps.index(moved))
        self._changed()

    # --- trying, saving, leaving -----------------------------------------------------------

    def trial_routine(self) -> Routine | None:
        """The step shown, alone, as a routine that can be played; None while it has a
        problem of its own."""
        if not 0 <= self.current < len(self.draft.steps):
            return None
        title = str(self.draft.values.get("title") or "").strip()
        values = dict(self.draft.values)
        values["title"] = f"Trying a step of {title}" if title else "Trying a step"
        step = StepDraft(copy.deepcopy(self.draft.steps[self.current].values))
        trial = RoutineDraft(values, [step], fixed_id=self.draft.id)
        return trial.check().routine

    def try_step(self) -> None:
        routine = self.trial_routine()
        if routine is not None:
            self.trying = True
            self.try_requested.emit(routine)

    def save(self) -> bool:
        routine = self.checked.routine
        if routine is None:
            self.go_to_problem()
            return False
        try:
            saved = self.folder.save(routine, self.draft.path)
        except FolderError as error:
            self.problem_label.setText(f"Not saved: {error}")
            self.problem_bar.show()
            return False
        self.draft.fixed_id = saved.id
        self.draft.path = saved.path
        self.dirty = False
        self.saved.emit(saved)
        return True

    def _settle(self) -> str:
        """Asks about unsaved changes, if any: "clean", "saved", "discard" or "stay"."""
        if not self.dirty:
            return "clean"
        answer = self.ask_on_leaving(self, self.checked.routine is not None)
        if answer == "save":
            return "saved" if self.save() else "stay"
        return answer

    def leave(self) -> None:
        outcome = self._settle()
        if outcome in ("stay", "saved"):
            return  # saved: the window shows the library
        self.dirty = False
        self.closed.emit()

    def may_close(self) -> bool:
        """The window is closing: unsaved changes are saved, left, or keep the window open,
        as the person answers."""
        return self._settle() != "stay"
