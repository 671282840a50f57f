"""The wheel and the sdist: assets/ installs as the package unwind.assets, nothing else of the
repository's layout leaks in, and a fresh venv reads the assets through importlib.resources.

Built once per module with the venv's own setuptools (no build isolation, so no network), from
a copy of what the build reads, so setuptools' build/ and egg-info stay out of the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from unwind import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "unwind"
ASSETS = ROOT / "assets"
BUILD_INPUTS = ("pyproject.toml", "README.md", "src", "assets")
DIST_INFO = f"unwind-{__version__}.dist-info/"
TIMEOUT = 300


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return done


def build_wheel(source: Path, out: Path) -> Path:
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "--wheel-dir",
        out,
        source,
        cwd=out.parent,
    )
    (wheel,) = out.glob("unwind-*.whl")
    return wheel


def shipped_assets() -> list[str]:
    """Every asset file of the checkout, as a path inside the package."""
    return sorted(
        f"unwind/assets/{path.relative_to(ASSETS).as_posix()}"
        for path in ASSETS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / name, copy / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, copy / name)
    # One written by Python on import, as in a checkout that ran the app.
    (copy / "assets" / "__pycache__").mkdir()
    (copy / "assets" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"stale")
    return copy


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(source, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def sdist(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    hook = f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"
    run(sys.executable, "-c", hook, cwd=source)
    (archive,) = out.glob("unwind-*.tar.gz")
    return archive


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return sorted(archive.namelist())


def test_the_wheel_holds_every_asset_inside_the_package(wheel: Path) -> None:
    names = wheel_names(wheel)
    assets = shipped_assets()
    assert [name for name in assets if name not in names] == []
    for kind, pattern in (
        ("routines", "unwind/assets/routines/*.toml"),
        ("sounds", "unwind/assets/sounds/*.wav"),
        ("images", "unwind/assets/images/body.svg"),
        ("icons", "unwind/assets/icons/hicolor/*x*/apps/unwind.png"),
        ("icons", "unwind/assets/icons/unwind.svg"),
    ):
        assert any(Path(name).match(pattern) for name in names), f"no {kind}: {pattern}"
    assert "unwind/assets/__init__.py" in names


def test_the_wheel_holds_every_module_and_nothing_of_the_checkout_layout(wheel: Path) -> None:
    names = wheel_names(wheel)
    modules = sorted(f"unwind/{path.relative_to(SRC).as_posix()}" for path in SRC.rglob("*.py"))
    missing = [name for name in modules if name not in names]
    assert missing == [], "add their packages to [tool.setuptools] packages in pyproject.toml"
    outside = [name for name in names if not name.startswith(("unwind/", DIST_INFO))]
    assert outside == [], "the wheel carries files outside the package"
    assert [name for name in names if "__pycache__" in name or name.endswith(".pyc")] == []
    assert not any(name.startswith("unwind/src/") for name in names)
    packaged = {name for name in names if name.startswith("unwind/assets/")}
    assert packaged == {*shipped_assets(), "unwind/assets/__init__.py"}


def test_a_fresh_venv_reads_the_assets_from_the_installed_wheel(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "-q",
        wheel,
        cwd=tmp_path,
    )
    probe = (
        "import importlib.resources, sysconfig\n"
        "from pathlib import Path\n"
        "from unwind import resources\n"
        "root = importlib.resources.files('unwind.assets')\n"
        "assert root == resources.assets(), root\n"
        "assert root == Path(sysconfig.get_path('purelib')) / 'unwind' / 'assets', root\n"
        "assert resources.image('body.svg').read_bytes().startswith(b'<')\n"
        "assert (resources.sounds_folder() / 'chime.wav').read_bytes()[:4] == b'RIFF'\n"
        "assert (resources.icons_folder() / 'unwind.svg').is_file()\n"
        "for path in sorted(resources.routines_folder().iterdir(), key=lambda p: p.name):\n"
        "    print(path.name)\n"
    )
    # -I: neither the checkout nor PYTHONPATH is on the path, only the venv.
    done = run(python, "-I", "-c", probe, cwd=tmp_path)
    routines = sorted(path.name for path in (ASSETS / "routines").iterdir() if path.is_file())
    assert done.stdout.splitlines() == routines


def test_the_sdist_carries_the_assets_and_builds_the_same_wheel(
    sdist: Path, wheel: Path, tmp_path: Path
) -> None:
    prefix = f"unwind-{__version__}/"
    with tarfile.open(sdist) as archive:
        members = {member.name for member in archive.getmembers() if member.isfile()}
        archive.extractall(tmp_path, filter="data")
    expected = {name.replace("unwind/assets/", prefix + "assets/", 1) for name in shipped_assets()}
    assert expected - members == set()
    assert not any("__pycache__" in name for name in members)
    rebuilt = build_wheel(tmp_path / prefix, tmp_path / "wheel")
    assert wheel_names(rebuilt) == wheel_names(wheel)
