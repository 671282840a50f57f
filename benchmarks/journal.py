"""Journal scale: the journal's work with 10,000 and 100,000 sessions, and start-up with a
10,000-session journal against an empty one.

The journals are populate_demo(n, seed=1) files, kept in benchmarks/results/journal-cache/
(git-ignored) and written again when missing or over a day old (the demo ends "now", and the
history view shows the last 30 days). Every measurement copies the file into a fresh folder
and times it in a fresh offscreen process (benchmarks/journal_probe.py). The start-up rows use
benchmarks/probe.py, as `startup` does, with a data folder holding the 10,000-session journal
against an empty data folder, alternating.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ROOT,
    Budget,
    Context,
    Measure,
    Result,
    json_child,
    median,
    python_command,
    scratch_dir,
)

CACHE = ROOT / "benchmarks" / "results" / "journal-cache"
FILE_NAME = "journal.sqlite3"
SIZES = (10_000, 100_000)
MAX_AGE_S = 24 * 3600
HISTORY_BUDGET = Budget(200.0, "value")
CSV_BUDGET = Budget(1000.0, "value")
STARTUP_BUDGET = Budget(1.05, "ratio")
RUNS = 3
QUICK_RUNS = 1
STARTUP_RUNS = 5
QUICK_STARTUP_RUNS = 2
TIMEOUT = 120.0


def child(command: list[str], env: dict[str, str], what: str) -> dict[str, Any]:
    return json_child(command, env, what, TIMEOUT)


def cached_journal(ctx: Context, size: int) -> Path:
    """The cached journal file of `size` demo sessions, written first when missing or stale."""
    path = CACHE / str(size) / FILE_NAME
    if path.is_file() and time.time() - path.stat().st_mtime < MAX_AGE_S:
        return path
    if path.parent.exists():
        shutil.rmtree(path.parent)
    path.parent.mkdir(parents=True)
    made = child(
        python_command(
            "benchmarks.journal_probe", "--folder", str(path.parent), "--populate", str(size)
        ),
        ctx.env({"QT_QPA_PLATFORM": "offscreen"}),
        f"populating {size} sessions",
    )
    ctx.log(f"wrote a {size}-session journal in {made['seconds']:.1f} s (cached in {path})")
    return path


def probe_journal(ctx: Context, source: Path) -> dict[str, Any]:
    with scratch_dir() as folder:
        journal = folder / "journal"
        journal.mkdir(mode=0o700)
        shutil.copy2(source, journal / FILE_NAME)
        return child(
            python_command("benchmarks.journal_probe", "--folder", str(journal)),
            ctx.env({"QT_QPA_PLATFORM": "offscreen"}),
            "the journal probe",
        )


KEYS = (
    ("open_ms", "open", "Open the journal (JournalStore, with quick_check)", None),
    (
        "history_ms",
        "history",
        "History view: built, shown, chart painted (30 days)",
        HISTORY_BUDGET,
    ),
    ("stats_ms", "stats", "routine_stats() (the insight cards' figures)", None),
    ("csv_ms", "csv", "CSV export of every session (to memory)", CSV_BUDGET),
)


def measure_scale(ctx: Context) -> list[Result]:
    runs = QUICK_RUNS if ctx.quick else RUNS
    figures: dict[int, dict[str, float]] = {}
    samples: dict[int, list[dict[str, Any]]] = {}
    for size in SIZES:
        source = cached_journal(ctx, size)
        samples[size] = [probe_journal(ctx, source) for _ in range(runs)]
        figures[size] = {key: median([s[key] for s in samples[size]]) for key, *_ in KEYS}
        ctx.log(
            f"{size} sessions: "
            + ", ".join(f"{short} {figures[size][key]:.0f} ms" for key, short, *_ in KEYS)
        )
    small, large = SIZES
    rows: list[Result] = []
    for key, short, title, budget in KEYS:
        growth = figures[large][key] / figures[small][key] if figures[small][key] else 0.0
        rows.append(
            Result(
                name=f"journal-{short}-10k",
                title=f"{title}, 10,000 sessions",
                unit="ms",
                value=figures[small][key],
                budget=budget,
                notes=[
                    f"median of {runs} fresh processes (offscreen); 100,000 sessions:"
                    f" {figures[large][key]:.0f} ms, {growth:.1f}x for 10x the sessions",
                ]
                + (
                    [
                        f"rows in the 30-day table: {samples[small][0]['history_rows']}; CSV"
                        f" {samples[small][0]['csv_bytes'] / 1e6:.1f} MB for"
                        f" {samples[small][0]['csv_rows']} sessions"
                    ]
                    if key == "open_ms"
                    else []
                ),
                details={"samples": samples[small], "median": figures[small]}
                if key == "open_ms"
                else {"see": "journal-open-10k"},
            )
        )
        rows.append(
            Result(
                name=f"journal-{short}-100k",
                title=f"{title}, 100,000 sessions (against 10,000)",
                unit="ms",
                value=figures[large][key],
                baseline=figures[small][key],
                notes=["ratio: the cost of 10x the sessions (1.0 flat, 10 linear)"],
                details={"samples": samples[large], "median": figures[large]}
                if key == "open_ms"
                else {"see": "journal-open-100k"},
            )
        )
    return rows


def startup_probe(ctx: Context, data_dir: Path) -> dict[str, float]:
    began = time.time()
    line = child(
        python_command("benchmarks.probe", "app", "--data-dir", str(data_dir)),
        ctx.env(),
        "the start-up probe",
    )
    return {
        "first_paint_ms": (float(line["first_paint"]) - began) * 1000,
        "content_paint_ms": (float(line["content_paint"]) - began) * 1000,
    }


def one_start(ctx: Context, source: Path | None) -> dict[str, float]:
    with scratch_dir() as data_dir:
        if source is not None:
            journal = data_dir / "journal"
            journal.mkdir(mode=0o700)
            shutil.copy2(source, journal / FILE_NAME)
        return startup_probe(ctx, data_dir)


def measure_startup_journal(ctx: Context) -> list[Result]:
    runs = QUICK_STARTUP_RUNS if ctx.quick else STARTUP_RUNS
    source = cached_journal(ctx, SIZES[0])
    one_start(ctx, None)
    one_start(ctx, source)
    samples: dict[str, list[dict[str, float]]] = {"empty": [], "journal": []}
    for index in range(runs):
        for kind, src in (("empty", None), ("journal", source)):
            samples[kind].append(one_start(ctx, src))
        ctx.log(
            f"start-up {index + 1}/{runs}: empty {samples['empty'][-1]['first_paint_ms']:.0f}"
            f" ms, 10k journal {samples['journal'][-1]['first_paint_ms']:.0f} ms"
        )

    def mid(kind: str, key: str) -> float:
        return median([s[key] for s in samples[kind]])

    rows = []
    for key, name, title in (
        ("first_paint_ms", "startup-journal", "Start-up (first paint), 10,000-session journal"),
        ("content_paint_ms", "startup-journal-content", "Start-up to content, 10,000 sessions"),
    ):
        rows.append(
            Result(
                name=name,
                title=title,
                unit="ms",
                value=mid("journal", key),
                baseline=mid("empty", key),
                budget=STARTUP_BUDGET,
                notes=[
                    f"median of {runs} cold starts each, alternating, after one warm-up each;"
                    f" baseline: the same with an empty data folder (benchmarks/probe.py)",
                    "the journal opens after the library has painted, so neither figure"
                    " should include it",
                ],
                details={"samples": samples} if key == "first_paint_ms" else {"see": name},
            )
        )
    return rows


MEASURES = (
    Measure(
        "journal-scale",
        "open, history view, routine_stats and CSV export with 10,000 and 100,000 sessions",
        measure_scale,
    ),
    Measure(
        "startup-journal",
        "start-up with a 10,000-session journal against an empty data folder",
        measure_startup_journal,
    ),
)
