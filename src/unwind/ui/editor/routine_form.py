"""The routine's own fields: title, summary, goals, safety notes and sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from unwind.core.routine import GOALS
from unwind.ui.editor.fields import add_row, form_layout, line, quietly, text_box
from unwind.ui.layouts import FlowLayout


def lines_of(text: str) -> list[str]:
    return [part.strip() for part in text.splitlines() if part.strip()]


class RoutineForm(QWidget):
    """Signals: changed(key, value) in the routine file's own terms."""

    changed = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        heading = QLabel("About this routine")
        heading.setObjectName("detailTitle")
        form = form_layout()
        self.title = line("Routine title", "A name you will recognise in the library")
        self.title.textChanged.connect(lambda text: self.changed.emit("title", text.strip()))
        add_row(form, "&Title", self.title)
        self.summary = line("Summary", "One sentence: what it does")
        self.summary.textChanged.connect(lambda text: self.changed.emit("summary", text.strip()))
        add_row(form, "S&ummary", self.summary)
        self.goals: dict[str, QCheckBox] = {}
        goals = FlowLayout(spacing=12)  # the goals wrap onto lines of their own when narrow
        for key, label in GOALS.items():
            box = QCheckBox(label)
            box.setAccessibleName(f"Goal: {label}")
            box.toggled.connect(lambda _on: self._goals_changed())
            self.goals[key] = box
            goals.addWidget(box)
        holder = QWidget()
        holder.setLayout(goals)
        caption = add_row(form, "Goals", holder)
        caption.setBuddy(next(iter(self.goals.values())))
        self.safety = text_box(
            "Safety notes", "One note a line, shown before the first run (optional)", 3
        )
        self.safety.textChanged.connect(
            lambda: self.changed.emit("safety", lines_of(self.safety.toPlainText()))
        )
        add_row(form, "Sa&fety notes", self.safety)
        self.sources = text_box("Sources", "Where it comes from, one a line (optional)", 2)
        self.sources.textChanged.connect(
            lambda: self.changed.emit("sources", lines_of(self.sources.toPlainText()))
        )
        add_row(form, "Sou&rces", self.sources)
        self.note = QLabel(
            "Massage steps always show Unwind's general massage safety guidance as well."
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_values(self, values: Mapping[str, Any]) -> None:
        for key, one_line in (("title", self.title), ("summary", self.summary)):
            text = str(values.get(key, ""))
            if one_line.text().strip() != text:
                quietly(one_line, one_line.setText, text)
        goals = values.get("goals") or []
        for key, box in self.goals.items():
            quietly(box, box.setChecked, key in goals)
        for key, lines in (("safety", self.safety), ("sources", self.sources)):
            items = [str(v) for v in values.get(key) or []]
            if lines_of(lines.toPlainText()) != items:
                quietly(lines, lines.setPlainText, "\n".join(items))

    def _goals_changed(self) -> None:
        self.changed.emit("goals", [key for key, box in self.goals.items() if box.isChecked()])

    def widget_for(self, key: str | None) -> QWidget | None:
        found: dict[str, QWidget] = {
            "title": self.title,
            "summary": self.summary,
            "safety": self.safety,
            "sources": self.sources,
            "goals": next(iter(self.goals.values())),
        }
        return found.get(key or "")
