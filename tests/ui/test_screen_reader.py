"""Unwind as a screen reader reads it: the AT-SPI tree of a real window on a private session
bus, page by page, and the announcements the player makes (see atspi_app.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"
NAMED_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "slider",
    "list",
    "list item",
    "combo box",
    "table",
    "spin button",
    "text",
    "progress bar",
    "animation",
    "image",
    "chart",
    "canvas",
}
"""Every node of these roles must have a name; fillers, panels and labels speak for themselves."""


def read_with_atspi(display: str) -> dict[str, Any]:
    missing = [tool for tool in ("dbus-run-session",) if shutil.which(tool) is None]
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True, check=False
    )
    if missing or probe.returncode != 0:
        pytest.fail(
            "reading the AT-SPI tree needs Debian's at-spi2-core, dbus and python3-pyatspi "
            "(apt-get install at-spi2-core dbus python3-pyatspi; the README's test command does)"
        )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_FONT_DPI")}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        SDL_AUDIODRIVER="dummy",
        PYTHONPATH=os.pathsep.join((str(ROOT / "tests"), str(ROOT))),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(HERE / "atspi_app.py"), SYSTEM_PYTHON],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.xvfb
@pytest.mark.slow
def test_a_screen_reader_finds_a_name_for_every_control_and_hears_the_steps(
    xvfb_display: str,
) -> None:
    read = read_with_atspi(xvfb_display)
    pages: dict[str, list[dict[str, Any]]] = read["pages"]
    assert len(pages) >= 15 and all(pages.values())
    unnamed = [
        f"{page}: a {node['role']}"
        for page, nodes in pages.items()
        for node in nodes
        if node["role"] in NAMED_ROLES and not str(node["name"]).strip()
    ]
    assert unnamed == [], "\n".join(unnamed)

    def first(page: str, role: str) -> dict[str, Any]:
        return next(n for n in pages[page] if n["role"] == role)

    stress = first("check-in before", "slider")
    assert stress["name"].startswith("Stress from 0") and "not answered" in stress["description"]
    assert first("check-in before", "canvas")["name"].startswith("Affect grid")
    pacer = first("player, breathing", "animation")
    assert pacer["name"] == "Breathing guide"
    # the phase and its seconds, then the whole pattern
    assert " left. Breathe in for 2 seconds, then" in pacer["description"]
    body = first("player, massage", "image")
    assert body["description"] == (
        "Lit: shoulders, left side. Seen from behind: your left is on the left."
    )
    picker = first("editor, massage step", "image")  # the editor's body map says it too
    assert picker["description"].startswith("Lit: shoulders")
    head = first("player, head", "image")
    assert "seen from the front" in head["description"]
    assert any(n["role"] == "chart" and n["description"] for n in pages["journal"])
    heard = read["heard"]
    assert len(heard) == 1 and heard[0].startswith("Step 3 of 10: Knead the shoulder.")
