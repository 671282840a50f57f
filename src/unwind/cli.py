"""Command line: pick a mode (window, list, check) and report problems as sentences."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from unwind import __version__
from unwind.core.paths import DATA_DIR_ENV, AppPaths
from unwind.core.routine import (
    RoutineError,
    RoutineLibrary,
    format_duration,
    load_routine_file,
)

EXIT_OK = 0
EXIT_PROBLEM = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unwind",
        description="Guided self-massage and breathing routines, with a private mood journal.",
    )
    parser.add_argument("--version", action="version", version=f"unwind {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help=f"keep every file of yours (settings, routines, journal, logs) in DIR "
        f"(also ${DATA_DIR_ENV})",
    )
    parser.add_argument("--start", metavar="ROUTINE_ID", help="start this routine at once")
    parser.add_argument("--quit-when-done", action="store_true", help="quit when the session ends")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    routines = commands.add_parser("routines", help="list the routines, or check a routine file")
    routines.add_argument("--check", metavar="FILE", type=Path, help="check one routine file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = AppPaths.resolve(args.data_dir)
    if args.command == "routines":
        if args.check is not None:
            return check_routine(args.check, paths)
        return list_routines(paths)
    if args.start is not None:
        library = RoutineLibrary.load(paths.routines)
        if library.get(args.start) is None:
            print(
                f"unwind: there is no routine with the id '{args.start}'. "
                "'unwind routines' lists them.",
                file=sys.stderr,
            )
            return EXIT_PROBLEM
    from unwind.app import run_gui

    return run_gui(paths, start_id=args.start, quit_when_done=args.quit_when_done)


def list_routines(paths: AppPaths) -> int:
    library = RoutineLibrary.load(paths.routines)
    width = max((len(r.id) for r in library.routines), default=10)
    for routine in library.routines:
        length = format_duration(routine.duration)
        print(f"{routine.id:<{width}}  {routine.category:<9}  {length:>12}  {routine.title}")
    for broken in library.broken:
        print(f"BROKEN {broken.error}", file=sys.stdout)
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
