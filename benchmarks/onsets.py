"""Finding where each cue starts in a captured mix: shared by the cue benchmark and its test."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def read_mix(path: Path, channels: int) -> Any:
    """The disk driver's capture (signed 16-bit little-endian, `channels` interleaved) as one
    float channel in -1..1: the channels' mean, each frame."""
    import numpy as np

    raw = np.frombuffer(path.read_bytes(), "<i2").astype(np.float64) / 32768.0
    frames = raw[: len(raw) // channels * channels].reshape(-1, channels)
    return frames.mean(axis=1)


def find_onsets(mono: Any, rate: int) -> list[float]:
    """Seconds where the level jumps: a 1 ms peak above -34 dBFS and twice the peak of the
    27 ms before it, at least 200 ms after the previous onset; each placed at its first sample
    that rises above the level before it.

    The previous cue may still ring (a chime lasts 2.5 s), so a rise is judged against the
    level just before it rather than against silence; before the capture began counts as
    silence. `mono` is a float array in -1..1.
    """
    import numpy as np

    frame = rate // 1000
    count = len(mono) // frame
    peaks = np.abs(mono[: count * frame]).reshape(count, frame).max(axis=1)
    look, gap, refractory = 30, 3, 200
    onsets: list[float] = []
    last = -refractory
    for index in range(count):
        window = peaks[max(0, index - look) : max(0, index - gap)]
        before = float(window.max()) if len(window) else 0.0  # silence before the capture
        if peaks[index] > 0.02 and peaks[index] > 2.0 * before and index - last >= refractory:
            onsets.append(_first_sample_above(mono, frame, index, gap, before) / rate)
            last = index
    return onsets


def _first_sample_above(mono: Any, frame: int, index: int, gap: int, before: float) -> int:
    """The onset to the sample: in the millisecond frames from just before the jump to the
    jump's own frame, the first sample louder than anything in the level before it (or than
    -60 dBFS, after silence)."""
    import numpy as np

    start = max(0, (index - gap) * frame)
    span = np.abs(mono[start : (index + 1) * frame])
    louder = np.flatnonzero(span > max(before, 0.001))
    return start + int(louder[0]) if len(louder) else index * frame
