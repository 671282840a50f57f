"""Which sound marks which moment of a session, and the soundscapes a person can choose."""

from __future__ import annotations

from enum import StrEnum

from unwind.core.routine import BreathPhase
from unwind.core.settings import SOUNDSCAPES as SOUNDSCAPE_NAMES
from unwind.core.timeline import Cue, CueKind


class CueSound(StrEnum):
    """A cue sound; the value is its file name in assets/sounds without `.wav`."""

    CHIME = "chime"
    CHIME_SOFT = "chime_soft"
    FINISH = "finish"
    INHALE = "inhale"
    EXHALE = "exhale"


SOUNDSCAPES = SOUNDSCAPE_NAMES
"""Soundscape id (as stored in settings) to the name a person sees, in menu order."""

SILENCE = "silence"

_BREATH_SOUNDS: dict[BreathPhase, CueSound] = {
    BreathPhase.INHALE: CueSound.INHALE,
    BreathPhase.TOP_UP: CueSound.INHALE,
    BreathPhase.EXHALE: CueSound.EXHALE,
}


def sound_for_cue(cue: Cue, breath_tones: bool) -> CueSound | None:
    """The sound for a cue, or None where silence serves better (holds, tones switched off)."""
    if cue.kind is CueKind.STEP_STARTED:
        return CueSound.CHIME
    if cue.kind is CueKind.BREATH_PHASE:
        if not breath_tones or cue.phase is None:
            return None
        return _BREATH_SOUNDS.get(cue.phase)
    if cue.kind in (CueKind.SWITCH_SIDES, CueKind.HALFWAY):
        return CueSound.CHIME_SOFT
    if cue.kind is CueKind.FINISHED:
        return CueSound.FINISH
    return None


def cue_file_name(sound: CueSound) -> str:
    """The cue's file name in assets/sounds; `make_sounds.py` writes the same names."""
    return f"{sound.value}.wav"


def ambient_file_name(soundscape: str) -> str:
    """The loop's file name in assets/sounds; `make_sounds.py` writes the same names."""
    return f"ambient_{soundscape}.wav"
