"""Starts the real app in a real window and watches a short custom routine play to its end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROUTINE = """
id = "e2e-short"
title = "A very short routine"
summary = "Two breaths and a pause."
goals = ["quick_break"]

[[steps]]
kind = "breathe"
inhale = 1
exhale = 1.5
cycles = 2

[[steps]]
kind = "rest"
duration = 1.5
instruction = "Sit quietly."
"""


def app_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy", QT_QPA_PLATFORM="xcb")
    return env


@pytest.mark.xvfb
def test_custom_routine_plays_to_the_end_in_a_real_window(
    xvfb_display: str, tmp_path: Path
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "short.toml").write_text(ROUTINE, "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "unwind",
            "--data-dir",
            str(tmp_path),
            "--start",
            "e2e-short",
            "--quit-when-done",
        ],
        env=app_env(xvfb_display),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "logs" / "unwind.log").read_text("utf-8")
    assert "session e2e-short finished after 6.5 s" in log
    assert "Traceback" not in log and "Traceback" not in done.stderr
    unexpected = [line for line in done.stderr.splitlines() if line.strip()]
    assert unexpected == []
