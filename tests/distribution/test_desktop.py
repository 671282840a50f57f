"""`unwind --install-desktop-entry`: the files it writes into the XDG data folder, and back out."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from unwind import APP_ID
from unwind.cli import EXIT_PROBLEM, desktop
from unwind.resources import icons_folder

ROOT = Path(__file__).resolve().parents[2]
PACKAGED_ENTRY = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def desktop_file_validate(path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("desktop-file-validate") is None:
        pytest.fail("desktop-file-validate is missing: apt-get install desktop-file-utils")
    return subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=30
    )


def test_install_writes_the_entry_and_every_icon_under_the_app_id(tmp_path: Path) -> None:
    command = ["/opt/some where/bin/unwind"]
    written = desktop.install_entry(tmp_path, command)

    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    hicolor = tmp_path / "icons" / "hicolor"
    expected = [entry]
    expected += [hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in desktop.ICON_SIZES]
    expected += [hicolor / "scalable" / "apps" / f"{APP_ID}.svg"]
    assert written == expected
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(expected)

    text = entry.read_text("utf-8")
    assert 'Exec="/opt/some where/bin/unwind"\n' in text
    assert "TryExec=/opt/some where/bin/unwind\n" in text
    assert f"Icon={APP_ID}\n" in text
    assert f"StartupWMClass={desktop.STARTUP_WM_CLASS}\n" in text
    for n in desktop.ICON_SIZES:
        assert png_size((hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png").read_bytes()) == (n, n)
    svg = icons_folder() / "unwind.svg"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == svg.read_bytes()
    assert all(path.stat().st_mode & 0o777 == 0o644 for path in written)
    assert not list(tmp_path.rglob(".*.tmp"))
    result = desktop_file_validate(entry)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_install_twice_overwrites_and_remove_takes_everything_out(tmp_path: Path) -> None:
    desktop.install_entry(tmp_path, ["/old/unwind"])
    desktop.install_entry(tmp_path, ["/new/unwind"])
    entry = desktop.entry_path(tmp_path)
    assert "Exec=/new/unwind\n" in entry.read_text("utf-8")

    removed = desktop.remove_entry(tmp_path)
    assert removed == desktop.installed_files(tmp_path)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert desktop.remove_entry(tmp_path) == []


def test_remove_leaves_other_applications_alone(tmp_path: Path) -> None:
    other = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "org.example.Other.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not ours")
    desktop.install_entry(tmp_path, ["unwind"])
    desktop.remove_entry(tmp_path)
    assert other.read_bytes() == b"not ours"


def test_the_packaged_entry_is_the_generated_one_with_a_plain_command() -> None:
    """packaging/linux's entry (used by the .deb) and the pip one cannot drift apart."""
    assert PACKAGED_ENTRY.read_text("utf-8") == desktop.desktop_entry(["unwind"], "unwind")


def test_an_awkward_path_is_quoted_so_the_entry_stays_valid(tmp_path: Path) -> None:
    command = ['/home/a "quoted" $user/50% done/bin\\unwind', "-m", "unwind"]
    entry = tmp_path / f"{APP_ID}.desktop"
    entry.write_text(desktop.desktop_entry(command, try_exec=command[0]), "utf-8")
    text = entry.read_text("utf-8")
    # The Exec value, once the key file's own backslash escapes are undone.
    exec_value = next(line for line in text.splitlines() if line.startswith("Exec="))[5:]
    assert exec_value.replace("\\\\", "\\") == (
        '"/home/a \\"quoted\\" \\$user/50%% done/bin\\\\unwind" -m unwind'
    )
    result = desktop_file_validate(entry)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.parametrize(
    ("argument", "quoted"),
    [
        ("/usr/bin/unwind", "/usr/bin/unwind"),
        ("/a b/unwind", '"/a b/unwind"'),
        ("50%", "50%%"),
        ("it's", '"it\'s"'),
        ("back`tick", '"back\\`tick"'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(argument: str, quoted: str) -> None:
    assert desktop.quote_exec_argument(argument) == quoted


def test_data_home_follows_xdg_data_home_only_when_absolute(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path)}, home) == tmp_path
    assert desktop.data_home({"XDG_DATA_HOME": "relative/x"}, home) == home / ".local" / "share"
    assert desktop.data_home({"XDG_DATA_HOME": ""}, home) == home / ".local" / "share"
    assert desktop.data_home({}, home) == home / ".local" / "share"


def make_script(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", "utf-8")
    path.chmod(0o755)
    return path


def test_the_launcher_is_the_running_script_then_the_scripts_folder_then_python_m(
    tmp_path: Path,
) -> None:
    running = make_script(tmp_path / "venv" / "bin" / "unwind")
    other = make_script(tmp_path / "user" / "bin" / "unwind")
    python = str(tmp_path / "venv" / "bin" / "python")

    def launcher(argv0: str, dirs: list[Path], frozen: bool = False) -> list[str]:
        return desktop.find_launcher(
            frozen=frozen, executable=python, argv0=argv0, script_dirs=dirs
        )

    assert launcher(str(running), [other.parent]) == [str(running)]
    assert launcher("/x/unwind/__main__.py", [tmp_path / "none", other.parent]) == [str(other)]
    assert launcher("-c", [tmp_path / "none"]) == [python, "-m", "unwind"]
    (tmp_path / "plain").mkdir()
    not_executable = tmp_path / "plain" / "unwind"
    not_executable.write_text("", "utf-8")
    assert launcher(str(not_executable), []) == [python, "-m", "unwind"]
    assert launcher(str(running), [], frozen=True) == [python]


def test_the_current_launcher_of_this_test_run_starts_unwind() -> None:
    command = desktop.current_launcher()
    assert command[0] == str(Path(sys.executable).parent / "unwind") or command[1:] == [
        "-m",
        "unwind",
    ]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("unwind ")


def test_run_prints_what_it_wrote_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop.run(install=True) == 0
    out = capsys.readouterr().out
    for path in desktop.installed_files(tmp_path):
        assert f"  {path}\n" in out
    assert "The menu entry starts: " in out

    assert desktop.run(install=False) == 0
    out = capsys.readouterr().out
    assert out.startswith("Took Unwind out of the application menu. Removed:\n")
    assert all(f"  {path}\n" in out for path in desktop.installed_files(tmp_path))

    assert desktop.run(install=False) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_run_says_which_file_it_could_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        # root writes anywhere; a file where a folder should be stops everyone.
        (tmp_path / "icons").write_text("a file, not a folder", "utf-8")
    else:
        tmp_path.chmod(0o500)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    try:
        assert desktop.run(install=True) == EXIT_PROBLEM
    finally:
        tmp_path.chmod(0o700)
    err = capsys.readouterr().err
    assert err.startswith("unwind: could not write ")
    assert f"Check that {tmp_path} is yours and writable." in err


def test_the_command_line_reaches_it(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    for flag in ("--install-desktop-entry", "--remove-desktop-entry"):
        done = subprocess.run(
            [sys.executable, "-m", "unwind", flag], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert str(desktop.entry_path(tmp_path)) in done.stdout
    assert not desktop.entry_path(tmp_path).exists()
