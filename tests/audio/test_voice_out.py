"""The voice's channels in the real mixer (SDL's dummy driver): decoding ahead, speaking, one
line at a time, panning, mute, and recordings that cannot be read."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import LogWatch
from unwind.audio.engine import AMBIENT_CHANNELS, CUE_CHANNELS, PygameAudio
from unwind.audio.voice_lines import Clip, VoiceLines
from unwind.audio.voice_out import MixerVoice


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """The voice decodes and ramps on its own thread: wait for what it does."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "the voice's worker did not get there in time"
        pause.wait(0.005)


@pytest.fixture
def audio() -> Iterator[PygameAudio]:
    started = PygameAudio()
    started.start()
    assert started.available, started.notice
    yield started
    started.close()


@pytest.fixture
def lines(tmp_path: Path) -> VoiceLines:
    return VoiceLines(tmp_path / "cache")


def builtin(lines: VoiceLines, text: str) -> Clip:
    clip = lines.clip(text)
    assert clip is not None, f"{text!r} is not among the built-in recordings"
    return clip


def voice_channels() -> list[object]:
    import pygame.mixer

    first = AMBIENT_CHANNELS + CUE_CHANNELS
    return [pygame.mixer.Channel(first + index) for index in range(2)]


def test_a_line_is_spoken_only_once_decoded(audio: PygameAudio, lines: VoiceLines) -> None:
    voice: MixerVoice = audio.voice
    clip = builtin(lines, "Right side.")
    assert not voice.ready(clip)
    assert voice.speak([clip]) is None, "not decoded yet: left out, never decoded on the spot"
    voice.prefetch([clip])
    wait_until(lambda: voice.ready(clip))
    before = time.monotonic()
    handed = voice.speak([clip], side="right")
    assert handed is not None and before <= handed <= time.monotonic()
    assert voice.speaking
    assert any(channel.get_busy() for channel in voice_channels())  # type: ignore[attr-defined]


def test_prefetch_lets_go_of_what_is_no_longer_wanted(
    audio: PygameAudio, lines: VoiceLines
) -> None:
    voice = audio.voice
    one, two = builtin(lines, "In."), builtin(lines, "Out.")
    voice.prefetch([one, two])
    wait_until(lambda: voice.ready(one) and voice.ready(two))
    voice.prefetch([two])
    assert not voice.ready(one) and voice.ready(two)


def test_the_parts_of_a_line_follow_one_another(audio: PygameAudio, lines: VoiceLines) -> None:
    voice = audio.voice
    parts = [builtin(lines, "Three."), builtin(lines, "Two."), builtin(lines, "One.")]
    voice.prefetch(parts)
    wait_until(lambda: all(voice.ready(part) for part in parts))
    began = time.monotonic()
    assert voice.speak(parts) is not None
    channel = voice_channels()[0]
    heard: list[object] = []
    pause = threading.Event()
    while voice.speaking or channel.get_busy():  # type: ignore[attr-defined]
        sound = channel.get_sound()  # type: ignore[attr-defined]
        if sound is not None and (not heard or heard[-1] is not sound):
            heard.append(sound)
        pause.wait(0.005)
        assert time.monotonic() - began < 5
    lengths = [round(sound.get_length(), 2) for sound in heard]  # type: ignore[attr-defined]
    assert lengths == [round(part.seconds, 2) for part in parts]


def test_a_new_line_fades_the_unfinished_one_and_phase_words_wait(
    audio: PygameAudio, lines: VoiceLines
) -> None:
    voice = audio.voice
    long, short = builtin(lines, "Now your right shoulder."), builtin(lines, "In.")
    voice.prefetch([long, short])
    wait_until(lambda: voice.ready(long) and voice.ready(short))
    assert voice.speak([long]) is not None
    assert voice.speak([short], urgent=False) is None, "a phase word never cuts a line short"
    assert voice.speak([short]) is not None
    busy = [channel.get_busy() for channel in voice_channels()]  # type: ignore[attr-defined]
    assert busy == [True, True], "the old line fades out on one channel as the new one starts"
    wait_until(lambda: not voice_channels()[0].get_busy())  # type: ignore[attr-defined]


def test_mute_and_a_zero_volume_say_nothing(audio: PygameAudio, lines: VoiceLines) -> None:
    voice = audio.voice
    clip = builtin(lines, "Hold.")
    voice.prefetch([clip])
    wait_until(lambda: voice.ready(clip))
    audio.set_muted(True)
    assert voice.speak([clip]) is None
    audio.set_muted(False)
    voice.set_volume(0.0)
    assert voice.speak([clip]) is None
    voice.set_volume(0.8)
    assert voice.speak([clip]) is not None


def test_hush_stops_the_line_and_brings_the_ambient_back(
    audio: PygameAudio, lines: VoiceLines
) -> None:
    voice = audio.voice
    clip = builtin(lines, "Now your right shoulder.")
    voice.prefetch([clip])
    wait_until(lambda: voice.ready(clip))
    voice.speak([clip])
    wait_until(lambda: audio._duck < 0.5)
    voice.hush(0)
    assert not voice.speaking
    assert not any(channel.get_busy() for channel in voice_channels())  # type: ignore[attr-defined]
    wait_until(lambda: audio._duck == pytest.approx(1.0))


def test_a_line_still_decoding_may_start_a_little_late_within_its_grace(
    audio: PygameAudio, lines: VoiceLines
) -> None:
    voice = audio.voice
    clip = builtin(lines, "Settle in.")
    assert voice.speak([clip], grace=1.0) is None
    wait_until(lambda: voice.speaking)


def test_an_unreadable_or_cut_short_recording_is_logged_and_left_out(
    audio: PygameAudio, lines: VoiceLines, tmp_path: Path, log_watch: LogWatch
) -> None:
    log_watch.expect("could not be read")
    whole = builtin(lines, "Two.")
    assert whole.location is not None
    data = whole.location.read_bytes()
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(data[:60])
    noise = tmp_path / "noise.ogg"
    noise.write_bytes(b"not a sound at all" * 40)
    broken = [Clip("cut", 1.0, cut), Clip("noise", 1.0, noise), Clip("gone", 1.0, tmp_path / "x")]
    voice = audio.voice
    voice.prefetch([*broken, whole])
    wait_until(lambda: voice.ready(whole))
    assert not any(voice.ready(clip) for clip in broken)
    assert voice.speak([broken[0]], grace=1.0) is None
    assert voice.speak([whole]) is not None, "the session's voice goes on"
    assert sum("could not be read" in r.getMessage() for r in log_watch.records) == 3


def test_without_a_device_the_voice_is_silent(lines: VoiceLines) -> None:
    silent = PygameAudio()  # never started
    clip = builtin(lines, "Two.")
    silent.voice.prefetch([clip])
    assert silent.voice.speak([clip], grace=1.0) is None
    assert not silent.voice.available
