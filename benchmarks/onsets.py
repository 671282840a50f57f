"""Finding where each cue starts in a captured mix: shared by the cue benchmark and its test."""

from __future__ import annotations

from typing import Any


def find_onsets(mono: Any, rate: int) -> list[float]:
    """Seconds where the level jumps: a 1 ms peak above -34 dBFS and twice the peak of the
    27 ms before it, at least 200 ms after the previous onset.

    The previous cue may still ring (a chime lasts 2.5 s), so a rise is judged against the
    level just before it rather than against silence. `mono` is a float array in -1..1.
    """
    import numpy as np

    frame = rate // 1000
    count = len(mono) // frame
    peaks = np.abs(mono[: count * frame]).reshape(count, frame).max(axis=1)
    look, gap, refractory = 30, 3, 200
    onsets: list[float] = []
    last = -refractory
    for index in range(look, count):
        before = float(peaks[index - look : index - gap].max())
        if peaks[index] > 0.02 and peaks[index] > 2.0 * before and index - last >= refractory:
            onsets.append(index * frame / rate)
            last = index
    return onsets
