"""The app keeps no copy of module sources in memory (see unwind.app.spare_module_sources)."""

from __future__ import annotations

import importlib
import json
import linecache
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject  # noqa: F401  (PySide6 is loaded, as in the app)

from unwind.app import spare_module_sources


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("unwind_probe_qt", "unwind_probe_plain"):
        sys.modules.pop(name, None)


def test_modules_imported_after_pyside6_leave_no_source_behind(module_dir: Path) -> None:
    spare_module_sources()
    qt = module_dir / "unwind_probe_qt.py"
    qt.write_text("from PySide6.QtCore import QObject\nPROBE = QObject\n", "utf-8")
    plain = module_dir / "unwind_probe_plain.py"
    plain.write_text("PROBE = 'nothing from Qt here'\n" * 200, "utf-8")
    importlib.invalidate_caches()
    # an import statement, as in the app: PySide6 hooks builtins.__import__
    __import__("unwind_probe_qt")
    __import__("unwind_probe_plain")
    assert str(qt) not in linecache.cache
    assert str(plain) not in linecache.cache
    # PySide6 still learns which of them use it (its `__feature__` switches rely on that).
    feature = importlib.import_module("shibokensupport.feature")
    assert feature.pyside_feature_dict["unwind_probe_qt"] == 0
    assert feature.pyside_feature_dict["unwind_probe_plain"] == -1


PLAY_AND_LOOK = """
import json, sys
import PySide6.QtGui as gui
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from unwind.audio import engine
from unwind.cli.main import main
from unwind.core import practice

app = QApplication(sys.argv[:1])
report = {}
made = []
make = engine.PygameAudio.__init__
play = practice.Practice.play

def remember(self, *args, **kwargs):
    make(self, *args, **kwargs)
    made.append(self)

def play_then_look(self):
    play(self)

    def look():
        audio = made[0]
        if not audio.available and audio.notice is None:
            QTimer.singleShot(20, look)  # the mixer is still opening
            return
        report["playing"] = self.playing
        report["sound"] = audio.available
        report["types"] = sorted(vars(widgets)) + sorted(vars(gui))
        report["modules"] = sorted(sys.modules)
        app.quit()

    QTimer.singleShot(300, look)

engine.PygameAudio.__init__ = remember
practice.Practice.play = play_then_look
main(["--data-dir", sys.argv[1], "--start", "calm-5-5"])
print(json.dumps(report))
"""

# Types PySide6 creates only when it has to work out the class of an object Qt made itself.
NEVER_USED_TYPES = ("QMdiArea", "QWizard", "QCalendarWidget", "QTabletEvent", "QDropEvent")
NEVER_USED_MODULES = ("pygame.display", "pygame.image", "pygame.font", "pygame.transform")


def test_a_session_leaves_unused_qt_types_and_pygame_modules_unloaded(tmp_path: Path) -> None:
    """Guards the savings of unwind.ui.widgets and unwind.audio.engine.import_mixer: a stray
    `viewport()`, a Python event filter or a plain `import pygame` would each bring back
    megabytes that stay for the whole session."""
    (tmp_path / "settings.json").write_text('{"checkins": false}', "utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", PLAY_AND_LOOK, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["playing"] and report["sound"], report
    assert not set(NEVER_USED_TYPES) & set(report["types"])
    assert "QMainWindow" in report["types"], "the probe sees the types that are created"
    assert "pygame.mixer" in report["modules"]
    assert not set(NEVER_USED_MODULES) & set(report["modules"])
