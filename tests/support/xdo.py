"""xdotool for the tests: run it on a display, and find windows with their geometry."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass


def xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
        check=check,
    )
    return done.stdout


@dataclass(frozen=True)
class Shape:
    window: str
    x: int
    y: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


def windows(display: str, *search: str) -> list[Shape]:
    """The windows `xdotool search SEARCH...` finds, with where they are."""
    found = []
    for window in xdotool(display, "search", *search, check=False).split():
        shell = xdotool(display, "getwindowgeometry", "--shell", window, check=False)
        values = dict(line.split("=", 1) for line in shell.split() if "=" in line)
        if "WIDTH" in values:
            found.append(
                Shape(
                    window,
                    int(values["X"]),
                    int(values["Y"]),
                    int(values["WIDTH"]),
                    int(values["HEIGHT"]),
                )
            )
    return found
