"""The person's own routines in the library: the folder is followed, delete has undo, a
built-in is changed through a copy, and packs are exported and imported from the library."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from unwind.core.paths import AppPaths
from unwind.core.routine import BrokenRoutine, Routine
from unwind.core.routine_file import load_routine_file
from unwind.core.routine_pack import read_pack
from unwind.ui.main_window import MainWindow

OWN = """\
id = "{id}"
title = "{title}"

[[steps]]
kind = "massage"
area = "hands"
technique = "squeeze"
pressure = "light"
duration = 30
"""


def ids(window: MainWindow) -> set[str]:
    return {e.id for e in window.library.visible_entries() if isinstance(e, Routine)}


def broken(window: MainWindow) -> list[BrokenRoutine]:
    return [e for e in window.library.visible_entries() if isinstance(e, BrokenRoutine)]


def test_a_file_written_to_the_folder_appears_and_a_broken_one_is_listed(
    window: MainWindow, qtbot: QtBot, paths: AppPaths
) -> None:
    (paths.routines / "hands.toml").write_text(OWN.format(id="hands", title="Hands"), "utf-8")
    qtbot.waitUntil(lambda: "hands" in ids(window), timeout=5000)

    # changed in place, as an editor that writes over the file does
    with (paths.routines / "hands.toml").open("w", encoding="utf-8") as out:
        out.write(OWN.format(id="hands", title="Warm hands"))
    qtbot.waitUntil(lambda: window.library.library.get("hands").title == "Warm hands")  # type: ignore[union-attr]

    (paths.routines / "hands.toml").write_text("id = 'hands'\ntitle = 'Hands'\n", "utf-8")
    qtbot.waitUntil(lambda: bool(broken(window)), timeout=5000)
    [entry] = broken(window)
    assert entry.path.name == "hands.toml"
    assert "at least one [[steps]]" in entry.error.reason
    assert "hands" not in ids(window)

    (paths.routines / "hands.toml").unlink()
    qtbot.waitUntil(lambda: not broken(window), timeout=5000)


def test_delete_moves_the_file_aside_and_undo_brings_it_back(
    window: MainWindow, qtbot: QtBot, paths: AppPaths
) -> None:
    assert window.library.select_routine("short-test")
    assert window.library.detail.delete_button.isVisibleTo(window.library)
    qtbot.keyClick(window.library.list, Qt.Key.Key_Delete)
    assert "short-test" not in ids(window)
    assert (paths.routines / "deleted" / "short.toml").is_file()
    assert not (paths.routines / "short.toml").exists()
    assert window.library.undo_bar.isVisible()
    assert "moved to" in window.library.undo_bar.label.text()
    qtbot.keyClick(window.library.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (paths.routines / "short.toml").is_file()
    assert "short-test" in ids(window)
    assert not window.library.undo_bar.isVisible()
    selected = window.library.selected()
    assert isinstance(selected, Routine) and selected.id == "short-test"


def test_a_builtin_cannot_be_deleted_and_is_changed_through_a_copy(
    window: MainWindow, qtbot: QtBot, paths: AppPaths
) -> None:
    library = window.library
    assert library.select_routine("calm-5-5")
    assert not library.detail.delete_button.isVisibleTo(library)
    assert library.detail.change_button.text() == "Make a copy to change"
    qtbot.keyClick(library.list, Qt.Key.Key_Delete)
    assert "calm-5-5" in ids(window)
    qtbot.keyClick(library.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = window.keeper.editor
    assert editor.heading.text() == "A copy of Calm breathing 5-5"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    copy = load_routine_file(paths.routines / "calm-breathing-5-5-copy.toml")
    assert copy.title == "Calm breathing 5-5 (copy)"
    assert library.library.get("calm-5-5") is not None

    # the copy is the person's own: Change saves to its own file
    assert library.select_routine("calm-breathing-5-5-copy")
    assert library.detail.change_button.text() == "Change"
    library.detail.change_button.click()
    editor.routine_form.title.setText("Calm, my way")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    again = load_routine_file(paths.routines / "calm-breathing-5-5-copy.toml")
    assert again.title == "Calm, my way" and again.id == "calm-breathing-5-5-copy"
    assert len(list(paths.routines.glob("*.toml"))) == 2


def test_export_then_import_with_a_preview_and_the_safety_notes_again(
    window: MainWindow, qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    keeper = window.keeper
    saved_to = tmp_path / "gift"
    keeper.choose_save = lambda _parent, suggested: saved_to
    assert window.library.select_routine("short-test")
    qtbot.keyClick(
        window.library.list,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = keeper.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert [r.id for r in dialog.chosen()] == ["short-test"]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert len(dialog.chosen()) == 2
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    pack = read_pack(saved_to.with_suffix(".unwind"))
    assert len(pack.routines) == 2 and not pack.broken
    assert "2 routines saved in" in window.notice.label.text()

    # the same file back: short-test is already here, a friend's routine of that id is new
    with zipfile.ZipFile(tmp_path / "friend.unwind", "w") as archive:
        archive.writestr("manifest.toml", "format = 1\n")
        archive.writestr("routines/s.toml", OWN.format(id="short-test", title="Friend's"))
        archive.writestr("routines/b.toml", OWN.format(id="bad", title="Bad") + "colour = 1\n")
    window.settings.set("safety_seen", ["short-test-2", "other"])
    keeper.choose_open = lambda _parent: tmp_path / "friend.unwind"
    qtbot.keyClick(window.library.list, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    preview = keeper.import_dialog
    assert preview is not None and preview.isVisible()
    text = preview.details.text()
    assert "Will be added as a copy" in text and "added as 'short-test-2'" in text
    assert "Cannot be used" in text and "unknown field 'colour'" in text
    assert "Skip massage with a fever" in text
    assert preview.import_button.text() == "Import 1 routine"
    qtbot.keyClick(preview.import_button, Qt.Key.Key_Return)
    assert (paths.routines / "short-test-2.toml").is_file()
    assert load_routine_file(paths.routines / "short.toml").title == "Short test"
    assert "routines/b.toml was not added" in window.notice.label.text()
    assert window.settings.names("safety_seen") == ["other"]
    selected = window.library.selected()
    assert isinstance(selected, Routine) and selected.id == "short-test-2"
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.safety


def test_a_file_that_is_not_a_pack_is_refused_from_the_library(
    window: MainWindow, qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    other = tmp_path / "notes.unwind"
    other.write_text("my notes\n", "utf-8")
    before = sorted(p.name for p in paths.routines.iterdir())
    window.keeper.import_pack(other)
    assert window.keeper.import_dialog is None
    assert "is not a routine pack" in window.notice.label.text()
    assert "Nothing was imported" in window.notice.label.text()
    assert sorted(p.name for p in paths.routines.iterdir()) == before
