"""The desktop entry and AppStream metainfo in packaging/linux: valid, and one application id."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from unwind import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ENTRY = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install {package}")
    return path


def test_the_desktop_entry_is_valid() -> None:
    done = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(ENTRY)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_metainfo_passes_pedantic_validation() -> None:
    done = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Only these two notes are expected: the id has capitals (Flatpak style, and what the
    # running window reports), and AppStream 0.16 (Debian 12) predates the <developer> tag
    # that AppStream 1.0 asks for.
    notes = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    assert all(
        "cid-contains-uppercase-letter" in note or "unknown-tag developer" in note for note in notes
    ), done.stdout


def test_one_application_id_everywhere() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.findtext("metadata_license") == "CC0-1.0"
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"
    entry = ENTRY.read_text("utf-8")
    assert f"Icon={APP_ID}\n" in entry
    assert f"Name={APP_NAME}\n" in entry


def test_the_metainfo_has_a_release_entry_for_this_version() -> None:
    """Bumping __version__ needs release notes (and a date) in the metainfo too."""
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    newest = releases[0]
    assert newest.get("version") == __version__
    assert newest.get("date")
