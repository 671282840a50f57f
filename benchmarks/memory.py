"""Memory: resident set size of the app against a bare window with an open mixer, and growth
over a 60-minute routine.

RSS is VmRSS in /proc/PID/status (VmHWM, its peak, in the notes). The app runs in a fresh
--data-dir under the private Xvfb: idle on the library (the mixer still closed: it opens when
a session begins), and 4 s into the CPU benchmark's breathing routine (mixer open). The
baseline, benchmarks/memory_baseline.py, is a shown 1180x720 QWidget plus pygame.mixer.init()
on SDL's dummy driver. Growth comes from benchmarks/memory_soak.py: a 60-minute routine
played in one process with a fake clock, one refresh per 1/60 s, RSS every simulated minute.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    json_child,
    median,
    python_command,
    running,
    scratch_dir,
    tail,
    unwind_command,
    wait_for_window,
)
from benchmarks.cpu import BREATHING_ROUTINE, prepare_data_dir

RSS_BUDGET = Budget(1.3, "ratio")
GROWTH_BUDGET = Budget(2.0, "value")
SETTLE_S = 4.0
QUICK_SETTLE_S = 3.0
REPEATS = 3
"""Three, so one run of the bare window that comes out high (seen: 65 MB against 61.6) cannot
move the baseline on its own."""
QUICK_REPEATS = 1
SOAK_MINUTES = 60
QUICK_SOAK_MINUTES = 20
GROWTH_FROM_MINUTE = 5


def status_kb(pid: int) -> dict[str, int]:
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
            fields[name] = int(value.split()[0])
    return fields


def resident(ctx: Context, command: Sequence[str], title: str, settle: float) -> dict[str, int]:
    """Starts the program, waits for its window and `settle` seconds, reads its memory."""
    with scratch_dir() as scratch:
        log_path = scratch / "stderr.log"
        with log_path.open("wb") as stderr, running(command, ctx.env(), stderr) as proc:
            try:
                wait_for_window(ctx.display, title, proc)
            except BenchmarkError as error:
                raise BenchmarkError(f"{' '.join(command)}: {error}\n{tail(log_path)}") from None
            time.sleep(settle)
            if proc.poll() is not None:
                raise BenchmarkError(f"{' '.join(command)} ended early\n{tail(log_path)}")
            return status_kb(proc.pid)


def app_resident(ctx: Context, settle: float, breathing: bool) -> dict[str, int]:
    with scratch_dir() as data_dir:
        args = ["--data-dir", str(data_dir)]
        if breathing:
            prepare_data_dir(data_dir, BREATHING_ROUTINE)
            args += ["--start", "bench-breathing"]
        return resident(ctx, unwind_command(*args), "Unwind", settle)


def mb(kb: float) -> float:
    return kb / 1024


def soak(ctx: Context, minutes: int) -> dict[str, Any]:
    with scratch_dir() as data_dir:
        command = python_command(
            "benchmarks.memory_soak",
            "--data-dir",
            str(data_dir),
            "--minutes",
            str(minutes),
            "--tracemalloc",
        )
        env = ctx.env({"QT_QPA_PLATFORM": "offscreen"})
        return json_child(command, env, "the memory soak", 600)


def measure_memory(ctx: Context) -> list[Result]:
    settle = QUICK_SETTLE_S if ctx.quick else SETTLE_S
    repeats = QUICK_REPEATS if ctx.quick else REPEATS
    runs: dict[str, list[dict[str, int]]] = {"bare": [], "idle": [], "breathing": []}
    for index in range(repeats):
        runs["bare"].append(
            resident(ctx, python_command("benchmarks.memory_baseline"), "bare memory", settle)
        )
        runs["idle"].append(app_resident(ctx, settle, breathing=False))
        runs["breathing"].append(app_resident(ctx, settle, breathing=True))
        ctx.log(
            f"RSS {index + 1}/{repeats}: bare {mb(runs['bare'][-1]['VmRSS']):.1f} MB, idle"
            f" {mb(runs['idle'][-1]['VmRSS']):.1f} MB, breathing"
            f" {mb(runs['breathing'][-1]['VmRSS']):.1f} MB"
        )

    def mid(kind: str, field: str) -> float:
        return mb(median([float(run[field]) for run in runs[kind]]))

    def parts(kind: str) -> str:
        return (
            f"{kind}: RSS {mid(kind, 'VmRSS'):.1f} MB (anonymous {mid(kind, 'RssAnon'):.1f},"
            f" file {mid(kind, 'RssFile'):.1f}), peak (VmHWM) {mid(kind, 'VmHWM'):.1f} MB"
        )

    bare = mid("bare", "VmRSS")
    common = f"median of {repeats}, read {settle:g} s after the window was mapped"
    rows = [
        Result(
            name="memory-idle",
            title="Resident memory, idle on the library",
            unit="MB",
            value=mid("idle", "VmRSS"),
            baseline=bare,
            budget=RSS_BUDGET,
            notes=[
                f"{common}; baseline: bare QWidget + open pygame mixer (dummy driver)",
                parts("idle"),
                parts("bare"),
                "the app's mixer is still closed here: it opens when a session begins",
            ],
            details={"runs": runs, "settle_s": settle},
        ),
        Result(
            name="memory-breathing",
            title="Resident memory, breathing routine playing",
            unit="MB",
            value=mid("breathing", "VmRSS"),
            baseline=bare,
            budget=RSS_BUDGET,
            notes=[
                f"{common}, {settle:g} s into the routine (mixer open, sounds loaded)",
                parts("breathing"),
                f"peak against the bare window's peak:"
                f" {mid('breathing', 'VmHWM') / mid('bare', 'VmHWM'):.2f}x",
            ],
            details={"see": "memory-idle"},
        ),
    ]

    minutes = QUICK_SOAK_MINUTES if ctx.quick else SOAK_MINUTES
    soaked = soak(ctx, minutes)
    samples = soaked["samples"]
    by_minute = {int(s["minute"]): float(s["rss_kb"]) for s in samples}
    last = max(by_minute)
    growth = mb(by_minute[last] - by_minute[GROWTH_FROM_MINUTE])
    traced = soaked["traced_kb"]
    traced_growth = (traced[-1] - traced[1]) / 1024 if len(traced) > 1 else float("nan")
    ctx.log(f"soak: {growth:+.2f} MB from minute {GROWTH_FROM_MINUTE} to {last}")
    curve = ", ".join(
        f"{m}: {mb(by_minute[m]):.1f}"
        for m in sorted(by_minute)
        if m in (1, 5, 10, 20, 30, 40, 50, 60)
    )
    rows.append(
        Result(
            name="memory-growth",
            title=f"RSS growth over a {minutes}-minute routine (fake clock), minute 5 to {last}",
            unit="MB",
            value=growth,
            budget=GROWTH_BUDGET,
            notes=[
                f"{soaked['frames']} refreshes at 1/60 s of simulated time in"
                f" {soaked['seconds']:.0f} s, events processed every 1,000; offscreen, real"
                f" mixer on the dummy driver ({'open' if soaked['audio'] else 'silent'});"
                f" session still playing at the end: {not soaked['finished']}",
                f"RSS by minute (MB): {curve}",
                f"tracemalloc (Python allocations, minute {soaked['traced_from_minute']}"
                f" to {last}):"
                f" {traced_growth:+.3f} MB;"
                f" largest growth: {'; '.join(soaked['tracemalloc_growth_top'][:3]) or 'none'}",
            ],
            details={"soak": soaked},
        )
    )
    return rows


MEASURES = (
    Measure(
        "memory",
        "resident memory idle and breathing against a bare window + mixer; growth over 60 min",
        measure_memory,
    ),
)
