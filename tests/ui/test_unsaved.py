"""The offer at start to add answers an earlier run kept aside: Add brings them into the
journal, Not now leaves the file for the next start, a damaged file is named and kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from conftest import LogWatch
from journal.records import record
from support.fakes import FakeClock
from unwind.core.checkin import CheckIn
from unwind.core.paths import AppPaths
from unwind.journal.exchange import export_document
from unwind.journal.store import FILE_NAME, JournalStore
from unwind.ui.main_window import MainWindow
from unwind.ui.unsaved import offer_unsaved

UID = "0123456789abcdef0123456789abcdef"


def kept_file(folder: Path, clock: FakeClock, stamp: str = "20240304-083000") -> Path:
    """A file of kept answers as close() writes it: one session, answered before."""
    answered = record(UID, before=CheckIn(stress=8), note="Jaw clenched all day.")
    document = export_document([answered], clock.now())
    document["deleted"] = []
    path = folder / f"{FILE_NAME}.unsaved-{stamp}.json"
    path.write_text(json.dumps(document), "utf-8")
    return path


def offer(window: MainWindow, journal: JournalStore, paths: AppPaths) -> QMessageBox:
    box = offer_unsaved(window, journal, [paths.journal, paths.config], window.show_notice)
    assert box is not None and box.isVisible()
    return box


def button(box: QMessageBox, text: str) -> QPushButton:
    [found] = [b for b in box.findChildren(QPushButton) if b.text() == text]
    return found


def test_add_them_puts_the_kept_answers_in_the_journal_and_the_file_goes(
    window: MainWindow, qtbot: QtBot, journal: JournalStore, paths: AppPaths, clock: FakeClock
) -> None:
    kept = kept_file(paths.journal, clock)
    box = offer(window, journal, paths)
    assert "(1 session)" in box.text() and str(kept) in box.informativeText()
    assert box.defaultButton() is button(box, "Add them")

    qtbot.mouseClick(button(box, "Add them"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not box.isVisible())
    added = journal.session(UID)
    assert added is not None and added.before == CheckIn(stress=8)
    assert added.note == "Jaw clenched all day."
    assert not kept.exists()
    assert window.notice.isVisible()
    assert "Added 1 session kept from last time." in window.notice.label.text()


def test_return_answers_add_them(
    window: MainWindow, qtbot: QtBot, journal: JournalStore, paths: AppPaths, clock: FakeClock
) -> None:
    kept_file(paths.config, clock)  # kept in the second folder when the first refused it
    box = offer(window, journal, paths)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert journal.session(UID) is not None


@pytest.mark.parametrize("how", ["click", "escape"])
def test_not_now_leaves_the_journal_alone_and_keeps_the_file_for_the_next_start(
    window: MainWindow,
    qtbot: QtBot,
    journal: JournalStore,
    paths: AppPaths,
    clock: FakeClock,
    how: str,
) -> None:
    kept = kept_file(paths.journal, clock)
    before = kept.read_bytes()
    box = offer(window, journal, paths)
    if how == "click":
        qtbot.mouseClick(button(box, "Not now"), Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert journal.count() == 0
    assert kept.read_bytes() == before
    assert not window.notice.isVisible()
    again = offer(window, journal, paths)  # asked again at the next start
    again.reject()


def test_a_damaged_file_of_kept_answers_is_named_in_the_window_and_kept(
    window: MainWindow,
    qtbot: QtBot,
    journal: JournalStore,
    paths: AppPaths,
    clock: FakeClock,
    log_watch: LogWatch,
) -> None:
    log_watch.expect("unsaved answers in .* cannot be read")
    damaged = paths.journal / f"{FILE_NAME}.unsaved-20240101-000000.json"
    damaged.write_bytes(b'{"format": "unwind-journal", "version": 1, "sessions": [')
    good = kept_file(paths.journal, clock)

    box = offer(window, journal, paths)  # the readable file is still offered

    shown = window.notice.label.text()
    assert str(damaged) in shown and "is not JSON" in shown
    assert "left where it is" in shown
    assert str(good) in box.informativeText() and str(damaged) not in box.informativeText()
    qtbot.mouseClick(button(box, "Add them"), Qt.MouseButton.LeftButton)
    assert damaged.exists() and not good.exists()
    assert journal.session(UID) is not None


def test_nothing_is_offered_while_the_journal_still_refuses(
    window: MainWindow, paths: AppPaths, clock: FakeClock, journal_faults: None
) -> None:
    kept = kept_file(paths.journal, clock)
    elsewhere = paths.journal.parent / "refusing"
    (elsewhere / FILE_NAME).mkdir(parents=True)
    with JournalStore(elsewhere, now=clock.now) as refusing:
        assert not refusing.on_disk
        assert offer_unsaved(window, refusing, [paths.journal], window.show_notice) is None
    assert kept.exists()
