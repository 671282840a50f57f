"""Every page at 1024x600, 1280x720 and 1366x768, with text at 1x and 2x, light and dark: no
words clipped or elided, nothing out of reach without a scroll bar (see layout_check.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def start_check(font_dpi: int | None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "tests"), str(ROOT)))}
    env.pop("QT_FONT_DPI", None)
    if font_dpi is not None:
        env["QT_FONT_DPI"] = str(font_dpi)
    return subprocess.Popen(
        [sys.executable, str(HERE / "layout_check.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def problems_of(check: subprocess.Popen[str]) -> list[str]:
    out, err = check.communicate(timeout=240)
    assert check.returncode == 0, err
    found: list[str] = json.loads(out.strip().splitlines()[-1])["problems"]
    return found


@pytest.mark.slow
def test_every_page_fits_every_laptop_screen_at_1x_and_2x_text() -> None:
    # the two text scales run side by side, one process each (a font DPI is fixed at start)
    checks = [start_check(None), start_check(192)]
    problems = [p for check in checks for p in problems_of(check)]
    assert problems == [], "\n".join(problems)
