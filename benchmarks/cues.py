"""Cue timing: when the app hands each cue to the mixer, and when it sounds in the output.

A ~2-minute routine (two breathe steps with breath tones, a massage step with side "each",
so a switch-sides cue) plays in the real app, offscreen, with SDL's disk driver writing the
mix to a file in real time; benchmarks/cue_probe.py records every cue_fired(cue, handed) and
pauses the session for 2.5 s in the middle. Two figures:

(a) the app's own error: the monotonic moment the cue was handed to the mixer minus its
    scheduled monotonic moment (session start + cue time + the pause);
(b) the error in the captured file: onsets found in the mix (as in tests/audio/test_capture.py)
    against the scheduled moments, after fitting the disk driver's clock (onset = a + b x
    scheduled: the driver runs a few per cent off wall time). A step in the onsets across the
    pause (a third term in the fit, 1 after the pause) is reported as drift.

Cues the app fired before the mixer was open (the session begins as the mixer opens, so the
first chime is replayed when it is ready) have no hand-over time: they are counted apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    python_command,
    run_child,
    scratch_dir,
)
from benchmarks.cpu import prepare_data_dir
from benchmarks.onsets import find_onsets, read_mix

P99_BUDGET = Budget(15.0, "value")
MAX_BUDGET = Budget(25.0, "value")
DRIFT_BUDGET = Budget(5.0, "value")
MATCH_WINDOW_S = 0.25
"""An onset this close to where the fitted clock puts a cue is that cue's."""


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


def match(scheduled: list[float], onsets: list[float]) -> tuple[dict[int, int], float, float]:
    """Pairs scheduled moments with onsets, fitting the driver's clock as it goes.

    The disk driver's clock runs a few per cent off wall time, so a first guess tries each of
    the first onsets as the first moment's (an early cue replayed when the mixer opened makes
    an extra one) and rates from 0.90 to 1.10; the guess that pairs the most moments within
    60 ms is then refined pair by pair with a least-squares fit.
    """
    import numpy as np

    def pair(
        slope: float, offset: float, window: float, refit: bool
    ) -> tuple[dict[int, int], float, float]:
        pairs: dict[int, int] = {}
        for index, moment in enumerate(scheduled):
            predicted = offset + slope * moment
            nearest = min(range(len(onsets)), key=lambda k: abs(onsets[k] - predicted))
            if abs(onsets[nearest] - predicted) <= window and nearest not in pairs.values():
                pairs[index] = nearest
                if refit and len(pairs) >= 3:
                    fitted = np.polyfit(
                        [scheduled[i] for i in pairs], [onsets[k] for k in pairs.values()], 1
                    )
                    slope, offset = float(fitted[0]), float(fitted[1])
        return pairs, slope, offset

    if not onsets or not scheduled:
        return {}, 1.0, 0.0
    guesses = []
    for first in range(min(4, len(onsets))):
        for step in range(201):
            slope = 0.90 + step * 0.001
            offset = onsets[first] - slope * scheduled[0]
            found, _, _ = pair(slope, offset, 0.06, refit=False)
            guesses.append((len(found), slope, offset))
    _, slope, offset = max(guesses)
    return pair(slope, offset, MATCH_WINDOW_S, refit=True)


LOCAL_SPAN_S = 20.0


def local_residuals_ms(xs: list[float], ys: list[float]) -> list[float]:
    """Each onset against a line through the other onsets within LOCAL_SPAN_S of it.

    SDL's disk driver paces itself with SDL_Delay(11) per 512-frame buffer (11.6 ms of audio)
    plus however long its loop takes, so its rate wanders with load: one line over two minutes
    leaves a slow curve of +-20 ms. A line through the neighbours follows that wander and
    leaves the error of the cue itself; leaving the cue out keeps a late one from hiding.
    """
    import numpy as np

    out: list[float] = []
    for i, x in enumerate(xs):
        near = [j for j in range(len(xs)) if j != i and abs(xs[j] - x) <= LOCAL_SPAN_S]
        if len(near) < 2:
            near = sorted((j for j in range(len(xs)) if j != i), key=lambda j: abs(xs[j] - x))[:3]
        fitted = np.polyfit([xs[j] for j in near], [ys[j] for j in near], 1)
        out.append(float(ys[i] - np.polyval(fitted, x)) * 1000)
    return out


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
    run_child(command, env, "the cue probe", plan.seconds + plan.pause_for + 60)
    if not report.is_file():
        raise BenchmarkError(f"the cue probe wrote no report to {report}")
    return json.loads(report.read_text("utf-8")), capture


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

    segments = data["segments"]
    cues = data["cues"]
    pause = data["pauses"][0]
    for cue in cues:
        cue["scheduled"] = scheduled_monotonic(cue, segments)
    handed = [cue for cue in cues if cue["handed"] is not None]
    early = [cue for cue in cues if cue["handed"] is None and cue["kind"] != "breath_phase"]
    early += [
        cue
        for cue in cues
        if cue["handed"] is None and cue["kind"] == "breath_phase" and cue["phase"] != "hold"
    ]
    ready = data["mixer_ready"]
    before_ready = [cue for cue in early if ready is None or cue["emitted"] <= ready]
    app_errors = [(cue["handed"] - cue["scheduled"]) * 1000 for cue in handed]
    if not app_errors:
        raise BenchmarkError("no cue was handed to the mixer")

    # (b): one onset per distinct scheduled moment (a step's chime and its first tone coincide)
    moments = sorted({round(cue["scheduled"], 4) for cue in handed})
    pairs, slope, offset = match(moments, onsets)
    xs = np.array([moments[i] for i in pairs])
    ys = np.array([onsets[k] for k in pairs.values()])
    residuals = (ys - (offset + slope * xs)) * 1000
    abs_residuals = [abs(float(r)) for r in residuals]
    local = local_residuals_ms([float(x) for x in xs], [float(y) for y in ys])
    abs_local = [abs(r) for r in local]
    before = [i for i, moment in enumerate(xs) if moment < pause["paused_at"]]
    after = [i for i, moment in enumerate(xs) if moment > pause["resumed_at"]]
    drift = float("nan")
    before_mean = after_mean = float("nan")
    if len(before) >= 2 and after:
        # one rate for the whole capture, plus a step at the pause: the step is the drift
        step = np.array([1.0 if x > pause["resumed_at"] else 0.0 for x in xs])
        design = np.column_stack([np.ones_like(xs), xs - xs[0], step])
        solution = np.linalg.lstsq(design, ys, rcond=None)[0]
        drift = float(solution[2]) * 1000
        before_mean = float(np.mean(residuals[before]))
        after_mean = float(np.mean(residuals[after]))
    missing = len(moments) - len(pairs)
    extra = [round(onsets[k], 3) for k in range(len(onsets)) if k not in pairs.values()]
    paused_s = pause["resumed_at"] - pause["paused_at"]

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
    audio_p99, audio_max = percentile(abs_residuals, 0.99), max(abs_residuals)
    ctx.log(
        f"app error p99 {app_p99:.1f} ms max {app_max:.1f} ms; capture residual p99 "
        f"{audio_p99:.1f} ms max {audio_max:.1f} ms; drift across the pause {drift:.1f} ms"
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
        "residuals_ms": [float(r) for r in residuals],
        "slope": slope,
        "capture_seconds": capture_s,
        "onsets": len(onsets),
        "unmatched_onsets_s": extra,
        "missing_onsets": missing,
        "drift_across_pause_ms": drift,
        "mean_residual_ms": {"before_pause": before_mean, "after_pause": after_mean},
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
            f"(a) is time.monotonic() when PygameAudio.play_cue handed the sound over minus the"
            f" session's scheduled moment: p50 {percentile(app_errors, 0.5):.2f} ms, p99"
            f" {app_p99:.2f} ms, max {app_max:.2f} ms, min {min(app_errors):.2f} ms",
            early_note,
        ],
        details=details,
    )
    app_worst = Result(
        name="cue-app-max",
        title="Cue timing (a): handed minus scheduled, worst",
        unit="ms",
        value=app_max,
        budget=MAX_BUDGET,
        notes=["see cue-app-error"],
        details={"see": "cue-app-error"},
    )
    audio_row = Result(
        name="cue-audio-error",
        title="Cue timing (b): onset in the captured mix against one straight-line fit, p99",
        unit="ms",
        value=audio_p99,
        budget=None,  # the instrument's own wander dominates it: see cue-audio-local
        notes=[
            f"(b) is each onset found in SDL's disk-driver output ({capture_s:.1f} s at {rate} Hz)"
            f" minus a + b x scheduled, fitted over all {len(pairs)} matched moments (driver"
            f" clock x{slope:.4f}): p50 {percentile(abs_residuals, 0.5):.2f} ms, p99"
            f" {audio_p99:.2f} ms, max {audio_max:.2f} ms",
            f"{len(onsets)} onsets found; {missing} scheduled moment(s) without one; onsets not"
            f" matched to a cue (e.g. the first chime replayed when the mixer opened): {extra}",
        ],
        details={"see": "cue-app-error"},
    )
    local_row = Result(
        name="cue-audio-local",
        title="Cue timing (b'): onset against a local fit of the driver's clock, p99 |error|",
        unit="ms",
        value=percentile(abs_local, 0.99),
        budget=P99_BUDGET,
        notes=[
            f"each onset against a line through the other onsets within {LOCAL_SPAN_S:g} s"
            f" (leave-one-out): p50 {percentile(abs_local, 0.5):.2f} ms, p99"
            f" {percentile(abs_local, 0.99):.2f} ms, max {max(abs_local):.2f} ms",
            "SDL's disk driver sleeps 11 ms per 11.6 ms buffer plus its loop's time, so its rate"
            " wanders with load; the global fit above keeps that wander, this one follows it",
        ],
        details={"local_residuals_ms": local, "span_s": LOCAL_SPAN_S},
    )
    audio_worst = Result(
        name="cue-audio-max",
        title="Cue timing (b): onset against one straight-line fit, worst |error|",
        unit="ms",
        value=audio_max,
        budget=None,
        notes=["see cue-audio-error"],
        details={"see": "cue-app-error"},
    )
    app_drift_row = Result(
        name="cue-pause-drift-app",
        title="Cue timing (a): change in the app's own error across the pause",
        unit="ms",
        value=abs(app_drift),
        budget=DRIFT_BUDGET,
        notes=[
            f"mean (a) after the pause minus before: {app_drift:+.2f} ms"
            f" ({len(app_before)} cues before, {len(app_after)} after)",
        ],
        details={"see": "cue-app-error"},
    )
    drift_row = Result(
        name="cue-pause-drift",
        title="Cue timing (b): step in the onsets across the pause (fitted; instrument-bound)",
        unit="ms",
        value=abs(drift),
        budget=None,
        notes=[
            f"onset = a + b x scheduled + c x (after the pause), least squares: c = {drift:+.2f} ms"
            f" ({len(before)} moments before the pause, {len(after)} after);"
            f" mean residual of the whole fit: before {before_mean:+.2f} ms, after"
            f" {after_mean:+.2f} ms",
        ],
        details={"see": "cue-app-error"},
    )
    return [app_row, app_worst, audio_row, audio_worst, local_row, app_drift_row, drift_row]


MEASURES = (
    Measure(
        "cue-timing",
        "cue hand-over and captured onset against the schedule, across a pause (disk driver)",
        measure_cues,
    ),
)
