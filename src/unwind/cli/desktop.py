"""Puts Unwind in the desktop's application menu for pip, uv and tarball installs.

`unwind --install-desktop-entry` writes a freedesktop desktop entry and the hicolor icons into
the user's XDG data folder; `--remove-desktop-entry` takes them out again. Every file is named
by the application id, the name the running window reports (Qt's desktop file name), so the
menu entry, the window and the icon are one application to the desktop. Packages (.deb,
Flatpak) install the same files system-wide and need none of this.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

from unwind import APP_ID, APP_NAME
from unwind.cli import EXIT_OK, EXIT_PROBLEM
from unwind.resources import icons_folder

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SCRIPT_NAME = "unwind"
STARTUP_WM_CLASS = "Unwind"
"""The class half of WM_CLASS under X11: Qt's xcb plugin takes it from the application name
(`xprop WM_CLASS` shows "unwind", "Unwind"). Qt also sets _GTK_APPLICATION_ID and
_KDE_NET_WM_DESKTOP_FILE to the application id, which GNOME and KDE match first."""


# Characters that make the desktop entry spec quote an Exec argument, and those that must then
# be escaped with a backslash inside the quotes.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED = set('"`$\\')


def data_home(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec says to ignore others), else
    ~/.local/share."""
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return (Path.home() if home is None else home) / ".local" / "share"


def entry_path(data: Path) -> Path:
    return data / "applications" / f"{APP_ID}.desktop"


def icon_paths(data: Path) -> dict[str, Path]:
    """Where each icon goes, keyed by the hicolor folder it belongs in ("48x48", "scalable")."""
    hicolor = data / "icons" / "hicolor"
    paths = {f"{n}x{n}": hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES}
    paths["scalable"] = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    return paths


def installed_files(data: Path) -> list[Path]:
    return [entry_path(data), *icon_paths(data).values()]


def find_launcher(
    *,
    frozen: bool,
    executable: str,
    argv0: str,
    script_dirs: Sequence[Path],
) -> list[str]:
    """The command that starts this very installation of Unwind.

    A frozen bundle is its own executable. Otherwise the `unwind` script of the interpreter that
    runs now (the one being executed, then the environment's and the user's script folders),
    and when there is none, `python -m unwind` with that interpreter.
    """
    if frozen:
        return [str(Path(executable).absolute())]
    candidates: list[Path] = []
    if argv0 and Path(argv0).name == SCRIPT_NAME:
        candidates.append(Path(argv0))
    candidates.extend(folder / SCRIPT_NAME for folder in script_dirs)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate.absolute())]
    return [str(Path(executable).absolute()), "-m", "unwind"]


def current_launcher() -> list[str]:
    folders: list[Path] = []
    for scheme in (sysconfig.get_default_scheme(), f"{os.name}_user"):
        try:
            folders.append(Path(sysconfig.get_path("scripts", scheme)))
        except KeyError:  # a platform without a user scheme
            continue
    return find_launcher(
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        argv0=sys.argv[0] if sys.argv else "",
        script_dirs=folders,
    )


def quote_exec_argument(argument: str) -> str:
    """One Exec argument as the desktop entry spec wants it: quoted when it holds a reserved
    character, with `"`, backquote, `$` and backslash escaped inside, and `%` doubled."""
    argument = argument.replace("%", "%%")
    if not any(char in _EXEC_RESERVED for char in argument):
        return argument
    inner = "".join("\\" + char if char in _EXEC_ESCAPED else char for char in argument)
    return f'"{inner}"'


def escape_string_value(value: str) -> str:
    """A value of type string: the key file format escapes backslashes and control characters."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def desktop_entry(command: Sequence[str], try_exec: str | None = None) -> str:
    """The desktop entry text; packaging/linux holds the same text with `Exec=unwind`."""
    exec_line = " ".join(quote_exec_argument(argument) for argument in command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_NAME}",
        "GenericName=Self-Massage and Breathing Guide",
        "Comment=Guided self-massage and breathing routines, with a private mood journal",
        f"Icon={APP_ID}",
    ]
    if try_exec is not None:
        lines.append(f"TryExec={escape_string_value(try_exec)}")
    lines += [
        f"Exec={escape_string_value(exec_line)}",
        "Terminal=false",
        "Categories=Utility;",
        "Keywords=massage;breathing;breathe;relax;relaxation;stress;tension;"
        "stretch;calm;sleep;wellbeing;journal;",
        "StartupNotify=true",
        f"StartupWMClass={STARTUP_WM_CLASS}",
    ]
    return "\n".join(lines) + "\n"


def _icon_sources() -> dict[str, Traversable]:
    icons = icons_folder()
    sources = {
        f"{n}x{n}": icons / "hicolor" / f"{n}x{n}" / "apps" / "unwind.png" for n in ICON_SIZES
    }
    sources["scalable"] = icons / "unwind.svg"
    return sources


def write_atomically(path: Path, data: bytes) -> None:
    """Menus watch these folders: they should never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.chmod(0o644)
    os.replace(temporary, path)


def install_entry(data: Path, command: Sequence[str]) -> list[Path]:
    """Writes the desktop entry and icons under `data`; returns the files written."""
    targets = icon_paths(data)
    sources = _icon_sources()
    missing = [str(source) for source in sources.values() if not source.is_file()]
    if missing:
        raise FileNotFoundError(f"the installed package lacks its icons: {', '.join(missing)}")
    written: list[Path] = []
    for key, source in sources.items():
        write_atomically(targets[key], source.read_bytes())
        written.append(targets[key])
    # The entry goes last, so the menu never shows it before its icon exists.
    # TryExec hides the entry once the program is gone (pip uninstall leaves the entry behind).
    entry = entry_path(data)
    write_atomically(entry, desktop_entry(command, try_exec=command[0]).encode("utf-8"))
    written.insert(0, entry)
    return written


def remove_entry(data: Path) -> list[Path]:
    """Deletes what `install_entry` wrote under `data`; returns the files that were there. Folders
    stay: other applications share them."""
    removed: list[Path] = []
    for path in installed_files(data):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def run(install: bool) -> int:
    """`unwind --install-desktop-entry` / `--remove-desktop-entry`."""
    if sys.platform in ("win32", "darwin"):
        print(
            "unwind: desktop entries are for Linux and other freedesktop desktops; "
            "on this system use the installer instead.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    data = data_home()
    command = current_launcher()
    try:
        paths = install_entry(data, command) if install else remove_entry(data)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(
            f"unwind: could not {'write' if install else 'remove'}{where}: "
            f"{error.strerror or error}. Check that {data} is yours and writable.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    if install:
        print(f"Added {APP_NAME} to the application menu. Wrote:")
        for path in paths:
            print(f"  {path}")
        print(f"The menu entry starts: {' '.join(command)}")
    elif paths:
        print(f"Took {APP_NAME} out of the application menu. Removed:")
        for path in paths:
            print(f"  {path}")
    else:
        print(f"There was no {APP_NAME} menu entry in {data}; nothing to remove.")
    return EXIT_OK
