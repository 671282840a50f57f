"""Sharing routines: choosing which to export, and the preview of a pack before importing.

Both are window-modal dialogs opened without blocking (`open()`), so the rest of Unwind keeps
running and tests can answer them as a person would.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unwind.core.routine import Routine, format_duration
from unwind.core.routine_folder import Fate, Planned
from unwind.core.routine_pack import Pack
from unwind.ui.widgets import fit_to_screen, named, scroll_area

ROUTINE_ROLE = Qt.ItemDataRole.UserRole + 3


class ExportDialog(QDialog):
    """Ticks the routines to put in one pack; the routine selected in the library is ticked."""

    def __init__(
        self, routines: Sequence[Routine], ticked: Routine | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export routines")
        intro = QLabel(
            "Tick the routines to put in one .unwind file. Someone else can import it in "
            "their Unwind. Space ticks or unticks."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("choices")
        self.list.ensurePolished()  # the rows are measured with the style's padding
        self.list.setAccessibleName("Routines to export")
        for routine in routines:
            item = QListWidgetItem(f"{routine.title} ({format_duration(routine.duration)})")
            item.setData(ROUTINE_ROLE, routine)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = ticked is not None and routine.id == ticked.id
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.export_button.setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 520, 480)
        self._update()
        self.list.setFocus()
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> list[Routine]:
        return [
            self.list.item(row).data(ROUTINE_ROLE)
            for row in range(self.list.count())
            if self.list.item(row).checkState() is Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        self.export_button.setEnabled(bool(self.chosen()))


FATE_WORDS = {
    Fate.NEW: "Will be added",
    Fate.COPY: "Will be added as a copy",
    Fate.SAME: "Already in your library",
    Fate.REFUSED: "Not added",
    Fate.BROKEN: "Cannot be used",
}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def preview_html(pack: Pack, plan: Sequence[Planned]) -> str:
    """What the pack holds: each routine with its steps, length and safety notes, and what
    importing does with it."""
    parts = [f"<p>{_escape(pack.path.name)}, made by {_escape(pack.made_by)}.</p>"]
    for planned in plan:
        routine = planned.routine
        fate = FATE_WORDS[planned.fate]
        if routine is None:
            parts.append(
                f"<p><b>{_escape(planned.name)}</b>: {fate}. {_escape(planned.reason)}</p>"
            )
            continue
        head = f"<b>{_escape(routine.title)}</b>, {format_duration(routine.duration)}"
        steps = "; ".join(_escape(s.title) for s in routine.steps)
        reason = f" ({_escape(planned.reason)})" if planned.fate is Fate.COPY else ""
        lines = [f"{head}: {fate}{reason}.", f"{len(routine.steps)} steps: {steps}."]
        if routine.summary:
            lines.insert(1, _escape(routine.summary))
        notes = routine.safety_notes()
        parts.append("<p>" + "<br>".join(lines) + "</p>")
        if notes and planned.writes:
            items = "".join(f"<li>{_escape(n)}</li>" for n in notes)
            parts.append(f"<p>Its safety notes, shown before its first run:</p><ul>{items}</ul>")
    return "".join(parts)


class ImportDialog(QDialog):
    """What a pack holds and what importing it will do; Import adds what can be added."""

    def __init__(self, pack: Pack, plan: Sequence[Planned], parent: QWidget) -> None:
        super().__init__(parent)
        self.plan = list(plan)
        self.setWindowTitle("Import routines")
        adding = sum(1 for p in plan if p.writes)
        self.summary = QLabel(
            f"This file holds {len(plan)} routine{'' if len(plan) == 1 else 's'}; "
            f"{adding} can be added to your library."
        )
        self.summary.setWordWrap(True)
        self.details = QLabel(preview_html(pack, plan))
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setMargin(8)
        # the area around the words takes the focus, and the arrow and Page keys scroll it
        self.details_area = named(
            scroll_area(self.details), "What the file holds", "The arrow keys scroll it", tip=False
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            f"Import {adding} routine{'' if adding == 1 else 's'}" if adding else "Import",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.import_button.setEnabled(adding > 0)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details_area, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 600, 520)
        self.import_button.setFocus()
