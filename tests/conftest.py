"""Offscreen Qt and a silent audio driver for every test, set before anything imports them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private virtual X screen for real-window tests; -displayfd picks a free number."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: apt-get install xvfb (the README's test command does)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24"),
            *("-nolisten", "tcp", "-noreset"),
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
