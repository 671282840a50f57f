"""Start-up: process start to the first painted main window, unwind against a bare QWidget.

The parent notes time.time() just before it starts `python -m benchmarks.probe app|bare`; the
probe prints the wall-clock moment of the first Paint of a top-level window (see probe.py).
The two kinds alternate, after one warm-up run of each (disk cache, font cache, .pyc files).
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import (
    ROOT,
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    median,
    python_command,
    scratch_dir,
    stop,
)

BUDGET = Budget(1.3, "ratio")
RUNS = 9
QUICK_RUNS = 3
TIMEOUT = 60.0


@dataclass(frozen=True)
class StartupRun:
    kind: str
    first_paint_ms: float
    """Process start to the first Paint event of a top-level window."""
    frame_done_ms: float
    """Process start to the event loop's next turn: the whole first frame painted."""
    cpu_ms: float
    """CPU time of the process (all threads) until the first paint: less sensitive to load."""
    painted: str
    events_before: int

    def as_json(self) -> dict[str, Any]:
        return vars(self)


def run_probe(kind: str, ctx: Context) -> StartupRun:
    """One cold process, with a fresh --data-dir for the app."""
    with scratch_dir() as data_dir:
        command = python_command("benchmarks.probe", kind, "--data-dir", str(data_dir))
        began = time.time()
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=ctx.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise BenchmarkError(f"the {kind} probe did not paint within {TIMEOUT:g} s") from None
        finally:
            stop(proc)
    if proc.returncode != 0 or not out.strip():
        raise BenchmarkError(
            f"the {kind} probe failed (status {proc.returncode}): {err.strip()[-800:]}"
        )
    line = json.loads(out.strip().splitlines()[-1])
    return StartupRun(
        kind=kind,
        first_paint_ms=(float(line["first_paint"]) - began) * 1000,
        frame_done_ms=(float(line["frame_done"]) - began) * 1000,
        cpu_ms=float(line["cpu_seconds"]) * 1000,
        painted=str(line["painted"]),
        events_before=int(line["events_before"]),
    )


def measure_startup(ctx: Context) -> Result:
    runs = QUICK_RUNS if ctx.quick else RUNS
    for kind in ("bare", "app"):
        warm = run_probe(kind, ctx)
        ctx.log(f"warm-up {kind}: {warm.first_paint_ms:.0f} ms")
    samples: dict[str, list[StartupRun]] = {"bare": [], "app": []}
    for index in range(runs):
        for kind in ("bare", "app"):
            sample = run_probe(kind, ctx)
            samples[kind].append(sample)
            ctx.log(f"{kind} {index + 1}/{runs}: {sample.first_paint_ms:.0f} ms")
    app = median([s.first_paint_ms for s in samples["app"]])
    bare = median([s.first_paint_ms for s in samples["bare"]])
    app_frame = median([s.frame_done_ms for s in samples["app"]])
    bare_frame = median([s.frame_done_ms for s in samples["bare"]])
    app_cpu = median([s.cpu_ms for s in samples["app"]])
    bare_cpu = median([s.cpu_ms for s in samples["bare"]])
    spread = {
        kind: (min(s.first_paint_ms for s in runs_), max(s.first_paint_ms for s in runs_))
        for kind, runs_ in samples.items()
    }
    return Result(
        name="startup",
        title="Start-up to first paint",
        unit="ms",
        value=app,
        baseline=bare,
        budget=BUDGET,
        notes=[
            f"median of {runs} cold starts each; app {spread['app'][0]:.0f}-{spread['app'][1]:.0f}"
            f" ms, bare {spread['bare'][0]:.0f}-{spread['bare'][1]:.0f} ms",
            f"whole first frame done: app {app_frame:.0f} ms, bare {bare_frame:.0f} ms "
            f"({app_frame / bare_frame:.2f}x)",
            f"CPU time to first paint: app {app_cpu:.0f} ms, bare {bare_cpu:.0f} ms "
            f"({app_cpu / bare_cpu:.2f}x)",
        ],
        details={
            "runs": runs,
            "frame_done_ms": {"app": app_frame, "bare": bare_frame},
            "cpu_ms": {"app": app_cpu, "bare": bare_cpu},
            "samples": {kind: [s.as_json() for s in runs_] for kind, runs_ in samples.items()},
        },
    )


MEASURES = (
    Measure(
        "startup",
        "process start to the first painted main window, against a bare QWidget",
        measure_startup,
    ),
)
