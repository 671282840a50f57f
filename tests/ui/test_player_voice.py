"""The player's voice controls, by keyboard: the "Eyes closed" switch and the voice volume."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from unwind.ui.main_window import MainWindow
from unwind.ui.settings_dialog import SettingsDialog


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


def tab_to(qtbot: QtBot, window: MainWindow, target: QWidget, limit: int = 40) -> int:
    """Presses Tab until `target` has the focus; returns how many presses it took."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for presses in range(1, limit + 1):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is target:
            return presses
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def test_eyes_closed_is_reached_by_tab_and_switched_by_its_key(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_short(window)
    player = window.player
    box = player.eyes_closed
    assert box.accessibleName() == "Eyes closed"
    assert "eyes closed" in box.accessibleDescription() and "(E)" in box.toolTip()
    assert not box.isChecked() and window.settings.text("voice") == "off"
    tab_to(qtbot, window, box)
    qtbot.keyClick(box, Qt.Key.Key_E)
    assert box.isChecked()
    assert window.settings.text("voice") == "full" and window.settings.flag("breath_tones")
    assert player.tones.isChecked(), "the breath tones box shows it too"
    qtbot.keyClick(box, Qt.Key.Key_E)
    assert window.settings.text("voice") == "off" and not window.settings.flag("breath_tones")


def test_the_e_key_switches_eyes_closed_from_anywhere_in_the_player(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_short(window)
    qtbot.keyClick(window.player, Qt.Key.Key_E)
    assert window.player.eyes_closed.isChecked() and window.settings.text("voice") == "full"
    qtbot.keyClick(window.player, Qt.Key.Key_E)
    assert not window.player.eyes_closed.isChecked()


def test_the_switch_follows_the_settings_changed_elsewhere(window: MainWindow) -> None:
    start_short(window)
    box = window.player.eyes_closed
    window.settings.set("voice", "key")
    assert not box.isChecked(), "voice alone is not eyes closed"
    window.settings.set("breath_tones", True)
    assert box.isChecked()
    window.settings.set("voice", "off")
    assert not box.isChecked()


def test_the_voice_volume_is_a_slider_of_its_own(window: MainWindow, qtbot: QtBot) -> None:
    start_short(window)
    slider = window.player.voice_volume
    assert slider.accessibleName() == "Voice volume"
    tab_to(qtbot, window, slider)
    before = window.settings.number("voice_volume")
    qtbot.keyClick(slider, Qt.Key.Key_Down)  # Left and Right are the player's back and skip
    assert window.settings.number("voice_volume") < before
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert window.settings.number("voice_volume") > before
    window.settings.set("voice_volume", 0.25)
    assert slider.value() == 25


def test_the_settings_dialog_has_the_voice_settings(window: MainWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    for name in ("voice", "voice_volume", "voice_breath", "voice_countdown"):
        assert name in dialog.controls, name
    detail = dialog.controls["voice"]
    assert [detail.itemText(i) for i in range(detail.count())] == [  # type: ignore[attr-defined]
        "Full guidance",
        "Key cues only",
        "Off",
    ]
    assert "voice_notice_seen" not in dialog.controls


def test_e_leaves_its_letter_to_a_focused_drop_down_list(window: MainWindow, qtbot: QtBot) -> None:
    start_short(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scape = window.player.soundscape
    scape.setFocus()
    qtbot.waitUntil(scape.hasFocus)
    qtbot.keyClick(scape, Qt.Key.Key_E)
    assert not window.player.eyes_closed.isChecked() and window.settings.text("voice") == "off"
    window.player.pause_button.setFocus()
    qtbot.keyClick(window.player.pause_button, Qt.Key.Key_E)
    assert window.player.eyes_closed.isChecked()
