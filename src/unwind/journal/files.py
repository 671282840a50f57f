"""The journal's file on disk: private modes, what a refusal means, and moving damage aside."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_NAME = "journal.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
READ_ONLY = "it is read-only"

FIXES = {
    READ_ONLY: "make that folder writable",
    "the disk is full": "free some space on that disk",
    "another program holds it locked": "close the other program that has it open",
}


def fault_reason(error: BaseException) -> str:
    """Why the disk refused, in words for the person."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return READ_ONLY
    if "disk is full" in text or "no space" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "another program holds it locked"
    if "unable to open" in text or isinstance(error, FileNotFoundError):
        return "it cannot be opened"
    return f"the disk reported: {error}"


def private_mode(path: Path) -> None:
    """Takes away group and other access; never adds a bit the owner took away."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def make_private_folder(folder: Path) -> None:
    if folder.is_dir():
        if os.name == "posix":
            private_mode(folder)
        return
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode passes through the umask


def create_private_file(path: Path) -> None:
    """Creates the file 0600 before SQLite opens it: its -wal and -shm copy that mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)


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
