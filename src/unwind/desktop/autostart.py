"""Start at login: an XDG autostart entry that starts Unwind in the tray.

Written when the `start_at_login` setting is turned on and removed when it is turned off,
in `$XDG_CONFIG_HOME/autostart` (~/.config/autostart), where every freedesktop session looks.
The entry starts this very installation, with the same --data-dir when there is one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from unwind import APP_ID
from unwind.cli.desktop import current_launcher, desktop_entry, write_atomically
from unwind.core.paths import AppPaths

log = logging.getLogger(__name__)

TRAY_FLAG = "--tray"


def config_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME when it is an absolute path, else ~/.config."""
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_CONFIG_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".config"


def autostart_file(config: Path) -> Path:
    return config / "autostart" / f"{APP_ID}.desktop"


def autostart_command(paths: AppPaths, launcher: Sequence[str]) -> list[str]:
    command = [*launcher, TRAY_FLAG]
    if paths.config == paths.data:  # a --data-dir folder: the login start uses it too
        command += ["--data-dir", str(paths.data)]
    return command


def autostart_entry(command: Sequence[str]) -> str:
    entry = desktop_entry(command, try_exec=command[0])
    return entry + "X-GNOME-Autostart-enabled=true\n"


def set_start_at_login(
    on: bool, paths: AppPaths, config: Path | None = None, launcher: Sequence[str] | None = None
) -> str | None:
    """Writes or removes the entry; a sentence for the person when that failed."""
    target = autostart_file(config_home() if config is None else config)
    try:
        if on:
            command = autostart_command(paths, launcher or current_launcher())
            write_atomically(target, autostart_entry(command).encode("utf-8"))
            log.info("start at login: wrote %s", target)
        else:
            target.unlink(missing_ok=True)
            log.info("start at login: removed %s", target)
    except OSError as error:
        log.warning("start at login: %s: %s", target, error)
        verb = "write" if on else "remove"
        return (
            f"Unwind could not {verb} {target} ({error.strerror or error}): check that the "
            f"folder {target.parent} is yours and writable."
        )
    return None
