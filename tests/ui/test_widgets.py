"""The shared building blocks in unwind.ui.widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from unwind.ui.main_window import MainWindow
from unwind.ui.widgets import FirstPaint, scroll_area


def test_first_paint_runs_each_action_once_and_late_ones_at_once() -> None:
    first_paint = FirstPaint()
    ran: list[str] = []
    first_paint.then(lambda: ran.append("early"))
    assert ran == []
    first_paint.painted()
    first_paint.painted()
    assert ran == ["early"]
    first_paint.then(lambda: ran.append("late"))
    assert ran == ["early", "late"]
    assert first_paint.done


def test_the_window_and_its_library_tell_when_they_first_paint(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: window.first_paint.done)
    qtbot.waitUntil(lambda: window.library.first_paint.done)


def test_scroll_area_scrolls_its_content_up_and_down_on_a_clear_viewport(qtbot: QtBot) -> None:
    content = QWidget()
    label = QLabel("A long routine description " * 40, content)
    label.setWordWrap(True)
    area = scroll_area(content)
    qtbot.addWidget(area)
    area.resize(200, 100)
    area.show()
    assert area.widget() is content
    assert content.parentWidget() is area.viewport(), "the content lives on the viewport"
    assert not area.viewport().autoFillBackground()
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert area.widgetResizable()
    area.close()
