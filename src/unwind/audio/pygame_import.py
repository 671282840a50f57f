"""Loading pygame's mixer without the rest of pygame."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)


def import_mixer() -> Any:
    """pygame's mixer module, loaded without the rest of pygame where that works.

    `import pygame.mixer` first runs pygame's `__init__`, which loads every pygame module and
    the libraries behind them (the display, image decoders, fonts with FreeType and HarfBuzz,
    transforms, sprites): about 4 MB of memory that Unwind never uses. The mixer needs only a
    few of pygame's C modules (base, rwobject, event, color), which load each other by name.
    So, when pygame is not loaded yet, its package is registered without running `__init__`
    and the mixer alone is imported. Should that fail (a pygame laid out differently, or
    Windows, where `__init__` first tells the system where pygame's DLLs are), pygame is
    imported the ordinary way.
    """
    if "pygame" not in sys.modules and sys.platform != "win32":
        try:
            return _import_mixer_alone()
        except Exception as exc:
            log.info("pygame's mixer could not be loaded on its own (%s); loading all of it", exc)
            for name in [n for n in sys.modules if n == "pygame" or n.startswith("pygame.")]:
                del sys.modules[name]
    import pygame.mixer

    return pygame.mixer


def _import_mixer_alone() -> Any:
    spec = importlib.util.find_spec("pygame")
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError("pygame is not installed as a package")
    sys.modules["pygame"] = importlib.util.module_from_spec(spec)  # its __init__ is not run
    return importlib.import_module("pygame.mixer")
