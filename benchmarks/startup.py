"""Start-up: process start to the first painted main window, unwind against a bare QWidget.

The parent notes time.time() just before it starts `python -m benchmarks.probe app|bare`; the
probe prints the wall-clock moment of the first Paint of a top-level window (see probe.py).
The two kinds alternate, after one warm-up run of each (disk cache, font cache, .pyc files).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import (
    Budget,
    Context,
    Measure,
    Result,
    json_child,
    median,
    python_command,
    scratch_dir,
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
    """Process start to the event loop's next turn: that first frame painted."""
    cpu_ms: float
    """CPU time of the process (all threads) until the first paint: less sensitive to load."""
    content_paint_ms: float
    """Process start to the first Paint of a child widget of the main window (bare: none)."""
    content_cpu_ms: float
    painted: str
    content_painted: str
    events_before: int

    def as_json(self) -> dict[str, Any]:
        return vars(self)


def run_probe(kind: str, ctx: Context) -> StartupRun:
    """One cold process, with a fresh --data-dir for the app."""
    with scratch_dir() as data_dir:
        command = python_command("benchmarks.probe", kind, "--data-dir", str(data_dir))
        began = time.time()
        line = json_child(command, ctx.env(), f"the {kind} probe", TIMEOUT)

    def since_start(key: str) -> float:
        return (float(line[key]) - began) * 1000

    return StartupRun(
        kind=kind,
        first_paint_ms=since_start("first_paint"),
        frame_done_ms=since_start("frame_done"),
        cpu_ms=float(line["cpu_seconds"]) * 1000,
        content_paint_ms=since_start("content_paint"),
        content_cpu_ms=float(line["content_cpu_seconds"]) * 1000,
        painted=str(line["painted"]),
        content_painted=str(line["content_painted"]),
        events_before=int(line["events_before"]),
    )


def spread(runs: list[StartupRun], key: str) -> str:
    values = [float(getattr(run, key)) for run in runs]
    return f"{min(values):.0f}-{max(values):.0f} ms"


def measure_startup(ctx: Context) -> list[Result]:
    runs = QUICK_RUNS if ctx.quick else RUNS
    for kind in ("bare", "app"):
        warm = run_probe(kind, ctx)
        ctx.log(f"warm-up {kind}: {warm.first_paint_ms:.0f} ms")
    samples: dict[str, list[StartupRun]] = {"bare": [], "app": []}
    for index in range(runs):
        for kind in ("bare", "app"):
            sample = run_probe(kind, ctx)
            samples[kind].append(sample)
            ctx.log(
                f"{kind} {index + 1}/{runs}: {sample.first_paint_ms:.0f} ms"
                f" (content {sample.content_paint_ms:.0f} ms)"
            )
    apps, bares = samples["app"], samples["bare"]

    def mid(runs_: list[StartupRun], key: str) -> float:
        return median([float(getattr(run, key)) for run in runs_])

    app, bare = mid(apps, "first_paint_ms"), mid(bares, "first_paint_ms")
    app_frame, bare_frame = mid(apps, "frame_done_ms"), mid(bares, "frame_done_ms")
    app_cpu, bare_cpu = mid(apps, "cpu_ms"), mid(bares, "cpu_ms")
    content, content_cpu = mid(apps, "content_paint_ms"), mid(apps, "content_cpu_ms")
    details = {
        "runs": runs,
        "first_paint_ms": {"app": app, "bare": bare},
        "frame_done_ms": {"app": app_frame, "bare": bare_frame},
        "cpu_ms": {"app": app_cpu, "bare": bare_cpu},
        "content_paint_ms": content,
        "content_cpu_ms": content_cpu,
        "samples": {kind: [s.as_json() for s in runs_] for kind, runs_ in samples.items()},
    }
    first = Result(
        name="startup",
        title="Start-up to the first painted main window",
        unit="ms",
        value=app,
        baseline=bare,
        budget=BUDGET,
        notes=[
            f"median of {runs} cold starts each; app {spread(apps, 'first_paint_ms')},"
            f" bare {spread(bares, 'first_paint_ms')}; first painted: {apps[-1].painted}",
            f"that frame done: app {app_frame:.0f} ms, bare {bare_frame:.0f} ms "
            f"({app_frame / bare_frame:.2f}x)",
            f"CPU time to first paint: app {app_cpu:.0f} ms, bare {bare_cpu:.0f} ms "
            f"({app_cpu / bare_cpu:.2f}x)",
        ],
        details=details,
    )
    filled = Result(
        name="startup-content",
        title="Start-up to the window's content painted (no budget of its own)",
        unit="ms",
        value=content,
        baseline=bare,
        notes=[
            f"first paint of a child widget of the main window ({apps[-1].content_painted});"
            f" app {spread(apps, 'content_paint_ms')}; baseline: the bare window's first paint",
            f"{content - app:.0f} ms after the first paint; CPU time to it {content_cpu:.0f} ms "
            f"({content_cpu / bare_cpu:.2f}x the bare window's CPU to first paint)",
        ],
        details={"see": "startup"},
    )
    return [first, filled]


MEASURES = (
    Measure(
        "startup",
        "process start to the first painted main window (and its content), against a bare QWidget",
        measure_startup,
    ),
)
