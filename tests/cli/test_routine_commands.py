"""`unwind routines import|export`, run through the real command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from unwind.cli.main import main
from unwind.core.settings import Settings

OWN = """\
id = "{id}"
title = "{title}"
goals = ["stress"]

[[steps]]
kind = "rest"
duration = {duration}
"""


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "routines", *args])


def test_export_then_import_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine"
    (mine / "routines").mkdir(parents=True)
    (mine / "routines" / "a.toml").write_text(OWN.format(id="quiet-a", title="A", duration=30))
    assert run(mine, "export", "quiet-a", "calm-5-5", "--output", str(tmp_path / "gift")) == 0
    assert (tmp_path / "gift.unwind").is_file()

    friend = tmp_path / "friend"
    Settings(friend / "settings.json").set("safety_seen", ["quiet-a", "other"])
    capsys.readouterr()
    assert run(friend, "import", str(tmp_path / "gift.unwind")) == 0
    out = capsys.readouterr().out
    assert "added quiet-a: 'A'" in out
    assert "kept routines/calm-5-5.toml: already in your library" in out
    assert "1 routine added to" in out
    assert (friend / "routines" / "quiet-a.toml").is_file()
    assert Settings(friend / "settings.json").names("safety_seen") == ["other"]

    (mine / "routines" / "a.toml").write_text(OWN.format(id="quiet-a", title="A", duration=40))
    assert run(mine, "export", "quiet-a", "--output", str(tmp_path / "second.unwind")) == 0
    capsys.readouterr()
    assert run(friend, "import", str(tmp_path / "second.unwind")) == 2
    out = capsys.readouterr().out
    assert "the id 'quiet-a' is already used by a routine ('A')" in out and "--copies" in out
    assert run(friend, "import", str(tmp_path / "second.unwind"), "--copies") == 0
    assert "added quiet-a-2: 'A (imported)'" in capsys.readouterr().out
    assert "duration = 30" in (friend / "routines" / "quiet-a.toml").read_text("utf-8")


def test_import_names_a_broken_routine_and_adds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "p.unwind"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("manifest.toml", "format = 1\n")
        archive.writestr("routines/good.toml", OWN.format(id="good", title="Good", duration=20))
        archive.writestr("routines/bad.toml", OWN.format(id="bad", title="Bad", duration=0))
    assert run(tmp_path, "import", str(pack)) == 2
    out = capsys.readouterr().out
    assert f"not added {pack}:routines/bad.toml: step 1: 'duration' must be above 0" in out
    assert "added good: 'Good'" in out
    assert [p.name for p in (tmp_path / "routines").iterdir()] == ["good.toml"]


def test_import_of_something_else_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "photo.unwind"
    other.write_bytes(b"\x89PNG\r\n")
    assert run(tmp_path, "import", str(other)) == 2
    assert "is not a routine pack" in capsys.readouterr().out
    assert not (tmp_path / "routines").exists()


def test_export_of_an_unknown_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "export", "nope", "--output", str(tmp_path / "x.unwind")) == 2
    assert "there is no routine with the id 'nope'" in capsys.readouterr().out
