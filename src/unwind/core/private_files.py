"""Files that are the person's alone: folders 0700, files 0600, on every system that has modes.

The journal, the settings and the log all say something about the person (when they practised,
what they felt): other users of the same machine read none of them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_mode(path: Path) -> None:
    """Takes away group and other access; never adds a bit the owner took away."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def make_private_folder(folder: Path) -> None:
    """Creates the folder 0700, or takes group and other access from the one there."""
    if folder.is_dir():
        if os.name == "posix":
            private_mode(folder)
        return
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode passes through the umask


def create_private_file(path: Path) -> None:
    """Creates the file 0600 before SQLite or a log handler opens it (their later files, such
    as SQLite's -wal and -shm, copy that mode)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix" and stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)


def open_private(path: Path) -> int:
    """A new file, 0600 whatever the umask, for writing from the start."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
    return descriptor
