"""Routines, sounds, images and icons, installed as the package ``unwind.assets``.

A regular package, not a bare folder: setuptools' editable finder, the wheel and PyInstaller's
importer all resolve it by name, and ``importlib.resources.files("unwind.assets")`` then
points at this folder.
"""
