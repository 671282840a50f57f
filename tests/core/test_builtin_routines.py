"""The built-in routine library: every file loads and follows the content brief.

The breathing patterns, massage rules and wording limits checked here come from the content
brief (CONTENT.md): the timings the studies used, no pressure on the spine, back of the neck
only, no cure or hormone claims, short cues that fit on screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unwind.core.library import RoutineLibrary
from unwind.core.routine import (
    AREAS,
    GOALS,
    MASSAGE_SAFETY,
    BreathPattern,
    BreathPhase,
    Routine,
    Step,
    StepKind,
)
from unwind.core.routine_file import parse_routine
from unwind.resources import routines_folder

REQUIRED_IDS = (
    "cyclic-sighing",
    "resonance-breathing",
    "calm-5-5",
    "box-breathing",
    "box-breathing-3",
    "four-seven-eight",
    "neck-and-shoulders",
    "upper-back-ball",
    "lower-back-comfort",
    "quiet-rest",
    "shoulder-release-breathing",
    "evening-wind-down",
    "desk-reset",
)

KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FORBIDDEN_RE = re.compile(
    r"\b(proven|proves?|cures?|cured|curing|cortisol|oxytocin|endorphins?|guaranteed?)\b",
    re.IGNORECASE,
)


def _builtin_files() -> list[tuple[str, str]]:
    folder = routines_folder()
    return sorted(
        (entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


BUILTIN_FILES = _builtin_files()
LIBRARY = RoutineLibrary.load(None)


def _routine(routine_id: str) -> Routine:
    routine = LIBRARY.get(routine_id)
    assert routine is not None, f"missing built-in routine {routine_id!r}"
    return routine


def _steps(routine: Routine, kind: StepKind) -> list[Step]:
    return [step for step in routine.steps if step.kind is kind]


def _pattern(step: Step) -> BreathPattern:
    assert step.breath is not None, f"step {step.title!r} has no breath pattern"
    return step.breath


def _only_breathe_step(routine_id: str) -> Step:
    steps = _steps(_routine(routine_id), StepKind.BREATHE)
    assert len(steps) == 1, f"{routine_id} should have exactly one breathe step"
    return steps[0]


def _breaths_per_minute(pattern: BreathPattern) -> float:
    return 60.0 / pattern.cycle_seconds


def _texts(routine: Routine) -> list[str]:
    texts = [routine.title, routine.summary, *routine.safety, *routine.sources]
    for step in routine.steps:
        texts += [step.title, step.instruction, *step.words.values()]
    return texts


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:!?])\s+", text) if s]


# --- loading -------------------------------------------------------------------------------


def test_there_are_builtin_files() -> None:
    assert len(BUILTIN_FILES) >= len(REQUIRED_IDS)


def test_every_builtin_loads_into_the_library() -> None:
    assert LIBRARY.broken == ()
    assert len(LIBRARY.routines) == len(BUILTIN_FILES)
    assert all(routine.builtin for routine in LIBRARY.routines)


@pytest.mark.parametrize(("name", "text"), BUILTIN_FILES, ids=[n for n, _ in BUILTIN_FILES])
def test_file_parses_and_id_equals_file_stem(name: str, text: str) -> None:
    routine = parse_routine(text, Path(name), builtin=True)
    assert routine.id == Path(name).stem
    assert KEBAB_RE.match(routine.id), f"{routine.id!r} is not kebab-case"


def test_ids_are_unique() -> None:
    ids = [routine.id for routine in LIBRARY.routines]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("routine_id", REQUIRED_IDS)
def test_required_routine_exists(routine_id: str) -> None:
    assert _routine(routine_id).steps


# --- wording -------------------------------------------------------------------------------


@pytest.mark.parametrize("routine", LIBRARY.routines, ids=lambda r: r.id)
def test_text_is_short_enough_for_the_screen(routine: Routine) -> None:
    assert 0 < len(routine.title) <= 32
    assert 0 < len(routine.summary) <= 90
    assert "\n" not in routine.summary
    assert routine.goals, "every built-in routine names at least one goal"
    for step in routine.steps:
        assert 0 < len(step.title) <= 32, step.title
        assert 0 < len(step.instruction) <= 160, step.instruction
        for word in step.words.values():
            assert len(word) <= 24, word


@pytest.mark.parametrize("routine", LIBRARY.routines, ids=lambda r: r.id)
def test_no_cure_proof_or_hormone_claims(routine: Routine) -> None:
    for text in _texts(routine):
        assert not FORBIDDEN_RE.search(text), text


@pytest.mark.parametrize("routine", LIBRARY.routines, ids=lambda r: r.id)
def test_routine_safety_does_not_repeat_the_general_massage_guidance(routine: Routine) -> None:
    assert not set(routine.safety) & set(MASSAGE_SAFETY)


def test_every_goal_is_covered() -> None:
    covered = {goal for routine in LIBRARY.routines for goal in routine.goals}
    assert covered == set(GOALS)


def test_every_category_is_offered() -> None:
    categories = {routine.category for routine in LIBRARY.routines}
    assert categories == {"breathing", "massage", "mixed", "rest"}


def test_lengths_spread_from_two_to_twelve_minutes() -> None:
    durations = [routine.duration for routine in LIBRARY.routines]
    assert all(120 <= d <= 12 * 60 for d in durations), durations
    assert min(durations) <= 3 * 60
    assert max(durations) >= 10 * 60


def test_quick_breaks_are_quick() -> None:
    quick = [r for r in LIBRARY.routines if "quick_break" in r.goals]
    assert quick
    assert all(r.duration <= 4 * 60 for r in quick), [(r.id, r.duration) for r in quick]
    assert 120 <= _routine("desk-reset").duration <= 180


# --- breathing patterns --------------------------------------------------------------------


def test_cyclic_sighing_is_a_double_inhale_and_a_long_exhale() -> None:
    pattern = _pattern(_only_breathe_step("cyclic-sighing"))
    assert 1.5 <= pattern.inhale <= 2.5
    assert 0.5 <= pattern.top_up <= 1.5
    assert pattern.exhale == pytest.approx(2 * (pattern.inhale + pattern.top_up), rel=0.15)
    assert pattern.hold_in == 0
    assert pattern.hold_out == 0


def test_cyclic_sighing_is_a_five_minute_practice() -> None:
    routine = _routine("cyclic-sighing")
    breathing = sum(step.duration for step in _steps(routine, StepKind.BREATHE))
    assert breathing >= 5 * 60
    assert routine.duration >= 5 * 60
    assert re.search(r"\b(5|five)[- ]minute", routine.summary, re.IGNORECASE)
    assert any("Balban" in source for source in routine.sources)


def test_cyclic_sighing_cues_nose_in_and_mouth_out() -> None:
    step = _only_breathe_step("cyclic-sighing")
    assert "nose" in step.instruction
    assert "mouth" in step.instruction


def test_resonance_breathing_is_about_six_per_minute_without_holds() -> None:
    routine = _routine("resonance-breathing")
    steps = _steps(routine, StepKind.BREATHE)
    assert steps
    for step in steps:
        pattern = _pattern(step)
        assert 4.5 <= _breaths_per_minute(pattern) <= 6.5
        assert _breaths_per_minute(pattern) == pytest.approx(6.0, abs=0.25)
        assert pattern.exhale > pattern.inhale
        assert pattern.hold_in == pattern.hold_out == pattern.top_up == 0
        assert "gentle, not deep" in step.instruction.lower()
    assert 4.5 * 60 <= sum(step.duration for step in steps) <= 7 * 60


def test_calm_5_5_is_in_five_out_five_for_three_to_five_minutes() -> None:
    step = _only_breathe_step("calm-5-5")
    pattern = _pattern(step)
    assert (pattern.inhale, pattern.exhale) == (5, 5)
    assert pattern.hold_in == pattern.hold_out == pattern.top_up == 0
    assert 3 * 60 <= step.duration <= 5 * 60


@pytest.mark.parametrize(("routine_id", "side"), [("box-breathing", 4), ("box-breathing-3", 3)])
def test_box_breathing_has_four_equal_sides(routine_id: str, side: float) -> None:
    pattern = _pattern(_only_breathe_step(routine_id))
    assert pattern.inhale == pattern.hold_in == pattern.exhale == pattern.hold_out == side
    assert pattern.top_up == 0


def test_four_seven_eight_is_four_cycles_of_4_7_8() -> None:
    routine = _routine("four-seven-eight")
    step = _only_breathe_step("four-seven-eight")
    pattern = _pattern(step)
    assert (pattern.inhale, pattern.hold_in, pattern.exhale) == (4, 7, 8)
    assert pattern.top_up == pattern.hold_out == 0
    assert step.cycles == 4
    exhale_cue = (step.instruction + " " + step.phase_word(BreathPhase.EXHALE)).lower()
    assert "whoosh" in exhale_cue
    assert "mouth" in exhale_cue
    safety = " ".join(routine.safety).lower()
    assert "light-headed" in safety
    assert "weak" in safety


def test_faster_four_seven_eight_keeps_the_ratio_and_the_cycle_limit() -> None:
    pattern = _pattern(_only_breathe_step("four-seven-eight-faster"))
    assert pattern.hold_in / pattern.inhale == pytest.approx(7 / 4)
    assert pattern.exhale / pattern.inhale == pytest.approx(8 / 4)
    assert pattern.cycle_seconds < 19
    assert (_only_breathe_step("four-seven-eight-faster").cycles or 0) <= 4


@pytest.mark.parametrize("routine", LIBRARY.routines, ids=lambda r: r.id)
def test_no_step_holds_the_breath_for_long(routine: Routine) -> None:
    for step in routine.steps:
        if step.breath is not None:
            assert step.breath.hold_in <= 7
            assert step.breath.hold_out <= 4


# --- massage -------------------------------------------------------------------------------


def _massage_routines() -> list[Routine]:
    return [routine for routine in LIBRARY.routines if routine.has_massage]


@pytest.mark.parametrize("routine", _massage_routines(), ids=lambda r: r.id)
def test_massage_routines_start_with_a_short_prepare_step(routine: Routine) -> None:
    first = routine.steps[0]
    assert first.kind is StepKind.PREPARE
    assert 15 <= first.duration <= 30


@pytest.mark.parametrize("routine", _massage_routines(), ids=lambda r: r.id)
def test_no_massage_step_presses_on_the_spine(routine: Routine) -> None:
    for step in _steps(routine, StepKind.MASSAGE):
        for sentence in _sentences(step.instruction):
            if "spine" in sentence.lower():
                assert re.search(r"\b(never|not)\b", sentence, re.IGNORECASE), sentence


def test_neck_area_means_the_back_of_the_neck() -> None:
    assert AREAS["neck"].lower().startswith("back of")


@pytest.mark.parametrize("routine", _massage_routines(), ids=lambda r: r.id)
def test_neck_work_is_at_the_back_of_the_neck_only(routine: Routine) -> None:
    for step in _steps(routine, StepKind.MASSAGE):
        text = step.instruction.lower()
        assert "throat" not in text
        assert "carotid" not in text
        if step.area == "neck" or "neck" in text:
            assert "back of your neck" in text or "back of the neck" in text, text
        if "front" in text and "neck" in text:
            assert re.search(r"\b(away|avoid|never|not)\b", text), text


@pytest.mark.parametrize("routine", _massage_routines(), ids=lambda r: r.id)
def test_massage_steps_say_where_and_how(routine: Routine) -> None:
    for step in _steps(routine, StepKind.MASSAGE):
        assert step.area in AREAS
        assert step.instruction
        if step.side == "each":
            assert step.duration >= 20, "each side needs enough time to matter"


def test_neck_and_shoulders_covers_the_hand_techniques() -> None:
    steps = _steps(_routine("neck-and-shoulders"), StepKind.MASSAGE)
    techniques = {step.technique for step in steps}
    areas = {step.area for step in steps}
    assert {"glide", "knead", "tap", "squeeze", "circles"} <= techniques
    assert {"shoulders", "neck", "skull_base", "scalp", "temples"} <= areas
    assert any(step.side == "each" for step in steps)
    stroke = next(step for step in steps if step.technique == "glide")
    assert re.search(r"\b(3|three) (or|to) (4|four)\b", stroke.instruction)


def test_upper_back_ball_is_slow_firm_work_beside_the_spine() -> None:
    routine = _routine("upper-back-ball")
    steps = [step for step in _steps(routine, StepKind.MASSAGE) if step.area == "upper_back"]
    assert steps
    for step in steps:
        assert step.technique in {"ball", "hold"}
        assert step.pressure in {"medium", "firm"}
        assert step.side == "each"
    per_side = sum(step.duration for step in steps) / 2
    assert 90 <= per_side <= 120
    rolling = next(step for step in steps if step.technique == "ball")
    assert "never on the spine" in rolling.instruction
    assert any("cross" in step.instruction.lower() for step in steps)
    safety = " ".join(routine.safety).lower()
    assert "7 out of 10" in safety
    assert "12 strokes" in safety
    assert "soreness" in safety


def test_lower_back_comfort_ends_lying_down_with_slow_breathing() -> None:
    routine = _routine("lower-back-comfort")
    massage = _steps(routine, StepKind.MASSAGE)
    assert any(step.technique == "palms" and step.area == "lower_back" for step in massage)
    assert any(step.technique == "circles" and step.area == "lower_back" for step in massage)
    ball = [step for step in massage if step.area == "glutes"]
    assert ball
    assert all(step.technique == "ball" and step.side == "each" for step in ball)
    last = routine.steps[-1]
    assert last.kind in {StepKind.BREATHE, StepKind.REST}
    assert "lie" in routine.steps[-2].instruction.lower()
    if last.breath is not None:
        assert _breaths_per_minute(last.breath) <= 6.5


def test_some_routine_paces_massage_with_slow_breathing() -> None:
    paced = [
        step
        for routine in LIBRARY.routines
        for step in _steps(routine, StepKind.MASSAGE)
        if step.breath is not None
    ]
    assert paced
    for step in paced:
        pattern = _pattern(step)
        assert _breaths_per_minute(pattern) <= 6.5
        assert pattern.exhale >= pattern.inhale
        # whole breaths per step (and per side), so the pacer never stops mid-breath
        sides = 2 if step.side == "each" else 1
        cycles = step.duration / sides / pattern.cycle_seconds
        assert cycles == pytest.approx(round(cycles)), step.title
    release = _routine("shoulder-release-breathing")
    assert release.category == "mixed"
    assert _steps(release, StepKind.BREATHE)


def test_aromatherapy_is_optional_and_patch_tested() -> None:
    aroma = [
        step
        for routine in LIBRARY.routines
        for step in routine.steps
        if re.search(r"\b(oil|lotion|scent|scented)\b", step.instruction, re.IGNORECASE)
    ]
    assert aroma
    for step in aroma:
        text = (step.title + " " + step.instruction).lower()
        assert step.kind is StepKind.PREPARE
        assert "patch-test" in text or "patch test" in text
        assert "allerg" in text
        assert "optional" in text or "if you like" in text
    evening = _routine("evening-wind-down")
    assert any(step in evening.steps for step in aroma)


def test_evening_wind_down_is_for_sleep() -> None:
    routine = _routine("evening-wind-down")
    assert "sleep" in routine.goals
    areas = {step.area for step in _steps(routine, StepKind.MASSAGE)}
    assert {"temples", "scalp", "jaw"} <= areas
    assert all(step.pressure == "light" for step in _steps(routine, StepKind.MASSAGE))
    breathe = _steps(routine, StepKind.BREATHE)
    assert breathe
    assert all(_breaths_per_minute(_pattern(step)) <= 6.5 for step in breathe)


# --- quiet rest ----------------------------------------------------------------------------


def test_quiet_rest_is_a_plain_comparison() -> None:
    routine = _routine("quiet-rest")
    assert routine.category == "rest"
    assert not _steps(routine, StepKind.BREATHE)
    assert not _steps(routine, StepKind.MASSAGE)
    assert all(step.breath is None for step in routine.steps)
    assert len(routine.steps) == 1
    step = routine.steps[0]
    assert step.kind is StepKind.REST
    assert step.instruction.lower().rstrip(".") == "sit comfortably"
    assert 4 * 60 <= step.duration <= 6 * 60
    assert "stress" in routine.goals
    assert "compar" in routine.summary.lower()
