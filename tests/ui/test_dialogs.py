"""The dialogs in Unwind's own look: the questions before a session ends and before leaving
unsaved changes, and settings whose words each add something."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from unwind.core.settings import SCHEMA
from unwind.ui.end_dialog import EndSessionDialog, leave_question
from unwind.ui.main_window import MainWindow
from unwind.ui.settings_dialog import SettingsDialog
from unwind.ui.widgets import PrimaryButton, Switch, fit_to_screen


def test_the_end_question_says_what_each_answer_does(window: MainWindow, qtbot: QtBot) -> None:
    dialog = EndSessionDialog(window)
    qtbot.addWidget(dialog)
    assert not isinstance(dialog, QMessageBox)
    words = {button.text() for button in dialog.findChildren(QPushButton)}
    assert words == {"End session", "Keep going"}
    assert isinstance(dialog.keep_button, PrimaryButton) and dialog.keep_button.isDefault()
    assert all(button.icon().isNull() for button in dialog.findChildren(QPushButton))
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter keeps going
    assert dialog.result() == EndSessionDialog.DialogCode.Rejected
    again = EndSessionDialog(window)
    qtbot.addWidget(again)
    again.show()
    again.end_button.click()
    assert again.result() == EndSessionDialog.DialogCode.Accepted


def test_leaving_unsaved_changes_asks_in_unwinds_look(window: MainWindow, qtbot: QtBot) -> None:
    dialog = leave_question(window, True)
    qtbot.addWidget(dialog)
    assert not isinstance(dialog, QMessageBox)
    words = [button.text() for button in dialog.buttons.values()]
    assert words == ["Save", "Leave without saving", "Keep editing"]
    assert isinstance(dialog.buttons["stay"], PrimaryButton) and dialog.buttons["stay"].isDefault()
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc, like Enter, keeps editing
    assert dialog.answer == "stay"
    unsavable = leave_question(window, False)
    qtbot.addWidget(unsavable)
    assert "save" not in unsavable.buttons
    unsavable.show()
    unsavable.buttons["discard"].click()
    assert unsavable.answer == "discard"


def test_settings_helper_words_never_repeat_their_labels(window: MainWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    for setting in SCHEMA:
        if not setting.label:
            continue
        hint = dialog.hints[setting.name].text().lower()
        label = setting.label.lower()
        assert label not in hint, setting.name
        assert hint.split()[:2] != label.split()[:2], setting.name


def test_yes_no_settings_are_labelled_switches_and_close_has_no_icon(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    boxes = [c for c in dialog.controls.values() if isinstance(c, QCheckBox)]
    assert boxes and all(isinstance(box, Switch) for box in boxes)
    assert {box.text() for box in boxes} >= {"Breath tones", "Mute all sound", "Check-ins"}
    assert "On" not in {label.text() for label in dialog.findChildren(QLabel)}
    assert dialog.close_button.icon().isNull() and dialog.close_button.isDefault()
    muted = dialog.controls["muted"]
    assert isinstance(muted, Switch)
    qtbot.mouseClick(muted, Qt.MouseButton.LeftButton, pos=muted.rect().center())
    assert window.settings.flag("muted")  # the whole switch, words too, is the control


def test_windows_fit_their_screen_with_a_title_bar(window: MainWindow) -> None:
    free = window.screen().availableGeometry().size()
    assert window.width() <= free.width() and window.height() <= free.height() - 40
    dialog = SettingsDialog(window.settings, window)
    fit_to_screen(dialog, 10_000, 10_000)
    assert dialog.size().boundedTo(free) == dialog.size()
    assert dialog.height() <= free.height() - 40
    dialog.deleteLater()
    assert QSize(window.minimumWidth(), window.minimumHeight()).width() <= 480
