"""The library: the built-in routines and the person's own files, and those that are broken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unwind.core.routine import BrokenRoutine, Routine, RoutineError
from unwind.core.routine_file import load_routine_file, parse_routine
from unwind.resources import routines_folder


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
        for path in _custom_files(custom_dir):
            try:
                routine = load_routine_file(path)
            except RoutineError as exc:
                broken.append(BrokenRoutine(path, exc))
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
        return cls(tuple(routines), tuple(broken))


def _custom_files(folder: Path | None) -> Iterable[Path]:
    if folder is None or not folder.is_dir():
        return []
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []
