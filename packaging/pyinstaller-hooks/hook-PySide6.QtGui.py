"""Replaces PyInstaller's hook for PySide6.QtGui: the same collection, but only the Qt plugins
Unwind uses. Hooks in the spec's hookspath win over PyInstaller's own.

The stock hook takes every plugin of each type QtGui knows (platforms, imageformats, input
contexts, ...), and PyInstaller then bundles whatever those link: the virtual keyboard
plugin alone drags in QtQuick, QtQml and QtNetwork. Dropping a plugin here keeps its
libraries out too. A plugin type that is not listed is kept whole.
"""

from __future__ import annotations

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP: dict[str, set[str]] = {
    # xcb for X11, wayland, offscreen and minimal for tests and headless runs; windows, cocoa.
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    # The portal theme gives dark-mode and dialogs in Flatpak/portal sessions; the GTK 3 one
    # would need GTK on the user's system and brings nothing a widgets app needs.
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg"},
    "xcbglintegrations": {"qxcb-egl-integration", "qxcb-glx-integration"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient", "adwaita"},
    # Widgets paint into shared memory on Wayland; the EGL client needs QtOpenGL.
    "wayland-graphics-integration-client": set(),
    # eglfs and evdev are for kiosks without a window system.
    "egldeviceintegrations": set(),
    "generic": set(),
}


def _plugin_name(filename: str) -> str:
    stem = PurePath(filename).name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def _wanted(source: str, destination: str) -> bool:
    parts = PurePath(destination).parts
    if "plugins" not in parts:
        return True
    plugin_type = "/".join(parts[parts.index("plugins") + 1 :])
    allowed = KEEP.get(plugin_type)
    return allowed is None or _plugin_name(source) in allowed


hiddenimports, _binaries, _datas = add_qt6_dependencies(__file__)
binaries = [(source, target) for source, target in _binaries if _wanted(source, target)]
# Qt's own translations (qtbase_*.qm): Unwind's interface is English only.
datas = [(source, target) for source, target in _datas if "translations" not in target]
