"""Routine files, as an attacker of one's own files would write them: each is read or refused
with a RoutineError in one line, never anything else."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.mutations import byte_noise, field_swaps, one_line, truncations
from fuzz.toml_writer import routine_toml
from unwind.core.library import RoutineLibrary
from unwind.core.routine import MAX_ROUTINE_SECONDS, Routine, RoutineError
from unwind.core.routine_file import load_routine_file, parse_routine
from unwind.core.routine_limits import MIN_PHASE_SECONDS, MIN_STEP_SECONDS
from unwind.resources import routines_folder

SEED = """\
id = "desk-calm"
title = "Desk calm"
summary = "A short reset."
goals = ["quick_break", "tension"]
safety = ["Skip it after a shoulder injury."]
sources = ["Moyer et al., 2004"]

[[steps]]
kind = "massage"
area = "shoulders"
side = "each"
technique = "glide"
pressure = "light"
duration = 40
instruction = "Stroke from the neck to the shoulder."
breath = { inhale = 4, exhale = 6 }

[[steps]]
kind = "breathe"
title = "Sigh"
inhale = 2
top_up = 1
hold_in = 0
exhale = 6
hold_out = 1
cycles = 5
words = { exhale = "Long and slow out" }

[[steps]]
kind = "rest"
duration = 30
"""
SEED_BYTES = SEED.encode()
SEED_DOCUMENT = tomllib.loads(SEED)
_RARE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(path: Path) -> Routine | RoutineError:
    try:
        routine = load_routine_file(path)
    except RoutineError as error:
        assert one_line(str(error)), str(error)[:500]
        return error
    assert 0 < routine.duration <= MAX_ROUTINE_SECONDS
    assert len(routine.title) <= 80
    for step in routine.steps:
        assert step.duration >= MIN_STEP_SECONDS
        if step.breath is not None:
            assert all(seconds >= MIN_PHASE_SECONDS for _, seconds in step.breath.phases())
    return routine


def test_the_seed_is_a_good_routine(tmp_path: Path) -> None:
    (tmp_path / "seed.toml").write_bytes(SEED_BYTES)
    assert isinstance(read_or_refuse(tmp_path / "seed.toml"), Routine)


def test_the_seed_cut_at_every_byte_is_read_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.toml"
    for cut in truncations(SEED_BYTES):
        path.write_bytes(cut)
        read_or_refuse(path)


@_RARE
@given(field_swaps(SEED_DOCUMENT))
def test_any_field_swapped_for_anything_is_read_or_refused(document: dict[str, object]) -> None:
    try:
        text = routine_toml(document)
    except (RecursionError, UnicodeEncodeError):
        return  # the writer, not the reader, gave up
    try:
        routine = parse_routine(text, Path("mutated.toml"))
    except RoutineError as error:
        assert one_line(str(error)), str(error)[:500]
    else:
        assert 0 < routine.duration <= MAX_ROUTINE_SECONDS


@_RARE
@given(byte_noise(SEED_BYTES))
def test_byte_noise_is_read_or_refused(tmp_path_factory: object, data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "noise.toml"
        path.write_bytes(data)
        read_or_refuse(path)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_is_read_or_refused(text: str) -> None:
    try:
        parse_routine(text)
    except RoutineError as error:
        assert one_line(str(error))


def test_every_built_in_routine_passes_its_own_limits() -> None:
    for entry in routines_folder().iterdir():
        if entry.name.endswith(".toml"):
            parse_routine(entry.read_text("utf-8"), Path(entry.name), builtin=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(byte_noise(SEED_BYTES), min_size=1, max_size=4))
def test_the_routines_folder_lists_every_file_as_a_routine_or_broken(files: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(files):
            (Path(folder) / f"r{number}.toml").write_bytes(data)
        (Path(folder) / "good.toml").write_bytes(SEED_BYTES.replace(b"desk-calm", b"good-one"))
        library = RoutineLibrary.load(Path(folder))
        custom = [r for r in library.routines if not r.builtin]
        assert len(custom) + len(library.broken) == len(files) + 1
        assert library.get("good-one") is not None  # one bad file never hides the others
        assert library.get("calm-5-5") is not None
        for broken in library.broken:
            assert one_line(str(broken.error))
