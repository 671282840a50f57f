"""The spoken lines, composed without Qt or sound: every step kind, sides, detail levels."""

from __future__ import annotations

import dataclasses
import itertools
import math
import subprocess
import sys
from pathlib import Path

import pytest

from unwind.core.guidance import (
    END_LINE,
    MAX_SPOKEN_CHARS,
    Detail,
    Line,
    LineKind,
    VoiceOptions,
    area_words,
    breath_tones_wanted,
    compose,
    duration_words,
    every_text,
    eyes_closed,
    fit,
    for_the_ear,
    number_words,
    seconds_words,
    set_eyes_closed,
    shared_texts,
    step_words,
)
from unwind.core.library import RoutineLibrary
from unwind.core.routine_file import parse_routine
from unwind.core.settings import Settings
from unwind.core.timeline import CueKind

FULL = VoiceOptions(Detail.FULL)
KEY = VoiceOptions(Detail.KEY)

ROUTINE = """
id = "spoken"
title = "Shoulders 4-7-8"
goals = ["tension"]

[[steps]]
kind = "prepare"
title = "Warm your hands"
duration = 20
instruction = "Rub your palms together."

[[steps]]
kind = "massage"
title = "Knead the shoulder"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 60
instruction = "Lift and squeeze the muscle on top of your shoulder."

[[steps]]
kind = "breathe"
title = "Slow breathing"
inhale = 4
hold_in = 3.5
exhale = 6
cycles = 4

[[steps]]
kind = "massage"
area = "upper_back"
side = "left"
technique = "ball"
pressure = "firm"
duration = 90
say = "Lean into the ball, slowly."

[[steps]]
kind = "rest"
duration = 30
instruction = "Sit quietly."
"""


def texts_at(detail: Detail, **options: bool) -> dict[CueKind, list[list[str]]]:
    script = compose(parse_routine(ROUTINE), VoiceOptions(detail, **options))
    found: dict[CueKind, list[list[str]]] = {}
    for moment in script.moments:
        found.setdefault(moment.cue, []).append([line.text for line in moment.lines])
    return found


def test_words_for_numbers_and_durations() -> None:
    assert [number_words(n) for n in (0, 7, 13, 20, 45, 99, 120)] == [
        "zero",
        "seven",
        "thirteen",
        "twenty",
        "forty-five",
        "ninety-nine",
        "one hundred and twenty",
    ]
    assert [seconds_words(s) for s in (4, 3.5, 0.5, 1.49)] == [
        "four",
        "three and a half",
        "a half",
        "one and a half",
    ]
    assert [duration_words(s) for s in (10, 42, 60, 90, 120, 150, 304)] == [
        "ten seconds",
        "forty seconds",
        "one minute",
        "a minute and a half",
        "two minutes",
        "two and a half minutes",
        "five minutes",
    ]


def test_full_guidance_says_what_where_which_side_how_firmly_and_how_long() -> None:
    steps = texts_at(Detail.FULL)[CueKind.STEP_STARTED]
    assert steps[0] == [
        "Shoulders 4 7 8, four minutes.",  # the start: title and length, once
        "Warm your hands.",
        "Rub your palms together.",
    ]
    assert steps[1] == [
        "Now knead your left shoulder, medium pressure, thirty seconds a side.",
        "Lift and squeeze the muscle on top of your shoulder.",
    ]
    assert steps[2] == ["Four rounds: breathe in for four, hold for three and a half, out for six."]
    assert steps[3] == ["Lean into the ball, slowly."], "a step's own `say` replaces the line"
    assert steps[4] == ["Rest.", "Sit quietly."]


def test_where_is_said_with_its_side() -> None:
    assert area_words("shoulders", "left") == "your left shoulder"
    assert area_words("upper_back", "right") == "the right side of your upper back"
    assert area_words("neck", "left") == "the left side of the back of your neck"
    assert area_words("skull_base", None) == "the base of your skull"


def test_side_changes_next_and_the_end() -> None:
    spoken = texts_at(Detail.FULL)
    assert spoken[CueKind.SWITCH_SIDES] == [["Now your right shoulder."]]
    assert [texts[0] for texts in spoken[CueKind.ENDING_SOON]] == [
        "Next: Slow breathing.",  # not after the first step: 20 s is too short for it
        "Next: Ball against a wall: upper back.",
        "Next: Rest.",
    ]
    assert spoken[CueKind.FINISHED] == [[END_LINE]]
    assert CueKind.COUNTDOWN not in spoken and CueKind.BREATH_PHASE not in spoken


def test_sided_lines_are_spoken_from_their_side() -> None:
    script = compose(parse_routine(ROUTINE), FULL)
    sides = {(m.cue, m.step_index): {line.side for line in m.lines} for m in script.moments}
    assert sides[(CueKind.STEP_STARTED, 1)] == {"left"}
    assert sides[(CueKind.SWITCH_SIDES, 1)] == {"right"}
    assert sides[(CueKind.STEP_STARTED, 3)] == {"left"}
    assert sides[(CueKind.STEP_STARTED, 2)] == {None}


def test_key_cues_only_are_step_names_and_side_changes() -> None:
    spoken = texts_at(Detail.KEY)
    assert set(spoken) == {CueKind.STEP_STARTED, CueKind.SWITCH_SIDES}
    assert spoken[CueKind.STEP_STARTED] == [
        ["Warm your hands."],
        ["Knead the shoulder, left side."],
        ["Slow breathing."],
        ["Ball against a wall: upper back, left side."],
        ["Rest."],
    ]
    assert spoken[CueKind.SWITCH_SIDES] == [["Right side."]]


def test_breath_phases_and_countdown_are_options() -> None:
    spoken = texts_at(Detail.KEY, breath_phases=True, countdown=True)
    phases = [texts[0] for texts in spoken[CueKind.BREATH_PHASE]]
    assert phases[:3] == ["In.", "Hold.", "Out."] and len(phases) == 12
    counts = [texts[0] for texts in spoken[CueKind.COUNTDOWN]]
    assert counts[:3] == ["Three.", "Two.", "One."] and len(counts) == 15


def test_off_says_nothing() -> None:
    assert compose(parse_routine(ROUTINE), VoiceOptions(Detail.OFF, True, True)).moments == ()


def test_each_moment_has_until_the_next_one_and_phase_words_wait_their_turn() -> None:
    script = compose(parse_routine(ROUTINE), VoiceOptions(Detail.FULL, breath_phases=True))
    urgent = [m for m in script.moments if m.urgent]
    for moment, following in itertools.pairwise(urgent):
        assert moment.budget == pytest.approx(following.time - moment.time - 0.3)
    assert math.isinf(urgent[-1].budget)
    phases = [m for m in script.moments if m.cue is CueKind.BREATH_PHASE]
    assert not any(m.urgent for m in phases)
    assert phases[0].budget == pytest.approx(4 - 0.3)  # the inhale lasts 4 s
    assert phases[1].budget == pytest.approx(3.5 - 0.3)


def test_fit_keeps_the_most_important_lines_that_are_ready_in_their_order() -> None:
    start = Line(LineKind.START, "Start.")
    step = Line(LineKind.STEP, "Step.")
    words = Line(LineKind.INSTRUCTION, "Words.")
    lengths = {"Start.": 2.0, "Step.": 4.0, "Words.": 6.0}
    assert fit([start, step, words], lambda line: lengths[line.text], 13) == (start, step, words)
    assert fit([start, step, words], lambda line: lengths[line.text], 11) == (start, step)
    assert fit([start, step, words], lambda line: lengths[line.text], 7) == (start, step)
    assert fit([start, step, words], lambda line: lengths[line.text], 4.5) == (step,)
    assert fit([start, step, words], lambda line: lengths[line.text], 3) == (start,)
    not_ready = {"Start.": 2.0, "Words.": 6.0}
    assert fit([start, step, words], lambda line: not_ready.get(line.text), 99) == (start, words)


def test_text_for_the_ear_drops_emoji_and_symbols_and_keeps_letters() -> None:
    assert for_the_ear("Relax 😌🙏🏽 your jaw ✨") == "Relax your jaw"
    assert for_the_ear("Crème brûlée  \t breathing\u200d") == "Crème brûlée breathing"
    assert for_the_ear("In for 4-7-8 and 3\u20133") == "In for 4 7 8 and 3 3"
    assert for_the_ear("🙂🙂 ✨") == ""
    assert for_the_ear("") == ""


def test_an_empty_or_very_long_instruction_is_left_out_and_the_step_still_speaks() -> None:
    # A routine file refuses an instruction past 600 characters; one built in code may not.
    long = "Breathe. " * 222
    routine = parse_routine(ROUTINE.replace('"Sit quietly."', '"😌"'))
    first = dataclasses.replace(routine.steps[0], instruction=long)
    routine = dataclasses.replace(routine, steps=(first, *routine.steps[1:]))
    steps = {
        m.step_index: [line.text for line in m.lines]
        for m in compose(routine, FULL).moments
        if m.cue is CueKind.STEP_STARTED
    }
    assert len(long) >= 1_998 > MAX_SPOKEN_CHARS
    assert steps[0] == ["Shoulders 4 7 8, four minutes.", "Warm your hands."]
    assert steps[4] == ["Rest."]


def test_every_text_covers_both_details_and_options() -> None:
    texts = every_text(parse_routine(ROUTINE))
    assert "Right side." in texts and "Now your right shoulder." in texts
    assert "Three." in texts and "Hold." in texts and END_LINE in texts
    assert len(texts) == len(set(texts))
    assert set(shared_texts()) <= {
        "In.",
        "More.",
        "Hold.",
        "Out.",
        "Three.",
        "Two.",
        "One.",
        END_LINE,
        "Right side.",
    }


def test_every_builtin_step_has_a_line_in_full_and_key_detail() -> None:
    for built_in in RoutineLibrary.load(None).routines:
        for detail in (Detail.FULL, Detail.KEY):
            script = compose(built_in, VoiceOptions(detail))
            starts = [m for m in script.moments if m.cue is CueKind.STEP_STARTED]
            assert [m.step_index for m in starts] == list(range(len(built_in.steps)))
            for moment in starts:
                assert all(
                    line.text and len(line.text) <= MAX_SPOKEN_CHARS for line in moment.lines
                )
                assert not any(ch.isdigit() for ch in step_words(built_in.steps[moment.step_index]))


def test_eyes_closed_turns_voice_and_breath_tones_on_together(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert not eyes_closed(settings)
    set_eyes_closed(settings, True)
    assert settings.text("voice") == "full" and settings.flag("breath_tones")
    assert eyes_closed(settings)
    settings.set("voice", "key")  # a chosen detail is kept
    set_eyes_closed(settings, False)
    assert settings.text("voice") == "off" and not settings.flag("breath_tones")
    settings.set("voice", "key")
    set_eyes_closed(settings, True)
    assert settings.text("voice") == "key"


def test_spoken_breath_phases_take_the_place_of_the_breath_tones(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("breath_tones", True)
    assert breath_tones_wanted(settings)
    settings.set("voice_breath", True)
    assert breath_tones_wanted(settings), "phase words only count while the voice is on"
    settings.set("voice", "full")
    assert not breath_tones_wanted(settings)


def test_the_composer_needs_no_qt_and_no_sound() -> None:
    code = (
        "import sys, unwind.core.guidance, unwind.core.routine_file; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pygame') "
        "or m.startswith(('unwind.audio', 'unwind.ui'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
