"""The instance lock and its socket's place, without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from unwind.core.paths import AppPaths
from unwind.desktop import instance


def test_a_data_folder_keeps_its_socket_inside_unless_the_path_is_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    short = AppPaths.resolve(tmp_path / "d")
    assert instance.socket_path(short) == tmp_path / "d" / "instance.socket"
    deep = AppPaths.resolve(tmp_path / ("x" * 120))
    far = instance.socket_path(deep)
    assert far.parent == tmp_path / "run" / "unwind" and far.name.startswith("instance-")
    assert far != instance.socket_path(AppPaths.resolve(tmp_path / ("y" * 120)))


def test_the_lock_is_held_by_one_and_let_go_on_release(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path)
    first = instance.claim(paths)
    assert first is not None and first.descriptor is not None
    assert instance.claim(paths) is None, "a second claim on the same folder is refused"
    assert instance.holder(first.socket).isdigit()
    first.release()
    again = instance.claim(paths)
    assert again is not None and again.descriptor is not None
    again.release()


def test_a_hand_over_with_nobody_listening_says_so(tmp_path: Path) -> None:
    with pytest.raises(instance.HandOverFailed, match="nothing answered"):
        instance.hand_over(tmp_path / "instance.socket", {"show": True}, seconds=0.2)
