"""Routine packs: export and import round trip, and every kind of bad pack writes nothing."""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from pathlib import Path

import pytest

from unwind.core import routine_pack
from unwind.core.library import RoutineLibrary
from unwind.core.routine_draft import same_routine
from unwind.core.routine_folder import Fate, RoutineFolder
from unwind.core.routine_pack import (
    MAX_MEMBERS,
    MAX_PACK_BYTES,
    MAX_UNPACKED_BYTES,
    PACK_FORMAT,
    PackError,
    manifest_text,
    read_pack,
    write_pack,
)
from unwind.core.routine_writer import routine_text

BUILTINS = RoutineLibrary.load(None)


def builtin(routine_id: str):  # type: ignore[no-untyped-def]
    routine = BUILTINS.get(routine_id)
    assert routine is not None
    return routine


def own(routine_id: str, title: str) -> str:
    text = routine_text(builtin("calm-5-5"))
    return text.replace('id = "calm-5-5"', f'id = "{routine_id}"').replace(
        'title = "Calm breathing 5-5"', f'title = "{title}"'
    )


def zip_pack(path: Path, members: dict[str, str | bytes], manifest: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.toml", manifest or f"format = {PACK_FORMAT}\n")
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    chosen = [
        dataclasses.replace(builtin(name), id=f"my-{name}", builtin=False)
        for name in ("calm-5-5", "neck-and-shoulders", "desk-reset")
    ]
    pack_path = tmp_path / "friends.unwind"
    write_pack(pack_path, chosen)
    pack = read_pack(pack_path)
    assert pack.format == PACK_FORMAT and pack.made_by.startswith("Unwind ")
    assert not pack.broken
    for read, original in zip(pack.routines, sorted(chosen, key=lambda r: r.id), strict=True):
        assert same_routine(read, original)
    with zipfile.ZipFile(pack_path) as archive:
        assert "routines/my-desk-reset.toml" in archive.read("manifest.toml").decode()

    # into a library with none of these ids: each is added as it is
    folder = RoutineFolder(tmp_path / "routines")
    imported = folder.apply(folder.plan_import(pack, BUILTINS, copies=False))
    ids = ["my-calm-5-5", "my-desk-reset", "my-neck-and-shoulders"]
    assert [r.id for r in imported.written] == ids
    again = RoutineLibrary.load(folder.folder)
    assert not again.broken
    own_files = [r for r in again.routines if not r.builtin]
    assert all(any(same_routine(r, c) for c in chosen) for r in own_files)


def test_an_id_already_here_is_a_copy_or_refused_and_the_same_routine_is_skipped(
    tmp_path: Path,
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "mine.toml").write_text(own("mine", "Mine"), "utf-8")
    theirs = own("mine", "Theirs")
    pack = read_pack(
        zip_pack(
            tmp_path / "p.unwind",
            {
                "routines/mine.toml": theirs,
                "routines/calm.toml": routine_text(builtin("calm-5-5")),
                "routines/new.toml": own("brand-new", "Brand new"),
            },
        )
    )
    folder = RoutineFolder(routines)
    library = RoutineLibrary.load(routines)

    refusing = {p.name: p for p in folder.plan_import(pack, library, copies=False)}
    assert refusing["routines/mine.toml"].fate is Fate.REFUSED
    assert "already used by a routine ('Mine')" in refusing["routines/mine.toml"].reason
    assert refusing["routines/calm.toml"].fate is Fate.SAME
    assert refusing["routines/new.toml"].fate is Fate.NEW

    plan = folder.plan_import(pack, library, copies=True)
    copy = next(p for p in plan if p.name == "routines/mine.toml")
    assert copy.fate is Fate.COPY and copy.routine is not None
    assert copy.routine.id == "mine-2" and copy.routine.title == "Theirs (imported)"
    folder.apply(plan)
    assert (routines / "mine.toml").read_text("utf-8") == own("mine", "Mine")  # untouched
    after = RoutineLibrary.load(routines)
    assert {"mine", "mine-2", "brand-new"} <= {r.id for r in after.routines}
    assert not after.broken


def test_a_broken_routine_is_named_and_the_good_ones_imported(tmp_path: Path) -> None:
    pack = read_pack(
        zip_pack(
            tmp_path / "p.unwind",
            {
                "routines/good.toml": own("good-one", "Good"),
                "routines/bad.toml": own("bad-one", "Bad").replace("inhale = 5", "inhale = 0"),
            },
        )
    )
    (broken,) = pack.broken
    assert broken.name == "routines/bad.toml" and broken.error is not None
    assert str(broken.error).startswith("p.unwind:routines/bad.toml:")
    assert "needs 'inhale' and 'exhale' above 0 seconds" in broken.error.reason
    folder = RoutineFolder(tmp_path / "routines")
    imported = folder.apply(folder.plan_import(pack, RoutineLibrary((), ()), copies=False))
    assert [r.id for r in imported.written] == ["good-one"]


def test_a_pack_from_a_newer_unwind_asks_to_update(tmp_path: Path) -> None:
    path = zip_pack(
        tmp_path / "new.unwind",
        {"routines/a.toml": own("a", "A")},
        manifest=f'format = {PACK_FORMAT + 1}\nmade_by = "Unwind 9.0"\n',
    )
    with pytest.raises(PackError) as caught:
        read_pack(path)
    assert "made by a newer Unwind (Unwind 9.0" in caught.value.reason
    assert "update Unwind to import it" in caught.value.reason


def bad_packs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = own("a", "A")
    huge = tmp_path / "huge.unwind"
    with huge.open("wb") as out:
        out.write(b"PK\x03\x04")
        out.truncate(MAX_PACK_BYTES + 1)
    bomb = tmp_path / "bomb.unwind"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.toml", "format = 1\n")
        archive.writestr("routines/a.toml", good + "#" * (2 * 1024 * 1024))
    link = tmp_path / "link.unwind"
    with zipfile.ZipFile(link, "w") as archive:
        archive.writestr("manifest.toml", "format = 1\n")
        entry = zipfile.ZipInfo("routines/a.toml")
        entry.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(entry, "/etc/passwd")
    real = zip_pack(tmp_path / "real.unwind", {"routines/a.toml": good})
    symlink = tmp_path / "symlink.unwind"
    symlink.symlink_to(real)
    not_zip = tmp_path / "notes.unwind"
    not_zip.write_text("these are my notes\n", "utf-8")
    single = tmp_path / "single.unwind"
    single.write_text(good, "utf-8")
    no_manifest = tmp_path / "nomanifest.unwind"
    with zipfile.ZipFile(no_manifest, "w") as archive:
        archive.writestr("routines/a.toml", good)
    damaged = tmp_path / "damaged.unwind"
    damaged.write_bytes(real.read_bytes()[:60])
    return {
        "huge": (huge, "far larger than a routine pack"),
        "outside": (
            zip_pack(tmp_path / "up.unwind", {"../../evil.toml": good}),
            "outside its own folder",
        ),
        "absolute": (
            zip_pack(tmp_path / "abs.unwind", {"/etc/evil.toml": good}),
            "outside its own folder",
        ),
        "bomb": (bomb, "too large"),
        "link member": (link, "symbolic link"),
        "symlink": (symlink, "is a symbolic link: import the file it points to"),
        "not a zip": (not_zip, "is not a routine pack"),
        "single routine": (single, "is a single routine file, not a pack"),
        "no manifest": (no_manifest, "it has no manifest.toml"),
        "damaged": (damaged, "damaged"),
        "no format": (
            zip_pack(tmp_path / "nf.unwind", {"routines/a.toml": good}, manifest="x = 1\n"),
            "no format number",
        ),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "huge",
        "outside",
        "absolute",
        "bomb",
        "link member",
        "symlink",
        "not a zip",
        "single routine",
        "no manifest",
        "damaged",
        "no format",
    ],
)
def test_a_bad_pack_gets_a_clear_message_and_writes_nothing(tmp_path: Path, kind: str) -> None:
    path, words = bad_packs(tmp_path / "")[kind]
    before = files_in(tmp_path)
    with pytest.raises(PackError) as caught:
        read_pack(path)
    assert words in caught.value.reason
    assert str(caught.value).startswith(str(path))
    assert files_in(tmp_path) == before


def test_a_pack_of_more_routine_text_than_it_may_hold_is_refused_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each member within its own limit, the routines together past MAX_UNPACKED_BYTES (they
    pack small: the file itself is far under MAX_PACK_BYTES)."""
    member = own("a", "A") + "#" * (200 * 1024) + "\n"
    count = MAX_UNPACKED_BYTES // len(member) + 1
    path = tmp_path / "many.unwind"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.toml", f"format = {PACK_FORMAT}\n")
        for number in range(count):
            archive.writestr(f"routines/r{number}.toml", member.replace('"a"', f'"r{number}"'))
    assert path.stat().st_size < MAX_PACK_BYTES
    read: list[str] = []
    monkeypatch.setattr(routine_pack, "parse_routine", lambda text, where: read.append(where))
    with pytest.raises(PackError) as caught:
        read_pack(path)
    assert read == []  # refused by the sizes its directory gives, before any routine is read
    assert "more than 768 KB of routines unpacked" in caught.value.reason
    assert "export fewer routines at a time" in caught.value.reason


def test_an_export_never_writes_a_pack_the_import_would_refuse(tmp_path: Path) -> None:
    routine = builtin("calm-5-5")
    many = [dataclasses.replace(routine, id=f"r{n}") for n in range(MAX_MEMBERS)]
    with pytest.raises(ValueError, match="at most 199 routines and 768 KB"):
        write_pack(tmp_path / "many.unwind", many)
    assert files_in(tmp_path) == []
    write_pack(tmp_path / "most.unwind", many[:-1])
    assert len(read_pack(tmp_path / "most.unwind").entries) == MAX_MEMBERS - 1


def test_manifest_lists_the_routines_with_their_titles() -> None:
    text = manifest_text([builtin("calm-5-5")])
    assert 'routines/calm-5-5.toml",  # Calm breathing 5-5' in text


def test_save_never_overwrites_and_delete_can_be_undone(tmp_path: Path) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "calm-5-5.toml").write_text("hand written, broken\n", "utf-8")
    folder = RoutineFolder(routines)
    saved = folder.save(builtin("calm-5-5"))
    assert saved.path == routines / "calm-5-5-2.toml"
    assert (routines / "calm-5-5.toml").read_text("utf-8") == "hand written, broken\n"
    assert not [p for p in os.listdir(routines) if p.startswith(".")]

    deleted = folder.delete(saved)
    assert not saved.path.exists() and deleted.moved_to.parent == routines / "deleted"
    assert "calm-5-5-2" not in {r.id for r in RoutineLibrary.load(routines).routines}
    restored = folder.undo(deleted)
    assert restored == saved.path and restored.is_file()
