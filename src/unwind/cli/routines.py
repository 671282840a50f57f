"""`unwind routines [--check FILE]`: the routine library from the command line.

Exit codes: 0 fine, 2 a problem the person can fix, said in one line naming the file.
"""

from __future__ import annotations

from pathlib import Path

from unwind.cli import EXIT_OK, EXIT_PROBLEM
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.routine import RoutineError, format_duration
from unwind.core.routine_file import load_routine_file


def list_routines(paths: AppPaths) -> int:
    library = RoutineLibrary.load(paths.routines)
    width = max((len(r.id) for r in library.routines), default=10)
    for routine in library.routines:
        length = format_duration(routine.duration)
        print(f"{routine.id:<{width}}  {routine.category:<9}  {length:>12}  {routine.title}")
    for broken in library.broken:
        print(
            f"BROKEN {broken.error}",
        )
    return EXIT_OK


def check_routine(path: Path, paths: AppPaths) -> int:
    try:
        routine = load_routine_file(path)
    except RoutineError as error:
        print(str(error))
        return EXIT_PROBLEM
    builtin = RoutineLibrary.load(None).get(routine.id)
    if builtin is not None:
        print(
            f"{path}: the id '{routine.id}' is already used by a built-in routine: choose another"
        )
        return EXIT_PROBLEM
    length = format_duration(routine.duration)
    print(f"{path}: ok, '{routine.title}', {len(routine.steps)} steps, {length}")
    return EXIT_OK
