"""`unwind routines [--check FILE | import FILE | export ID...]`: routines from the command line.

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
from unwind.core.routine_folder import Fate, FolderError, RoutineFolder, show_safety_again
from unwind.core.routine_pack import PACK_SUFFIX, PackError, read_pack, write_pack
from unwind.core.settings import Settings

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


def import_pack(path: Path, paths: AppPaths, *, copies: bool) -> int:
    """Adds a pack's good routines; each one not added is named with the reason."""
    try:
        pack = read_pack(path)
    except PackError as error:
        print(f"{error}. Nothing was imported.")
        return EXIT_PROBLEM
    folder = RoutineFolder(paths.routines)
    plan = folder.plan_import(pack, RoutineLibrary.load(paths.routines), copies=copies)
    try:
        imported = folder.apply(plan)
    except FolderError as error:
        print(f"{error}. Nothing more was imported.")
        return EXIT_PROBLEM
    show_safety_again(Settings(paths.settings_file), {r.id for r in imported.written})
    for planned, routine in zip([p for p in plan if p.writes], imported.written, strict=True):
        note = f" ({planned.reason})" if planned.fate is Fate.COPY else ""
        print(f"added {routine.id}: '{routine.title}', {routine.path}{note}")
    for planned in plan:
        if planned.fate is Fate.SAME:
            print(f"kept {planned.name}: {planned.reason}")
        elif planned.fate in (Fate.REFUSED, Fate.BROKEN):
            print(f"not added {path}:{planned.name}: {planned.reason}")
    added = len(imported.written)
    print(f"{added} routine{'' if added == 1 else 's'} added to {paths.routines}.")
    troubled = any(p.fate in (Fate.REFUSED, Fate.BROKEN) for p in plan)
    return EXIT_PROBLEM if troubled else EXIT_OK


def export_pack(ids: list[str], output: Path, paths: AppPaths) -> int:
    library = RoutineLibrary.load(paths.routines)
    missing = [i for i in ids if library.get(i) is None]
    if missing:
        print(f"there is no routine with the id '{missing[0]}': 'unwind routines' lists them")
        return EXIT_PROBLEM
    if output.suffix != PACK_SUFFIX:
        output = output.with_name(output.name + PACK_SUFFIX)
    routines = [r for i in dict.fromkeys(ids) if (r := library.get(i)) is not None]
    try:
        write_pack(output, routines)
    except OSError as exc:
        print(f"{output} could not be written: {exc.strerror or exc}")
        return EXIT_PROBLEM
    except ValueError as exc:
        print(f"{output} was not written: {exc}")
        return EXIT_PROBLEM
    print(f"{output}: {len(routines)} routine{'' if len(routines) == 1 else 's'}")
    return EXIT_OK
