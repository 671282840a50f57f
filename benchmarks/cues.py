"""Cue timing: when the app hands each cue to the mixer, and when it sounds in the output.

A ~2-minute routine (two breathe steps with breath tones, a massage step with side "each",
so a switch-sides cue) plays in the real app, offscreen, with SDL's disk driver writing the
mix to a file in real time; benchmarks/cue_probe.py records every cue_fired(cue, handed) and
pauses the session for 2.5 s in the middle. Two figures:

(a) the app's own error: the monotonic moment the cue was handed to the mixer minus its
    scheduled monotonic moment (session start + cue time + the pause);
(b) the error in the captured file: each onset found in the mix (as in
    tests/audio/test_capture.py), put on the monotonic clock, minus its scheduled moment.
    The disk driver's clock is read rather than fitted: benchmarks/capture_clock.py, a
    separate process, notes the monotonic moment at which the capture file grew, every 4 KiB
    (46 ms of audio), and the onsets are interpolated between those moments. The driver
    paces itself with SDL_Delay(11) per 11.6 ms buffer plus its loop's time, so its rate
    wanders with load; a single line fitted over two minutes keeps that wander (reported
    too, without a budget), the record follows it.

Drift across the pause is the mean error after it minus the mean error before it.

Cues the app fired before the mixer was open (the session begins as the mixer opens, so the
first chime is replayed when it is ready) have no hand-over time: they are counted apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.capture_clock import mixing_clock
from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    python_command,
    run_child,
    running,
    scratch_dir,
    stop,
)
from benchmarks.cpu import prepare_data_dir
from benchmarks.onsets import find_onsets, read_mix

P99_BUDGET = Budget(15.0, "value")
MAX_BUDGET = Budget(25.0, "value")
DRIFT_BUDGET = Budget(5.0, "value")
MATCH_WINDOW_S = 0.1
"""An onset this close to a cue's scheduled moment is that cue's."""
BUFFER_MS = 512 / 44100 * 1000
"""One mixer buffer: a cue handed over waits at most this long for the next mix."""


@dataclass(frozen=True)
class Plan:
    routine: str
    pause_at: float
    pause_for: float
    seconds: float


def routine_text(first_cycles: int, massage_s: int, last_cycles: int) -> str:
    return f"""\
id = "bench-cues"
title = "Benchmark cues"
summary = "Breathing, a massage on each side, breathing: for the cue-timing benchmark."
goals = ["stress"]

[[steps]]
kind = "breathe"
title = "In for 4, out for 6"
instruction = "Breathe in for 4, out for 6."
inhale = 4
exhale = 6
cycles = {first_cycles}

[[steps]]
kind = "massage"
title = "Knead the shoulders"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = {massage_s}
instruction = "Knead the top of one shoulder, then the other."

[[steps]]
kind = "breathe"
title = "In for 3, out for 5"
instruction = "Breathe in for 3, out for 5."
inhale = 3
exhale = 5
cycles = {last_cycles}
"""


FULL = Plan(routine_text(5, 40, 4), pause_at=58.3, pause_for=2.5, seconds=122.0)
"""50 s of breathing, 40 s of massage (sides switch at 70 s), 32 s of breathing; pause at 58 s."""
QUICK = Plan(routine_text(2, 12, 1), pause_at=23.3, pause_for=2.0, seconds=40.0)
"""20 s, 12 s (switch at 26 s), 8 s; pause at 23 s."""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def pair_onsets(scheduled: list[float], onsets: list[float]) -> dict[int, int]:
    """Pairs each scheduled moment with the onset nearest to it within MATCH_WINDOW_S (both on
    the monotonic clock); an onset serves one moment at most."""
    pairs: dict[int, int] = {}
    for index, moment in enumerate(scheduled):
        free = [k for k in range(len(onsets)) if k not in pairs.values()]
        if not free:
            break
        nearest = min(free, key=lambda k: abs(onsets[k] - moment))
        if abs(onsets[nearest] - moment) <= MATCH_WINDOW_S:
            pairs[index] = nearest
    return pairs


def scheduled_monotonic(cue: dict[str, Any], segments: list[dict[str, float]]) -> float:
    """Where the session's clock put the cue: the run it fell in, plus its offset there."""
    run = segments[0]
    for segment in segments:
        if segment["offset"] <= cue["time"] + 1e-9:
            run = segment
    return run["run_started"] + (float(cue["time"]) - run["offset"])


def run_probe(ctx: Context, plan: Plan, folder: Path) -> tuple[dict[str, Any], Path]:
    data_dir = folder / "data"
    data_dir.mkdir()
    prepare_data_dir(data_dir, plan.routine, safety_seen=["bench-cues"])
    settings = {
        "checkins": False,
        "breath_tones": True,
        "soundscape": "silence",
        "safety_seen": ["bench-cues"],
    }
    (data_dir / "settings.json").write_text(json.dumps(settings), "utf-8")
    capture = folder / "out.raw"
    report = folder / "cues.json"
    env = ctx.env(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "SDL_AUDIODRIVER": "disk",
            "SDL_DISKAUDIOFILE": str(capture),
        }
    )
    env.pop("SDL_DISKAUDIODELAY", None)
    command = python_command(
        "benchmarks.cue_probe",
        "--data-dir",
        str(data_dir),
        "--start",
        "bench-cues",
        "--out",
        str(report),
        "--pause-at",
        f"{plan.pause_at:g}",
        "--pause-for",
        f"{plan.pause_for:g}",
    )
    clock = folder / "clock.json"
    watcher = python_command("benchmarks.capture_clock", str(capture), str(clock))
    with running(watcher, ctx.env()) as watching:
        run_child(command, env, "the cue probe", plan.seconds + plan.pause_for + 60)
        if stop(watching) != "terminated" or not clock.is_file():
            raise BenchmarkError("the capture clock (benchmarks/capture_clock.py) left no record")
    if not report.is_file():
        raise BenchmarkError(f"the cue probe wrote no report to {report}")
    data: dict[str, Any] = json.loads(report.read_text("utf-8"))
    data["clock_records"] = json.loads(clock.read_text("utf-8"))["records"]
    return data, capture


def measure_cues(ctx: Context) -> list[Result]:
    import numpy as np

    plan = QUICK if ctx.quick else FULL
    with scratch_dir() as folder:
        data, capture = run_probe(ctx, plan, folder)
        if data["output"] is None:
            raise BenchmarkError("the mixer did not open under SDL's disk driver")
        rate, channels = int(data["output"][0]), int(data["output"][2])
        mono = read_mix(capture, channels)
        capture_s = len(mono) / rate
        onsets = find_onsets(mono, rate)
    clock = mixing_clock(data["clock_records"], 2 * channels)
    onset_times = [float(t) for t in clock(np.array(onsets) * rate)]

    segments = data["segments"]
    cues = data["cues"]
    pause = data["pauses"][0]
    for cue in cues:
        cue["scheduled"] = scheduled_monotonic(cue, segments)
    handed = [cue for cue in cues if cue["handed"] is not None]
    early = [
        cue
        for cue in cues
        if cue["handed"] is None and not (cue["kind"] == "breath_phase" and cue["phase"] == "hold")
    ]
    ready = data["mixer_ready"]
    before_ready = [cue for cue in early if ready is None or cue["emitted"] <= ready]
    app_errors = [(cue["handed"] - cue["scheduled"]) * 1000 for cue in handed]
    if not app_errors:
        raise BenchmarkError("no cue was handed to the mixer")

    # (b): one onset per distinct scheduled moment (a step's chime and its first tone coincide)
    moments = sorted({round(cue["scheduled"], 4) for cue in handed})
    first_handed: dict[float, float] = {}
    for cue in sorted(handed, key=lambda c: c["handed"]):
        first_handed.setdefault(round(cue["scheduled"], 4), cue["handed"])
    pairs = pair_onsets(moments, onset_times)
    if len(pairs) < 3:
        raise BenchmarkError(f"only {len(pairs)} of {len(moments)} cues were found in the capture")
    matched = sorted(pairs)
    errors = [(onset_times[pairs[i]] - moments[i]) * 1000 for i in matched]
    abs_errors = [abs(e) for e in errors]
    waits = [(onset_times[pairs[i]] - first_handed[moments[i]]) * 1000 for i in matched]
    before = [e for i, e in zip(matched, errors, strict=True) if moments[i] < pause["paused_at"]]
    after = [e for i, e in zip(matched, errors, strict=True) if moments[i] > pause["resumed_at"]]
    drift = float(np.mean(after) - np.mean(before)) if before and after else float("nan")
    # for comparison: one straight line for the driver's clock over the whole capture
    xs = np.array([moments[i] for i in matched])
    ys = np.array([onsets[pairs[i]] for i in matched])
    slope, offset = np.polyfit(xs, ys, 1)
    line_abs = [abs(float(r)) * 1000 for r in ys - (offset + slope * xs)]
    missing = len(moments) - len(pairs)
    extra = [round(onsets[k], 3) for k in range(len(onsets)) if k not in pairs.values()]
    paused_s = pause["resumed_at"] - pause["paused_at"]
    intervals = np.diff([t for t, size in data["clock_records"] if size > 0]) * 1000

    app_p99, app_max = percentile(app_errors, 0.99), max(app_errors)
    app_before = [
        e for e, c in zip(app_errors, handed, strict=True) if c["handed"] < pause["paused_at"]
    ]
    app_after = [
        e for e, c in zip(app_errors, handed, strict=True) if c["handed"] > pause["resumed_at"]
    ]
    app_drift = (
        float(np.mean(app_after)) - float(np.mean(app_before)) if app_before and app_after else 0.0
    )
    audio_p99, audio_max = percentile(abs_errors, 0.99), max(abs_errors)
    ctx.log(
        f"app error p99 {app_p99:.1f} ms max {app_max:.1f} ms; onset error p99 {audio_p99:.1f}"
        f" ms max {audio_max:.1f} ms; drift across the pause {drift:+.1f} ms"
    )
    kinds: dict[str, int] = {}
    for cue in handed:
        kinds[cue["kind"]] = kinds.get(cue["kind"], 0) + 1
    setup = (
        f"{plan.seconds:g} s routine (breathe 4/6, massage side 'each', breathe 3/5; tones on,"
        f" soundscape silence), paused {paused_s:.2f} s at {plan.pause_at:g} s; {len(handed)}"
        f" cues handed ({', '.join(f'{k} {v}' for k, v in kinds.items())})"
    )
    early_note = (
        f"{len(before_ready)} sounding cue(s) fired before the mixer was ready"
        f" ({', '.join(c['kind'] for c in before_ready) or 'none'}; mixer ready"
        f" {((ready or 0) - segments[0]['run_started']) * 1000:.0f} ms after the session began)"
        " are left out of both figures"
    )
    details = {
        "plan": {"pause_at": plan.pause_at, "pause_for": plan.pause_for, "seconds": plan.seconds},
        "app_errors_ms": app_errors,
        "onset_errors_ms": errors,
        "mixed_after_handover_ms": waits,
        "line_fit": {"slope": float(slope), "abs_residuals_ms": line_abs},
        "capture_seconds": capture_s,
        "onsets": len(onsets),
        "unmatched_onsets_s": extra,
        "missing_onsets": missing,
        "drift_across_pause_ms": drift,
        "clock_records": len(data["clock_records"]),
        "cues": cues,
        "segments": segments,
        "pauses": data["pauses"],
        "mixer": {"started": data["mixer_started"], "ready": ready},
    }
    app_row = Result(
        name="cue-app-error",
        title="Cue timing (a): handed to the mixer minus scheduled, p99 (app's own clock)",
        unit="ms",
        value=app_p99,
        budget=P99_BUDGET,
        notes=[
            setup,
            f"(a) is time.monotonic() when PygameAudio.play_cue handed the sound over minus"
            f" the session's scheduled moment: p50 {percentile(app_errors, 0.5):.2f} ms, p99"
            f" {app_p99:.2f} ms, max {app_max:.2f} ms, min {min(app_errors):.2f} ms",
            early_note,
        ],
        details=details,
    )
    audio_row = Result(
        name="cue-audio-error",
        title="Cue timing (b): onset in the captured mix minus scheduled, p99 |error|",
        unit="ms",
        value=audio_p99,
        budget=P99_BUDGET,
        notes=[
            f"(b) is each onset found in SDL's disk-driver output ({capture_s:.1f} s at"
            f" {rate} Hz, {channels} channel(s)), put on the monotonic clock through"
            f" {len(data['clock_records'])} readings of the file's growth (median"
            f" {float(np.median(intervals)):.1f} ms apart), minus its scheduled moment:"
            f" p50 {percentile(errors, 0.5):+.2f} ms, p99 |error| {audio_p99:.2f} ms, max"
            f" {audio_max:.2f} ms, min {min(errors):+.2f} ms",
            f"onset minus hand-over: {min(waits):.2f} to {max(waits):.2f} ms (a cue waits"
            f" for the next mix, at most one {BUFFER_MS:.1f} ms buffer)",
            f"{len(onsets)} onsets found; {len(pairs)} of {len(moments)} cue moments matched;"
            f" onsets not matched to a cue (e.g. the first chime replayed when the mixer"
            f" opened): {extra}",
        ],
        details={"see": "cue-app-error"},
    )
    return [
        app_row,
        *worst_and_drift(
            app_row,
            "Cue timing (a): handed minus scheduled, worst",
            app_max,
            "cue-pause-drift-app",
            "Cue timing (a): change in the app's own error across the pause",
            app_drift,
            f"mean (a) after the pause minus before: {app_drift:+.2f} ms"
            f" ({len(app_before)} cues before, {len(app_after)} after)",
        ),
        audio_row,
        *worst_and_drift(
            audio_row,
            "Cue timing (b): onset minus scheduled, worst |error|",
            audio_max,
            "cue-pause-drift",
            "Cue timing (b): change in the onset error across the pause",
            drift,
            f"mean (b) after the pause minus before: {drift:+.2f} ms ({len(before)} cue"
            f" moments before, {len(after)} after)",
        ),
        Result(
            name="cue-audio-line",
            title="Cue timing (b, for comparison): onset against one straight-line clock, p99",
            unit="ms",
            value=percentile(line_abs, 0.99),
            budget=None,
            notes=[
                f"onset seconds in the file = a + b x scheduled, least squares over the"
                f" {len(matched)} matched cues (driver clock x{slope:.4f}): p99"
                f" {percentile(line_abs, 0.99):.2f} ms, max {max(line_abs):.2f} ms. The"
                f" driver's rate wanders with load, which a line keeps and the record follows",
            ],
            details={"see": "cue-app-error"},
        ),
    ]


def worst_and_drift(
    p99_row: Result,
    worst_title: str,
    worst: float,
    drift_name: str,
    drift_title: str,
    drift: float,
    drift_note: str,
) -> list[Result]:
    """The worst case of a p99 row's errors, and their change across the pause."""
    return [
        Result(
            name=p99_row.name.replace("-error", "-max"),
            title=worst_title,
            unit="ms",
            value=worst,
            budget=MAX_BUDGET,
            notes=[f"see {p99_row.name}"],
            details={"see": "cue-app-error"},
        ),
        Result(
            name=drift_name,
            title=drift_title,
            unit="ms",
            value=abs(drift),
            budget=DRIFT_BUDGET,
            notes=[drift_note],
            details={"see": "cue-app-error"},
        ),
    ]


MEASURES = (
    Measure(
        "cue-timing",
        "cue hand-over and captured onset against the schedule, across a pause (disk driver)",
        measure_cues,
    ),
)
