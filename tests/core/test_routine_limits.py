"""Each limit of a routine file, refused in one line that names it, and the library that
never fails as a whole because of one file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from unwind.cli.main import main
from unwind.core.library import MAX_CUSTOM_FILES, MAX_FOLDER_BYTES, RoutineLibrary
from unwind.core.routine import RoutineError
from unwind.core.routine_file import load_routine_file, parse_routine
from unwind.core.routine_limits import MAX_FILE_BYTES, too_deep_at
from unwind.core.timeline import COUNTDOWN_FROM, SessionTimeline

HEAD = 'id = "t"\ntitle = "T"\n'
REST = '[[steps]]\nkind = "rest"\nduration = 30\n'


def massage(**fields: str) -> str:
    values = {"area": '"neck"', "side": '"both"', "technique": '"knead"', "pressure": '"light"'}
    values.update(fields)
    body = "".join(f"{key} = {value}\n" for key, value in values.items())
    return HEAD + '[[steps]]\nkind = "massage"\nduration = 30\n' + body


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (HEAD + "x = " + "[" * 5000 + "]" * 5000, 3, "nest more than 8 levels"),
        (HEAD + "x = " + "{a = " * 3000 + "1" + "}" * 3000, 3, "nest more than 8 levels"),
        # a key of 100,000 dotted parts: the TOML reader's memory grows with its square
        (HEAD + "x." + "a." * 100_000 + "b = 1\n", 3, "nest more than 8 levels"),
        (HEAD + "[x." + "a." * 100_000 + "b]\n", 3, "nest more than 8 levels"),
        (HEAD + '[[steps]]\nkind = "rest"\nduration = inf\n', 5, "finite number of seconds"),
        (HEAD + '[[steps]]\nkind = "rest"\nduration = ' + "9" * 400, 5, "far too large"),
        (HEAD + '[[steps]]\nkind = "rest"\nduration = ' + "9" * 5000, None, "not valid TOML"),
        (HEAD + '[[steps]]\nkind = "rest"\nduration = 0.5\n', 5, "at least 1 second"),
        (
            HEAD + '[[steps]]\nkind = "breathe"\ninhale = 0.001\nexhale = 0.001\nduration = 3600\n',
            5,
            "'inhale' of 0.001 s is too short",
        ),
        (
            HEAD + '[[steps]]\nkind = "breathe"\ninhale = 4\nexhale = 4\ncycles = ' + "9" * 30,
            7,
            "more than the 4 hours",
        ),
        (massage(side="{ a = 1 }"), 7, "'side' must be one of"),
        (massage(area="[1, 2]"), 6, "'area' must be one of"),
        (massage(technique="{ x = [1] }"), 8, "'technique' must be one of"),
        (massage(pressure="[]"), 9, "'pressure' must be one of"),
        ('id = "t"\ntitle = "' + "x" * 81 + '"\n' + REST, 2, "may have at most 80"),
        ('id = "t"\ntitle = "a\\u0000b"\n' + REST, 2, "control character (U+0000)"),
        (HEAD + REST * 101, 303, "at most 100: split it"),
        (HEAD + 'goals = ["' + '", "'.join(["stress"] * 11) + '"]\n' + REST, 3, "at most 10"),
        (HEAD + f'"{"k" * 5000}" = 1\n' + REST, None, "unknown field 'kkkk"),
    ],
)
def test_a_file_beyond_a_limit_is_refused_in_one_line(
    text: str, line: int | None, words: str
) -> None:
    with pytest.raises(RoutineError) as refused:
        parse_routine(text, Path("mine.toml"))
    message = str(refused.value)
    assert words in message and message.startswith("mine.toml")
    assert "\n" not in message and len(message) < 300
    if line is not None:
        assert refused.value.line == line


def test_too_many_steps_are_refused_before_the_toml_reader_builds_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(text: str) -> object:
        raise AssertionError("the TOML reader was asked")

    monkeypatch.setattr(tomllib, "loads", never)  # as the routine reader calls it
    with pytest.raises(RoutineError, match="has 5,000 steps; a routine may have at most 100"):
        parse_routine(HEAD + REST * 5000, Path("mine.toml"))


def test_a_large_file_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as out:
        out.truncate(10 * 1024 * 1024 * 1024)  # sparse: 10 GB that take no disk
    with pytest.raises(RoutineError, match="more than the 256 KB"):
        load_routine_file(big)
    (tmp_path / "edge.toml").write_text(HEAD + REST + "#" * (MAX_FILE_BYTES - 100), "utf-8")
    assert load_routine_file(tmp_path / "edge.toml").id == "t"


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    with pytest.raises(RoutineError, match="not a regular file"):
        load_routine_file(pipe)


def test_brackets_in_strings_and_comments_are_not_nesting() -> None:
    text = (
        'a = "[[[[[[[[[[[[" # {{{{{{{{{{{{\nb = \'[[[[[[[[[[[[\'\nc = """\n[[[[[[[[[[\n"""\n'
        "d = '''{{{{{{{{{{{{'''\ne = \"\\\"[[[[[[[[[[[[\"\n"
    )
    assert too_deep_at(text) is None
    assert too_deep_at(text + "f = [[[[[[[[[1]]]]]]]]]\n") == 8
    numbers = "g = [" + ", ".join(["1.5"] * 100) + "]\nh = { a.b = 1, c.d.e = 2.5 }\n"
    assert too_deep_at(numbers) is None


def test_the_fastest_breathing_a_file_may_ask_keeps_the_timeline_small() -> None:
    text = HEAD + '[[steps]]\nkind = "breathe"\ninhale = 0.5\nexhale = 0.5\nduration = 14400\n'
    timeline = SessionTimeline(parse_routine(text))
    # a cue a phase, the start, the end and a countdown of the last seconds
    assert len(timeline.cues) <= 28_802 + COUNTDOWN_FROM


def test_one_bad_file_of_any_kind_never_hides_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "inf.toml").write_text(
        'id = "b"\ntitle = "B"\n[[steps]]\nkind = "rest"\nduration = inf\n', "utf-8"
    )
    (routines / "side.toml").write_text(massage(side="{ a = 1 }"), "utf-8")
    (routines / "deep.toml").write_text(HEAD + "x = " + "[" * 3000 + "]" * 3000, "utf-8")
    (routines / "title.toml").write_text('id = "g"\ntitle = "' + "x" * 200_000 + '"\n', "utf-8")
    (routines / "a\nname.toml").write_text("id = ", "utf-8")
    assert main(["--data-dir", str(tmp_path), "routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("calm-5-5 ") for line in lines)
    broken = [line for line in lines if line.startswith("BROKEN ")]
    assert len(broken) == 5
    assert all(len(line) < 300 for line in lines)
    assert any("a\\x0aname.toml:1" in line for line in broken)
    assert RoutineLibrary.load(routines).get("calm-5-5") is not None


def test_a_folder_of_too_many_files_is_read_up_to_its_limit(tmp_path: Path) -> None:
    for number in range(MAX_CUSTOM_FILES + 5):
        (tmp_path / f"r{number:04}.toml").write_text(
            f'id = "r{number}"\ntitle = "R"\n' + REST, "utf-8"
        )
    library = RoutineLibrary.load(tmp_path)
    assert len([r for r in library.routines if not r.builtin]) == MAX_CUSTOM_FILES
    [folder] = library.broken
    assert folder.path == tmp_path and f"holds {MAX_CUSTOM_FILES + 5} routine files" in str(
        folder.error
    )


def test_a_folder_is_read_up_to_its_size_in_all(tmp_path: Path) -> None:
    """However costly each file is to read, the folder together stays within seconds."""
    filler = "#" * (MAX_FILE_BYTES - 1000) + "\n"
    count = MAX_FOLDER_BYTES // MAX_FILE_BYTES + 3
    for number in range(count):
        (tmp_path / f"r{number:04}.toml").write_text(
            f'id = "r{number}"\ntitle = "R"\n' + filler + REST, "utf-8"
        )
    library = RoutineLibrary.load(tmp_path)
    read = [r for r in library.routines if not r.builtin]
    assert len(read) == MAX_FOLDER_BYTES // MAX_FILE_BYTES
    unread = [b for b in library.broken if "was not read" in str(b.error)]
    assert [b.path.name for b in unread] == [f"r{n:04}.toml" for n in range(len(read), count)]
    assert "at most 4 MB of them: move some elsewhere" in str(unread[0].error)
    assert library.get("calm-5-5") is not None


def test_check_prints_one_short_line_whatever_the_file_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(HEAD + '[[steps]]\nkind = "' + "\\n" * 50_000 + '"\n', "utf-8")
    assert main(["routines", "--check", str(bad)]) == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and len(out) < 300
