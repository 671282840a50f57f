"""In a source checkout (the editable install the suite runs on) the assets are the repository's
own assets/ folder, so an edit there shows at the next start without a reinstall."""

from __future__ import annotations

from pathlib import Path

import pytest

import unwind
from unwind import resources

ROOT = Path(__file__).resolve().parents[1]


def test_the_assets_resolve_to_the_top_level_folder_of_the_checkout() -> None:
    if Path(unwind.__file__).resolve().parent != ROOT / "src" / "unwind":
        pytest.skip(f"unwind is imported from {unwind.__file__}, not from this checkout")
    leftover = ROOT / "src" / "unwind" / "assets"
    assert not leftover.exists(), f"remove {leftover}: it hides the package unwind.assets"
    assert resources.assets() == ROOT / "assets"
    assert resources.routines_folder() == ROOT / "assets" / "routines"
    assert resources.sounds_folder() == ROOT / "assets" / "sounds"
    assert resources.icons_folder() == ROOT / "assets" / "icons"
    assert resources.image("body.svg") == ROOT / "assets" / "images" / "body.svg"
    assert resources.image("body.svg").is_file()
