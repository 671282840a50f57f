"""The coverage-guided run: atheris mutates the committed seeds of the routine reader and the
import reader for a bounded time (FUZZ_SECONDS each, 6 by default; set UNWIND_FUZZ_SECONDS
for a longer run) and fails on any input that ends in anything but the reader's own error.
A crash it finds is saved under the test's tmp_path and printed, to become a regression
test in test_fuzz_regressions.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FUZZ_SECONDS = int(os.environ.get("UNWIND_FUZZ_SECONDS", "6"))

pytest.importorskip("atheris", reason="atheris is installed with '.[dev]' on Linux")


@pytest.mark.slow
@pytest.mark.parametrize("target", ["routine", "import"])
def test_a_bounded_coverage_guided_run_finds_no_crash(target: str, tmp_path: Path) -> None:
    found = tmp_path / "found"
    found.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            str(HERE / "atheris_target.py"),
            target,
            str(found),  # new inputs go here; the committed seeds stay as they are
            str(HERE / "corpus" / target),
            f"-max_total_time={FUZZ_SECONDS}",
            "-timeout=5",  # an input that takes this long is a failure too
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
            "-print_final_stats=1",
        ],
        capture_output=True,
        text=True,
        timeout=FUZZ_SECONDS + 120,
    )
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert run.returncode == 0 and not crashes, (crashes, run.stderr[-4000:])
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", run.stderr)
    assert runs is not None and int(runs.group(1)) > 20, run.stderr[-2000:]
    print(f"{target}: {runs.group(1)} inputs in {FUZZ_SECONDS} s")
