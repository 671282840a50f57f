"""The bundled sounds: present, in the expected format, seamless where they loop, and clean."""

from __future__ import annotations

import importlib.util
import io
import wave
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from numpy.typing import NDArray

from unwind.audio.cues import SILENCE, SOUNDSCAPES, CueSound, ambient_file_name, cue_file_name
from unwind.audio.engine import OUTPUT_CHANNELS, default_sounds_dir

REPO = Path(__file__).resolve().parents[2]
MAKE_SOUNDS = REPO / "tools" / "make_sounds.py"

CUE_FILES = [cue_file_name(sound) for sound in CueSound]
AMBIENT_FILES = [ambient_file_name(scape) for scape in SOUNDSCAPES if scape != SILENCE]
CUE_SECONDS = {
    "chime.wav": 2.5,
    "chime_soft.wav": 1.5,
    "finish.wav": 4.0,
    "inhale.wav": 0.7,
    "exhale.wav": 0.7,
}


def read_wav(name: str) -> tuple[int, NDArray[np.float64]]:
    """The sample rate and the samples in -1..1, read through the package like the app does."""
    data = (default_sounds_dir() / name).read_bytes()
    return decode_wav(data)


def decode_wav(data: bytes) -> tuple[int, NDArray[np.float64]]:
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    return rate, np.frombuffer(frames, "<i2").astype(np.float64) / 32768.0


def dbfs(value: float) -> float:
    return float(20.0 * np.log10(max(value, 1e-12)))


def rms(samples: NDArray[np.float64]) -> float:
    return float(np.sqrt(np.mean(samples**2)))


def load_make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", MAKE_SOUNDS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- format ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CUE_FILES)
def test_cue_files_are_44k_mono_of_the_expected_length(name: str) -> None:
    rate, samples = read_wav(name)
    assert rate == 44100
    assert len(samples) / rate == pytest.approx(CUE_SECONDS[name], abs=0.001)


@pytest.mark.parametrize("name", AMBIENT_FILES)
def test_ambient_files_are_22k_mono_loops_of_8_to_12_seconds(name: str) -> None:
    rate, samples = read_wav(name)
    assert rate == 22050
    assert 8.0 <= len(samples) / rate <= 12.0


def test_the_sounds_folder_holds_exactly_what_the_app_plays_and_stays_small() -> None:
    folder = default_sounds_dir()
    present = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".wav"))
    assert present == sorted(CUE_FILES + AMBIENT_FILES)
    total = sum(len((folder / name).read_bytes()) for name in present)
    assert total < 3 * 1024 * 1024


def test_every_file_loads_in_the_mixer_with_its_length() -> None:
    import pygame.mixer

    pygame.mixer.init(frequency=44100, size=-16, channels=OUTPUT_CHANNELS, buffer=512)
    for name in CUE_FILES + AMBIENT_FILES:
        rate, samples = read_wav(name)
        sound = pygame.mixer.Sound(file=io.BytesIO((default_sounds_dir() / name).read_bytes()))
        assert sound.get_length() == pytest.approx(len(samples) / rate, abs=0.002), name


# --- ambient loops ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", AMBIENT_FILES)
def test_ambient_loops_have_no_click_or_gap_at_the_loop_point(name: str) -> None:
    rate, samples = read_wav(name)
    steps = np.abs(np.diff(samples))
    jump = abs(samples[0] - samples[-1])
    assert jump <= np.percentile(steps, 99.9), "the loop point jumps more than the sound does"
    window = int(0.1 * rate)
    head, tail = rms(samples[:window]), rms(samples[-window:])
    assert head == pytest.approx(tail, rel=0.2), "the level changes across the loop point"


@pytest.mark.parametrize("name", AMBIENT_FILES)
def test_ambient_levels_sit_well_below_full_scale(name: str) -> None:
    _, samples = read_wav(name)
    assert -26.0 <= dbfs(rms(samples)) <= -16.0
    assert dbfs(float(np.max(np.abs(samples)))) <= -3.0
    assert abs(float(np.mean(samples))) < 0.002, "a loop off centre thumps when it starts"


# --- cues ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CUE_FILES)
def test_cues_start_from_silence_and_end_in_it(name: str) -> None:
    rate, samples = read_wav(name)
    peak = float(np.max(np.abs(samples)))
    assert dbfs(peak) <= -3.0
    assert abs(samples[0]) < 1e-3
    assert dbfs(float(np.max(np.abs(samples[-int(0.01 * rate) :])))) < -50.0


@pytest.mark.parametrize("name", CUE_FILES)
def test_cue_onsets_are_quick_to_find_yet_do_not_click(name: str) -> None:
    rate, samples = read_wav(name)
    onset = samples[: int(0.005 * rate)]
    peak = float(np.max(np.abs(samples)))
    assert np.max(np.abs(onset)) >= 0.5 * peak, "too slow an attack to find in a capture"
    steps = np.abs(np.diff(samples))
    assert np.max(steps[: len(onset)]) <= np.max(steps), "the attack is steeper than the sound"


def dominant_hz(samples: NDArray[np.float64], rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1.0 / rate)[int(np.argmax(spectrum))])


def test_inhale_rises_and_exhale_falls_in_different_registers() -> None:
    rate, inhale = read_wav("inhale.wav")
    _, exhale = read_wav("exhale.wav")
    half = len(inhale) // 2
    inhale_start, inhale_end = dominant_hz(inhale[:half], rate), dominant_hz(inhale[half:], rate)
    exhale_start, exhale_end = dominant_hz(exhale[:half], rate), dominant_hz(exhale[half:], rate)
    assert inhale_end > inhale_start * 1.1
    assert exhale_end < exhale_start / 1.1
    assert min(inhale_start, inhale_end) > max(exhale_start, exhale_end)


# --- the synthesis script --------------------------------------------------------------------


def test_make_sounds_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    make_sounds = load_make_sounds()
    first = make_sounds.generate(tmp_path / "first")
    second = make_sounds.generate(tmp_path / "second")
    assert [path.name for path in first] == [path.name for path in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"
    assert sorted(path.name for path in first) == sorted(CUE_FILES + AMBIENT_FILES)
    for path in first:
        # Byte-identical on this machine; another numpy's FFT may round a sample differently.
        rate, fresh = decode_wav(path.read_bytes())
        committed_rate, committed = read_wav(path.name)
        assert rate == committed_rate and len(fresh) == len(committed), path.name
        assert np.max(np.abs(fresh - committed)) <= 1 / 32768, f"{path.name} is stale: rerun"
