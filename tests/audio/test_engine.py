"""PygameAudio against SDL's dummy driver, and its fall-back to silence."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from unwind.audio.base import Audio, SilentAudio, clamp_volume
from unwind.audio.cues import CueSound
from unwind.audio.engine import AMBIENT_CHANNELS, CUE_CHANNELS, PygameAudio, default_sounds_dir
from unwind.audio.voice_out import VOICE_CHANNELS

AMBIENT_SECONDS = {"brown_noise": 8.0, "rain": 10.0, "wind": 11.0, "ocean": 12.0}
"""Each loop has its own length, which tells the tests which one a channel plays."""


def mixer() -> Any:
    import pygame.mixer

    return pygame.mixer


def ambient_playing() -> list[str]:
    """The soundscapes on the ambient channels, by loop length."""
    by_length = {round(seconds): name for name, seconds in AMBIENT_SECONDS.items()}
    playing = []
    for index in range(AMBIENT_CHANNELS):
        channel = mixer().Channel(index)
        if channel.get_busy():
            playing.append(by_length[round(channel.get_sound().get_length())])
    return playing


def ambient_chunk_volume() -> float:
    for index in range(AMBIENT_CHANNELS):
        sound = mixer().Channel(index).get_sound()
        if sound is not None:
            return float(sound.get_volume())
    raise AssertionError("no ambient sound is playing")


@pytest.fixture
def audio() -> PygameAudio:
    started = PygameAudio()
    started.start()
    assert started.available, started.notice
    return started


def test_starts_on_the_dummy_driver_at_the_requested_format(audio: PygameAudio) -> None:
    assert audio.notice is None
    assert audio.output_format == (44100, -16, 2)  # stereo, for the voice's side cues
    assert mixer().get_num_channels() == AMBIENT_CHANNELS + CUE_CHANNELS + VOICE_CHANNELS


def test_play_cue_returns_the_moment_it_was_handed_over(audio: PygameAudio) -> None:
    before = time.monotonic()
    handed = audio.play_cue(CueSound.CHIME)
    after = time.monotonic()
    assert handed is not None
    assert before <= handed <= after


def test_overlapping_cues_are_never_dropped(audio: PygameAudio) -> None:
    handed = [audio.play_cue(sound) for sound in (*CueSound, *CueSound)]
    assert all(moment is not None for moment in handed)
    busy = [mixer().Channel(AMBIENT_CHANNELS + i).get_busy() for i in range(CUE_CHANNELS)]
    assert all(busy)


def test_cues_never_take_an_ambient_channel(audio: PygameAudio) -> None:
    audio.play_ambient("rain", fade_ms=0)
    for sound in (*CueSound, *CueSound):
        audio.play_cue(sound)
    assert ambient_playing() == ["rain"]


def test_switching_soundscapes_crossfades(audio: PygameAudio) -> None:
    audio.play_ambient("rain", fade_ms=0)
    assert ambient_playing() == ["rain"]
    audio.play_ambient("ocean", fade_ms=3000)
    assert sorted(ambient_playing()) == ["ocean", "rain"], "both sound during the crossfade"
    assert audio.soundscape == "ocean"
    audio.play_ambient("ocean", fade_ms=3000)
    assert sorted(ambient_playing()) == ["ocean", "rain"], "asking again changes nothing"
    audio.play_ambient("wind", fade_ms=0)
    audio.stop_ambient(fade_ms=0)
    assert audio.soundscape is None
    assert "wind" not in ambient_playing()


def test_only_the_soundscapes_that_sound_are_kept_decoded(audio: PygameAudio) -> None:
    assert audio._ambient_sounds == {}, "no loop is decoded before one is asked for"
    audio.play_ambient("rain", fade_ms=0)
    assert set(audio._ambient_sounds) == {"rain"}
    audio.play_ambient("ocean", fade_ms=0)
    assert set(audio._ambient_sounds) == {"ocean"}, "rain stopped at once and was let go"
    audio.play_ambient("wind", fade_ms=100)
    assert set(audio._ambient_sounds) == {"ocean", "wind"}, "ocean is still fading out"
    deadline = time.monotonic() + 5
    while "ocean" in ambient_playing():
        assert time.monotonic() < deadline, "the fade-out never ended"
        threading.Event().wait(0.01)
    audio.play_ambient("brown_noise", fade_ms=0)
    assert set(audio._ambient_sounds) == {"brown_noise"}


def test_cues_are_decoded_on_first_use_at_the_volume_set_then(audio: PygameAudio) -> None:
    assert set(audio._cue_sounds) == {CueSound.CHIME}, "only the session's first sound"
    audio.set_volumes(0.5, 0.25)
    assert audio.play_cue(CueSound.FINISH) is not None
    assert set(audio._cue_sounds) == {CueSound.CHIME, CueSound.FINISH}
    playing = mixer().Channel(AMBIENT_CHANNELS).get_sound()
    assert playing is audio._cue_sounds[CueSound.FINISH]
    assert playing.get_volume() == pytest.approx(0.25, abs=0.01)
    assert audio.play_cue(CueSound.FINISH) is not None
    assert set(audio._cue_sounds) == {CueSound.CHIME, CueSound.FINISH}, "decoded once"


def test_an_unreadable_cue_is_tried_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "chime.wav").write_bytes((default_sounds_dir() / "chime.wav").read_bytes())
    (tmp_path / "finish.wav").write_bytes(b"RIFF, but not really")
    audio = PygameAudio(sounds_dir=tmp_path)
    audio.start()
    assert audio.available
    with caplog.at_level("WARNING", logger="unwind.audio.engine"):
        assert audio.play_cue(CueSound.FINISH) is None
        assert audio.play_cue(CueSound.FINISH) is None
    assert len([r for r in caplog.records if "finish.wav" in r.getMessage()]) == 1
    assert audio.play_cue(CueSound.CHIME) is not None, "the other cues still sound"


@pytest.mark.usefixtures("audio_faults")
def test_an_unreadable_soundscape_fades_out_what_played_and_plays_nothing(
    tmp_path: Path,
) -> None:
    for name in ("chime.wav", "ambient_ocean.wav"):
        (tmp_path / name).write_bytes((default_sounds_dir() / name).read_bytes())
    (tmp_path / "ambient_rain.wav").write_bytes(b"RIFF, but not really")
    audio = PygameAudio(sounds_dir=tmp_path)
    audio.start()
    assert audio.available
    audio.play_ambient("ocean", fade_ms=0)
    assert ambient_playing() == ["ocean"]
    audio.play_ambient("rain", fade_ms=0)
    assert ambient_playing() == []
    assert audio.soundscape == "rain", "what the person chose is kept"
    audio.play_ambient("rain", fade_ms=0)  # asking again does not retry the broken file
    audio.play_ambient("ocean", fade_ms=0)
    assert ambient_playing() == ["ocean"]


@pytest.mark.usefixtures("audio_faults")
def test_silence_and_unknown_soundscapes_play_nothing(audio: PygameAudio) -> None:
    audio.play_ambient("silence", fade_ms=0)
    assert audio.soundscape is None
    assert ambient_playing() == []
    audio.play_ambient("thunderstorm", fade_ms=0)
    assert audio.soundscape is None
    assert ambient_playing() == []


def test_mute_silences_cues_and_ambient_and_unmute_restores(audio: PygameAudio) -> None:
    audio.set_volumes(ambient=0.5, cues=0.7)
    audio.play_ambient("wind", fade_ms=0)
    audio.set_muted(True)
    assert audio.muted
    assert audio.play_cue(CueSound.CHIME) is None
    assert ambient_chunk_volume() == 0.0
    assert ambient_playing() == ["wind"], "muting keeps the loop's place"
    audio.set_muted(False)
    assert audio.play_cue(CueSound.CHIME) is not None
    assert ambient_chunk_volume() == pytest.approx(0.5, abs=1 / 128)


@pytest.mark.parametrize(
    ("given", "expected"),
    [(-0.5, 0.0), (0.0, 0.0), (0.3, 0.3), (1.0, 1.0), (7.0, 1.0), (float("nan"), 0.0)],
)
def test_volumes_are_clamped(given: float, expected: float) -> None:
    audio = PygameAudio()
    audio.set_volumes(given, given)
    assert audio.volumes == (expected, expected)
    assert clamp_volume(given) == expected


def test_volumes_reach_the_mixer_and_zero_cue_volume_plays_nothing(audio: PygameAudio) -> None:
    audio.play_ambient("brown_noise", fade_ms=0)
    audio.set_volumes(ambient=2.0, cues=0.0)
    assert ambient_chunk_volume() == 1.0
    assert audio.play_cue(CueSound.INHALE) is None
    audio.set_volumes(ambient=0.25, cues=0.5)
    assert ambient_chunk_volume() == pytest.approx(0.25, abs=1 / 128)
    assert audio.play_cue(CueSound.INHALE) is not None


def test_pause_and_resume_are_harmless_in_any_order(audio: PygameAudio) -> None:
    audio.resume()
    audio.play_ambient("rain", fade_ms=0)
    audio.pause()
    audio.pause()
    audio.play_ambient("ocean", fade_ms=500)  # starts paused, like the rest
    audio.resume()
    assert "ocean" in ambient_playing()


def test_requests_made_before_start_are_applied_when_the_mixer_opens() -> None:
    audio = PygameAudio()
    audio.set_volumes(ambient=0.25, cues=0.5)
    audio.play_ambient("wind", fade_ms=0)
    assert audio.play_cue(CueSound.CHIME) is None, "nothing to hand a cue to yet"
    assert not audio.available
    worker = threading.Thread(target=audio.start)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert audio.available
    assert ambient_playing() == ["wind"]
    assert ambient_chunk_volume() == pytest.approx(0.25, abs=1 / 128)


def test_a_cue_asked_for_while_the_mixer_opens_sounds_once_it_is_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    audio = PygameAudio()
    opening = threading.Event()
    go_on = threading.Event()
    real_open = audio._open_mixer

    def slow_open() -> Any:
        opening.set()
        assert go_on.wait(10)
        return real_open()

    monkeypatch.setattr(audio, "_open_mixer", slow_open)
    worker = threading.Thread(target=audio.start)
    worker.start()
    assert opening.wait(10)
    assert audio.play_cue(CueSound.CHIME) is None  # not yet: remembered
    go_on.set()
    worker.join(timeout=10)
    assert audio.available
    assert any(channel.get_busy() for channel in audio._cue_channels)


def test_the_gui_thread_can_keep_calling_while_start_runs() -> None:
    audio = PygameAudio()
    worker = threading.Thread(target=audio.start)
    worker.start()
    scapes = ["rain", "ocean", "silence", "wind"]
    calls = 0
    while worker.is_alive() or calls < 20:
        audio.play_ambient(scapes[calls % len(scapes)], fade_ms=0)
        audio.set_volumes(0.5, 0.5)
        audio.play_cue(CueSound.CHIME_SOFT)
        calls += 1
    worker.join()
    audio.play_ambient("ocean", fade_ms=0)
    assert audio.available
    assert ambient_playing() == ["ocean"]


def test_close_releases_the_mixer_and_later_calls_do_nothing(audio: PygameAudio) -> None:
    audio.play_ambient("rain", fade_ms=0)
    audio.close()
    assert not audio.available
    assert not mixer().get_init()
    audio.start()
    assert not mixer().get_init(), "a closed audio does not reopen"
    assert audio.play_cue(CueSound.CHIME) is None
    audio.play_ambient("ocean")
    audio.set_volumes(1.0, 1.0)
    audio.set_muted(True)
    audio.pause()
    audio.resume()
    audio.stop_ambient()
    audio.close()


def test_close_before_start_means_start_opens_nothing() -> None:
    audio = PygameAudio()
    audio.close()
    audio.start()
    assert not audio.available
    assert audio.notice is None


def test_sdl_settings_the_person_made_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("SDL_AUDIO_DEVICE_APP_NAME", "My Unwind")
    monkeypatch.delenv("SDL_AUDIO_DEVICE_STREAM_NAME", raising=False)
    PygameAudio().start()
    assert os.environ["SDL_AUDIO_DEVICE_APP_NAME"] == "My Unwind"
    assert os.environ["SDL_AUDIO_DEVICE_STREAM_NAME"] == "Session sounds"


# --- silence -------------------------------------------------------------------------------


def exercise(audio: Audio) -> None:
    """Every call the app makes; none may raise when there is no sound."""
    audio.set_volumes(0.5, 0.5)
    audio.set_muted(False)
    audio.play_ambient("rain")
    assert audio.play_cue(CueSound.CHIME) is None
    audio.pause()
    audio.resume()
    audio.stop_ambient()
    audio.close()


@pytest.mark.usefixtures("audio_faults")
def test_no_device_means_silence_with_a_notice_and_no_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "nosuchdriver")
    audio = PygameAudio()
    audio.start()
    assert not audio.available
    assert audio.notice is not None
    assert audio.notice.startswith("No sound device could be opened (")
    assert "nosuchdriver" in audio.notice, "the cause is named"
    assert "connect or enable a sound device, then restart Unwind" in audio.notice
    assert "run silently" in audio.notice
    exercise(audio)


@pytest.mark.usefixtures("audio_faults")
def test_a_missing_sound_library_means_silence_with_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pygame", None)
    monkeypatch.setitem(sys.modules, "pygame.mixer", None)
    audio = PygameAudio()
    audio.start()
    assert not audio.available
    assert audio.notice is not None
    assert "pygame-ce" in audio.notice
    exercise(audio)


@pytest.mark.usefixtures("audio_faults")
def test_missing_sound_files_mean_silence_with_a_notice(tmp_path: Path) -> None:
    audio = PygameAudio(sounds_dir=tmp_path)
    audio.start()
    assert not audio.available
    assert audio.notice is not None
    assert "sound files could not be read" in audio.notice
    assert not mixer().get_init(), "the mixer is not held open for nothing"
    exercise(audio)


@pytest.mark.usefixtures("audio_faults")
def test_one_missing_file_silences_only_that_sound(tmp_path: Path) -> None:
    (tmp_path / "chime.wav").write_bytes((default_sounds_dir() / "chime.wav").read_bytes())
    audio = PygameAudio(sounds_dir=tmp_path)
    audio.start()
    assert audio.available
    assert audio.play_cue(CueSound.CHIME) is not None
    assert audio.play_cue(CueSound.INHALE) is None
    audio.play_ambient("rain", fade_ms=0)
    assert ambient_playing() == []


def test_silent_audio_does_nothing_and_keeps_its_notice() -> None:
    audio: Audio = SilentAudio("No sound device could be opened (test).")
    audio.start()
    assert not audio.available
    assert audio.notice == "No sound device could be opened (test)."
    exercise(audio)
    assert SilentAudio().notice is None


def test_pygame_audio_satisfies_the_audio_protocol() -> None:
    audio: Audio = PygameAudio()
    assert not audio.available
    assert audio.notice is None
