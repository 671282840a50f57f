"""What really comes out of the mixer, captured with SDL's disk driver.

The disk driver writes the mixed output as signed 16-bit little-endian samples at the mixer's
rate and channel count (stereo, for the voice's side cues). With SDL_DISKAUDIODELAY=0 it renders
as fast as it can, which suits checks of the mix; the cue-timing test keeps the driver's
real-time pacing and fits its clock, which runs a few per cent fast against wall time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from benchmarks.onsets import find_onsets, read_mix
from numpy.typing import NDArray

from unwind.audio.cues import CueSound
from unwind.audio.engine import (
    AMBIENT_CHANNELS,
    CUE_CHANNELS,
    OUTPUT_CHANNELS,
    PygameAudio,
    default_sounds_dir,
)

HELPER = Path(__file__).with_name("capture_session.py")
RATE = 44100
FRAME_BYTES = 2 * OUTPUT_CHANNELS  # 16-bit samples


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Polls a condition: the renderer runs on SDL's thread and tells us nothing."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "the audio device did not render in time"
        pause.wait(0.002)


def read_capture(path: Path) -> NDArray[np.int32]:
    """Frames x channels, as integers so level arithmetic is exact."""
    raw = np.frombuffer(path.read_bytes(), "<i2")
    usable = len(raw) // OUTPUT_CHANNELS * OUTPUT_CHANNELS
    return raw[:usable].reshape(-1, OUTPUT_CHANNELS).astype(np.int32)


def read_wav_pcm(name: str) -> NDArray[np.int32]:
    with wave.open(io.BytesIO((default_sounds_dir() / name).read_bytes())) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.int32)


def rms(samples: NDArray[Any]) -> float:
    return float(np.sqrt(np.mean(np.asarray(samples, dtype=np.float64) ** 2)))


@pytest.fixture
def capture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(path))
    monkeypatch.setenv("SDL_DISKAUDIODELAY", "0")
    return path


def rendered_frames(path: Path) -> int:
    return path.stat().st_size // FRAME_BYTES if path.exists() else 0


def render(path: Path, seconds: float) -> tuple[int, int]:
    """Lets the device render `seconds` more; returns the frame span that is surely settled.

    A change reaches the file a buffer or two after it is made (the mix in flight, stdio's
    buffer), so the span starts a margin after the change.
    """
    margin = 4096
    start = rendered_frames(path) + margin
    end = start + int(seconds * RATE)
    wait_until(lambda: rendered_frames(path) >= end + margin)
    return start, end


# --- the mix ---------------------------------------------------------------------------------


def test_a_cue_reaches_the_output_sample_for_sample_at_its_volume(capture: Path) -> None:
    import pygame.mixer

    audio = PygameAudio()
    audio.start()
    assert audio.output_format == (RATE, -16, OUTPUT_CHANNELS)
    audio.set_volumes(ambient=0.0, cues=0.5)
    assert audio.play_cue(CueSound.CHIME) is not None
    channels = [pygame.mixer.Channel(AMBIENT_CHANNELS + i) for i in range(CUE_CHANNELS)]
    wait_until(lambda: not any(channel.get_busy() for channel in channels))
    render(capture, 0.05)
    audio.close()

    out = read_capture(capture)
    for channel in range(1, OUTPUT_CHANNELS):
        assert np.array_equal(out[:, 0], out[:, channel]), "a mono cue is the same everywhere"
    chime = read_wav_pcm("chime.wav")
    # SDL_mixer scales by volume/128 in integer arithmetic, truncating toward zero.
    expected = np.trunc(chime * 64 / 128).astype(np.int32)
    start = int(np.argmax(np.abs(out[:, 0]))) - int(np.argmax(np.abs(expected)))
    assert start >= 0
    assert np.all(out[:start] == 0), "nothing sounds before the cue"
    got = out[start : start + len(expected), 0]
    assert np.max(np.abs(got - expected)) <= 1
    assert np.all(out[start + len(expected) :] == 0), "and nothing after it"


def test_mute_silences_the_mix_and_volume_scales_it(capture: Path) -> None:
    audio = PygameAudio()
    audio.start()
    audio.set_volumes(ambient=1.0, cues=1.0)
    audio.play_ambient("brown_noise", fade_ms=0)
    full = render(capture, 1.0)
    audio.set_muted(True)
    assert audio.play_cue(CueSound.CHIME) is None
    muted = render(capture, 0.5)
    audio.set_muted(False)
    audio.set_volumes(ambient=0.5, cues=1.0)
    half = render(capture, 1.0)
    audio.close()

    out = read_capture(capture)
    bed = read_wav_pcm("ambient_brown_noise.wav")
    assert rms(out[slice(*full)]) == pytest.approx(rms(bed), rel=0.15)
    assert np.all(out[slice(*muted)] == 0)
    assert rms(out[slice(*half)]) == pytest.approx(0.5 * rms(bed), rel=0.15)


def test_pause_silences_everything_and_resume_picks_up(capture: Path) -> None:
    audio = PygameAudio()
    audio.start()
    audio.set_volumes(ambient=1.0, cues=1.0)
    audio.play_ambient("rain", fade_ms=0)
    playing = render(capture, 0.5)
    audio.pause()
    paused = render(capture, 0.5)
    audio.resume()
    resumed = render(capture, 0.5)
    audio.close()

    out = read_capture(capture)
    assert rms(out[slice(*playing)]) > 1000
    assert np.all(out[slice(*paused)] == 0)
    assert rms(out[slice(*resumed)]) > 1000


# --- cue timing against real time ------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    app_errors_ms: list[float]
    """Monotonic time each cue was handed to the mixer, minus when it was due."""
    residuals_ms: list[float]
    """Each onset in the capture against the schedule, once the driver's clock is fitted."""
    slope: float

    @property
    def on_time(self) -> bool:
        return max(self.app_errors_ms) <= MAX_APP_ERROR_MS and (
            max(abs(r) for r in self.residuals_ms) <= MAX_RESIDUAL_MS
        )

    def describe(self) -> str:
        residual = np.abs(self.residuals_ms)
        return (
            f"app error max {max(self.app_errors_ms):.2f} ms; capture residual max "
            f"{residual.max():.2f} ms (rms {rms(residual):.2f} ms); driver clock x{self.slope:.4f}"
        )


MAX_APP_ERROR_MS = 30.0
MAX_RESIDUAL_MS = 25.0


def capture_session(out_dir: Path) -> Timing:
    """Runs the helper in a fresh process and measures its capture."""
    out = out_dir / "out.raw"
    env = dict(os.environ)
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out), PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("SDL_DISKAUDIODELAY", None)
    result = subprocess.run(
        [sys.executable, str(HELPER), str(out_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    summary = json.loads((out_dir / "cues.json").read_text("utf-8"))
    rate = int(summary["frequency"])
    sounding = [cue for cue in summary["cues"] if cue["sound"] is not None]
    assert all(cue["handed"] is not None for cue in sounding), "a cue was dropped"
    app_errors_ms = [(cue["handed"] - cue["time"]) * 1000 for cue in sounding]
    assert min(app_errors_ms) >= 0.0, "a cue went out before it was due"

    onsets = np.array(find_onsets(read_mix(out, int(summary["channels"])), rate))
    # Cues due at the same moment (a step's chime and its first inhale) make one onset.
    scheduled = np.array(sorted({cue["time"] for cue in sounding}))
    assert len(onsets) == len(scheduled), (onsets.tolist(), scheduled.tolist())

    # The disk driver's clock runs a few per cent fast: fit it, then judge what is left.
    slope, offset = np.polyfit(scheduled, onsets, 1)
    assert 0.9 < slope < 1.1
    residuals_ms = (onsets - (offset + slope * scheduled)) * 1000
    return Timing(app_errors_ms, [float(r) for r in residuals_ms], float(slope))


@pytest.mark.slow
def test_cues_sound_on_time_in_a_real_time_capture(tmp_path: Path) -> None:
    # Both the player and SDL's disk driver are threads at the mercy of the scheduler; a
    # machine that stalls them for tens of milliseconds gets one more try. A real lateness
    # fails both.
    attempts: list[Timing] = []
    for attempt in range(2):
        out_dir = tmp_path / f"attempt{attempt}"
        out_dir.mkdir()
        attempts.append(capture_session(out_dir))
        if attempts[-1].on_time:
            break
    report = "; ".join(timing.describe() for timing in attempts)
    print(f"\ncue timing: {report}")
    assert attempts[-1].on_time, report
