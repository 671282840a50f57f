"""Synthesises every sound Unwind plays, so each byte is ours and can be rebuilt.

Run `python tools/make_sounds.py [OUT_DIR]` (default: assets/sounds). Output is
deterministic: fixed seeds, no timestamps, 16-bit mono WAV written with the standard `wave`
module. numpy is needed here only; the app reads the WAV files without it.

Ambient beds are built circularly so that they loop without a click: noise is shaped in the
frequency domain over the whole loop (the inverse FFT of any spectrum is periodic), every slow
modulation completes a whole number of cycles per loop, and droplets that run past the end wrap
round to the start.
"""

from __future__ import annotations

import sys
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Signal = NDArray[np.float64]

AMBIENT_RATE = 22050
"""Noise beds carry little above 10 kHz, so half the cue rate keeps the files small."""
CUE_RATE = 44100

AMBIENT_RMS_DBFS = -20.0
"""Loud enough to mask a room at the default volume, far enough from full scale to never clip."""
AMBIENT_PEAK_DBFS = -6.0

DEFAULT_OUT_DIR = Path(__file__).resolve().parents[1] / "assets" / "sounds"


# --- building blocks -------------------------------------------------------------------------


def db(value: float) -> float:
    return float(10.0 ** (value / 20.0))


def shaped_noise(
    rng: np.random.Generator, n: int, rate: int, gain: Callable[[Signal], Signal]
) -> Signal:
    """Gaussian noise with the magnitude response `gain(freqs)`, periodic over n samples."""
    bins = n // 2 + 1
    freqs: Signal = np.fft.rfftfreq(n, 1.0 / rate).astype(np.float64)
    spectrum = (rng.standard_normal(bins) + 1j * rng.standard_normal(bins)) * gain(freqs)
    spectrum[0] = 0.0  # no DC: a loop must not sit off centre
    out: Signal = np.fft.irfft(spectrum, n)
    return out / float(np.sqrt(np.mean(out**2)))


def band(low: float, high: float, order: float = 2.0) -> Callable[[Signal], Signal]:
    """A smooth band-pass magnitude response (Butterworth-like slopes, no phase)."""

    def gain(freqs: Signal) -> Signal:
        f = np.maximum(freqs, 1e-6)
        highpass = 1.0 / np.sqrt(1.0 + (low / f) ** (2 * order))
        lowpass = 1.0 / np.sqrt(1.0 + (f / high) ** (2 * order))
        result: Signal = highpass * lowpass
        return result

    return gain


def tilt(exponent: float, low: float, high: float) -> Callable[[Signal], Signal]:
    """A 1/f**exponent slope (pink: 0.5, brown: 1.0) limited to a band."""
    limits = band(low, high)

    def gain(freqs: Signal) -> Signal:
        f = np.maximum(freqs, low)
        result: Signal = (low / f) ** exponent * limits(freqs)
        return result

    return gain


def slow_wave(rng: np.random.Generator, n: int, cycles: int, falloff: float = 1.0) -> Signal:
    """A smooth random modulation in -1..1 made of whole cycles per loop, so it is periodic."""
    spectrum = np.zeros(n // 2 + 1, dtype=np.complex128)
    k = np.arange(1, cycles + 1)
    phases = rng.uniform(0.0, 2.0 * np.pi, cycles)
    spectrum[1 : cycles + 1] = k ** (-falloff) * np.exp(1j * phases)
    out: Signal = np.fft.irfft(spectrum, n)
    return out / float(np.max(np.abs(out)))


def raised_cosine(n: int) -> Signal:
    """0 to 1 over n samples with zero slope at both ends: a fade that does not click."""
    ramp: Signal = 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / max(n, 1))
    return ramp


def normalise_ambient(signal: Signal) -> Signal:
    scaled = signal * (db(AMBIENT_RMS_DBFS) / float(np.sqrt(np.mean(signal**2))))
    peak = float(np.max(np.abs(scaled)))
    if peak > db(AMBIENT_PEAK_DBFS):
        scaled *= db(AMBIENT_PEAK_DBFS) / peak
    return scaled


def normalise_peak(signal: Signal, peak_dbfs: float) -> Signal:
    result: Signal = signal * (db(peak_dbfs) / float(np.max(np.abs(signal))))
    return result


def write_wav(path: Path, rate: int, signal: Signal) -> None:
    pcm = np.clip(np.round(signal * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


# --- ambient beds ----------------------------------------------------------------------------


def rain(seed: int = 101, seconds: float = 10.0) -> Signal:
    """Steady soft rain on leaves, with a few close droplets that do not repeat obviously."""
    rng = np.random.default_rng(seed)
    rate = AMBIENT_RATE
    n = round(seconds * rate)
    bed = shaped_noise(rng, n, rate, tilt(0.5, 150.0, 7000.0))
    patter = shaped_noise(rng, n, rate, band(2500.0, 9000.0, order=1.5))
    drift = 1.0 + 0.15 * slow_wave(rng, n, 5)
    signal = bed * drift + 0.35 * patter * (1.0 + 0.25 * slow_wave(rng, n, 7))

    drop_seconds = 0.12
    length = round(drop_seconds * rate)
    t = np.arange(length) / rate
    for _ in range(round(seconds * 2.2)):
        start = int(rng.integers(0, n))
        pitch = rng.uniform(1400.0, 3200.0)
        # A small bubble rings with a rising pitch and dies within a few tens of milliseconds.
        freq = pitch * (1.0 + 0.6 * t / drop_seconds)
        phase = 2.0 * np.pi * np.cumsum(freq) / rate
        envelope = np.exp(-t / rng.uniform(0.008, 0.02)) * raised_cosine(length)[::-1]
        envelope[:24] *= raised_cosine(24)
        drop = rng.uniform(0.8, 2.2) * envelope * np.sin(phase)
        index = (start + np.arange(length)) % n  # wrap round: the loop stays seamless
        np.add.at(signal, index, drop)
    return normalise_ambient(signal)


def ocean(seed: int = 202, seconds: float = 12.0) -> Signal:
    """Waves on a beach: a low roar that swells into a bright wash and recedes, twice a loop."""
    rng = np.random.default_rng(seed)
    rate = AMBIENT_RATE
    n = round(seconds * rate)
    roar = shaped_noise(rng, n, rate, tilt(1.0, 40.0, 700.0))
    wash = shaped_noise(rng, n, rate, tilt(0.4, 500.0, 5000.0))
    waves = 2
    phase = (np.arange(n) * waves / n) % 1.0
    # A quick rise and a long retreat: warp the phase before a smooth raised cosine.
    swell = (0.5 - 0.5 * np.cos(2.0 * np.pi * phase**0.55)) ** 1.5
    swell *= 1.0 + 0.2 * np.cos(2.0 * np.pi * np.arange(n) / n + 0.7)  # the two differ a little
    swell *= 1.0 + 0.1 * slow_wave(rng, n, 12)
    signal = roar * (0.3 + 0.7 * swell) + 0.8 * wash * (0.05 + swell**1.5)
    return normalise_ambient(signal)


def wind(seed: int = 303, seconds: float = 11.0) -> Signal:
    """Wind in trees: a breathy band that rises in gusts, with leaves rustling on the peaks."""
    rng = np.random.default_rng(seed)
    rate = AMBIENT_RATE
    n = round(seconds * rate)
    low = shaped_noise(rng, n, rate, band(200.0, 700.0, order=1.5))
    high = shaped_noise(rng, n, rate, band(500.0, 1600.0, order=1.5))
    leaves = shaped_noise(rng, n, rate, band(2500.0, 8000.0, order=1.5))
    gust = 0.5 + 0.5 * slow_wave(rng, n, 4, falloff=0.7)  # 0..1, whole cycles per loop
    flutter = 0.5 + 0.5 * slow_wave(rng, n, 60, falloff=0.3)
    signal = (
        low * (0.2 + 0.6 * gust)
        + high * (0.04 + 0.7 * gust**2)
        + leaves * 0.45 * gust**2 * (0.3 + 0.7 * flutter)
    )
    return normalise_ambient(signal)


def brown_noise(seed: int = 404, seconds: float = 8.0) -> Signal:
    """A deep steady rumble: 1/f**2 power from 30 Hz, rolled off gently above 4 kHz."""
    rng = np.random.default_rng(seed)
    n = round(seconds * AMBIENT_RATE)
    return normalise_ambient(shaped_noise(rng, n, AMBIENT_RATE, tilt(1.0, 30.0, 4000.0)))


# --- cues ------------------------------------------------------------------------------------

ATTACK_SECONDS = 0.004
"""Fast enough to find in a capture (full level by 5 ms), slow enough not to click."""

BOWL_MODES = (1.0, 2.76, 5.22, 8.46)
"""Frequency ratios of a singing bowl's first modes: inharmonic, hence its glassy warmth."""


def bowl(
    fundamental: float,
    seconds: float,
    amplitudes: Sequence[float],
    decays: Sequence[float],
    peak_dbfs: float,
    beat_hz: float = 1.3,
    release: float = 0.25,
) -> Signal:
    """A struck bowl: each mode rings as a detuned pair (the slow shimmer) and decays alone."""
    rate = CUE_RATE
    n = round(seconds * rate)
    t = np.arange(n) / rate
    signal = np.zeros(n)
    for index, (ratio, amplitude, decay) in enumerate(
        zip(BOWL_MODES, amplitudes, decays, strict=False)
    ):
        freq = fundamental * ratio
        beat = beat_hz * (1.0 + 0.35 * index)
        pair = np.sin(2.0 * np.pi * freq * t) + 0.6 * np.sin(2.0 * np.pi * (freq + beat) * t)
        signal += amplitude * np.exp(-t / decay) * pair / 1.6
    attack = round(ATTACK_SECONDS * rate)
    signal[:attack] *= raised_cosine(attack)
    tail = round(release * rate)
    signal[-tail:] *= raised_cosine(tail)[::-1]
    return normalise_peak(signal, peak_dbfs)


def glide_tone(
    start_hz: float,
    end_hz: float,
    envelope: Signal,
    harmonics: Sequence[float],
    peak_dbfs: float,
) -> Signal:
    """A warm tone that slides in pitch; the slide's direction is what the listener hears."""
    rate = CUE_RATE
    n = len(envelope)
    x = np.arange(n) / n
    eased = 0.5 - 0.5 * np.cos(np.pi * x)
    freq = start_hz * (end_hz / start_hz) ** eased
    phase = 2.0 * np.pi * np.cumsum(freq) / rate
    phase -= phase[0]
    signal = np.zeros(n)
    for number, amplitude in enumerate(harmonics, start=1):
        signal += amplitude * np.sin(number * phase)
    # A faint, slightly detuned double keeps it from sounding like a test tone.
    signal += 0.15 * np.sin(phase * 1.003 + 0.5)
    signal *= envelope
    return normalise_peak(signal, peak_dbfs)


def inhale() -> Signal:
    """Rises a fourth while it swells: breath filling up."""
    seconds = 0.7
    n = round(seconds * CUE_RATE)
    attack = round(ATTACK_SECONDS * CUE_RATE)
    swell_end = round(0.35 * CUE_RATE)
    release = round(0.3 * CUE_RATE)
    env = np.ones(n)
    env[:attack] = 0.55 * raised_cosine(attack)
    env[attack:swell_end] = 0.55 + 0.45 * raised_cosine(swell_end - attack)
    env[n - release :] *= raised_cosine(release)[::-1]
    return glide_tone(330.0, 440.0, env, (1.0, 0.3, 0.08), peak_dbfs=-8.0)


def exhale() -> Signal:
    """Falls lower and darker while it fades: breath letting go."""
    seconds = 0.7
    n = round(seconds * CUE_RATE)
    attack = round(ATTACK_SECONDS * CUE_RATE)
    env = np.ones(n)
    env[:attack] = raised_cosine(attack)
    rest = n - attack
    env[attack:] = (0.5 + 0.5 * np.cos(np.pi * np.arange(rest) / rest)) ** 1.3
    return glide_tone(294.0, 220.0, env, (1.0, 0.15, 0.03), peak_dbfs=-8.0)


def cues() -> dict[str, Signal]:
    return {
        "chime": bowl(
            392.0,
            2.5,
            amplitudes=(1.0, 0.45, 0.18, 0.07),
            decays=(0.9, 0.55, 0.3, 0.15),
            peak_dbfs=-4.0,
        ),
        "chime_soft": bowl(
            587.0,
            1.5,
            amplitudes=(1.0, 0.3, 0.1),
            decays=(0.45, 0.25, 0.12),
            peak_dbfs=-12.0,
            beat_hz=1.8,
            release=0.2,
        ),
        "finish": bowl(
            220.0,
            4.0,
            amplitudes=(1.0, 0.6, 0.25, 0.1),
            decays=(1.6, 1.0, 0.5, 0.25),
            peak_dbfs=-4.0,
            beat_hz=0.9,
            release=0.4,
        ),
        "inhale": inhale(),
        "exhale": exhale(),
    }


def ambients() -> dict[str, Signal]:
    return {
        "ambient_rain": rain(),
        "ambient_ocean": ocean(),
        "ambient_wind": wind(),
        "ambient_brown_noise": brown_noise(),
    }


def generate(out_dir: Path) -> list[Path]:
    """Writes every sound into out_dir and returns the paths, in a fixed order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rate, sounds in ((AMBIENT_RATE, ambients()), (CUE_RATE, cues())):
        for name, signal in sounds.items():
            path = out_dir / f"{name}.wav"
            write_wav(path, rate, signal)
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else DEFAULT_OUT_DIR
    total = 0
    for path in generate(out_dir):
        size = path.stat().st_size
        total += size
        print(f"{path.name:28} {size / 1024:7.1f} KiB")
    print(f"{'total':28} {total / 1024:7.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
