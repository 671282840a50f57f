"""The app keeps no copy of module sources in memory (see unwind.app.spare_module_sources)."""

from __future__ import annotations

import importlib
import linecache
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
