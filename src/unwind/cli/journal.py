"""`unwind journal export|import|stats`: the journal from the command line.

Exit codes: 0 done, 2 a problem the person can fix, told in one sentence on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from unwind.cli import EXIT_OK, EXIT_PROBLEM
from unwind.core.paths import AppPaths
from unwind.journal import exchange, stats
from unwind.journal.models import MIN_PAIRS_FOR_STATS, RoutineStats
from unwind.journal.store import JournalStore, JournalUnavailableError


def _say(message: str) -> None:
    print(f"unwind: {message}", file=sys.stderr)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    # Problems reach the person as one sentence each (below); without this, Python would
    # also print the store's log records raw on stderr when no logging is set up.
    logging.getLogger("unwind.journal").addHandler(logging.NullHandler())
    store = JournalStore(paths.journal)
    try:
        if not store.on_disk:
            # nothing to read: a folder in its place, a newer Unwind's journal
            _say(f"{store.problem or store.notice}.")
            return EXIT_PROBLEM
        if store.problem is None and store.notice is not None:
            _say(store.notice)  # a damaged journal moved aside: where it went
        if args.action == "export":
            return export(store, args.format, args.output)
        if args.action == "import":
            return import_file(store, args.file)
        if args.action == "stats":
            return show_stats(store, args.format, sys.stdout)
        _say(f"there is no journal action '{args.action}'. Use export, import or stats.")
        return EXIT_PROBLEM
    except BrokenPipeError:
        # Read by something like `head` that stopped early: not a problem of ours. Point
        # stdout at nothing so that Python's own flush at exit does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        store.close()


@contextlib.contextmanager
def _private_output(path: Path) -> Iterator[TextIO]:
    """Writes beside the target and renames it in place at the end: all or nothing, 0600."""
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def export(store: JournalStore, form: str, output: Path | None) -> int:
    records = list(reversed(store.sessions()))
    exported_at = store.now()

    def write(out: TextIO) -> int:
        if form == "json":
            return exchange.write_json(records, out, exported_at)
        return exchange.write_csv(records, out)

    if output is None:
        write(sys.stdout)
        sys.stdout.flush()
        return EXIT_OK
    try:
        with _private_output(output) as out:
            count = write(out)
    except OSError as error:
        _say(
            f"could not write {output} ({error.strerror or error}). Choose another --output "
            "file, in a folder you can write to."
        )
        return EXIT_PROBLEM
    print(f"Exported {count} sessions to {output}.")
    return EXIT_OK


def import_file(store: JournalStore, path: Path) -> int:
    try:
        records = exchange.read_export(path, now=store.now())
        added, already = store.import_sessions(records)
    except exchange.JournalImportError as error:
        _say(str(error))
        return EXIT_PROBLEM
    except JournalUnavailableError as error:
        _say(f"nothing was imported from {path}: {error.problem}.")
        return EXIT_PROBLEM
    print(f"Imported {path}: {added} {_sessions(added)} added, {already} already in your journal.")
    return EXIT_OK


def _sessions(count: int) -> str:
    return "session" if count == 1 else "sessions"


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def stats_to_json(figures: Sequence[RoutineStats]) -> list[dict[str, Any]]:
    return [
        {
            "routine_id": item.routine_id,
            "routine_title": item.routine_title,
            "sessions": item.sessions,
            "pairs": item.pairs,
            "mean_change": _rounded(item.mean_change),
            "ci_low": _rounded(item.ci_low),
            "ci_high": _rounded(item.ci_high),
            "confidence": stats.CONFIDENCE,
            "median_change": _rounded(item.median_change),
            "share_dropped_2": _rounded(item.share_dropped_2),
        }
        for item in figures
    ]


def _signed(value: float, digits: int = 2) -> str:
    text = f"{value:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def stats_table(figures: Sequence[RoutineStats]) -> str:
    """The figures as a plain-text table, with the caveats beneath."""
    out = io.StringIO()
    out.write(
        "Change in your stress rating per routine: after minus before, on the 0-10 scale "
        "(below 0 means lower after).\n\n"
    )
    if not figures:
        out.write("Your journal has no sessions yet.\n")
    else:
        title_width = min(40, max(len("Routine"), *(len(f.routine_title) for f in figures)))
        header = (
            f"{'Routine':<{title_width}}  {'Sessions':>8}  {'Pairs':>5}  {'Mean':>5}  "
            f"{'95% interval':<14}  {'Median':>6}  {'Dropped 2+':>10}"
        )
        out.write(header + "\n" + "-" * len(header) + "\n")
        for item in figures:
            title = item.routine_title
            if len(title) > title_width:
                title = title[: title_width - 3] + "..."
            start = f"{title:<{title_width}}  {item.sessions:>8}  {item.pairs:>5}"
            if not item.enough or item.mean_change is None:
                out.write(f"{start}  needs {MIN_PAIRS_FOR_STATS} sessions rated before and after\n")
                continue
            assert item.ci_low is not None and item.ci_high is not None
            assert item.median_change is not None and item.share_dropped_2 is not None
            interval = f"{_signed(item.ci_low)} to {_signed(item.ci_high)}"
            out.write(
                f"{start}  {_signed(item.mean_change):>5}  {interval:<14}  "
                f"{_signed(item.median_change, 1):>6}  {item.share_dropped_2:>10.0%}\n"
            )
    out.write("\n")
    for caveat in stats.CAVEATS:
        out.write(caveat + "\n")
    return out.getvalue()


def show_stats(store: JournalStore, form: str, out: TextIO) -> int:
    figures = store.routine_stats()
    if form == "json":
        json.dump(stats_to_json(figures), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(stats_table(figures))
    return EXIT_OK
