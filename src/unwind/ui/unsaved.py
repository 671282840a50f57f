"""At start, the offer to add answers an earlier run kept aside because the journal refused them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from unwind.journal.exchange import JournalImportError
from unwind.journal.recovery import add_unsaved, find_unsaved, sessions_in
from unwind.journal.store import JournalStore

log = logging.getLogger(__name__)


def offer_unsaved(
    parent: QWidget,
    store: JournalStore,
    folders: Sequence[Path],
    tell: Callable[[str], None],
) -> QMessageBox | None:
    """Asks, without blocking, whether to add the kept answers; None when there are none or
    the journal cannot take them now (they wait for a start when it can)."""
    found = find_unsaved(folders)
    if not found or not store.on_disk or store.problem is not None:
        return None
    files: list[Path] = []
    count = 0
    for path in found:
        try:
            count += len(sessions_in(path, store)[0])
        except JournalImportError as error:
            log.warning("unsaved answers in %s cannot be read: %s", path, error)
            tell(
                f"Unwind kept answers from an earlier time, but cannot read them: {error} "
                "The file is left where it is; move it away once you no longer need it."
            )
            continue
        files.append(path)
    if not files:
        return None
    box = QMessageBox(parent)
    box.setObjectName("unsaved-answers")
    box.setWindowTitle("Answers not saved last time")
    sessions = "session" if count == 1 else "sessions"
    box.setText(
        f"Your journal could not take some answers last time, so Unwind kept them "
        f"({count} {sessions}). Add them to your journal now?"
    )
    box.setInformativeText("Kept in " + ", ".join(str(path) for path in files))
    box.setIcon(QMessageBox.Icon.NoIcon)
    add = box.addButton("Add them", QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(add)
    box.setEscapeButton(later)

    def answered() -> None:
        if box.clickedButton() is not add:
            log.info("unsaved answers left for later")
            return
        added = 0
        for path in files:
            try:
                added += add_unsaved(store, path)
            except JournalImportError as error:
                tell(f"Unwind could not add the answers it kept: {error}")
                return
        log.info("%s kept sessions added to the journal", added)
        tell(f"Added {added} {'session' if added == 1 else 'sessions'} kept from last time.")

    box.finished.connect(answered)
    box.open()
    return box
