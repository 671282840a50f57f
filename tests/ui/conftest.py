from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from support.fakes import Answers, FakeClock, RecordingAudio
from unwind.audio.session_sound import SessionSound
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.practice import Practice
from unwind.core.settings import Settings
from unwind.journal.recorder import JournalRecorder
from unwind.journal.store import WINDOW_BUSY_TIMEOUT_MS, JournalStore
from unwind.ui.main_window import MainWindow
from unwind.ui.theme import LIGHT, apply_theme

SHORT = """
id = "short-test"
title = "Short test"
summary = "Three quick steps."
goals = ["quick_break"]

[[steps]]
kind = "breathe"
inhale = 2
exhale = 3
cycles = 2

[[steps]]
kind = "massage"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 20
instruction = "Knead the top of the shoulder."

[[steps]]
kind = "rest"
duration = 90
instruction = "Sit quietly."
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def audio(clock: FakeClock) -> RecordingAudio:
    return RecordingAudio(clock)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    found = AppPaths.resolve(tmp_path)
    found.routines.mkdir(parents=True)
    (found.routines / "short.toml").write_text(SHORT, "utf-8")
    return found


@pytest.fixture
def settings(paths: AppPaths) -> Settings:
    made = Settings(paths.settings_file)
    made.set("checkins", False)  # the check-in tests switch them on
    return made


@pytest.fixture
def practice(settings: Settings, clock: FakeClock) -> Practice:
    return Practice(settings, clock)


@pytest.fixture
def journal(paths: AppPaths, practice: Practice, clock: FakeClock) -> Iterator[JournalStore]:
    """The real journal in the test's folder, written by the practice as the app does."""
    store = JournalStore(paths.journal, now=clock.now, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS)
    practice.subscribe(JournalRecorder(store))
    yield store
    store.close()


@pytest.fixture
def window(
    qapp: QApplication,
    qtbot: object,
    paths: AppPaths,
    audio: RecordingAudio,
    settings: Settings,
    practice: Practice,
    journal: JournalStore,
) -> Iterator[MainWindow]:
    apply_theme(qapp, LIGHT)
    practice.subscribe(SessionSound(audio, settings))
    library = RoutineLibrary.load(paths.routines)
    win = MainWindow(library, practice, settings, paths, LIGHT)
    practice.subscribe(win)
    win.journal_opened(journal)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    yield win
    win.ask_to_end = Answers(True)
    win.close()
    # gone now, not at the next garbage collection: the practice and the window hold each
    # other, and every window still alive is restyled by the next test's style sheet
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def no_stray_windows(qapp: QApplication) -> Iterator[None]:
    """Fails a test that leaves a visible top-level window or a running timer behind."""
    yield
    QApplication.processEvents()
    stray = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowType().name not in ("ToolTip", "Popup")
    ]
    assert not stray, f"top-level windows left open: {stray}"
