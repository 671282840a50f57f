"""Starts the real app in a real window and watches a short custom routine play to its end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
    (tmp_path / "settings.json").write_text('{"checkins": false}', "utf-8")
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


def wait_for_line(log: Path, text: str, process: subprocess.Popen[str], seconds: float) -> None:
    """Polls the app's log file: the app tells us where it is, we never guess with a delay."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text("utf-8"):
            return
        if process.poll() is not None:
            raise AssertionError(f"the app exited early; log:\n{log.read_text('utf-8')}")
        time.sleep(0.05)
    raise AssertionError(f"'{text}' never appeared in {log}")


def exported_sessions(command: list[str], display: str) -> list[dict[str, Any]]:
    """The journal's sessions, read back through `unwind journal export` as a person would."""
    exported = subprocess.run(
        [*command, "journal", "export", "--format", "json"],
        env=app_env(display),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    sessions: list[dict[str, Any]] = json.loads(exported.stdout)["sessions"]
    return sessions


def keys(display: str, *names: str) -> None:
    env = {**os.environ, "DISPLAY": display}
    window = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", "Unwind"],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    ).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, check=True, timeout=20)
    subprocess.run(["xdotool", "key", "--delay", "80", *names], env=env, check=True, timeout=20)


@pytest.mark.xvfb
def test_both_check_ins_are_answered_by_keyboard_and_exported(
    xvfb_display: str, tmp_path: Path
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "short.toml").write_text(ROUTINE, "utf-8")
    log = tmp_path / "logs" / "unwind.log"
    command = [sys.executable, "-m", "unwind", "--data-dir", str(tmp_path)]
    app = subprocess.Popen(
        [*command, "--start", "e2e-short", "--quit-when-done"],
        env=app_env(xvfb_display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_line(log, "check-in before e2e-short", app, 30)
        keys(xvfb_display, "7", "Tab", "space", "Right", "Up", "Return")
        wait_for_line(log, "check-in after e2e-short", app, 30)
        keys(xvfb_display, "3", "Tab", "space", "ctrl+Return")
        _, stderr = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, stderr
    sessions = exported_sessions(command, xvfb_display)
    assert len(sessions) == 1
    entry = sessions[0]
    assert entry["routine_id"] == "e2e-short"
    assert entry["ending"] == "completed"
    assert entry["completed_seconds"] == 6.5
    assert entry["practised_seconds"] == 6.5
    assert entry["before"]["stress"] == 7
    assert (entry["before"]["valence"], entry["before"]["arousal"]) == (6, 6)
    assert entry["after"]["stress"] == 3
    assert (entry["after"]["valence"], entry["after"]["arousal"]) == (5, 5)


LONG = """
id = "e2e-long"
title = "Three rests"

[[steps]]
kind = "rest"
duration = 1

[[steps]]
kind = "rest"
duration = 1

[[steps]]
kind = "rest"
duration = 60
"""


@pytest.mark.xvfb
def test_sigterm_mid_session_is_recorded_as_stopped_with_its_seconds(
    xvfb_display: str, tmp_path: Path
) -> None:
    """A desktop logout or `kill` ends Unwind cleanly, and the journal says what happened.

    SDL must not swallow SIGTERM either: the sound device is open by then.
    """
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "long.toml").write_text(LONG, "utf-8")
    (tmp_path / "settings.json").write_text('{"checkins": false}', "utf-8")
    log = tmp_path / "logs" / "unwind.log"
    command = [sys.executable, "-m", "unwind", "--data-dir", str(tmp_path)]
    launched = time.monotonic()
    app = subprocess.Popen(
        [*command, "--start", "e2e-long"],
        env=app_env(xvfb_display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_line(log, "sound ready", app, 30)
        wait_for_line(log, "step 3 of 3 started", app, 30)  # two seconds practised
        signalled = time.monotonic()
        app.terminate()
        _, stderr = app.communicate(timeout=10)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
            raise AssertionError("Unwind ignored SIGTERM")
    assert app.returncode == 0, stderr
    assert "quitting on SIGTERM" in log.read_text("utf-8")
    [entry] = exported_sessions(command, xvfb_display)
    assert entry["ending"] == "stopped"
    assert 2.0 <= entry["practised_seconds"] <= signalled - launched
    assert entry["completed_seconds"] == pytest.approx(entry["practised_seconds"], abs=0.01)
