"""Reduced motion where the desktop says so: the portal's settings read over a private session
bus, as Unwind asks them at start-up (without waiting, never starting a portal)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"

RUN = """
"$SYSTEM_PYTHON" "$HERE/fake_portal.py" "$@" > "$READY" &
portal=$!
for _ in $(seq 200); do grep -q ready "$READY" && break; sleep 0.05; done
"$PYTHON" "$HERE/portal_probe.py"
code=$?
kill $portal
exit $code
"""


def ask_the_desktop(tmp_path: Path, *setting: str) -> str:
    if shutil.which("dbus-run-session") is None:
        pytest.fail("dbus-run-session is missing: apt-get install dbus-daemon")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(ROOT / "src"), str(ROOT / "tests"))),
        "XDG_CONFIG_HOME": str(tmp_path),  # no kdeglobals of this machine's
        "SYSTEM_PYTHON": SYSTEM_PYTHON,
        "PYTHON": sys.executable,
        "HERE": str(HERE),
        "READY": str(tmp_path / "ready"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", RUN, "sh", *setting],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "answer"),
    [
        (("org.gnome.desktop.interface", "enable-animations", "false"), "true"),
        (("org.kde.kdeglobals.KDE", "AnimationDurationFactor", "0"), "true"),
        (("org.example.other", "anything", "true"), "none"),
    ],
    ids=["gnome", "kde", "unknown"],
)
def test_the_desktop_portal_says_whether_to_reduce_motion(
    tmp_path: Path, setting: tuple[str, str, str], answer: str
) -> None:
    assert ask_the_desktop(tmp_path, *setting) == answer
