"""The routine being made: checked by the reader, in the words `--check` prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from unwind.cli.main import main
from unwind.core.library import RoutineLibrary
from unwind.core.routine import StepKind
from unwind.core.routine_draft import RoutineDraft, made_say, slug, unique_id
from unwind.core.routine_writer import FieldAt

BUILTINS = RoutineLibrary.load(None)


def check_output(tmp_path: Path, draft: RoutineDraft, capsys: pytest.CaptureFixture[str]) -> str:
    """What `unwind routines --check` prints for the file the draft would save."""
    path = tmp_path / "draft.toml"
    path.write_text(draft.written().text, "utf-8")
    capsys.readouterr()
    main(["--data-dir", str(tmp_path), "routines", "--check", str(path)])
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.set_step(1, "inhale", 0.0), FieldAt(1, "inhale")),
        (lambda d: d.set_step(1, "exhale", 75.0), FieldAt(1, "exhale")),
        (lambda d: d.set_step(0, "duration", 0.0), FieldAt(0, "duration")),
        (lambda d: d.set_step(1, "cycles", 0), FieldAt(1, "cycles")),
        (lambda d: d.set("title", ""), FieldAt(None, "title")),
        (lambda d: d.steps.clear(), FieldAt(None, "steps")),
        (lambda d: d.set_step(0, "duration", 5 * 3600.0), FieldAt(None, "steps")),
        (lambda d: d.set_step(1, "words", {"inhale": "  "}), FieldAt(1, "words")),
        (lambda d: d.set_step(0, "say", "Rest. " * 70), FieldAt(0, "say")),
        (lambda d: d.set_step(1, "say", "🙂"), FieldAt(1, "say")),
    ],
)
def test_a_problem_is_the_readers_own_words_and_names_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object, field: FieldAt
) -> None:
    draft = RoutineDraft.new()
    assert draft.check().routine is not None
    change(draft)  # type: ignore[operator]
    checked = draft.check()
    assert checked.routine is None and checked.problem is not None
    problem = checked.problem
    assert problem.field == field
    printed = check_output(tmp_path, draft, capsys)
    assert printed == f"{tmp_path / 'draft.toml'}:{problem.line}: {problem.reason}"
    assert problem.sentence().endswith(problem.reason)


def test_field_names_say_which_step() -> None:
    draft = RoutineDraft.new()
    draft.set_step(1, "inhale", 0.0)
    problem = draft.check().problem
    assert problem is not None and problem.field_name() == "Step 2, inhale"


def test_a_spoken_line_is_a_field_of_its_step() -> None:
    draft = RoutineDraft.new()
    draft.set_step(0, "say", "Warm your hands, slowly.")
    routine = draft.check().routine
    assert routine is not None and routine.steps[0].say == "Warm your hands, slowly."
    draft.change_kind(0, StepKind.REST)
    assert draft.steps[0].values["say"] == "Warm your hands, slowly."
    draft.set_step(0, "say", "")
    assert "say" not in draft.steps[0].values
    problem = RoutineDraft.new()
    problem.set_step(1, "say", "🙂")
    checked = problem.check().problem
    assert checked is not None and checked.field_name() == "Step 2, spoken line"


def test_the_line_made_from_a_steps_fields_is_what_the_voice_says_without_its_own() -> None:
    values: dict[str, object] = {"kind": "massage", "area": "neck", "side": "each"}
    values |= {"technique": "knead"}
    values |= {"pressure": "medium", "duration": 60.0, "instruction": "Slowly 😌"}
    assert made_say(values) == (
        "Now knead the left side of the back of your neck, medium pressure, "
        "thirty seconds a side. Slowly."
    )
    assert made_say({**values, "say": "Mine."}) == made_say(values)
    assert made_say({**values, "duration": 0.0}) == ""


def test_a_new_routine_takes_its_id_from_its_title_until_saved() -> None:
    draft = RoutineDraft.new(taken_ids={"evening-calm"})
    draft.set("title", "Évening  calm!")
    assert draft.id == "evening-calm-2"
    assert slug("???") == "my-routine"
    assert unique_id("a" * 64, {"a" * 64}) == "a" * 62 + "-2"


def test_a_copy_of_a_builtin_is_a_new_routine_with_the_same_steps() -> None:
    original = BUILTINS.get("neck-and-shoulders")
    assert original is not None
    draft = RoutineDraft.copy_of(original, taken_ids={r.id for r in BUILTINS.routines})
    routine = draft.check().routine
    assert routine is not None
    assert routine.id == "neck-and-shoulders-copy" and routine.title.endswith("(copy)")
    assert routine.steps == original.steps and not routine.builtin


def test_steps_add_remove_duplicate_move_and_change_kind() -> None:
    draft = RoutineDraft.new()
    first, second = (s.key for s in draft.steps)
    assert draft.add_step(StepKind.MASSAGE, at=1) == 1
    assert draft.duplicate_step(1) == 2
    assert [s.kind for s in draft.steps] == [
        StepKind.PREPARE,
        StepKind.MASSAGE,
        StepKind.MASSAGE,
        StepKind.BREATHE,
    ]
    assert draft.move_step(3, 0) == 0
    assert draft.steps[0].key == second
    draft.remove_step(0)
    assert draft.steps[0].key == first
    draft.set_step(0, "instruction", "Warm your hands.")
    draft.change_kind(0, StepKind.BREATHE)
    assert draft.steps[0].values["instruction"] == "Warm your hands."
    assert "duration" not in draft.steps[0].values
    routine = draft.check().routine
    assert routine is not None and len(routine.steps) == 3
