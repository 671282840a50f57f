"""`unwind routines [--check FILE]`: the routine library from the command line.

Exit codes: 0 fine, 2 a problem the person can fix, said in one line naming the file.
Whatever a file or its name holds, each is told in one line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from unwind.cli import EXIT_OK, EXIT_PROBLEM
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.routine import RoutineError, format_duration
from unwind.core.routine_file import load_routine_file

_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _say(text: str) -> None:
    """One line on stdout, whatever the text holds (a new line or an undecodable byte in a
    file name, a control character)."""
    line = _LINE_BREAKS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
    encoding = sys.stdout.encoding or "utf-8"
    print(line.encode(encoding, "backslashreplace").decode(encoding))


def list_routines(paths: AppPaths) -> int:
    library = RoutineLibrary.load(paths.routines)
    width = max((len(r.id) for r in library.routines), default=10)
    for routine in library.routines:
        length = format_duration(routine.duration)
        _say(f"{routine.id:<{width}}  {routine.category:<9}  {length:>12}  {routine.title}")
    for broken in library.broken:
        _say(f"BROKEN {broken.error}")
    return EXIT_OK


def check_routine(path: Path, paths: AppPaths) -> int:
    try:
        routine = load_routine_file(path)
    except RoutineError as error:
        _say(str(error))
        return EXIT_PROBLEM
    builtin = RoutineLibrary.load(None).get(routine.id)
    if builtin is not None:
        _say(f"{path}: the id '{routine.id}' is already used by a built-in routine: choose another")
        return EXIT_PROBLEM
    length = format_duration(routine.duration)
    _say(f"{path}: ok, '{routine.title}', {len(routine.steps)} steps, {length}")
    return EXIT_OK
