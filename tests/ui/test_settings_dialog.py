from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTimeEdit,
)
from pytestqt.qtbot import QtBot

from support.fakes import RecordingAudio
from unwind.core.settings import SCHEMA
from unwind.ui.main_window import MainWindow
from unwind.ui.settings_dialog import SettingsDialog


def test_dialog_has_a_control_for_every_visible_setting(window: MainWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    assert set(dialog.controls) == {s.name for s in SCHEMA if s.label}
    assert "safety_seen" not in dialog.controls


def test_changes_apply_at_once_and_reach_the_player(
    window: MainWindow, qtbot: QtBot, audio: RecordingAudio
) -> None:
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    checkins = dialog.controls["checkins"]
    assert isinstance(checkins, QCheckBox)
    checkins.setChecked(True)
    assert window.settings.get("checkins") is True
    volume = dialog.controls["ambient_volume"]
    assert isinstance(volume, QSlider)
    volume.setValue(20)
    assert window.settings.get("ambient_volume") == 0.2
    assert window.player.ambient_volume.value() == 20
    scape = dialog.controls["soundscape"]
    assert isinstance(scape, QComboBox)
    scape.setCurrentIndex(scape.findData("wind"))
    assert window.player.soundscape.currentData() == "wind"
    muted = dialog.controls["muted"]
    assert isinstance(muted, QCheckBox)
    muted.setChecked(True)
    assert window.player.mute_button.isChecked()
    assert audio.muted
    assert muted.text() == "Mute all sound", "a check box says what it is, not 'On'"


def test_the_reminder_controls_write_their_settings(window: MainWindow, qtbot: QtBot) -> None:
    settings = window.settings
    dialog = SettingsDialog(settings, window, window.library.library.routines)
    qtbot.addWidget(dialog)
    times = dialog.controls["reminder_times"]
    assert isinstance(times, QLineEdit) and times.text() == "15:00"
    times.setFocus()
    times.selectAll()
    qtbot.keyClicks(times, "16:45, 9:05")
    qtbot.keyClick(times, Qt.Key.Key_Return)
    assert settings.names("reminder_times") == ["09:05", "16:45"]
    assert times.text() == "09:05, 16:45", "the field shows what was kept, in order"
    qtbot.keyClicks(times, "x")
    assert times.text() == "09:05, 16:45", "only times can be typed"
    days = dialog.controls["reminder_days"]
    saturday = days.findChild(QPushButton, "day-sat")
    monday = days.findChild(QPushButton, "day-mon")
    assert saturday is not None and monday is not None and monday.isChecked()
    saturday.click()
    monday.click()
    assert settings.names("reminder_days") == ["tue", "wed", "thu", "fri", "sat"]
    assert saturday.accessibleName() == "Reminder days: Saturday"
    start = dialog.controls["work_start"]
    assert isinstance(start, QTimeEdit)
    start.setTime(QTime(8, 30))
    assert settings.text("work_start") == "08:30"
    every = dialog.controls["reminder_every"]
    assert isinstance(every, QSpinBox) and every.text() == "Off"
    every.setValue(45)
    assert settings.number("reminder_every") == 45.0
    offer = dialog.controls["reminder_routine"]
    assert isinstance(offer, QComboBox) and offer.currentData() == ""
    offer.setCurrentIndex(offer.findData("short-test"))
    assert settings.text("reminder_routine") == "short-test"
    settings.set("work_end", "18:15")  # a change made elsewhere shows here too
    end = dialog.controls["work_end"]
    assert isinstance(end, QTimeEdit) and end.time() == QTime(18, 15)


def test_the_dialog_stays_on_the_screen_and_scrolls(window: MainWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(window.settings, window, window.library.library.routines)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert area.contains(dialog.frameGeometry()), (dialog.frameGeometry(), area)
    assert dialog.content.sizeHint().height() > dialog.height(), "this screen is too short"
    dialog.close()
