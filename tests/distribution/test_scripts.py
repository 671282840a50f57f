"""The packaging scripts meet the code rules too: ruff and mypy do not look in packaging/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGING = ROOT / "packaging"
PYTHON_FILES = [PACKAGING / "measure", *sorted((PACKAGING / "pyinstaller-hooks").glob("*.py"))]


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_python_scripts_are_ruff_clean() -> None:
    lint = run(BIN / "ruff", "check", *PYTHON_FILES)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = run(BIN / "ruff", "format", "--check", *PYTHON_FILES)
    assert form.returncode == 0, form.stdout + form.stderr


def test_measure_is_typed() -> None:
    # The hook imports PyInstaller, which only the build venv has; measure is standard library.
    result = run(BIN / "mypy", "--strict", "--cache-dir", os.devnull, PACKAGING / "measure")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shell_scripts_parse_and_stop_on_the_first_error() -> None:
    script = PACKAGING / "build-linux"
    assert os.access(script, os.X_OK)
    assert os.access(PACKAGING / "measure", os.X_OK)
    assert "\nset -euo pipefail\n" in script.read_text("utf-8")
    parsed = run("bash", "-n", script)
    assert parsed.returncode == 0, parsed.stderr


def test_measure_explains_itself() -> None:
    shown = run(sys.executable, PACKAGING / "measure", "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--source" in shown.stdout and "--runs" in shown.stdout
