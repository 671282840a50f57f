"""The cue benchmark's instruments: onsets found to the sample, and the capture file's clock."""

from __future__ import annotations

import numpy as np
import pytest
from benchmarks.capture_clock import mixing_clock
from benchmarks.onsets import find_onsets

RATE = 44100


def tone(samples: int, attack: int, level: float) -> np.ndarray:
    """A 440 Hz tone with a linear attack over `attack` samples."""
    t = np.arange(samples) / RATE
    envelope = np.minimum(1.0, np.arange(samples) / attack) * level
    return np.asarray(np.sin(2 * np.pi * 440 * t) * envelope)


def test_an_onset_after_silence_is_placed_at_its_first_sample() -> None:
    mix = np.zeros(RATE)
    start = 12_345
    mix[start : start + 4410] += tone(4410, attack=220, level=0.5)  # 5 ms attack
    (onset,) = find_onsets(mix, RATE)
    assert onset * RATE == pytest.approx(start, abs=5)  # within 0.1 ms


def test_an_onset_over_a_ringing_cue_is_found_where_it_rises_above_the_ring() -> None:
    mix = np.zeros(2 * RATE)
    ring = tone(2 * RATE, attack=10, level=0.05) * np.exp(-np.arange(2 * RATE) / RATE)
    mix += ring
    start = 30_000
    mix[start : start + 4410] += tone(4410, attack=10, level=0.6)
    onsets = find_onsets(mix, RATE)
    assert len(onsets) == 2
    assert onsets[0] * RATE == pytest.approx(0, abs=3)
    assert onsets[1] * RATE == pytest.approx(start, abs=5)


def test_the_mixing_clock_follows_the_file_between_and_beyond_its_growth() -> None:
    # mono, 2 bytes a frame: 2048 frames each time the file grows, 50 ms then 40 ms apart
    records = [[0.5, 0], [1.0, 4096], [1.05, 8192], [1.09, 12288]]
    clock = mixing_clock(records, bytes_per_frame=2)
    frames = np.array([2048, 3072, 4096, 5120, 1024, 7168])
    moments = clock(frames)
    assert moments == pytest.approx([1.0, 1.025, 1.05, 1.07, 0.975, 1.11])


def test_the_mixing_clock_needs_the_file_to_have_grown() -> None:
    with pytest.raises(ValueError, match="fewer than three"):
        mixing_clock([[0.5, 0], [1.0, 4096]], bytes_per_frame=2)
