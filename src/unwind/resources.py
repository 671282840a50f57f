"""The one way to reach a file Unwind ships: routines, sounds, images and icons.

They are read through importlib.resources, so the same code finds them in a source checkout,
an editable install, a wheel and a frozen bundle.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def assets() -> Traversable:
    """The root of the shipped assets: the repository's assets/ folder, installed as the
    package unwind.assets (pyproject.toml maps it)."""
    return resources.files("unwind.assets")


def routines_folder() -> Traversable:
    """The built-in routines, one TOML file each."""
    return assets() / "routines"


def sounds_folder() -> Traversable:
    """Cue sounds and soundscape loops, written by tools/make_sounds.py."""
    return assets() / "sounds"


def voice_folder() -> Traversable:
    """The built-in routines' spoken lines and their manifest, written by tools/make_voice.py."""
    return assets() / "voice"


def image(name: str) -> Traversable:
    """A file in the images folder (the body drawing, the combo box chevrons)."""
    return assets() / "images" / name


def icons_folder() -> Traversable:
    """The app icon: unwind.svg and the rendered hicolor PNGs."""
    return assets() / "icons"
