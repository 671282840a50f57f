"""Pacer smoothness: the intervals between the breathing pacer's real paints, under Xvfb.

The app plays the CPU benchmark's breathing routine (check-ins off) and
benchmarks/pacer_probe.py notes the moment of every Paint event delivered to a PacerWidget;
the baseline is the bare 60 fps QPainter circle (benchmarks/bare_circle.py), watched the same
way. The first 2 s of paints are ignored. At 60 Hz a frame is 16.7 ms: the budget is a p99
interval of at most 20 ms and no interval over 50 ms (three frames).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    json_child,
    python_command,
    scratch_dir,
)
from benchmarks.cpu import BREATHING_ROUTINE, prepare_data_dir

SECONDS = 30.0
QUICK_SECONDS = 10.0
P99_BUDGET = Budget(20.0, "value")
MAX_BUDGET = Budget(50.0, "value")


def run_pacer_probe(
    ctx: Context, kind: str, seconds: float, data_dir: Path | None
) -> dict[str, Any]:
    args = [kind, "--seconds", f"{seconds:g}"]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir), "--start", "bench-breathing"]
    line = json_child(
        python_command("benchmarks.pacer_probe", *args),
        ctx.env(),
        f"the {kind} pacer probe",
        seconds + 60,
    )
    if int(line.get("count", 0)) < seconds * 20:
        raise BenchmarkError(
            f"the {kind} pacer probe saw only {line.get('count')} frames in {seconds:g} s: "
            "is the pacer animating?"
        )
    return line


def describe(label: str, figures: dict[str, Any]) -> str:
    buckets = ", ".join(f"{key} ms: {value}" for key, value in figures["buckets_ms"].items())
    return (
        f"{label}: {figures['count']} intervals, p50 {figures['p50']:.1f} ms, p90 "
        f"{figures['p90']:.1f} ms, p99 {figures['p99']:.1f} ms, max {figures['max']:.1f} ms "
        f"({buckets})"
    )


def measure_smoothness(ctx: Context) -> list[Result]:
    seconds = QUICK_SECONDS if ctx.quick else SECONDS
    bare = run_pacer_probe(ctx, "bare", seconds, None)
    ctx.log(f"bare circle: p99 {bare['p99']:.1f} ms, max {bare['max']:.1f} ms")
    with scratch_dir() as data_dir:
        prepare_data_dir(data_dir, BREATHING_ROUTINE)
        app = run_pacer_probe(ctx, "app", seconds, data_dir)
    ctx.log(f"pacer: p99 {app['p99']:.1f} ms, max {app['max']:.1f} ms")
    common = [
        f"{seconds:g} s of paints after {app['warmup_s']:g} s, one run each; baseline: the bare"
        " 60 fps circle's intervals",
        describe("app pacer", app),
        describe("bare circle", bare),
        f"intervals over 20 ms: app {app['over_20']}, bare {bare['over_20']}; five worst app:"
        f" {', '.join(f'{v:.1f}' for v in app['worst'])} ms, ending"
        f" {', '.join(f'{v:.2f}' for v in app['worst_at_s'])} s after the pacer's first paint",
    ]
    details = {"seconds": seconds, "app": app, "bare": bare}
    p99 = Result(
        name="pacer-smoothness",
        title="Pacer frame-to-frame interval, p99 (breathing, Xvfb 60 Hz)",
        unit="ms",
        value=float(app["p99"]),
        baseline=float(bare["p99"]),
        budget=P99_BUDGET,
        notes=common,
        details=details,
    )
    worst = Result(
        name="pacer-max-frame",
        title="Pacer frame-to-frame interval, longest",
        unit="ms",
        value=float(app["max"]),
        baseline=float(bare["max"]),
        budget=MAX_BUDGET,
        notes=[f"median interval: app {app['p50']:.1f} ms, bare {bare['p50']:.1f} ms"],
        details={"see": "pacer-smoothness"},
    )
    return [p99, worst]


MEASURES = (
    Measure(
        "pacer-smoothness",
        "intervals between the breathing pacer's paints, against the bare 60 fps circle",
        measure_smoothness,
    ),
)
