"""The library's detail pane: the selected routine's words, steps and sources, its buttons
(Start, Safety, Change or Make a copy, Delete), and what to say when nothing is selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from unwind.core.routine import GOALS, BrokenRoutine, Routine, format_duration
from unwind.ui.layouts import FlowLayout
from unwind.ui.theme import Theme
from unwind.ui.widgets import PrimaryButton, named, scroll_area

CATEGORY_NAMES = {
    "breathing": "Breathing",
    "massage": "Self-massage",
    "mixed": "Massage + breathing",
    "rest": "Quiet rest",
}

Entry = Routine | BrokenRoutine


class RoutineDetail(QFrame):
    """The selected routine: what it is, its steps, its sources, and Start. With nothing to
    show (the filters leave no routine), it says so and offers to clear the filters."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.sources = QLabel()
        self.sources.setObjectName("muted")
        self.sources.setWordWrap(True)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 6, 0)
        for widget in (self.title, self.meta, self.summary, self.steps, self.sources):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.text_area = scroll_area(content)
        named(self.text_area, "Routine details", "The arrow and Page keys scroll it", tip=False)
        content.setAutoFillBackground(False)

        self.start_button = PrimaryButton("Start")
        self.start_button.setToolTip("Start this routine (Enter)")
        self.safety_button = QPushButton("Safety")
        self.safety_button.setToolTip("The safety guidance for this routine")
        self.change_button = QPushButton("Change")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Move this routine's file to the deleted folder (Delete)")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setToolTip("Show every routine again")
        self.clear_button.hide()
        own = FlowLayout(spacing=8)
        own.addWidget(self.change_button)
        own.addWidget(self.delete_button)
        own.add_stretch()
        buttons = FlowLayout(spacing=8)
        buttons.addWidget(self.safety_button)
        buttons.addWidget(self.clear_button)
        buttons.add_stretch()
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(self.text_area, 1)
        layout.addLayout(own)
        layout.addLayout(buttons)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def _nothing(self, title: str, meta: str, summary: str, steps: str = "") -> None:
        self.title.setText(title)
        self.meta.setText(meta)
        self.summary.setText(summary)
        self.steps.setText(steps)
        self.sources.setText("")
        self.start_button.setEnabled(False)
        self.safety_button.hide()
        self.change_button.hide()
        self.delete_button.hide()

    def show_entry(self, entry: Entry | None, custom_dir: str, *, filtered: bool = False) -> None:
        self.clear_button.setVisible(entry is None and filtered)
        self.start_button.setVisible(entry is not None)
        if isinstance(entry, BrokenRoutine):
            self._nothing(
                entry.path.name,
                "This file could not be read, so it is not offered.",
                f"{entry.error.location()}: {entry.error.reason}",
                "Fix the file in a text editor: the library shows it as soon as it is saved. "
                "<code>unwind routines --check FILE</code> checks it without opening a window.",
            )
            return
        if entry is None:
            if filtered:
                self._nothing(
                    "No routines here",
                    "No routine has this goal and length.",
                    "Clear filters shows every routine again.",
                )
            else:
                self._nothing("No routines yet", "", f"Your own routines go in {custom_dir}.")
            return
        self.title.setText(entry.title)
        goals = ", ".join(GOALS[g] for g in entry.goals)
        pieces = [format_duration(entry.duration), CATEGORY_NAMES[entry.category]]
        if goals:
            pieces.append(goals)
        self.meta.setText("  ·  ".join(pieces))
        self.summary.setText(entry.summary)
        muted = self.theme.muted
        rows = "".join(
            f"<tr><td align='right' style='padding-right:8px'>{number}.</td>"
            f"<td>{_escape(step.title)} <span style='color:{muted}'>"
            f"({format_duration(step.duration)})</span></td></tr>"
            for number, step in enumerate(entry.steps, start=1)
        )
        self.steps.setText(f"<table cellspacing='0' cellpadding='2'>{rows}</table>")
        self.sources.setText(("Based on: " + "; ".join(entry.sources)) if entry.sources else "")
        self.start_button.setEnabled(True)
        self.safety_button.setVisible(entry.has_massage)
        self.change_button.show()
        self.change_button.setText("Make a copy to change" if entry.builtin else "Change")
        self.change_button.setToolTip(
            "Built-in routines stay as they are: change a copy of your own (Ctrl+E)"
            if entry.builtin
            else "Change this routine (Ctrl+E)"
        )
        self.delete_button.setVisible(not entry.builtin)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
