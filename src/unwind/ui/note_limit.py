"""A note box that holds no more than the journal's import takes back, and says so when full.

The journal's JSON export must always import again, and an import refuses a note over
NOTE_LIMIT characters: so a box never holds more. Past the limit, what was just typed or
pasted is cut (the text already there stays), and a line under the box says it is full.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from unwind.journal.exchange import TEXT_LIMITS

NOTE_LIMIT = TEXT_LIMITS["note"]


def _qt_length(text: str) -> int:
    """A position in Qt's text (UTF-16 units) for a length in Python's (code points)."""
    return len(text.encode("utf-16-le")) // 2


def limit_note(edit: QPlainTextEdit, limit: int = NOTE_LIMIT) -> QLabel:
    """Keeps `edit` to `limit` characters; returns the line to put beside it (hidden until
    the box is full)."""
    full = QLabel(f"A note holds up to {limit:,} characters: this one is full.")
    full.setObjectName("muted")
    full.setWordWrap(True)
    full.hide()

    def trim() -> None:
        text = edit.toPlainText()
        excess = len(text) - limit
        if excess > 0:
            cursor = edit.textCursor()
            cursor.clearSelection()
            cursor.setPosition(0, QTextCursor.MoveMode.KeepAnchor)
            typed_to = len(cursor.selectedText())  # code points before the cursor
            cut_from = max(0, typed_to - excess)
            edit.blockSignals(True)
            cursor.setPosition(_qt_length(text[:cut_from]))
            cursor.setPosition(_qt_length(text[:typed_to]), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            if len(edit.toPlainText()) > limit:  # set from elsewhere: keep the start
                cursor.setPosition(_qt_length(edit.toPlainText()[:limit]))
                cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
            edit.blockSignals(False)
            edit.setTextCursor(cursor)
        full.setVisible(len(edit.toPlainText()) >= limit)

    edit.textChanged.connect(trim)
    return full
