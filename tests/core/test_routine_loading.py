from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unwind.cli.main import main
from unwind.core.library import RoutineLibrary
from unwind.core.routine import MAX_ROUTINE_SECONDS, RoutineError, StepKind
from unwind.core.routine_file import parse_routine

GOOD = """\
id = "desk-calm"
title = "Desk calm"
summary = "A short reset."
goals = ["quick_break"]

[[steps]]
kind = "massage"
area = "shoulders"
side = "both"
technique = "glide"
pressure = "light"
duration = 40
instruction = "Stroke from the neck to the shoulder."
breath = { inhale = 4, exhale = 6 }

[[steps]]
kind = "breathe"
inhale = 2
top_up = 1
exhale = 6
duration = 60
"""


def test_a_good_routine_reads_completely() -> None:
    routine = parse_routine(GOOD)
    assert routine.id == "desk-calm"
    assert [s.kind for s in routine.steps] == [StepKind.MASSAGE, StepKind.BREATHE]
    massage, breathe = routine.steps
    assert massage.breath is not None and massage.breath.cycle_seconds == 10
    assert breathe.cycles == 7  # whole cycles nearest to the asked-for minute
    assert routine.duration == 40 + 63
    assert routine.category == "mixed"
    assert routine.safety_notes()[0].startswith("Skip massage")


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (("duration = 40", "duration = 0"), 12, "above 0 seconds"),
        (("duration = 40", "duration = -5"), 12, "at least 0"),
        (("duration = 40\n", ""), 6, "'duration' is missing"),
        (('kind = "breathe"', 'kind = "dance"'), 17, "unknown step kind 'dance'"),
        (
            ('pressure = "light"', 'pressure = "light"\ncolour = "red"'),
            12,
            "unknown field 'colour'",
        ),
        (('title = "Desk calm"', "title = "), 2, "not valid TOML"),
        (('area = "shoulders"', 'area = "front_of_neck"'), 8, "'area' must be one of"),
        (("duration = 60", "duration = 99999"), None, "more than the 4 hours Unwind allows"),
        (('id = "desk-calm"', 'id = "Desk Calm!"'), 1, "'id' must be"),
        (('goals = ["quick_break"]', 'goals = ["nap"]'), 4, "unknown goal 'nap'"),
        (
            ("exhale = 6 }", "exhale = 6, hold = 2 }"),
            14,
            "unknown field 'hold' in 'breath'",
        ),
    ],
)
def test_broken_routines_name_the_line_and_the_fix(
    change: tuple[str, str], line: int | None, reason: str
) -> None:
    text = GOOD.replace(*change, 1)
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, Path("mine.toml"))
    assert reason in caught.value.reason
    if line is not None:
        assert caught.value.line == line
    assert str(caught.value).startswith("mine.toml")


_VALUES = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(
        ["duration", "inhale", "exhale", "cycles", "area", "side", "kind", "id", "title", "goals"]
    ),
    value=_VALUES,
)
def test_any_value_in_any_field_gives_a_routine_or_a_routine_error(key: str, value: object) -> None:
    import json

    literal = json.dumps(value) if not isinstance(value, float) else repr(value)
    literal = literal.replace("Infinity", "inf").replace("NaN", "nan")
    text = GOOD + f'\n[[steps]]\nkind = "rest"\n{key} = {literal}\n'
    try:
        routine = parse_routine(text)
    except RoutineError as error:
        assert error.reason
    else:
        assert 0 < routine.duration <= MAX_ROUTINE_SECONDS
        assert all(step.duration > 0 for step in routine.steps)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(RoutineError):
        parse_routine(text)


def test_library_lists_custom_routines_and_broken_files(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(GOOD, "utf-8")
    (tmp_path / "bad.toml").write_text(GOOD.replace("duration = 40", "duration = 0"), "utf-8")
    (tmp_path / "twin.toml").write_text(GOOD.replace("Desk calm", "Twin"), "utf-8")
    (tmp_path / "notes.txt").write_text("not a routine", "utf-8")
    library = RoutineLibrary.load(tmp_path)
    custom = [r for r in library.routines if not r.builtin]
    assert [r.id for r in custom] == ["desk-calm"]
    reasons = {b.path.name: b.error.reason for b in library.broken}
    assert set(reasons) == {"bad.toml", "twin.toml"}
    assert "already used by" in reasons["twin.toml"]


def test_a_built_in_id_cannot_be_taken(tmp_path: Path) -> None:
    builtin = RoutineLibrary.load(None).routines[0]
    (tmp_path / "copy.toml").write_text(GOOD.replace("desk-calm", builtin.id), "utf-8")
    library = RoutineLibrary.load(tmp_path)
    assert library.broken[0].error.reason.startswith(f"the id '{builtin.id}'")


def test_check_command_reports_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, "utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('kind = "breathe"', 'kind = "dance"'), "utf-8")
    assert main(["routines", "--check", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["routines", "--check", str(bad)]) == 2
    assert capsys.readouterr().out.startswith(f"{bad}:17: step 2: unknown step kind 'dance'")
    assert main(["routines", "--check", str(tmp_path / "missing.toml")]) == 2
    assert (
        capsys.readouterr().out == f"{tmp_path / 'missing.toml'}: does not exist: check the path\n"
    )
    (tmp_path / "folder.toml").mkdir()
    assert main(["routines", "--check", str(tmp_path / "folder.toml")]) == 2
    assert capsys.readouterr().out == (
        f"{tmp_path / 'folder.toml'}: is a folder: give the path of a .toml file\n"
    )


def test_routines_command_lists_builtins_custom_and_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "good.toml").write_text(GOOD, "utf-8")
    (routines / "bad.toml").write_text("id = ", "utf-8")
    assert main(["--data-dir", str(tmp_path), "routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [line.split()[0] for line in lines]
    assert "desk-calm" in ids and "calm-5-5" in ids
    desk = next(line for line in lines if line.startswith("desk-calm"))
    assert desk.split()[1] == "mixed" and desk.endswith("Desk calm")
    assert lines[-1].startswith("BROKEN ") and "bad.toml:1" in lines[-1]


def test_unknown_start_id_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "--start", "nope"]) == 2
    assert "no routine with the id 'nope'" in capsys.readouterr().err
