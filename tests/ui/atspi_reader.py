"""Reads Unwind as a screen reader does: through the AT-SPI tree on the session bus.

Runs in Debian's own /usr/bin/python3, where python3-pyatspi imports (it is not on PyPI), as
a helper of atspi_app.py. It answers one line of JSON for each command line on stdin:

    tree     every showing node of the application named Unwind: role, name, states
    heard    the announcements heard since the last time it was asked
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import Atspi, GLib  # type: ignore[import-not-found]

APP_NAME = "Unwind"
heard: list[str] = []


def application() -> Any:
    """The Unwind application's root node, or None while it is not on the bus."""
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == APP_NAME:
            return app
    return None


def nodes(root: object, depth: int = 0) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if depth > 40:
        return found
    try:
        states = root.getState()  # type: ignore[attr-defined]
        if not states.contains(pyatspi.STATE_SHOWING):
            return found
        found.append(
            {
                "role": root.getRoleName(),  # type: ignore[attr-defined]
                "name": root.name,  # type: ignore[attr-defined]
                "description": root.description,  # type: ignore[attr-defined]
                "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            }
        )
        for index in range(root.childCount):  # type: ignore[attr-defined]
            child = root.getChildAtIndex(index)  # type: ignore[attr-defined]
            if child is not None:
                found.extend(nodes(child, depth + 1))
    except Exception as error:  # a node can go away while it is read
        found.append({"role": "gone", "name": str(error), "description": "", "focusable": False})
    return found


def answer(payload: object) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def on_command(source: object, condition: object) -> bool:
    line = sys.stdin.readline()
    if not line:
        pyatspi.Registry.stop()
        return False
    command = line.strip()
    if command == "tree":
        app = application()
        if app is not None:
            # read afresh, as a screen reader moving to a new view does: a stacked page's
            # children change without telling the cache
            app.set_cache_mask(Atspi.Cache.NONE)
            app.clear_cache()
        answer({"tree": nodes(app) if app is not None else None})
    elif command == "heard":
        answer({"heard": list(heard)})
        heard.clear()
    return True


def on_announcement(event: object) -> None:
    text = getattr(event, "any_data", None)
    heard.append(str(text))


def main() -> int:
    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_command)
    answer({"ready": True})
    pyatspi.Registry.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
