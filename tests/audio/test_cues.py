from __future__ import annotations

import pytest

from unwind.audio.cues import SOUNDSCAPES, CueSound, ambient_file_name, sound_for_cue
from unwind.core.routine import BreathPhase
from unwind.core.routine_file import parse_routine
from unwind.core.settings import SOUNDSCAPE_IDS
from unwind.core.timeline import Cue, CueKind, SessionTimeline


@pytest.mark.parametrize("breath_tones", [True, False])
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (CueKind.STEP_STARTED, CueSound.CHIME),
        (CueKind.SWITCH_SIDES, CueSound.CHIME_SOFT),
        (CueKind.HALFWAY, CueSound.CHIME_SOFT),
        (CueKind.FINISHED, CueSound.FINISH),
    ],
)
def test_step_cues_sound_whatever_the_breath_tone_setting(
    kind: CueKind, expected: CueSound, breath_tones: bool
) -> None:
    assert sound_for_cue(Cue(1.0, kind, 0), breath_tones) is expected


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (BreathPhase.INHALE, CueSound.INHALE),
        (BreathPhase.TOP_UP, CueSound.INHALE),
        (BreathPhase.HOLD_IN, None),
        (BreathPhase.EXHALE, CueSound.EXHALE),
        (BreathPhase.HOLD_OUT, None),
    ],
)
def test_breath_phases_sound_only_with_breath_tones(
    phase: BreathPhase, expected: CueSound | None
) -> None:
    cue = Cue(2.0, CueKind.BREATH_PHASE, 0, phase)
    assert sound_for_cue(cue, breath_tones=True) is expected
    assert sound_for_cue(cue, breath_tones=False) is None


def test_every_cue_of_a_real_routine_maps_without_error() -> None:
    routine = parse_routine(
        """
        id = "all-cues"
        title = "All cues"
        [[steps]]
        kind = "breathe"
        inhale = 4
        top_up = 1
        hold_in = 2
        exhale = 6
        hold_out = 2
        cycles = 2
        [[steps]]
        kind = "massage"
        duration = 60
        area = "forearms"
        side = "each"
        technique = "knead"
        pressure = "medium"
        [[steps]]
        kind = "massage"
        duration = 60
        area = "shoulders"
        technique = "knead"
        pressure = "medium"
        """
    )
    cues = SessionTimeline(routine).cues
    assert {cue.kind for cue in cues} == set(CueKind)
    sounds = [sound_for_cue(cue, breath_tones=True) for cue in cues]
    assert set(sounds) == {*CueSound, None}


def test_soundscapes_match_the_settings_schema_and_name_their_files() -> None:
    assert tuple(SOUNDSCAPES) == SOUNDSCAPE_IDS
    assert SOUNDSCAPES["ocean"] == "Ocean waves"
    assert ambient_file_name("brown_noise") == "ambient_brown_noise.wav"
