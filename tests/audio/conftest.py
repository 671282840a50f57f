"""Audio tests run against SDL's dummy driver unless a test picks another.

pygame's mixer is process-wide state: every test starts with it closed and leaves it closed,
and the environment variables PygameAudio sets for SDL are put back afterwards.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from conftest import LogWatch

_ENGINE_SETS = (
    "PYGAME_HIDE_SUPPORT_PROMPT",
    "SDL_AUDIO_DEVICE_APP_NAME",
    "SDL_AUDIO_DEVICE_STREAM_NAME",
    "SDL_NO_SIGNAL_HANDLERS",
)


def _close_mixer() -> None:
    mixer = sys.modules.get("pygame.mixer")
    if mixer is not None and mixer.get_init():
        mixer.quit()


@pytest.fixture(autouse=True)
def dummy_audio_driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in _ENGINE_SETS}
    _close_mixer()
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.delenv("SDL_DISKAUDIOFILE", raising=False)
    monkeypatch.delenv("SDL_DISKAUDIODELAY", raising=False)
    yield
    _close_mixer()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def audio_faults(log_watch: LogWatch) -> None:
    """For tests that take the sound away on purpose: the engine logs what it met."""
    log_watch.expect(
        "could not be loaded",
        "Running silently",
        "No sound device",
        "Unknown soundscape",
        "could not be imported",
    )
