"""Frozen bundle start-up: dist/unwind/unwind against the source install's `unwind` script.

Both are started alternately in a fresh --data-dir; the figure is the time from just before
the process starts to its window "Unwind" visible on the private Xvfb (xdotool, polled every
10 ms), as packaging/measure does (its budget: 1.2x). The frozen program cannot run
benchmarks/probe.py, so this clock stops at the window's mapping, a few milliseconds before
its first paint. An info row: skipped, with a note, when dist/ holds no bundle.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from benchmarks.common import (
    ROOT,
    BenchmarkError,
    Context,
    Measure,
    Result,
    median,
    running,
    scratch_dir,
    tail,
    unwind_command,
)

BUNDLE = ROOT / "dist" / "unwind" / "unwind"
PACKAGING_BUDGET = 1.2
RUNS = 5
QUICK_RUNS = 2
TIMEOUT = 30.0


def time_to_window(ctx: Context, command: list[str]) -> float:
    with scratch_dir() as data_dir:
        log_path = data_dir / "stderr.log"
        with (
            log_path.open("wb") as stderr,
            running([*command, "--data-dir", str(data_dir / "data")], ctx.env(), stderr) as proc,
        ):
            env = {**os.environ, "DISPLAY": ctx.display}
            began = time.time()
            while True:
                found = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", "^Unwind$"],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if found.stdout.strip():
                    return (time.time() - began) * 1000
                if proc.poll() is not None:
                    raise BenchmarkError(
                        f"{command[0]} ended (status {proc.returncode}) early\n{tail(log_path)}"
                    )
                if time.time() - began > TIMEOUT:
                    raise BenchmarkError(f"{command[0]} showed no window within {TIMEOUT:g} s")
                time.sleep(0.01)


def retried(ctx: Context, command: list[str]) -> float:
    """One more try when the program could not start: Qt now and then failed to connect to
    the private display here (status -6), which says nothing about the bundle."""
    try:
        return time_to_window(ctx, command)
    except BenchmarkError as error:
        ctx.log(f"retrying once: {str(error).splitlines()[0]}")
        return time_to_window(ctx, command)


def measure_bundle(ctx: Context) -> list[Result]:
    if not BUNDLE.is_file():
        return [
            Result(
                name="bundle-startup",
                title="Frozen bundle start-up against the source install (skipped)",
                unit="ms",
                value=0.0,
                notes=[f"skipped: there is no {BUNDLE.relative_to(ROOT)} (packaging/build-linux)"],
            )
        ]
    runs = QUICK_RUNS if ctx.quick else RUNS
    commands = {"bundle": [str(BUNDLE)], "source": unwind_command()}
    for command in commands.values():
        retried(ctx, command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(runs):
        for name, command in commands.items():
            times[name].append(retried(ctx, command))
        ctx.log(
            f"bundle {index + 1}/{runs}: bundle {times['bundle'][-1]:.0f} ms,"
            f" source {times['source'][-1]:.0f} ms"
        )
    bundle, source = median(times["bundle"]), median(times["source"])
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(BUNDLE.stat().st_mtime))
    return [
        Result(
            name="bundle-startup",
            title="Frozen bundle start-up (window mapped) against the source install",
            unit="ms",
            value=bundle,
            baseline=source,
            notes=[
                f"median of {runs} each, alternating, after one warm-up each; bundle"
                f" {min(times['bundle']):.0f}-{max(times['bundle']):.0f} ms, source"
                f" {min(times['source']):.0f}-{max(times['source']):.0f} ms",
                f"packaging's budget is {PACKAGING_BUDGET:g}x:"
                f" {'within' if bundle <= PACKAGING_BUDGET * source else 'OVER'};"
                f" the bundle was built {built} and may be older than the source",
                f"source: {' '.join(Path(part).name for part in unwind_command())}",
            ],
            details={"times_ms": times},
        )
    ]


MEASURES = (
    Measure(
        "bundle-startup",
        "the frozen bundle's start-up against the source install (info; skipped without dist/)",
        measure_bundle,
    ),
)
