"""The journal's file on disk: private modes, what a refusal means, and moving damage aside."""

from __future__ import annotations

import contextlib
import os
import shutil
from errno import ENOSPC
from pathlib import Path

from unwind.core.private_files import (
    PRIVATE_FILE_MODE,
    PRIVATE_FOLDER_MODE,
    create_private_file,
    make_private_folder,
    private_mode,
)

__all__ = [
    "PRIVATE_FILE_MODE",
    "PRIVATE_FOLDER_MODE",
    "create_private_file",
    "make_private_folder",
    "private_mode",
]

FILE_NAME = "journal.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
READ_ONLY = "it is read-only"
DISK_FULL = "the disk is full"
FOLDER_IN_PLACE = "a folder is where the file goes"
LOCKED = "another program holds it locked"
NEARLY_FULL_BYTES = 1024 * 1024
"""Less free space than this, and a write that failed, is a full disk."""

FIXES = {
    READ_ONLY: "make that folder writable",
    DISK_FULL: "free some space on that disk",
    FOLDER_IN_PLACE: "move that folder elsewhere",
    LOCKED: "close the other program that has it open",
}


def fault_reason(error: BaseException, where: Path | None = None) -> str:
    """Why the disk refused, in words for the person. SQLite reports some writes on a full
    disk as a plain "disk I/O error": with `where`, the free space there tells them apart."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return READ_ONLY
    if "disk is full" in text or "no space" in text or getattr(error, "errno", 0) == ENOSPC:
        return DISK_FULL
    if "locked" in text or "busy" in text:
        return LOCKED
    if isinstance(error, IsADirectoryError):
        return FOLDER_IN_PLACE
    if "unable to open" in text or isinstance(error, FileNotFoundError):
        return "it cannot be opened"
    if "disk i/o error" in text and where is not None and _nearly_full(where):
        return DISK_FULL
    return f"the disk reported: {error}"


def _nearly_full(where: Path) -> bool:
    folder = where if where.is_dir() else where.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def tighten_modes(folder: Path, path: Path) -> None:
    """The folder, the file and its companions readable by their owner only."""
    if os.name != "posix":
        return
    for each in (folder, path, *(Path(f"{path}{s}") for s in COMPANION_SUFFIXES)):
        with contextlib.suppress(OSError):
            private_mode(each)


def move_aside(path: Path, stamp: str) -> Path:
    """Renames a damaged file (and its -wal, -shm) to `NAME.corrupt-STAMP`, never over an
    earlier one; returns where it went. Raises OSError when it cannot be moved."""
    base = f"{path}.corrupt-{stamp}"
    aside = Path(base)
    number = 2
    while any(Path(f"{aside}{s}").exists() for s in ("", *COMPANION_SUFFIXES)):
        aside = Path(f"{base}-{number}")
        number += 1
    path.rename(aside)
    for suffix in COMPANION_SUFFIXES:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(f"{aside}{suffix}")
    return aside
