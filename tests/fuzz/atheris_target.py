"""Coverage-guided fuzzing of the routine reader and the import reader, with atheris.

    python tests/fuzz/atheris_target.py routine NEW_CORPUS tests/fuzz/corpus/routine \
        -max_total_time=60

Each input is written to a file and read as Unwind reads it; anything but the reader's own
error (RoutineError, JournalImportError) is a crash, which libFuzzer saves for a regression
test. tests/fuzz/test_coverage_guided.py runs both for a bounded time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from unwind.core.routine import RoutineError
    from unwind.core.routine_file import load_routine_file
    from unwind.journal.exchange import JournalImportError, read_export

NOW = datetime(2026, 1, 1, tzinfo=UTC)
FOLDER = Path(tempfile.mkdtemp(prefix="unwind-fuzz-"))
FILE = FOLDER / "input"


def routine(data: bytes) -> None:
    FILE.write_bytes(data)
    try:
        load_routine_file(FILE)
    except RoutineError as error:
        if "\n" in str(error) or len(str(error)) > 400:
            raise AssertionError(f"a refusal of {len(str(error))} characters") from error


def journal_import(data: bytes) -> None:
    FILE.write_bytes(data)
    try:
        read_export(FILE, now=NOW)
    except JournalImportError as error:
        if "\n" in str(error) or len(str(error)) > 600:
            raise AssertionError(f"a refusal of {len(str(error))} characters") from error


TARGETS = {"routine": routine, "import": journal_import}


def main() -> None:
    target = TARGETS[sys.argv.pop(1)]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    atheris.Setup(sys.argv, target)
    try:
        atheris.Fuzz()
    finally:
        for leftover in FOLDER.iterdir():
            leftover.unlink()
        os.rmdir(FOLDER)


if __name__ == "__main__":
    main()
