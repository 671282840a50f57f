from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QSlider
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
