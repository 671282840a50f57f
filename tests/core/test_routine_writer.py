"""Writing a routine and reading it back gives the same routine, for every kind of step."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from unwind.core.guidance import for_the_ear
from unwind.core.library import RoutineLibrary
from unwind.core.routine import (
    AREAS,
    GOALS,
    MAX_PHASE_SECONDS,
    MAX_ROUTINE_SECONDS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    BreathPattern,
    BreathPhase,
    Routine,
    Step,
    StepKind,
)
from unwind.core.routine_file import parse_routine
from unwind.core.routine_limits import MIN_PHASE_SECONDS, MIN_STEP_SECONDS
from unwind.core.routine_writer import FieldAt, routine_text, step_data, write_routine

texts = (
    # what a routine may hold: no surrogates and no control characters (see routine_limits)
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
seconds = st.floats(min_value=MIN_PHASE_SECONDS, max_value=MAX_PHASE_SECONDS, allow_nan=False)
holds = st.one_of(st.just(0.0), seconds)


@st.composite
def patterns(draw: st.DrawFn) -> BreathPattern:
    return BreathPattern(
        inhale=draw(seconds),
        exhale=draw(seconds),
        top_up=draw(holds),
        hold_in=draw(holds),
        hold_out=draw(holds),
    )


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(StepKind))
    title = draw(texts)
    instruction = draw(st.one_of(st.just(""), texts))
    say = draw(st.one_of(st.just(""), texts.filter(for_the_ear)))
    if kind is StepKind.BREATHE:
        pattern = draw(patterns())
        cycles = draw(st.integers(min_value=1, max_value=12))
        phases = draw(st.lists(st.sampled_from(BreathPhase), unique=True, max_size=5))
        return Step(
            kind=kind,
            duration=cycles * pattern.cycle_seconds,
            title=title,
            instruction=instruction,
            breath=pattern,
            cycles=cycles,
            words={phase: draw(texts) for phase in phases},
            say=say,
        )
    duration = draw(st.floats(min_value=MIN_STEP_SECONDS, max_value=1800, allow_nan=False))
    if kind is StepKind.MASSAGE:
        return Step(
            kind=kind,
            duration=duration,
            title=title,
            instruction=instruction,
            breath=draw(st.one_of(st.none(), patterns())),
            area=draw(st.sampled_from(list(AREAS))),
            side=draw(st.sampled_from(list(SIDES))),
            technique=draw(st.sampled_from(list(TECHNIQUES))),
            pressure=draw(st.sampled_from(list(PRESSURES))),
            say=say,
        )
    return Step(kind=kind, duration=duration, title=title, instruction=instruction, say=say)


@st.composite
def any_routine(draw: st.DrawFn) -> Routine:
    return Routine(
        id=draw(st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,30}\Z")),
        title=draw(texts),
        summary=draw(st.one_of(st.just(""), texts)),
        goals=tuple(draw(st.lists(st.sampled_from(list(GOALS)), max_size=4))),
        steps=tuple(draw(st.lists(steps(), min_size=1, max_size=6))),
        safety=tuple(draw(st.lists(texts, max_size=3))),
        sources=tuple(draw(st.lists(texts, max_size=3))),
    )


def routines() -> st.SearchStrategy[Routine]:
    """Routines a file may hold: within the four hours a routine may last."""
    return any_routine().filter(lambda routine: routine.duration <= MAX_ROUTINE_SECONDS)


def as_read(routine: Routine) -> Routine:
    return dataclasses.replace(routine, path=None, builtin=False, id_line=None)


@settings(max_examples=150, deadline=None)
@given(routines())
def test_save_then_load_gives_the_same_routine(routine: Routine) -> None:
    back = parse_routine(routine_text(routine))
    assert as_read(back) == routine


@settings(max_examples=60, deadline=None)
@given(routines())
def test_load_save_load_is_stable(routine: Routine) -> None:
    first = routine_text(routine)
    again = routine_text(parse_routine(first))
    assert again == first


def test_every_builtin_routine_round_trips() -> None:
    for routine in RoutineLibrary.load(None).routines:
        back = parse_routine(routine_text(routine))
        assert as_read(back) == as_read(routine), routine.id


def test_the_file_is_commented_and_each_line_knows_its_field() -> None:
    routine = RoutineLibrary.load(None).get("shoulder-release-breathing")
    assert routine is not None
    written = write_routine(routine)
    lines = written.text.splitlines()
    assert lines[0].startswith("# Shoulder release with breathing")
    assert "unwind routines --check FILE" in written.text
    knead = next(i for i, line in enumerate(lines, 1) if line.startswith('technique = "knead"'))
    assert lines[knead - 1].endswith("# Kneading")
    at = written.field_at(knead)
    assert at is not None and at.step == 2 and at.key == "technique"
    assert "6 breaths a minute" in written.text
    tomllib.loads(written.text)


def test_text_that_needs_escaping_survives() -> None:
    tricky = 'Say "ah"\\ then\ttab\nnew line é 🌿'  # other control characters are refused
    routine = Routine(
        id="tricky",
        title=tricky,
        summary="",
        goals=(),
        steps=(Step(StepKind.REST, 10.0, tricky, tricky),),
    )
    assert parse_routine(routine_text(routine)).title == tricky


@dataclass(frozen=True)
class PacedStep(Step):
    tempo: str | None = None


def test_a_field_the_writer_does_not_name_is_kept() -> None:
    """A field added to the model later is written with the rest, before the instruction."""
    plain = PacedStep(StepKind.REST, 30.0, "Rest", "Sit quietly.")
    assert "tempo" not in step_data(plain)
    paced = PacedStep(StepKind.REST, 30.0, "Rest", "Sit quietly.", tempo="slow")
    data = step_data(paced)
    assert data["tempo"] == "slow"
    assert list(data)[-1] == "tempo"


def test_a_spoken_line_is_written_before_the_instruction_and_reads_back() -> None:
    step = Step(StepKind.REST, 30.0, "Rest", "Sit quietly.", say="Let your hands go heavy.")
    routine = Routine("said", "Said", "", (), (step,))
    written = write_routine(routine)
    lines = written.text.splitlines()
    say = lines.index('say = "Let your hands go heavy."')
    assert lines[say + 1] == 'instruction = "Sit quietly."'
    assert written.fields[say + 1] == FieldAt(0, "say")
    assert parse_routine(written.text).steps[0].say == "Let your hands go heavy."
    assert "say" not in step_data(dataclasses.replace(step, say=""))
