"""Lines of a person's own routine, rendered by the real engine (Piper) off the GUI thread,
cached by text and voice, reused; and what happens when the engine or the cache fails."""

from __future__ import annotations

import errno
import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import LogWatch
from unwind.audio.voice_lines import ENGINE_BROKEN, ENGINE_NOTICE, VoiceLines, engine_installed
from unwind.audio.voice_render import (
    TAIL_SECONDS,
    TARGET_DBFS,
    PiperRenderer,
    Renderer,
    line_key,
    speech_loudness,
)
from unwind.core.guidance import Detail, VoiceOptions, compose
from unwind.core.routine_file import parse_routine

pytestmark = pytest.mark.slow

CUSTOM = ["Now rest your palms on your knees.", "Roll your wrists, slowly.", "Well done."]


@pytest.fixture(scope="module")
def piper() -> PiperRenderer:
    assert engine_installed(), "the [dev] extra installs Piper and its voice"
    return PiperRenderer()


class Counting:
    """The real renderer, counting what it is asked to render (and failing where told)."""

    def __init__(self, inner: Renderer, fail_on: str | None = None) -> None:
        self.inner = inner
        self.rate = inner.rate
        self.fail_on = fail_on
        self.rendered: list[str] = []

    def render(self, text: str) -> Any:
        if text == self.fail_on:
            raise RuntimeError("the model gave up")
        self.rendered.append(text)
        return self.inner.render(text)


def read_wav(path: Path) -> tuple[Any, int]:
    with wave.open(str(path), "rb") as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), "<i2") / 32768.0
        return data, wav.getframerate()


def test_lines_are_rendered_off_the_gui_thread_cached_and_reused(
    tmp_path: Path, piper: PiperRenderer
) -> None:
    counting = Counting(piper)
    threads: list[str] = []
    original = counting.render

    def render(text: str) -> Any:
        threads.append(threading.current_thread().name)
        return original(text)

    counting.render = render  # type: ignore[method-assign]
    lines = VoiceLines(tmp_path / "cache", renderer=lambda: counting)
    assert [lines.clip(text) for text in CUSTOM] == [None, None, None]
    assert lines.prepare(CUSTOM) == 3
    assert lines.wait_until_idle(120)
    assert counting.rendered == CUSTOM and set(threads) == {"unwind-voice-render"}
    for text in CUSTOM:
        clip = lines.clip(text)
        assert clip is not None and isinstance(clip.location, Path)
        assert clip.location.name == f"{line_key(text)}.wav"
        samples, rate = read_wav(clip.location)
        assert rate == 22050 and clip.seconds == pytest.approx(len(samples) / rate)
        assert speech_loudness(samples, rate) == pytest.approx(TARGET_DBFS, abs=0.5)
        assert clip.seconds > TAIL_SECONDS + 0.3
    assert lines.prepare(CUSTOM) == 0, "nothing twice"

    def no_engine() -> Renderer:
        raise AssertionError("the cache should have served every line")

    again = VoiceLines(tmp_path / "cache", renderer=no_engine)
    assert again.prepare(CUSTOM) == 3  # looked up on the worker: no disk reads on the caller
    assert again.wait_until_idle(10)
    assert all(again.clip(text) is not None for text in CUSTOM)


def test_built_in_lines_are_never_rendered(tmp_path: Path) -> None:
    def no_engine() -> Renderer:
        raise AssertionError("built-in lines have their recordings")

    lines = VoiceLines(tmp_path, renderer=no_engine)
    assert lines.prepare(["Right side.", "In.", "Three."]) == 0
    assert lines.builtin("Right side.") and lines.clip("Right side.") is not None


def test_unicode_emoji_and_a_very_long_instruction_give_lines_the_voice_can_say(
    tmp_path: Path, piper: PiperRenderer
) -> None:
    text = """
id = "mine"
title = "Mâchoire 😌"
goals = ["tension"]

[[steps]]
kind = "rest"
duration = 30
instruction = "Relax your jaw 🙏🏽, then smile ✨."

[[steps]]
kind = "rest"
duration = 30
instruction = "LONG"
"""
    # The longest instruction a file may hold (a 2,000-character one is refused by the reader)
    routine = parse_routine(text.replace("LONG", "Breathe. " * 66))
    texts = compose(routine, VoiceOptions(Detail.FULL)).texts()
    assert "Relax your jaw, then smile." in texts
    assert not any(len(line) > 400 for line in texts), "a long instruction is shown, not spoken"
    lines = VoiceLines(tmp_path, renderer=lambda: piper)
    lines.prepare(texts)
    assert lines.wait_until_idle(120)
    assert all(lines.clip(line) is not None for line in texts)


def test_without_the_engine_one_notice_says_how_to_add_it(tmp_path: Path) -> None:
    notices: list[str] = []
    lines = VoiceLines(tmp_path, installed=lambda: False, on_notice=notices.append)
    assert lines.prepare(CUSTOM) == 0
    assert lines.prepare(["Another line of mine."]) == 0
    assert notices == [ENGINE_NOTICE]
    assert "pip install 'unwind[voice]'" in ENGINE_NOTICE
    assert lines.clip(CUSTOM[0]) is None
    assert lines.clip("Right side.") is not None, "the built-in lines need no engine"


def test_a_line_the_engine_fails_on_is_logged_and_left_out(
    tmp_path: Path, piper: PiperRenderer, log_watch: LogWatch
) -> None:
    log_watch.expect("could not be rendered")
    counting = Counting(piper, fail_on=CUSTOM[1])
    lines = VoiceLines(tmp_path, renderer=lambda: counting)
    lines.prepare(CUSTOM)
    assert lines.wait_until_idle(120)
    assert [lines.clip(text) is not None for text in CUSTOM] == [True, False, True]
    assert lines.prepare([CUSTOM[1]]) == 0, "not tried again and again"


class Stopped(BaseException):
    """What ends a thread rather than failing a call: SystemExit, say, deep in a library."""


class StoppedOn(Counting):
    def render(self, text: str) -> Any:
        if text == self.fail_on:
            raise Stopped("the thread was told to stop")
        return super().render(text)


def test_a_rendering_thread_stopped_mid_line_goes_on_with_the_next(
    tmp_path: Path, piper: PiperRenderer, log_watch: LogWatch
) -> None:
    log_watch.expect("was stopped")
    renderer = StoppedOn(piper, fail_on=CUSTOM[0])
    crashes: list[Any] = []
    hook, threading.excepthook = threading.excepthook, crashes.append
    try:
        lines = VoiceLines(tmp_path, renderer=lambda: renderer)
        lines.prepare(CUSTOM)
        assert lines.wait_until_idle(120), "the worker went on after the line it was stopped on"
    finally:
        threading.excepthook = hook
    assert crashes == [], "nothing reached the thread's exception hook"
    assert renderer.rendered == CUSTOM[1:]
    assert [lines.clip(text) is not None for text in CUSTOM] == [False, True, True]


def test_an_engine_that_cannot_load_gives_the_notice_once(
    tmp_path: Path, log_watch: LogWatch
) -> None:
    log_watch.expect("could not be loaded", "voice engine unavailable")
    notices: list[str] = []

    def broken() -> Renderer:
        raise OSError("the model file is damaged")

    lines = VoiceLines(tmp_path, renderer=broken, on_notice=notices.append)
    lines.prepare(CUSTOM)
    assert lines.wait_until_idle(10)
    lines.prepare(["More of mine."])
    assert lines.wait_until_idle(10)
    assert notices == [ENGINE_BROKEN.format(problem="the model file is damaged")]
    assert all(lines.clip(text) is None for text in CUSTOM)


def test_a_full_cache_disk_keeps_the_line_in_memory(
    tmp_path: Path, piper: PiperRenderer, log_watch: LogWatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_watch.expect("could not be cached")
    original = Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # the one way to fill a disk from a test
        if self.suffix == ".partial":
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    lines = VoiceLines(tmp_path / "cache", renderer=lambda: piper)
    lines.prepare(CUSTOM[:1])
    assert lines.wait_until_idle(60)
    clip = lines.clip(CUSTOM[0])
    assert clip is not None and clip.data is not None and clip.data[:4] == b"RIFF"
    assert not list((tmp_path / "cache").rglob("*.partial")), "no half-written file is left"


def test_a_cut_short_cached_line_is_rendered_again(
    tmp_path: Path, piper: PiperRenderer, log_watch: LogWatch
) -> None:
    log_watch.expect("is cut short", "is unreadable")
    counting = Counting(piper)
    first = VoiceLines(tmp_path, renderer=lambda: counting)
    first.prepare(CUSTOM[:2])
    assert first.wait_until_idle(60)
    cut = first.clip(CUSTOM[0])
    garbage = first.clip(CUSTOM[1])
    assert cut is not None and isinstance(cut.location, Path)
    assert garbage is not None and isinstance(garbage.location, Path)
    cut.location.write_bytes(cut.location.read_bytes()[:2000])
    garbage.location.write_bytes(b"RIFF but not a wave at all")
    again = VoiceLines(tmp_path, renderer=lambda: counting)
    again.prepare(CUSTOM[:2])
    assert again.wait_until_idle(60)
    assert counting.rendered == CUSTOM[:2] * 2
    assert all(again.clip(text) is not None for text in CUSTOM[:2])
