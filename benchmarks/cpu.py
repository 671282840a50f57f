"""CPU and wake-ups of the running app: a breathing routine, the idle library, a massage step.

Each run starts the program in a fresh --data-dir, waits until its window is on screen, lets
it settle for a warm-up, then reads /proc before and after the measuring window. CPU is the
process's user+system time as a share of one core; wake-ups are voluntary context switches
per second (a thread went to sleep and something woke it), per thread.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    Usage,
    median,
    python_command,
    running,
    sample_process,
    scratch_dir,
    stop,
    tail,
    thread_summary,
    unwind_command,
    usage_between,
    wait_for_window,
    window_size,
)

WARMUP_S = 3.0
WINDOW_S = 15.0
REPEATS = 3
QUICK_WARMUP_S = 2.0
QUICK_WINDOW_S = 8.0
QUICK_REPEATS = 1

STDERR_LINES = 20
ANIMATING_WAKEUPS = 30.0
"""An animating player wakes for every frame; fewer wake-ups mean the routine is not playing."""
COUNTDOWN_WAKEUPS = 0.5
"""A massage step wakes at least once a second for its countdown; the library never does."""

BREATHING_BUDGET = Budget(1.5, "ratio")
IDLE_BUDGET = Budget(0.5, "value")

BREATHING_ROUTINE = """\
id = "bench-breathing"
title = "Benchmark breathing"
summary = "One long breathing step, for the CPU benchmark."
goals = ["stress"]

[[steps]]
kind = "breathe"
title = "In for 4, out for 6"
instruction = "Breathe in for 4, out for 6."
inhale = 4
exhale = 6
cycles = 30
"""

MASSAGE_ROUTINE = """\
id = "bench-massage"
title = "Benchmark massage"
summary = "One two-minute massage step, for the CPU benchmark."
goals = ["tension"]

[[steps]]
kind = "massage"
title = "Knead the shoulders"
area = "shoulders"
side = "both"
technique = "knead"
pressure = "medium"
duration = 120
instruction = "Knead the muscle on top of both shoulders."
"""


@dataclass(frozen=True)
class Timing:
    warmup: float
    window: float
    repeats: int

    @classmethod
    def of(cls, ctx: Context) -> Timing:
        if ctx.quick:
            return cls(QUICK_WARMUP_S, QUICK_WINDOW_S, QUICK_REPEATS)
        return cls(WARMUP_S, WINDOW_S, REPEATS)


@dataclass(frozen=True)
class CpuRun:
    usage: Usage
    xvfb: Usage
    window: tuple[int, int]
    ended: str
    """How the program ended when asked with SIGTERM: "terminated" or "killed" after 3 s."""
    stderr: list[str]
    """What it wrote to stderr (the first lines): a warning here is worth a look."""

    def as_json(self) -> dict[str, Any]:
        return {
            "process": self.usage.as_json(),
            "xvfb_cpu_percent": self.xvfb.cpu_percent,
            "window": list(self.window),
            "ended": self.ended,
            "stderr": self.stderr,
        }


def prepare_data_dir(data_dir: Path, routine: str | None, safety_seen: Sequence[str] = ()) -> None:
    """A custom routine, and settings that go straight to the player.

    The check-in before a session is turned off and, for massage, the routine's safety page is
    marked as read: those pages wait for a person, and the figure is about the player.
    """
    if routine is not None:
        (data_dir / "routines").mkdir(parents=True)
        (data_dir / "routines" / "bench.toml").write_text(routine, "utf-8")
        settings = {"checkins": False, "safety_seen": list(safety_seen)}
        (data_dir / "settings.json").write_text(json.dumps(settings), "utf-8")


def measure_run(
    ctx: Context, command: Sequence[str], title: str, timing: Timing, log_path: Path
) -> CpuRun:
    """Starts the program, waits for its window and the warm-up, and measures one window."""
    with log_path.open("wb") as stderr, running(command, ctx.env(), stderr) as proc:
        try:
            window_id = wait_for_window(ctx.display, title, proc)
        except BenchmarkError as error:
            raise BenchmarkError(f"{' '.join(command)}: {error}\n{tail(log_path)}") from None
        size = window_size(ctx.display, window_id)
        time.sleep(timing.warmup)
        first, xvfb_first = sample_process(proc.pid), sample_process(ctx.xvfb_pid)
        time.sleep(timing.window)
        last, xvfb_last = sample_process(proc.pid), sample_process(ctx.xvfb_pid)
        if proc.poll() is not None:
            raise BenchmarkError(
                f"{' '.join(command)} ended during the measurement (status {proc.returncode})"
                f"\n{tail(log_path)}"
            )
        ended = stop(proc)
    written = log_path.read_text("utf-8", errors="replace").splitlines()
    return CpuRun(
        usage=usage_between(proc.pid, first, last),
        xvfb=usage_between(ctx.xvfb_pid, xvfb_first, xvfb_last),
        window=size,
        ended=ended,
        stderr=[line for line in written if line.strip()][:STDERR_LINES],
    )


def run_app(
    ctx: Context,
    timing: Timing,
    *,
    routine: str | None = None,
    start: str | None = None,
    safety_seen: Sequence[str] = (),
    min_gui_wakeups: float = 0.0,
) -> CpuRun:
    """One app run; min_gui_wakeups checks that the player really runs (frames, seconds)."""
    with scratch_dir() as data_dir:
        prepare_data_dir(data_dir, routine, safety_seen)
        args = ["--data-dir", str(data_dir)]
        if start is not None:
            args += ["--start", start]
        run = measure_run(
            ctx, unwind_command(*args), "Unwind", timing, data_dir / "benchmark-stderr.log"
        )
    main = run.usage.main_thread
    woke = main.wakeups_per_s if main else 0.0
    if woke < min_gui_wakeups:
        raise BenchmarkError(
            f"routine {start!r} did not seem to play: the GUI thread woke {woke:.1f} times a "
            f"second (expected at least {min_gui_wakeups:g}). Is a page (check-in, safety) "
            "waiting in front of the player?"
        )
    return run


def run_bare_circle(ctx: Context, timing: Timing) -> CpuRun:
    with scratch_dir() as scratch:
        return measure_run(
            ctx,
            python_command("benchmarks.bare_circle"),
            "bare circle",
            timing,
            scratch / "stderr.log",
        )


def describe(label: str, run: CpuRun) -> str:
    main = run.usage.main_thread
    gui = f"GUI thread {main.wakeups_per_s:.1f} wake-ups/s" if main else "GUI thread gone"
    return (
        f"{label}: {run.usage.cpu_percent:.2f}% ({gui}; {thread_summary(run.usage)}); "
        f"Xvfb {run.xvfb.cpu_percent:.2f}%"
    )


def ending_note(label: str, runs: Sequence[CpuRun]) -> list[str]:
    """Notes when SIGTERM did not end the program, and when it wrote to stderr."""
    notes = []
    killed = sum(run.ended == "killed" for run in runs)
    if killed:
        notes.append(
            f"{label} ignored SIGTERM in {killed} of {len(runs)} runs and was killed after 3 s"
        )
    noisy = [run for run in runs if run.stderr]
    if noisy:
        notes.append(
            f"{label} wrote to stderr in {len(noisy)} of {len(runs)} runs: {noisy[0].stderr[0]}"
        )
    return notes


def main_thread_percent(run: CpuRun) -> float:
    main = run.usage.main_thread
    return main.cpu_percent if main else 0.0


def measure_breathing(ctx: Context) -> list[Result]:
    timing = Timing.of(ctx)
    apps: list[CpuRun] = []
    bares: list[CpuRun] = []
    for index in range(timing.repeats):
        bares.append(run_bare_circle(ctx, timing))
        ctx.log(f"bare circle {index + 1}/{timing.repeats}: {bares[-1].usage.cpu_percent:.1f}%")
        apps.append(
            run_app(
                ctx,
                timing,
                routine=BREATHING_ROUTINE,
                start="bench-breathing",
                min_gui_wakeups=ANIMATING_WAKEUPS,
            ),
        )
        ctx.log(f"breathing {index + 1}/{timing.repeats}: {apps[-1].usage.cpu_percent:.1f}%")
    app = median([r.usage.cpu_percent for r in apps])
    bare = median([r.usage.cpu_percent for r in bares])
    app_gui = median([main_thread_percent(r) for r in apps])
    bare_gui = median([main_thread_percent(r) for r in bares])
    app_x = median([r.xvfb.cpu_percent for r in apps])
    bare_x = median([r.xvfb.cpu_percent for r in bares])
    result = Result(
        name="cpu-breathing",
        title="CPU, breathing routine animating",
        unit="% core",
        value=app,
        baseline=bare,
        budget=BREATHING_BUDGET,
        notes=[
            f"median of {timing.repeats} x {timing.window:g} s after {timing.warmup:g} s warm-up;"
            f" windows app {apps[0].window[0]}x{apps[0].window[1]},"
            f" bare {bares[0].window[0]}x{bares[0].window[1]}",
            f"GUI thread alone: app {app_gui:.2f}%, bare {bare_gui:.2f}%"
            f" ({app_gui / bare_gui if bare_gui else float('nan'):.2f}x)",
            f"X server drawing it: app {app_x:.2f}%, bare {bare_x:.2f}%",
            describe("last app run", apps[-1]),
            describe("last bare run", bares[-1]),
            *ending_note("unwind", apps),
            *ending_note("the bare circle", bares),
        ],
        details={
            "timing": vars(timing),
            "gui_thread_percent": {"app": app_gui, "bare": bare_gui},
            "xvfb_percent": {"app": app_x, "bare": bare_x},
            "app_runs": [r.as_json() for r in apps],
            "bare_runs": [r.as_json() for r in bares],
        },
    )
    return [result]


def quiet_result(
    name: str, title: str, runs: list[CpuRun], timing: Timing, budget: Budget | None
) -> Result:
    value = median([r.usage.cpu_percent for r in runs])
    gui = median([r.usage.main_thread.wakeups_per_s if r.usage.main_thread else 0 for r in runs])
    total = median([r.usage.wakeups_per_s for r in runs])
    return Result(
        name=name,
        title=title,
        unit="% core",
        value=value,
        budget=budget,
        notes=[
            f"median of {timing.repeats} x {timing.window:g} s after {timing.warmup:g} s warm-up",
            f"wake-ups: GUI thread {gui:.1f}/s, whole process {total:.0f}/s",
            describe("last run", runs[-1]),
            *ending_note("unwind", runs),
        ],
        details={
            "timing": vars(timing),
            "gui_thread_wakeups_per_s": gui,
            "process_wakeups_per_s": total,
            "runs": [r.as_json() for r in runs],
        },
    )


def measure_idle(ctx: Context) -> list[Result]:
    timing = Timing.of(ctx)
    runs = []
    for index in range(timing.repeats):
        runs.append(run_app(ctx, timing))
        ctx.log(f"idle library {index + 1}/{timing.repeats}: {runs[-1].usage.cpu_percent:.2f}%")
    return [quiet_result("cpu-idle", "CPU, idle on the library", runs, timing, IDLE_BUDGET)]


def measure_massage(ctx: Context) -> list[Result]:
    timing = Timing.of(ctx)
    runs = []
    for index in range(timing.repeats):
        runs.append(
            run_app(
                ctx,
                timing,
                routine=MASSAGE_ROUTINE,
                start="bench-massage",
                safety_seen=["bench-massage"],
                min_gui_wakeups=COUNTDOWN_WAKEUPS,
            )
        )
        ctx.log(f"massage step {index + 1}/{timing.repeats}: {runs[-1].usage.cpu_percent:.2f}%")
    return [quiet_result("cpu-massage", "CPU, massage step (no animation)", runs, timing, None)]


MEASURES = (
    Measure(
        "cpu-breathing",
        "CPU while a breathing routine animates, against a bare 60 fps QPainter circle",
        measure_breathing,
    ),
    Measure("cpu-idle", "CPU and wake-ups idle on the library", measure_idle),
    Measure("cpu-massage", "CPU and wake-ups during a massage step", measure_massage),
)
