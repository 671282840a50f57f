"""Spoken guidance: the GUI thread's work per spoken cue, memory with the voice on, and how
long the lines of a custom routine take to render.

(a) `voice-gui-cue`: benchmarks/voice_probe.py `gui` times the voice listener at every cue it
    speaks, across every built-in routine (full guidance, phase words and countdown on).
(b) `memory-voice`: the real app plays the built-in "Desk reset" under the private Xvfb with
    the voice on and off (alternating, three runs of each); VmRSS 8 s into the routine, when
    its first lines are spoken and the next ones decoded ahead. The figure is the difference.
(c) `voice-render`: benchmarks/voice_probe.py `render` hands a 10-step custom routine's lines
    to the engine (Piper, one core left free) in an empty cache and reports when all are
    ready, against a third of the first step (reported), and the memory the engine takes.
"""

from __future__ import annotations

import json
import time

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
from benchmarks.memory import status_kb

GUI_BUDGET = Budget(2.0, "value")
MEMORY_BUDGET = Budget(10.0, "value")
ROUTINE = "desk-reset"
SETTLE_S = 8.0
REPEATS = 3
QUICK_REPEATS = 1


def measure_gui(ctx: Context) -> list[Result]:
    env = ctx.env({"QT_QPA_PLATFORM": "offscreen"})
    found = json_child(python_command("benchmarks.voice_probe", "gui"), env, "voice probe", 600)
    ctx.log(f"{found['spoken']} spoken cues: CPU p99 {found['cpu_p99_ms']:.3f} ms")
    return [
        Result(
            name="voice-gui-cue",
            title="GUI-thread work per spoken cue (the voice listener's CPU time), p99",
            unit="ms",
            value=float(found["cpu_p99_ms"]),
            budget=GUI_BUDGET,
            notes=[
                f"{found['spoken']} cues spoken of {found['cues']} across the built-in routines"
                f" (full guidance, phase words, countdown); CPU median"
                f" {found['cpu_median_ms']:.3f} ms, max {found['cpu_max_ms']:.3f} ms",
                f"wall time (CPU plus waiting for a core): median"
                f" {found['wall_median_ms']:.3f} ms, p99 {found['wall_p99_ms']:.3f} ms,"
                f" max {found['wall_max_ms']:.3f} ms",
                "decoding happens on the voice's worker thread and is not part of this",
            ],
            details=found,
        )
    ]


def _rss(ctx: Context, voice: bool) -> dict[str, int]:
    with scratch_dir() as data_dir:
        settings = {
            "checkins": False,
            "safety_seen": [ROUTINE],
            "voice": "full" if voice else "off",
        }
        (data_dir / "settings.json").write_text(json.dumps(settings), "utf-8")
        command = unwind_command("--data-dir", str(data_dir), "--start", ROUTINE)
        log_path = data_dir / "stderr.log"
        with log_path.open("wb") as stderr, running(command, ctx.env(), stderr) as proc:
            try:
                wait_for_window(ctx.display, "Unwind", proc)
            except BenchmarkError as error:
                raise BenchmarkError(f"{error}\n{tail(log_path)}") from None
            time.sleep(SETTLE_S)
            if proc.poll() is not None:
                raise BenchmarkError(f"the app ended early\n{tail(log_path)}")
            return status_kb(proc.pid)


def measure_memory(ctx: Context) -> list[Result]:
    repeats = QUICK_REPEATS if ctx.quick else REPEATS
    runs: dict[str, list[dict[str, int]]] = {"off": [], "on": []}
    for index in range(repeats):
        runs["off"].append(_rss(ctx, voice=False))
        runs["on"].append(_rss(ctx, voice=True))
        ctx.log(
            f"RSS {index + 1}/{repeats}: voice off {runs['off'][-1]['VmRSS'] / 1024:.1f} MB,"
            f" on {runs['on'][-1]['VmRSS'] / 1024:.1f} MB"
        )

    def mid(kind: str, field: str = "VmRSS") -> float:
        return median([float(run[field]) for run in runs[kind]]) / 1024

    with scratch_dir() as cache:
        rendered = json_child(
            python_command("benchmarks.voice_probe", "render", "--cache", str(cache)),
            ctx.env(),
            "voice render probe",
            900,
        )
    off, on = mid("off"), mid("on")
    lines = rendered["lines"]
    first = rendered["first_step_seconds"]
    return [
        Result(
            name="memory-voice",
            title=f"RSS with the voice on minus off, built-in '{ROUTINE}' playing",
            unit="MB",
            value=on - off,
            budget=MEMORY_BUDGET,
            notes=[
                f"median of {repeats}, {SETTLE_S:g} s into the routine: voice on {on:.1f} MB,"
                f" off {off:.1f} MB (peaks {mid('on', 'VmHWM'):.1f} and"
                f" {mid('off', 'VmHWM'):.1f} MB)",
            ],
            details={"runs": runs},
        ),
        Result(
            name="voice-render",
            title=f"Every line of a 10-step custom routine rendered ({lines} lines), empty cache",
            unit="s",
            value=float(rendered["seconds_all"]),
            baseline=first / 3,
            notes=[
                f"baseline: a third of its first step ({first:g} s), the goal; reported, not a"
                f" budget: {rendered['audio_seconds']:.0f} s of speech take longer on one core."
                f" The first moment's lines were ready after"
                f" {rendered['seconds_first_moment']:.1f} s (the engine loads in about 1.5 s)",
                f"lines not ready by their moment had the session begun at once (no"
                f" check-in): {len(rendered['late_without_checkin'])} of {lines}"
                f" ({'; '.join(rendered['late_without_checkin'])[:160]})",
                f"RSS of the rendering process: {rendered['rss_before_mb']:.0f} MB before,"
                f" peak {rendered['peak_rss_mb']:.0f} MB with the engine loaded,"
                f" {rendered['rss_after_mb']:.0f} MB once it has let go of it",
            ],
            details=rendered,
        ),
    ]


MEASURES = (
    Measure("voice-gui", "GUI-thread work per spoken cue, every built-in routine", measure_gui),
    Measure(
        "voice-memory",
        "RSS with the voice on and off (built-in routine); rendering a custom routine's lines",
        measure_memory,
    ),
)
