"""How the engine loads pygame: the mixer alone where it can, all of pygame where it must.

Each case runs in a fresh interpreter, since which pygame modules are loaded is process-wide.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

from unwind.audio.engine import default_sounds_dir

UNUSED_BY_UNWIND = ("pygame.display", "pygame.image", "pygame.font", "pygame.transform")

PLAY_A_CHIME = """
import json, sys
mixer = engine.import_mixer()
mixer.init(frequency=44100, size=-16, channels=1, buffer=512)
channel = mixer.Channel(0)
channel.play(mixer.Sound(file=CHIME))
print(json.dumps({
    "busy": bool(channel.get_busy()),
    "format": list(mixer.get_init()),
    "loaded": sorted(name for name in sys.modules if name.startswith("pygame")),
    "same_module": mixer is sys.modules["pygame.mixer"],
}))
mixer.quit()
"""


def run_fresh(before: str) -> dict[str, Any]:
    """Runs `before`, then imports the mixer and plays a chime, in a new interpreter."""
    chime = str(default_sounds_dir() / "chime.wav")
    script = (
        "from unwind.audio import pygame_import as engine\n"
        + textwrap.dedent(before)
        + f"\nCHIME = {chime!r}\n"
        + PLAY_A_CHIME
    )
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_mixer_loads_and_plays_without_the_rest_of_pygame() -> None:
    result = run_fresh("")
    assert result["busy"], "the chime plays"
    assert result["format"] == [44100, -16, 1]
    assert result["same_module"]
    assert "pygame.mixer" in result["loaded"]
    assert not set(UNUSED_BY_UNWIND) & set(result["loaded"]), result["loaded"]


def test_a_pygame_loaded_before_is_used_as_it_is() -> None:
    result = run_fresh("import pygame\n")
    assert result["busy"]
    assert set(UNUSED_BY_UNWIND) <= set(result["loaded"]), "nothing was unloaded"


def test_when_the_mixer_cannot_load_alone_all_of_pygame_is_loaded() -> None:
    half_way = """
    import sys

    def fail_half_way():
        sys.modules["pygame"] = object()  # a half-made package, left behind
        raise ImportError("pygame.base could not be found")

    engine._import_mixer_alone = fail_half_way
    """
    result = run_fresh(half_way)
    assert result["busy"], "the chime still plays"
    assert set(UNUSED_BY_UNWIND) <= set(result["loaded"]), "pygame was imported the usual way"
