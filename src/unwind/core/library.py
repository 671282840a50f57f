"""The library: the built-in routines and the person's own files, and those that are broken.

One file never takes the library down: whatever it holds, it is listed as broken with its
reason, and the routines beside it are read as usual.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from unwind.core.routine import BrokenRoutine, Routine, RoutineError
from unwind.core.routine_file import load_routine_file, parse_routine
from unwind.resources import routines_folder

log = logging.getLogger(__name__)

MAX_CUSTOM_FILES = 200
"""Routine files read from the person's folder; the rest are listed as not read."""
MAX_FOLDER_BYTES = 4 * 1024 * 1024
"""Routine files read from the folder together (200 files of 20 KB): however costly the
files, reading the folder at start-up stays within seconds. The rest are listed as not read."""


@dataclass(frozen=True)
class RoutineLibrary:
    """Built-in and custom routines, plus the custom files that could not be read."""

    routines: tuple[Routine, ...]
    broken: tuple[BrokenRoutine, ...]

    def get(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)

    @classmethod
    def load(cls, custom_dir: Path | None) -> RoutineLibrary:
        routines: list[Routine] = []
        broken: list[BrokenRoutine] = []
        folder = routines_folder()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                routines.append(
                    parse_routine(entry.read_text("utf-8"), Path(entry.name), builtin=True)
                )
        seen = {r.id: r for r in routines}
        files = _custom_files(custom_dir)
        read_bytes = 0
        for path in files[:MAX_CUSTOM_FILES]:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            if read_bytes + size > MAX_FOLDER_BYTES:
                error = RoutineError(
                    path,
                    f"was not read: the routine files before it in the folder hold "
                    f"{read_bytes // 1024:,} KB together, and Unwind reads at most "
                    f"{MAX_FOLDER_BYTES // 1024 // 1024} MB of them: move some elsewhere",
                )
                broken.append(BrokenRoutine(path, error))
                continue
            read_bytes += size
            try:
                routine = load_routine_file(path)
            except RoutineError as exc:
                broken.append(BrokenRoutine(path, exc))
                continue
            except Exception as exc:  # a bug must not hide every other routine
                log.exception("reading routine file %s", path)
                error = RoutineError(path, f"could not be read ({type(exc).__name__})")
                broken.append(BrokenRoutine(path, error))
                continue
            if routine.id in seen:
                other = seen[routine.id]
                owner = "a built-in routine" if other.builtin else str(other.path)
                error = RoutineError(
                    path,
                    f"the id '{routine.id}' is already used by {owner}: give this file another id",
                    routine.id_line,
                )
                broken.append(BrokenRoutine(path, error))
                continue
            seen[routine.id] = routine
            routines.append(routine)
        if len(files) > MAX_CUSTOM_FILES and custom_dir is not None:
            error = RoutineError(
                custom_dir,
                f"holds {len(files):,} routine files; Unwind reads the first {MAX_CUSTOM_FILES} "
                "(by name): move the others elsewhere",
            )
            broken.append(BrokenRoutine(custom_dir, error))
        return cls(tuple(routines), tuple(broken))


def _custom_files(folder: Path | None) -> list[Path]:
    try:
        if folder is None or not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []
