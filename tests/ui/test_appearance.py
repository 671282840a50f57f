"""The colours and the motion follow the settings and the desktop, and a change applies at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock
from unwind.ui.appearance import Appearance, kde_reduces_motion, motion_answer
from unwind.ui.main_window import MainWindow
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.theme import DARK, LIGHT


@pytest.fixture
def appearance(window: MainWindow) -> Iterator[Appearance]:
    followed = Appearance(window.settings)
    window.follow(followed)
    yield followed
    followed.close()
    QApplication.instance().setPalette(QPalette())  # type: ignore[union-attr]


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


def colour_at(image: QImage, point: QPoint) -> str:
    return image.pixelColor(point).name()


def test_a_theme_change_applies_at_once_everywhere(
    window: MainWindow, appearance: Appearance, qapp: QApplication
) -> None:
    window.settings.set("checkins", True)
    start_short(window)
    scale = window.checkin.form.stress
    window.settings.set("theme", "dark")
    assert appearance.theme is DARK and window.theme is DARK
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    assert DARK.control in qapp.styleSheet()
    # the painted controls follow too: an empty stress cell is the dark surface
    image = scale.grab().toImage()
    cell = scale._cell(3)
    assert colour_at(image, QPoint(int(cell.center().x()), int(cell.top() + 6))) == DARK.surface
    pacer = window.player.pacer  # painted from the palette: its page colour follows too
    assert colour_at(pacer.grab().toImage(), QPoint(1, 1)) == DARK.window
    qapp.processEvents()
    window.practice.abandon()
    window.show_journal()
    assert window.history is not None
    assert window.history.chart._theme is DARK
    window.settings.set("theme", "light")
    assert window.history.chart._theme is LIGHT
    assert window.library.delegate.theme is LIGHT
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window


def test_reduced_motion_keeps_the_circle_still_and_fills_a_ring(
    window: MainWindow, appearance: Appearance, clock: FakeClock
) -> None:
    start_short(window)
    player = window.player
    clock.advance(0.5)
    player.refresh()
    assert not player.pacer.reduced
    moving = player.pacer.smallest_radius()
    window.settings.set("reduce_motion", "on")
    assert appearance.reduce_motion and player.pacer.reduced
    assert player.frame_timer.interval() == 50  # the ring fills 20 times a second
    clock.advance(1.0)  # halfway through the 2 s inhale
    player.refresh()
    assert player.pacer.word == "Breathe in"
    assert player.pacer.progress == pytest.approx(0.75)
    assert player.pacer.smallest_radius() > moving  # one size, the circle does not grow
    window.settings.set("reduce_motion", "off")
    assert not player.pacer.reduced


def test_the_editor_follows_the_theme_and_the_motion_made_before_and_after_it(
    window: MainWindow, appearance: Appearance
) -> None:
    window.settings.set("theme", "dark")
    window.settings.set("reduce_motion", "on")
    window.keeper.new_routine()  # the editor is made now, after both changes
    editor = window.keeper.editor
    preview, picker = editor.step_form.preview.pacer, editor.step_form.picker
    assert preview.reduced
    assert preview.accent().name() == DARK.accent
    assert picker.accent().name() == DARK.accent
    window.settings.set("theme", "light")
    window.settings.set("reduce_motion", "off")
    assert not preview.reduced
    assert preview.accent().name() == LIGHT.accent
    assert picker.accent().name() == LIGHT.accent
    assert LIGHT.control in QApplication.instance().styleSheet()
    editor.dirty = False


def test_the_desktop_decides_motion_until_the_person_does(
    window: MainWindow, appearance: Appearance
) -> None:
    assert window.settings.text("reduce_motion") == "system"
    assert not appearance.reduce_motion
    appearance.desktop_reduces_motion(True)
    assert appearance.reduce_motion and window.reduce_motion
    window.settings.set("reduce_motion", "off")
    assert not window.reduce_motion
    window.settings.set("reduce_motion", "system")
    assert window.reduce_motion


def test_desktop_settings_that_ask_for_less_motion() -> None:
    assert motion_answer("org.gnome.desktop.interface", "enable-animations", False) is True
    assert motion_answer("org.gnome.desktop.interface", "enable-animations", True) is False
    assert motion_answer("org.kde.kdeglobals.KDE", "AnimationDurationFactor", "0") is True
    assert motion_answer("org.kde.kdeglobals.KDE", "AnimationDurationFactor", 0.5) is False
    assert motion_answer("org.kde.kdeglobals.KDE", "AnimationDurationFactor", "fast") is None
    assert motion_answer("org.example", "anything", False) is None


def test_kdes_own_file_is_read(tmp_path: Path) -> None:
    assert kde_reduces_motion(tmp_path) is None  # no file
    (tmp_path / "kdeglobals").write_text("[General]\nfont=Noto\n", "utf-8")
    assert kde_reduces_motion(tmp_path) is None
    (tmp_path / "kdeglobals").write_text("[KDE]\nAnimationDurationFactor=0\n", "utf-8")
    assert kde_reduces_motion(tmp_path) is True
    (tmp_path / "kdeglobals").write_text("[KDE]\nAnimationDurationFactor=1\n", "utf-8")
    assert kde_reduces_motion(tmp_path) is False


def test_the_reduced_pacer_draws_the_phase_done_as_a_ring(qtbot: QtBot) -> None:
    pacer = PacerWidget()
    qtbot.addWidget(pacer)
    pacer.resize(300, 300)
    pacer.set_accent(QColor(LIGHT.accent), QColor(LIGHT.control))
    pacer.set_reduced(True)
    pacer.set_breath(0.2, "Breathe in", "3", 0.25)
    image = pacer.grab().toImage()
    centre = 150
    reach = round(pacer.smallest_radius() + 2.5 + 3 + 7 / 2)
    done = image.pixelColor(QPoint(centre + round(reach * 0.7071), centre - round(reach * 0.7071)))
    left = image.pixelColor(QPoint(centre - round(reach * 0.7071), centre + round(reach * 0.7071)))
    assert done.name() == LIGHT.accent  # a quarter of the way: the ring reaches 1:30
    assert left.name() != LIGHT.accent
