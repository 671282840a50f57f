"""A step's own spoken line, `say`: read, checked and refused like any other field."""

from __future__ import annotations

from pathlib import Path

import pytest

from unwind.cli.main import main
from unwind.core.routine import RoutineError
from unwind.core.routine_file import parse_routine

ROUTINE = """\
id = "said"
title = "Said"
goals = ["stress"]

[[steps]]
kind = "rest"
duration = 30
instruction = "Sit quietly."
say = "Let your shoulders drop, and rest."

[[steps]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 3
"""


def test_say_is_read_for_the_step_and_left_empty_elsewhere() -> None:
    rest, breathe = parse_routine(ROUTINE).steps
    assert rest.say == "Let your shoulders drop, and rest."
    assert breathe.say == ""


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("42", "'say' must be the words to speak for this step"),
        ('["Rest."]', "'say' must be the words to speak for this step"),
        ('""', "'say' must be the words to speak for this step"),
        ('"🙂 ✨"', "'say' must be the words to speak for this step"),
        (f'"{"a" * 401}"', "'say' is 401 characters long; it may have at most 400"),
        ('"Rest.\\u0007"', "'say' holds a control character (U+0007)"),
    ],
)
def test_a_bad_say_names_its_line_and_the_fix(value: str, reason: str) -> None:
    text = ROUTINE.replace('"Let your shoulders drop, and rest."', value)
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, Path("mine.toml"))
    assert caught.value.reason.startswith("step 1: ")
    assert reason in caught.value.reason
    assert caught.value.line == 9


def test_say_is_a_known_field_of_every_step_kind() -> None:
    text = ROUTINE.replace("cycles = 3\n", 'cycles = 3\nsay = "Breathe slowly."\n')
    assert parse_routine(text).steps[1].say == "Breathe slowly."


def test_routines_check_reports_a_bad_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(ROUTINE.replace('"Let your shoulders drop, and rest."', "7"), "utf-8")
    assert main(["routines", "--check", str(bad)]) == 2
    assert capsys.readouterr().out.startswith(f"{bad}:9: step 1: 'say' must be the words")
