"""The voice in the real mixed output (SDL's disk driver, in real time): each line starts at
its cue, the ambient ducks under it and comes back smoothly, and a side line comes from its
side."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from benchmarks.capture_clock import mixing_clock
from benchmarks.onsets import find_onsets

from unwind.audio.engine import DEFAULT_BUFFER, DEFAULT_FREQUENCY
from unwind.audio.voice_lines import VoiceLines
from unwind.audio.voice_out import DUCK_DB, PAN_FAR, TAIL_S
from unwind.resources import sounds_folder

pytestmark = pytest.mark.slow

HELPER = Path(__file__).with_name("capture_voice.py")
ROOT = Path(__file__).resolve().parents[2]
RATE = DEFAULT_FREQUENCY
BUFFER_S = DEFAULT_BUFFER / DEFAULT_FREQUENCY
TONE_HZ = 40.0
"""The stand-in ambient: a steady tone below the voice, so its level can be read under speech."""
WINDOW_S = 1 / TONE_HZ
LINE_GAP_S = 1.2
CLOCK_READING_S = 0.005
"""How far off the capture's clock (benchmarks/capture_clock.py) may read, either way."""
FIRST_LINE_LATE_S = 0.1
"""The first line is handed over once the session's start has decoded its soundscape (on the
GUI thread, 20-60 ms for a loop): the first chime waits as long."""


def tone_loop(path: Path) -> None:
    rate = 22050
    t = np.arange(4 * rate) / rate  # four seconds: a whole number of cycles, so it loops clean
    samples = np.round(np.sin(2 * np.pi * TONE_HZ * t) * 0.25 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())


def high_pass(samples: Any, rate: int, cutoff: float = 80.0) -> Any:
    """The signal without what lies below `cutoff` (the tone), for the voice's onsets. Its ends
    are tapered first: the FFT wraps the end round to the start, and the tone stops there."""
    taper = np.ones(len(samples))
    edge = min(len(samples) // 2, round(0.1 * rate))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, edge))
    taper[:edge], taper[len(samples) - edge :] = ramp, ramp[::-1]
    shaped = samples * (taper[:, None] if samples.ndim == 2 else taper)
    spectrum = np.fft.rfft(shaped, axis=0)
    spectrum[np.fft.rfftfreq(len(samples), 1 / rate) < cutoff] = 0
    return np.fft.irfft(spectrum, len(samples), axis=0)


def tone_level(mono: Any, rate: int) -> tuple[Any, Any]:
    """The tone's amplitude in each of its cycles (a lock-in at TONE_HZ): (times, dB)."""
    size = round(WINDOW_S * rate)
    count = len(mono) // size
    t = np.arange(size) / rate
    basis = np.exp(-2j * np.pi * TONE_HZ * t)
    frames = mono[: count * size].reshape(count, size)
    amplitude = 2 * np.abs(frames @ basis) / size
    return (np.arange(count) + 0.5) * WINDOW_S, 20 * np.log10(np.maximum(amplitude, 1e-9))


@dataclass(frozen=True)
class Capture:
    stereo: Any
    records: list[dict[str, Any]]
    """What the voice said: cue time, texts, side, and when it was handed over (session s)."""
    started: float
    """The session's start, on the monotonic clock."""
    starts: list[float]
    """Where each spoken line starts in the capture (s from its beginning)."""
    seconds: list[float]
    """Each spoken line's recording, in seconds."""
    mixed_at: Any
    """Frame index in the capture -> the monotonic moment it was mixed (capture_clock)."""

    @property
    def spoken(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["texts"]]


def recording(lines: VoiceLines, text: str) -> tuple[Any, float]:
    """The recording at the mixer's rate (linear interpolation matches it closely enough for
    lining it up with the capture), and its length."""
    clip = lines.clip(text)
    assert clip is not None and clip.location is not None
    with clip.location.open("rb") as file:
        samples, rate = soundfile.read(file, dtype="float64")
    t = np.arange(round(len(samples) * RATE / rate)) / RATE
    return np.interp(t, np.arange(len(samples)) / rate, samples), clip.seconds


def bursts(mono: Any) -> list[float]:
    """The first onset of each burst of speech: a line's words have onsets of their own, less
    than a second apart, and the lines are seconds apart."""
    found = find_onsets(mono, RATE)
    return [float(t) for i, t in enumerate(found) if i == 0 or t - found[i - 1] > LINE_GAP_S]


def where_it_starts(mono: Any, clip: Any, near: float) -> float:
    """The capture time (s) at which `clip` starts, just before `near`: the lag where the
    capture and the recording line up best (a cross-correlation), to the sample."""
    lo = max(0, round((near - 0.6) * RATE))
    span = mono[lo : lo + round(0.6 * RATE) + len(clip)]
    size = 1 << int(np.ceil(np.log2(len(span) + len(clip))))
    corr = np.fft.irfft(np.fft.rfft(span, size) * np.conj(np.fft.rfft(clip, size)), size)
    return (lo + int(np.argmax(corr[: len(span)]))) / RATE


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Capture:
    folder = tmp_path_factory.mktemp("voice-capture")
    sounds = folder / "sounds"
    shutil.copytree(Path(str(sounds_folder())), sounds)
    tone_loop(sounds / "ambient_brown_noise.wav")
    out = folder / "out.raw"
    env = dict(os.environ)
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out), PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("SDL_DISKAUDIODELAY", None)
    # a process of its own notes when the file grows: the disk driver's clock wanders with load
    watcher = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.capture_clock", str(out), str(folder / "clock.json")],
        cwd=ROOT,
    )
    try:
        done = subprocess.run(
            [sys.executable, str(HELPER), str(folder), str(sounds)],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    assert done.returncode == 0, done.stderr
    summary = json.loads((folder / "voice.json").read_text("utf-8"))
    raw = np.frombuffer(out.read_bytes(), "<i2").astype(np.float64) / 32768.0
    stereo = raw[: len(raw) // 2 * 2].reshape(-1, 2)
    mono = high_pass(stereo, RATE).mean(axis=1)
    spoken = [r for r in summary["records"] if r["texts"]]
    found = bursts(mono)
    assert len(found) == len(spoken), (found, spoken)
    lines = VoiceLines(folder / "cache")
    starts, seconds = [], []
    for record, near in zip(spoken, found, strict=True):
        clip, length = recording(lines, record["texts"][0])
        starts.append(where_it_starts(mono, high_pass(clip, RATE), near))
        seconds.append(length)
    records = json.loads((folder / "clock.json").read_text("utf-8"))["records"]
    mixed_at = mixing_clock(records, 4)  # 16-bit stereo
    return Capture(stereo, summary["records"], summary["started"], starts, seconds, mixed_at)


def test_each_line_starts_at_its_cue(capture: Capture) -> None:
    spoken = capture.spoken
    assert [r["texts"] for r in spoken] == [
        ["Settle in."],
        ["Knead the shoulder, left side."],
        ["Right side."],
        ["Rest."],
    ]
    assert [r["time"] for r in spoken] == [0.0, 4.0, 8.0, 12.0]
    # (a) the app hands each line to the mixer at its cue
    late = [r["handed"] - r["time"] for r in spoken]
    assert 0 <= late[0] <= FIRST_LINE_LATE_S, late
    assert all(0 <= delay <= BUFFER_S for delay in late[1:]), late
    # (b) and the mix starts it within a buffer of that moment: each line's start in the
    # capture, put on the monotonic clock by when the capture file grew
    heard = capture.mixed_at(np.array(capture.starts) * RATE)
    handed = np.array([capture.started + r["handed"] for r in spoken])
    errors_ms = ((heard - handed) * 1000).round(1).tolist()
    print(f"\nvoice in the mix after hand-over: {errors_ms} ms (one buffer: {BUFFER_S * 1000:.1f})")
    low, high = -CLOCK_READING_S * 1000, (BUFFER_S + CLOCK_READING_S) * 1000
    assert all(low <= error <= high for error in errors_ms), errors_ms


def test_the_ambient_ducks_under_speech_and_comes_back_without_a_click(capture: Capture) -> None:
    times, level = tone_level(capture.stereo.mean(axis=1), RATE)
    began = capture.starts[1]  # "Knead the shoulder, left side.", at 4 s: the tone is steady
    speech_end = began + capture.seconds[1] - TAIL_S
    before = level[(times > began - 0.6) & (times < began - 0.05)]
    under = level[(times > began + 0.4) & (times < speech_end - 0.1)]
    top, bottom = float(np.median(before)), float(np.median(under))
    assert DUCK_DB - 1.0 <= bottom - top <= DUCK_DB + 1.0, (top, bottom)
    # down from 10 % to 90 % of the way in about 200 ms: no step an ear hears as a click
    around = (times > began - 0.1) & (times < began + 0.6)
    ramp, ramp_t = level[around], times[around]
    start = ramp_t[np.argmax(ramp < top - 0.1 * (top - bottom))]
    end = ramp_t[np.argmax(ramp < top - 0.9 * (top - bottom))]
    assert 0.08 <= end - start <= 0.35, end - start
    steady = (times > began - 0.5) & (times < began + 4)
    assert np.max(np.abs(np.diff(level[steady]))) < 2.5, "each 25 ms moves the level a little"
    # and back up after the speech, before the next line
    back = level[(times > speech_end + 0.5) & (times < capture.starts[2] - 0.05)]
    assert abs(float(np.median(back)) - top) <= 1.0


def test_a_side_line_comes_from_its_side(capture: Capture) -> None:
    stereo = high_pass(capture.stereo, RATE)

    def balance(index: int) -> float:
        start = capture.starts[index]
        span = stereo[round(start * RATE) : round((start + capture.seconds[index] - TAIL_S) * RATE)]
        left, right = np.sqrt(np.mean(span**2, axis=0))
        return float(20 * np.log10(left / right))

    far = 20 * np.log10(PAN_FAR)
    assert balance(1) == pytest.approx(-far, abs=1.0), "the left side from the left"
    assert balance(2) == pytest.approx(far, abs=1.0), "the right side from the right"
    assert balance(0) == pytest.approx(0.0, abs=0.5), "the rest from the middle"
