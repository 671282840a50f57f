"""ruff and mypy are part of the suite, so a lint or type error fails CI like a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_and_format_are_clean() -> None:
    lint = run(str(BIN / "ruff"), "check", "src", "tests", "tools", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = run(str(BIN / "ruff"), "format", "--check", "src", "tests", "tools", "benchmarks")
    assert form.returncode == 0, form.stdout + form.stderr


def test_mypy_is_clean() -> None:
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
