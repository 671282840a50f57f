"""The check-in: stress 0-10 and an affect-grid tap before, the same plus tension areas, a note
and tags after. Every answer is handed on the moment it is given; nothing unanswered is filled
in with a default.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unwind.core.checkin import (
    STRESS_ANCHORS,
    TENSION_AREAS,
    CheckIn,
    Moment,
    tags_from_text,
)
from unwind.ui.layouts import Columns, FlowLayout, centred
from unwind.ui.note_limit import limit_note
from unwind.ui.scales import AffectGrid, StressScale
from unwind.ui.theme import Theme
from unwind.ui.widgets import KeyGuard, PrimaryButton, named, page_scroller, press_for_enter

NOTE_SAVE_DELAY_MS = 500
"""A draft of the note is saved this long after the last key: a crash loses under a second."""


class CheckInForm(QWidget):
    """The questions of one check-in. Every change is emitted at once.

    The note belongs to the session it was typed for: `open(uid)` binds the form to a
    session, and every draft is handed on with that uid, whichever session is on by then.

    Signals: answered(CheckIn) on every answer; note_changed(uid, text) shortly after typing
    stops, and when the form is left.
    """

    answered = Signal(object)
    note_changed = Signal(str, str)

    SIDE_BY_SIDE_FROM = 760
    """Below this width the after-session questions go under the two scales."""

    def __init__(self, theme: Theme, moment: Moment, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.moment = moment
        self.uid: str | None = None
        self.guard = guard or KeyGuard()
        self.stress = StressScale(theme, self.guard)
        self.grid = AffectGrid(theme, self.guard)
        self.area_buttons: dict[str, QPushButton] = {}
        self.note = QPlainTextEdit()
        self.tags = QLineEdit()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self._save_note)

        stress_label = QLabel("How stressed or tense do you feel right now?")
        stress_label.setObjectName("formLabel")
        stress_label.setWordWrap(True)
        stress_label.setBuddy(self.stress)
        anchors = FlowLayout(spacing=12)
        low = QLabel(f"0 · {STRESS_ANCHORS[0]}")
        high = QLabel(f"{STRESS_ANCHORS[10]} · 10")
        for label in (low, high):
            label.setObjectName("muted")
        anchors.addWidget(low)
        anchors.add_stretch()
        anchors.addWidget(high)
        grid_label = QLabel(
            "Tap how you feel: pleasant to the right, more energy higher up "
            "(or Space, then the arrow keys)."
        )
        grid_label.setObjectName("formLabel")
        grid_label.setWordWrap(True)
        grid_label.setBuddy(self.grid)

        questions = QWidget()
        left = QVBoxLayout(questions)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(stress_label)
        left.addWidget(self.stress)
        left.addLayout(anchors)
        left.addSpacing(10)
        left.addWidget(grid_label)
        left.addWidget(self.grid, 1, Qt.AlignmentFlag.AlignHCenter)

        self.columns = Columns(self.SIDE_BY_SIDE_FROM, spacing=28)
        self.columns.add(questions, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.columns)

        if moment is Moment.AFTER:
            extra = QWidget()
            right = QVBoxLayout(extra)
            right.setContentsMargins(0, 0, 0, 0)
            right.setSpacing(8)
            areas_label = QLabel("Where is any tension left? (optional)")
            areas_label.setObjectName("formLabel")
            areas_label.setWordWrap(True)
            right.addWidget(areas_label)
            chips = FlowLayout(spacing=6)
            for key, name in TENSION_AREAS.items():
                button = QPushButton(name)
                button.setObjectName("chip")
                button.setCheckable(True)
                named(button, f"Tension: {name}", tip=False)
                button.toggled.connect(self._emit)
                self.area_buttons[key] = button
                chips.addWidget(button)
            right.addLayout(chips)
            right.addSpacing(8)
            note_label = QLabel("A note for yourself (optional)")
            note_label.setObjectName("formLabel")
            note_label.setWordWrap(True)
            note_label.setBuddy(self.note)
            self.note.setPlaceholderText("What did you notice?")
            self.note.setTabChangesFocus(True)
            self.note.setMinimumHeight(QFontMetrics(self.note.font()).height() * 3 + 20)
            named(self.note, "A note for yourself", "Optional; Ctrl+Enter finishes", tip=False)
            self.note_full = limit_note(self.note)
            self.note.textChanged.connect(self._note_timer.start)
            right.addWidget(note_label)
            right.addWidget(self.note, 1)
            right.addWidget(self.note_full)
            tags_label = QLabel("Tags, separated by commas (optional)")
            tags_label.setObjectName("formLabel")
            tags_label.setWordWrap(True)
            tags_label.setBuddy(self.tags)
            self.tags.setPlaceholderText("evening, after work")
            named(self.tags, "Tags, separated by commas", "Optional", tip=False)
            self.tags.editingFinished.connect(self._emit)
            right.addWidget(tags_label)
            right.addWidget(self.tags)
            self.columns.add(extra, 4)
        else:
            self.note.hide()
            self.tags.hide()

        self.stress.changed.connect(self._emit)
        self.grid.changed.connect(self._emit)

    def set_theme(self, theme: Theme) -> None:
        self.stress.set_theme(theme)
        self.grid.set_theme(theme)

    def checkin(self) -> CheckIn:
        grid = self.grid.value()
        tags = tags_from_text(self.tags.text())
        return CheckIn(
            stress=self.stress.value(),
            valence=grid[0] if grid else None,
            arousal=grid[1] if grid else None,
            tension_areas=tuple(k for k, b in self.area_buttons.items() if b.isChecked()),
            tags=tags,
        )

    def _emit(self, *_args: object) -> None:
        self.answered.emit(self.checkin())

    def flush_note(self) -> None:
        """Hands on the note draft now, for its own session (also when the form is left)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def _save_note(self) -> None:
        if self.moment is Moment.AFTER and self.uid is not None:
            self.note_changed.emit(self.uid, self.note.toPlainText())

    def open(self, uid: str) -> None:
        """Empties the form for a new session's answers; a draft of the last one is kept."""
        self.flush_note()
        self.clear()
        self.uid = uid

    def clear(self) -> None:
        self._note_timer.stop()
        self.stress.set_value(None, notify=False)
        self.grid.set_value(None, notify=False)
        for button in self.area_buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)
        self.tags.clear()
        self.stress.setFocus()


class CheckInPage(QWidget):
    """The check-in before a session. Signals: done(), skipped(), back_requested().

    Enter starts (or presses the focused button), Esc skips; either is ignored when it is the
    key that opened the page, pressed once too often.
    """

    done = Signal()
    skipped = Signal()
    back_requested = Signal()

    def __init__(self, theme: Theme, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.guard = guard or KeyGuard()
        self.heading = QLabel("Before you begin")
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setObjectName("subheading")
        self.intro.setWordWrap(True)
        self.form = CheckInForm(theme, Moment.BEFORE, self.guard)
        self.back_button = QPushButton("Back")
        self.back_button.setToolTip("Back to the routines, without a journal entry")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.skip_button = QPushButton("Skip  (Esc)")
        self.skip_button.setToolTip("Start without answering; nothing is stored")
        self.skip_button.clicked.connect(self.skipped.emit)
        self.start_button = PrimaryButton("Start  (Enter)")
        self.start_button.clicked.connect(self.done.emit)
        buttons = FlowLayout(spacing=8)
        buttons.addWidget(self.back_button)
        buttons.add_stretch()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 22, 28, 22)
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addSpacing(6)
        column.addWidget(self.form, 1)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroller(centred(content, 760)))

    def set_theme(self, theme: Theme) -> None:
        self.form.set_theme(theme)

    def open_for(self, uid: str, title: str) -> None:
        self.form.open(uid)
        self.intro.setText(
            f"A quick check-in before {title}: two taps, or skip it. "
            "Unanswered questions stay blank."
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if press_for_enter(self, event, self.start_button, self.guard):
            return
        if event.key() == Qt.Key.Key_Escape:
            if self.guard.allows(event):
                self.skipped.emit()
            return
        super().keyPressEvent(event)
