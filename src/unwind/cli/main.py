"""Command line: pick a mode (window, list, check) and report problems as sentences."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from unwind import __version__
from unwind.cli import EXIT_OK, EXIT_PROBLEM
from unwind.core.paths import DATA_DIR_ENV, AppPaths


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
    parser.add_argument(
        "--tray",
        action="store_true",
        help="start in the tray, without the window (as at login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    routines = commands.add_parser("routines", help="list the routines, or check a routine file")
    routines.add_argument("--check", metavar="FILE", type=Path, help="check one routine file")
    routine_actions = routines.add_subparsers(dest="action", metavar="ACTION")
    pack_in = routine_actions.add_parser("import", help="add the routines of a .unwind pack")
    pack_in.add_argument("file", metavar="FILE", type=Path)
    pack_in.add_argument(
        "--copies",
        action="store_true",
        help="add a routine whose id is taken as a copy under a new id (else it is refused)",
    )
    pack_out = routine_actions.add_parser("export", help="write routines as one .unwind pack")
    pack_out.add_argument("ids", metavar="ID", nargs="+")
    pack_out.add_argument("--output", metavar="FILE", type=Path, required=True)

    journal = commands.add_parser("journal", help="export, import or summarise your journal")
    actions = journal.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write every session as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", metavar="FILE", type=Path, help="write here, not to stdout")
    importer = actions.add_parser("import", help="add the sessions of a JSON export")
    importer.add_argument("file", metavar="FILE", type=Path)
    stats = actions.add_parser("stats", help="per-routine figures of your stress change")
    stats.add_argument("--format", choices=("json", "text"), default="text")

    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Unwind to your desktop's application menu (for pip installs)",
    )
    desktop.add_argument(
        "--remove-desktop-entry", action="store_true", help="take Unwind out of the menu again"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = AppPaths.resolve(args.data_dir)
    if args.command == "routines":
        from unwind.cli import routines as routine_commands

        if args.check is not None:
            return routine_commands.check_routine(args.check, paths)
        if args.action == "import":
            return routine_commands.import_pack(args.file, paths, copies=args.copies)
        if args.action == "export":
            return routine_commands.export_pack(args.ids, args.output, paths)
        return routine_commands.list_routines(paths)
    if args.command == "journal":
        from unwind.cli import journal as journal_commands

        return journal_commands.run(args, paths)
    if args.install_desktop_entry or args.remove_desktop_entry:
        from unwind.cli.desktop import run as run_desktop_entry

        return run_desktop_entry(install=bool(args.install_desktop_entry))
    from unwind.desktop import instance

    # the claim comes first: a second start hands over at once, without reading the routines
    # (the running Unwind says when an id is unknown)
    claim = instance.claim(paths)
    if claim is None:
        return hand_over(paths, args.start, tray=args.tray)
    library = None
    if args.start is not None:
        from unwind.core.library import RoutineLibrary

        library = RoutineLibrary.load(paths.routines)
        if library.get(args.start) is None:
            claim.release()
            print(
                f"unwind: there is no routine with the id '{args.start}'. "
                "'unwind routines' lists them.",
                file=sys.stderr,
            )
            return EXIT_PROBLEM
    from unwind.app import run_gui

    try:
        return run_gui(
            paths,
            start_id=args.start,
            quit_when_done=args.quit_when_done,
            library=library,
            in_tray=args.tray,
            claim=claim,
        )
    finally:
        claim.release()


def hand_over(paths: AppPaths, start: str | None, tray: bool) -> int:
    """Unwind runs already for this data folder: it shows its window (and starts the routine)
    while this process leaves."""
    from unwind.desktop import instance

    where = instance.socket_path(paths)
    command: dict[str, object] = {"start": start} if start else {"show": not tray}
    try:
        instance.hand_over(where, command)
    except instance.HandOverFailed as error:
        print(
            f"unwind: Unwind is running already (process {instance.holder(where)}) but did not "
            f"answer ({error}). Close it, or end that process, and start Unwind again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    return EXIT_OK
