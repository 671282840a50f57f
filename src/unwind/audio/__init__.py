"""Sound for sessions; imports no Qt and, until `PygameAudio.start()`, no pygame either."""

from unwind.audio.base import Audio, SilentAudio
from unwind.audio.cues import SOUNDSCAPES, CueSound, sound_for_cue
from unwind.audio.engine import PygameAudio

__all__ = ["SOUNDSCAPES", "Audio", "CueSound", "PygameAudio", "SilentAudio", "sound_for_cue"]
