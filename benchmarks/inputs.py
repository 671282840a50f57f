"""The slowest inputs each reader accepts or refuses, against a valid routine file.

Every file Unwind reads has limits (docs: the README's routine files, JOURNAL_FORMAT's
imports), and no one file may take more than about a second to accept or refuse. The inputs
here are the costliest shapes found within those limits: files just under a size limit made of
what the reader works hardest on (steps, dotted keys, quotes, brackets, one long string), and
files just past a limit. Each is read RUNS times in this process and its median kept; the
baseline is the longest built-in routine file, read the same way in the same run.

Readers: a routine file (load_routine_file), the routines folder (RoutineLibrary.load, with
as many near-limit files as it reads), a journal import (read_export), settings.json
(Settings), a routine pack (read_pack).
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.common import ROOT, Budget, Context, Measure, Result, median, scratch_dir

BUDGET_MS = 1000.0
"""About a second for any one file, accepted or refused."""
FOLDER_BUDGET_MS = 10_000.0
"""The routines folder: up to MAX_CUSTOM_FILES files and MAX_FOLDER_BYTES together, read at
start-up; a folder of the costliest files (a folder nobody has) stays within seconds."""
RUNS = 3
QUICK_RUNS = 1
BASELINE = ROOT / "assets" / "routines" / "neck-and-shoulders.toml"

STEP = '[[steps]]\nkind = "rest"\nduration = 1\n'
HEAD = 'id = "a"\ntitle = "A"\n'


def routine_cases(limit: int) -> dict[str, str]:
    """Routine files just under the size limit (or past one), by what makes them costly."""
    fill = limit - 400
    long_step = (
        '[[steps]]\nkind = "massage"\narea = "neck"\ntechnique = "knead"\npressure = "light"\n'
        'duration = 30\ninstruction = "' + "x" * 590 + '"\n'
    )
    return {
        "100 steps (the most) with long instructions": HEAD + long_step * 100,
        "101 steps": HEAD + STEP * 101,
        "steps to the size limit": HEAD + STEP * (fill // len(STEP)),
        "a dotted key of the whole file": HEAD + "x." + "a." * (fill // 2) + "b = 1\n",
        "one string of the whole file": HEAD + 'summary = """' + "x" * fill + '"""\n',
        "quotes to the size limit": 'id = "a"\n' + '"""\\"' * (fill // 5),
        "comments of brackets": HEAD + "#[[[[[[[[[\n" * (fill // 11) + STEP,
        "an array of the whole file": HEAD + "goals = [" + '"stress",' * (fill // 9) + "]\n" + STEP,
        "keys to the size limit": HEAD + STEP + "".join(f"k{i} = 1\n" for i in range(fill // 12)),
        "arrays nested to the size limit": HEAD + "x = " + "[" * (fill // 2) + "]" * (fill // 2),
        "inline tables nested to the size limit": HEAD
        + "x = "
        + "{a = " * (fill // 6)
        + "1"
        + "}" * (fill // 6),
        "a title past its length": HEAD.replace('"A"', '"' + "t" * fill + '"') + STEP,
        "10 MB (past the size limit)": HEAD + "x" * 10_000_000,
    }


def import_cases(folder: Path) -> dict[str, Path]:
    """Journal imports: the largest likely export, and files past a limit."""
    from unwind.journal.exchange import MAX_IMPORT_BYTES, TEXT_LIMITS

    session = {
        "uid": "",
        "started_at": "2024-03-04T08:30:00+00:00",
        "routine_id": "box",
        "routine_title": "Box breathing",
        "planned_seconds": 300,
        "completed_seconds": 300,
        "practised_seconds": 290,
        "ending": "completed",
        "before": {"stress": 6, "valence": 4, "arousal": 6, "tension_areas": ["neck"]},
        "after": {"stress": 3, "tension_areas": [], "tags": ["evening", "work"]},
        "note": "Shoulders felt looser by the end; the jaw less so.",
    }

    def document(count: int, **change: object) -> dict[str, object]:
        sessions = [dict(session, uid=f"{i:032x}", **change) for i in range(count)]
        return {"format": "unwind-journal", "version": 1, "sessions": sessions}

    wrong_last = document(100_000)
    wrong_last["sessions"][-1]["uid"] = "x"  # type: ignore[index]
    texts = {
        "10,000 sessions": json.dumps(document(10_000), indent=1),
        "100,000 sessions": json.dumps(document(100_000), indent=1),
        "100,000 sessions, the last one wrong": json.dumps(wrong_last, indent=1),
        "a note past its length": json.dumps(document(1, note="n" * (TEXT_LIMITS["note"] + 1))),
        "lists nested 10 million deep": '{"format": "unwind-journal", "version": 1, '
        '"sessions": ' + "[" * 10_000_000 + "]" * 10_000_000 + "}",
    }
    paths: dict[str, Path] = {}
    for name, text in texts.items():
        path = folder / f"import-{len(paths)}.json"
        path.write_text(text, "utf-8")
        paths[name] = path
    past = folder / "import-past-size.json"
    with past.open("wb") as out:
        out.truncate(MAX_IMPORT_BYTES + 1)  # sparse: refused by its size, never read
    paths["past the size limit"] = past
    return paths


def settings_cases(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files the settings reader moves aside when damaged: each run writes its file anew."""
    from unwind.core.settings import MAX_FILE_BYTES

    fill = MAX_FILE_BYTES - 100
    texts = {
        "unknown keys to the size limit": json.dumps({f"k{i}": i for i in range(fill // 14)}),
        "lists nested to the size limit": "[" * (fill // 2) + "]" * (fill // 2),
        "one string of the whole file": json.dumps({"theme": "x" * fill}),
        "a number of 400 digits": '{"ambient_volume": ' + "9" * 400 + "}",
        "past the size limit": json.dumps({"theme": "x" * (MAX_FILE_BYTES + 10)}),
    }
    paths: dict[str, tuple[Path, str]] = {}
    for name, text in texts.items():
        path = folder / f"settings-{len(paths)}" / "settings.json"
        path.parent.mkdir()
        paths[name] = (path, text)
    return paths


def pack_cases(folder: Path, baseline: str, costliest: str) -> dict[str, Path]:
    from unwind.core.routine_pack import (
        MANIFEST,
        MAX_MEMBERS,
        MAX_UNPACKED_BYTES,
        PACK_FORMAT,
        ROUTINES_DIR,
        UNPACKED_LIMIT,
    )

    def pack(name: str, members: dict[str, str]) -> Path:
        path = folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, f"format = {PACK_FORMAT}\n")
            for member, text in members.items():
                archive.writestr(f"{ROUTINES_DIR}/{member}", text)
        return path

    most = MAX_MEMBERS - 1  # and the manifest
    many = {
        f"r{i}.toml": baseline.replace('id = "neck-and-shoulders"', f'id = "r{i}"')
        for i in range(most)
    }
    fits = MAX_UNPACKED_BYTES // len(costliest.encode("utf-8"))
    costly = {f"r{i}.toml": costliest for i in range(fits)}
    past = {f"r{i}.toml": HEAD + STEP * 7000 for i in range(most)}
    return {
        f"{most} routines (the most)": pack("many.unwind", many),
        f"{fits} of the costliest routine files ({UNPACKED_LIMIT} together)": pack(
            "costly.unwind", costly
        ),
        f"{most} routines of 7,000 steps (past {UNPACKED_LIMIT})": pack("past.unwind", past),
    }


def timed(
    read: Callable[[], object], runs: int, prepare: Callable[[], object] = lambda: None
) -> tuple[float, str]:
    """Median milliseconds of `read()` (each run after `prepare()`, untimed), and what it
    gave: "accepted" or the refusal."""
    from unwind.core.routine import RoutineError
    from unwind.core.routine_pack import PackError
    from unwind.journal.exchange import JournalImportError

    samples = []
    outcome = "accepted"
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        try:
            value = read()
            notice = getattr(value, "notice", None)
            outcome = f"read, with the notice: {notice[:60]}" if notice else "accepted"
        except (RoutineError, JournalImportError, PackError) as refusal:
            outcome = "refused: " + str(refusal).split(": ", 1)[-1][:70]
        samples.append((time.perf_counter() - start) * 1000)
    return median(samples), outcome


def slowest_row(
    name: str,
    title: str,
    figures: dict[str, tuple[float, str]],
    baseline_ms: float,
    budget_ms: float,
    ctx: Context,
) -> Result:
    for case, (ms, outcome) in figures.items():
        ctx.log(f"{name}: {case}: {ms:.1f} ms ({outcome})")
    case, (ms, outcome) = max(figures.items(), key=lambda item: item[1][0])
    return Result(
        name=name,
        title=f"{title}: the slowest input",
        unit="ms",
        value=ms,
        baseline=baseline_ms,
        budget=Budget(budget_ms, "value"),
        notes=[
            f"slowest of {len(figures)} inputs: {case} ({outcome})",
            "ratio: against reading the longest built-in routine file",
        ],
        details={
            "inputs": {key: {"ms": v, "outcome": o} for key, (v, o) in figures.items()},
        },
    )


def measure_inputs(ctx: Context) -> list[Result]:
    from unwind.core.library import MAX_CUSTOM_FILES, RoutineLibrary
    from unwind.core.routine_file import load_routine_file
    from unwind.core.routine_limits import MAX_FILE_BYTES
    from unwind.core.routine_pack import read_pack
    from unwind.core.settings import Settings
    from unwind.journal.exchange import read_export

    runs = QUICK_RUNS if ctx.quick else RUNS
    rows = []
    with scratch_dir() as folder:
        base_ms, _ = timed(lambda: load_routine_file(BASELINE), max(runs, 5))
        ctx.log(f"baseline: {BASELINE.name} ({BASELINE.stat().st_size} bytes): {base_ms:.2f} ms")
        rows.append(
            Result(
                name="inputs-baseline",
                title=f"A valid routine file ({BASELINE.name}, the longest built-in)",
                unit="ms",
                value=base_ms,
            )
        )

        routines = {}
        for index, (case, text) in enumerate(routine_cases(MAX_FILE_BYTES).items()):
            path = folder / f"routine-{index}.toml"
            path.write_text(text, "utf-8")
            routines[case] = timed(partial(load_routine_file, path), runs)
        rows.append(
            slowest_row("inputs-routine", "A routine file", routines, base_ms, BUDGET_MS, ctx)
        )

        worst = max(routines, key=lambda case: routines[case][0])
        shelf = folder / "routines"
        shelf.mkdir()
        worst_text = routine_cases(MAX_FILE_BYTES)[worst]
        for index in range(MAX_CUSTOM_FILES + 5):
            (shelf / f"r{index:03}.toml").write_text(worst_text, "utf-8")
        library = {
            f"{MAX_CUSTOM_FILES + 5} files of the slowest kind ({worst})": timed(
                lambda: RoutineLibrary.load(shelf), 1
            )
        }
        rows.append(
            slowest_row(
                "inputs-routines-folder",
                "The routines folder",
                library,
                base_ms,
                FOLDER_BUDGET_MS,
                ctx,
            )
        )

        imports = {
            case: timed(partial(read_export, path), runs)
            for case, path in import_cases(folder).items()
        }
        whole = {case: imports.pop(case) for case in list(imports) if " sessions" in case}
        rows.append(
            slowest_row("inputs-import", "A journal import", imports, base_ms, BUDGET_MS, ctx)
        )
        large = slowest_row(
            "inputs-import-sessions", "A journal import of many sessions", whole, base_ms, 0, ctx
        )
        large.budget = None
        per_thousand = whole["100,000 sessions"][0] / 100
        large.notes.append(
            f"{per_thousand:.0f} ms per 1,000 sessions (10,000: "
            f"{whole['10,000 sessions'][0]:.0f} ms): an import is read whole and checked "
            "before anything is written, by `unwind journal import` in a terminal"
        )
        rows.append(large)

        settings = {
            case: timed(partial(Settings, path), runs, partial(path.write_text, text, "utf-8"))
            for case, (path, text) in settings_cases(folder).items()
        }
        rows.append(
            slowest_row("inputs-settings", "settings.json", settings, base_ms, BUDGET_MS, ctx)
        )

        packs = {
            case: timed(partial(read_pack, path), runs)
            for case, path in pack_cases(folder, BASELINE.read_text("utf-8"), worst_text).items()
        }
        rows.append(slowest_row("inputs-pack", "A routine pack", packs, base_ms, BUDGET_MS, ctx))
    return rows


MEASURES = (
    Measure(
        "inputs",
        "the slowest inputs each reader accepts or refuses, against a valid routine file",
        measure_inputs,
    ),
)
