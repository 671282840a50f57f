"""In the tray: CPU, wake-ups and memory with reminders on and the window closed; how close
to its moment a reminder fires; how fast a second `unwind` brings the window forward.

Each run starts Debian's trayer on the private screen (so Unwind has a real XEmbed tray)
and the app in a fresh --data-dir. `tray-cpu` starts it with --tray (the window never shown,
as at login), with a timed reminder hours away and a reminder every 50 minutes of use, then
reads /proc over a long window: wake-ups are voluntary context switches of every thread, per
minute. `tray-memory` is its resident memory against the app idle on the library in the same
run. `reminder-latency` sets a reminder for the next whole minute at least 10 s away and
reads the moment the app offered it from its log (millisecond stamps). `handoff` runs a
second `unwind` against one waiting in the tray and reads from the first one's log the
moment its window was brought forward, against the moment the second was started.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BenchmarkError,
    Budget,
    Context,
    Measure,
    Result,
    median,
    running,
    sample_process,
    scratch_dir,
    stop,
    tail,
    thread_summary,
    unwind_command,
    usage_between,
)
from benchmarks.memory import mb, status_kb

CPU_BUDGET = Budget(0.1, "value")
WAKEUP_BUDGET = Budget(1.0, "value")
MEMORY_BUDGET = Budget(1.0, "ratio")
LATENCY_BUDGET = Budget(1000.0, "value")
HANDOFF_BUDGET = Budget(300.0, "value")
WINDOW_S = 300.0
QUICK_WINDOW_S = 60.0
SETTLE_S = 5.0
PRESENT_S = 3.0
"""Seconds before the reminder's moment that the benchmark moves the pointer."""
HANDOFF_REPEATS = 5
QUICK_HANDOFF_REPEATS = 2
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) ")


@contextmanager
def trayer(ctx: Context) -> Iterator[None]:
    panel = subprocess.Popen(
        [
            *("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel"),
            *("--width", "120", "--heighttype", "pixel", "--height", "24"),
        ],
        env=ctx.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield
    finally:
        stop(panel)


ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def prepare(folder: Path, **settings: Any) -> None:
    """Reminders on: one at a time of day twelve hours away, and one every 50 minutes of use
    within working hours that span the whole day, every day (so the looks for use and time
    away are made whenever the benchmark runs)."""
    later = datetime.now() + timedelta(hours=12)
    values: dict[str, Any] = {
        "reminders": True,
        "reminder_times": [f"{later:%H:%M}"],
        "reminder_days": ALL_DAYS,
        "reminder_every": 50.0,
        "work_start": "00:00",
        "work_end": "23:59",
        "work_days": ALL_DAYS,
    }
    values.update(settings)
    (folder / "settings.json").write_text(json.dumps(values), "utf-8")


def log_stamp(folder: Path, text: str, proc: subprocess.Popen[Any], seconds: float) -> float:
    """The wall-clock moment (time.time()) of the first log line holding `text`."""
    log = folder / "logs" / "unwind.log"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchmarkError(f"unwind ended early:\n{tail(log)}")
        if log.exists():
            for line in log.read_text("utf-8").splitlines():
                found = STAMP.match(line)
                if found and text in line:
                    moment = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S")
                    return moment.timestamp() + int(found.group(2)) / 1000
        time.sleep(0.02)
    raise BenchmarkError(f"'{text}' never appeared in {log}:\n{tail(log)}")


def measure_tray(ctx: Context) -> list[Result]:
    window = QUICK_WINDOW_S if ctx.quick else WINDOW_S
    with trayer(ctx), scratch_dir() as folder, scratch_dir() as library_folder:
        prepare(folder)
        command = unwind_command("--data-dir", str(folder), "--tray")
        with running(command, ctx.env()) as proc:
            log_stamp(folder, "in the tray", proc, 30)
            time.sleep(SETTLE_S)
            first = sample_process(proc.pid)
            time.sleep(window)
            last = sample_process(proc.pid)
            tray_rss = status_kb(proc.pid)
            if proc.poll() is not None:
                raise BenchmarkError("unwind ended while measured")
        usage = usage_between(proc.pid, first, last)
        library_command = unwind_command("--data-dir", str(library_folder))
        with running(library_command, ctx.env()) as proc:
            log_stamp(library_folder, "journal", proc, 30)
            time.sleep(SETTLE_S)
            library_rss = status_kb(proc.pid)
    per_minute = usage.wakeups_per_s * 60
    common = f"{window:g} s after {SETTLE_S:g} s settling, in trayer's tray, window never shown"
    return [
        Result(
            name="tray-cpu",
            title="CPU in the tray, reminders on, window closed",
            unit="% core",
            value=usage.cpu_percent,
            budget=CPU_BUDGET,
            notes=[common, thread_summary(usage)],
            details={"usage": usage.as_json()},
        ),
        Result(
            name="tray-wakeups",
            title="Wake-ups in the tray (every thread), per minute",
            unit="/min",
            value=per_minute,
            budget=WAKEUP_BUDGET,
            notes=[common, thread_summary(usage)],
            details={"usage": usage.as_json()},
        ),
        Result(
            name="tray-memory",
            title="Resident memory in the tray, against the app idle on the library",
            unit="MB",
            value=mb(tray_rss["VmRSS"]),
            baseline=mb(library_rss["VmRSS"]),
            budget=MEMORY_BUDGET,
            notes=[
                f"tray: VmRSS {mb(tray_rss['VmRSS']):.1f} MB, peak {mb(tray_rss['VmHWM']):.1f}",
                f"library: VmRSS {mb(library_rss['VmRSS']):.1f} MB, read {SETTLE_S:g} s after"
                " its journal opened",
            ],
            details={"tray": tray_rss, "library": library_rss},
        ),
    ]


def measure_latency(ctx: Context) -> list[Result]:
    now = datetime.now()
    due = (now + timedelta(seconds=70)).replace(second=0, microsecond=0)
    with trayer(ctx), scratch_dir() as folder:
        prepare(
            folder,
            reminder_times=[f"{due:%H:%M}"],
            reminder_every=0.0,
        )
        command = unwind_command("--data-dir", str(folder), "--tray")
        with running(command, ctx.env()) as proc:
            log_stamp(folder, "in the tray", proc, 30)
            # someone is at the computer: a reminder waits while the person is away (the
            # private screen has had no input for as long as it has run)
            time.sleep(max(0.0, (due - datetime.now()).total_seconds() - PRESENT_S))
            subprocess.run(
                ["xdotool", "mousemove_relative", "--", "1", "1"],
                env=ctx.env(),
                check=True,
                timeout=10,
            )
            wait = (due - datetime.now()).total_seconds() + 20
            offered = log_stamp(folder, "reminder (at_time) offers", proc, wait)
    late_ms = (offered - due.timestamp()) * 1000
    return [
        Result(
            name="reminder-latency",
            title="A timed reminder offered after its moment (real time, one run)",
            unit="ms",
            value=late_ms,
            budget=LATENCY_BUDGET,
            notes=[f"due {due:%H:%M:%S}, offered {late_ms:.0f} ms later (from the log's stamp)"],
        )
    ]


def measure_handoff(ctx: Context) -> list[Result]:
    repeats = QUICK_HANDOFF_REPEATS if ctx.quick else HANDOFF_REPEATS
    times: list[float] = []
    with trayer(ctx):
        for _ in range(repeats):
            with scratch_dir() as folder:
                prepare(folder)
                first = unwind_command("--data-dir", str(folder), "--tray")
                with running(first, ctx.env()) as proc:
                    log_stamp(folder, "in the tray", proc, 30)
                    time.sleep(1.0)
                    started = time.time()
                    second = subprocess.run(
                        unwind_command("--data-dir", str(folder)),
                        env=ctx.env(),
                        capture_output=True,
                        timeout=30,
                        check=False,
                    )
                    if second.returncode != 0:
                        raise BenchmarkError(f"the second unwind failed: {second.stderr!r}")
                    forward = log_stamp(folder, "window brought forward", proc, 10)
                    times.append((forward - started) * 1000)
            ctx.log(f"hand-off: {times[-1]:.0f} ms")
    return [
        Result(
            name="handoff",
            title="A second unwind brings the waiting window forward",
            unit="ms",
            value=median(times),
            budget=HANDOFF_BUDGET,
            notes=[
                f"median of {repeats}: from starting `unwind` to the first one's window shown",
                "runs: " + ", ".join(f"{t:.0f}" for t in times) + " ms",
            ],
            details={"runs_ms": times},
        )
    ]


MEASURES = (
    Measure("tray", "CPU, wake-ups and memory in the tray with reminders on", measure_tray),
    Measure("reminder-latency", "a timed reminder against its moment, real time", measure_latency),
    Measure("handoff", "a second unwind bringing the window forward", measure_handoff),
)
