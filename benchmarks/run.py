"""Runs the benchmarks under a private Xvfb, prints a table and writes results/latest.json.

    benchmarks/run                  # everything, full repetitions (about 5 minutes)
    benchmarks/run --quick          # fewer and shorter runs, for a quick look
    benchmarks/run --only startup   # one measure (repeatable); --list names them

Exit status: 0 when every budget is met, 1 when one is over, 2 when a measure failed to run.
A new measurement is a module with a MEASURES tuple, added to MODULES below.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

from benchmarks import (
    bundle,
    cpu,
    cues,
    inputs,
    journal,
    memory,
    smoothness,
    startup,
    tray,
    voice,
)
from benchmarks.common import (
    ROOT,
    BenchmarkError,
    Context,
    Measure,
    Result,
    private_xvfb,
    scratch_dir,
)

MODULES: tuple[ModuleType, ...] = (
    startup,
    cpu,
    smoothness,
    cues,
    memory,
    journal,
    inputs,
    voice,
    tray,
    bundle,
)
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"


def all_measures() -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for module in MODULES:
        for measure in module.MEASURES:
            found[measure.name] = measure
    return found


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    def first_line(command: list[str]) -> str | None:
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        except OSError:
            return None
        if done.returncode != 0:
            return None
        lines = (done.stdout or done.stderr).strip().splitlines()
        return lines[0] if lines else None

    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        None,
    )
    os_name = None
    os_release = Path("/etc/os-release")
    if os_release.is_file():
        fields = dict(
            line.split("=", 1) for line in os_release.read_text().splitlines() if "=" in line
        )
        os_name = fields.get("PRETTY_NAME", "").strip('"') or None
    return {
        "os": os_name,
        "kernel": platform.release(),
        "cpu": cpu_model,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "pyside6": version("PySide6-Essentials") or version("PySide6"),
        "pygame_ce": version("pygame-ce"),
        "xvfb": first_line(["dpkg-query", "-W", "-f=${Version}", "xvfb"]),
        "git_commit": first_line(["git", "rev-parse", "--short", "HEAD"]),
        "git_dirty": bool(first_line(["git", "status", "--porcelain"])),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def source_digest() -> str:
    """A digest of the app's source files, to notice edits made while the benchmarks ran."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cell(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def table(results: list[Result], failures: dict[str, str]) -> str:
    header = ("measure", "value", "baseline", "ratio", "budget", "result")
    rows = [header]
    for result in results:
        outcome = {True: "pass", False: "FAIL", None: "(info)"}[result.passed]
        rows.append(
            (
                result.name,
                cell(result.value, result.unit),
                cell(result.baseline, result.unit),
                f"{result.ratio:.2f}x" if result.ratio is not None else "-",
                result.budget.text(result.unit) if result.budget else "-",
                outcome,
            )
        )
    for name in failures:
        rows.append((name, "-", "-", "-", "-", "ERROR"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    out = ["\n".join(line.rstrip() for line in lines)]
    for result in results:
        out.append(f"\n{result.name}: {result.title}")
        out.extend(f"  {note}" for note in result.notes)
    for name, error in failures.items():
        out.append(f"\n{name}: ERROR {error}")
    return "\n".join(out)


def terminate_gracefully(signum: int, frame: FrameType | None) -> None:
    """SIGTERM and SIGHUP unwind the stack, so every finally ends what it started."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    measures = all_measures()
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        choices=sorted(measures),
        help=f"run only this measure (repeatable): {', '.join(measures)}",
    )
    parser.add_argument("--list", action="store_true", help="name the measures and stop")
    parser.add_argument(
        "--json", type=Path, default=RESULTS, help=f"where to write the results ({RESULTS})"
    )
    args = parser.parse_args(argv)
    if args.list:
        for measure in measures.values():
            print(f"{measure.name:<15} {measure.summary}")
        return 0
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, terminate_gracefully)

    chosen = [measures[name] for name in args.only] if args.only else list(measures.values())
    results: list[Result] = []
    failures: dict[str, str] = {}
    began = time.monotonic()
    before = machine()
    sources_before = source_digest()
    with private_xvfb() as (display, xvfb_pid), scratch_dir("unwind-bench-pycache-") as pycache:
        print(f"Xvfb {display} (pid {xvfb_pid}); quick={args.quick}", file=sys.stderr)
        ctx = Context(
            display=display, xvfb_pid=xvfb_pid, quick=args.quick, log=log, pycache=pycache
        )
        for measure in chosen:
            print(f"{measure.name}: {measure.summary}", file=sys.stderr, flush=True)
            try:
                results.extend(measure.run(ctx))
            except BenchmarkError as error:
                failures[measure.name] = str(error)
            except Exception:
                failures[measure.name] = traceback.format_exc()

    changed = source_digest() != sources_before
    print(table(results, failures))
    if changed:
        print(
            "\nWARNING: files under src/ changed during the run, so the figures may mix "
            "versions of the app; run again on a quiet tree."
        )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - began, 1),
        "quick": args.quick,
        "machine": before,
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "results": [result.as_json() for result in results],
        "errors": failures,
        "sources_changed_during_run": changed,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"\nwritten to {args.json}")
    if failures:
        return 2
    return 1 if any(result.passed is False for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
