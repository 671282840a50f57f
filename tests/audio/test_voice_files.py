"""The built-in routines' recorded lines: one for every line, each as its manifest says, and
checked for how they sound without listening: pace, loudness, and the silence at the ends."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import numpy as np
import pytest
import soundfile

from unwind.audio.voice_lines import MANIFEST, builtin_texts
from unwind.audio.voice_render import (
    LEAD_SECONDS,
    RENDER_VERSION,
    TAIL_SECONDS,
    TARGET_DBFS,
    VOICE_ID,
    line_key,
    speech_loudness,
    speech_span,
)
from unwind.core.guidance import number_words
from unwind.resources import voice_folder

RERENDER = "run .venv/bin/python tools/make_voice.py to record the lines again"


@cache
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((voice_folder() / MANIFEST).read_text("utf-8"))
    return data


@cache
def decoded() -> dict[str, tuple[Any, int]]:
    found = {}
    for key in manifest()["lines"]:
        with (voice_folder() / f"{key}.ogg").open("rb") as file:
            samples, rate = soundfile.read(file, dtype="float64")
        found[key] = (samples, rate)
    return found


def test_the_manifest_names_this_voice_and_rendering() -> None:
    assert manifest()["voice"] == VOICE_ID
    assert manifest()["render"] == RENDER_VERSION, RERENDER


def test_every_builtin_line_has_its_recording_and_no_recording_is_stale() -> None:
    wanted = {line_key(text): text for text in builtin_texts()}
    lines = manifest()["lines"]
    missing = [text for key, text in wanted.items() if key not in lines]
    assert not missing, f"lines without a recording ({RERENDER}): {missing[:5]}"
    stale = [entry["text"] for key, entry in lines.items() if key not in wanted]
    assert not stale, f"recordings no line needs ({RERENDER}): {stale[:5]}"
    for key, entry in lines.items():
        assert line_key(entry["text"]) == key, f"{key} holds another text than its name says"
    files = {path.name for path in voice_folder().iterdir() if path.name.endswith(".ogg")}
    assert files == {f"{key}.ogg" for key in lines}


def test_the_recordings_are_small_ogg_vorbis_of_the_length_the_manifest_says() -> None:
    total = 0
    for key, entry in manifest()["lines"].items():
        data = (voice_folder() / f"{key}.ogg").read_bytes()
        total += len(data)
        assert data[:4] == b"OggS" and b"vorbis" in data[:100]
        samples, rate = decoded()[key]
        assert rate == 22050 and samples.ndim == 1
        assert len(samples) / rate == pytest.approx(entry["seconds"], abs=0.01)
    assert total < 10_000_000, f"{total / 1e6:.1f} MB of recordings"


def test_every_line_sits_within_one_decibel_of_the_others() -> None:
    loudness = [speech_loudness(samples, rate) for samples, rate in decoded().values()]
    assert max(loudness) - min(loudness) <= 1.0, (min(loudness), max(loudness))
    assert abs(np.median(loudness) - TARGET_DBFS) <= 0.5
    peaks = [float(np.max(np.abs(samples))) for samples, _ in decoded().values()]
    assert max(peaks) < 1.0, "nothing clips"


def test_each_line_starts_at_once_and_ends_in_a_short_pause() -> None:
    for key, (samples, rate) in decoded().items():
        first, last = speech_span(samples, rate)
        lead = first / rate
        tail = (len(samples) - last) / rate
        text = manifest()["lines"][key]["text"]
        # the encoder smears an edge, and a soft last sound may sink below the gate
        assert lead <= LEAD_SECONDS + 0.12, (text, lead)
        assert TAIL_SECONDS - 0.05 <= tail <= TAIL_SECONDS + 0.3, (text, tail)


def syllables(text: str) -> int:
    """A rough count (groups of vowels in each word, at least one): enough for a rate."""
    count = 0
    spelled = re.sub(r"\d+", lambda digits: number_words(int(digits[0])), text)
    for word in re.findall(r"[a-z]+", spelled.lower()):
        groups = len(re.findall(r"[aeiouy]+", word))
        if word.endswith("e") and groups > 1 and not word.endswith(("le", "ee")):
            groups -= 1
        count += max(1, groups)
    return count


def test_the_pace_is_calm() -> None:
    """Over all the lines, words a minute of speech (sentence pauses included): slower than
    Piper's default with this voice (about 185) and than everyday talk (about 160). Line by
    line, syllables a second, since short words make a line's word rate jump."""
    words = seconds = 0.0
    for key, (samples, rate) in decoded().items():
        text = manifest()["lines"][key]["text"]
        first, last = speech_span(samples, rate)
        speech = (last - first) / rate
        if len(text.split()) >= 6:
            assert 2.0 <= syllables(text) / speech <= 4.5, (text, syllables(text) / speech)
        words += len(text.split())
        seconds += speech
    assert 125 <= words / seconds * 60 <= 150, round(words / seconds * 60)
