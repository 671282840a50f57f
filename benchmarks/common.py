"""What every benchmark shares: a private Xvfb, child processes that always end, /proc readers.

Nothing here imports Qt or unwind: the runner stays light, and each measured program starts
in its own fresh process.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from benchmarks.sizes import SCREEN

ROOT = Path(__file__).resolve().parents[1]
"""The repository: children run here so `python -m benchmarks.x` finds this package."""

CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchmarkError(RuntimeError):
    """A measurement could not be taken; the message says what happened and where to look."""


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """A limit on the ratio to the baseline, or on the value itself."""

    limit: float
    on: Literal["ratio", "value"]

    def text(self, unit: str) -> str:
        return f"<= {self.limit:g}x" if self.on == "ratio" else f"<= {self.limit:g} {unit}"

    def met(self, value: float, ratio: float | None) -> bool:
        measured = ratio if self.on == "ratio" else value
        return measured is not None and measured <= self.limit


@dataclass
class Result:
    """One row of the table, with everything behind it kept for the JSON file."""

    name: str
    title: str
    unit: str
    value: float
    baseline: float | None = None
    budget: Budget | None = None
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        """None when the figure is reported without a budget."""
        return None if self.budget is None else self.budget.met(self.value, self.ratio)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "unit": self.unit,
            "value": self.value,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "budget": None
            if self.budget is None
            else {"limit": self.budget.limit, "on": self.budget.on},
            "passed": self.passed,
            "notes": self.notes,
            "details": self.details,
        }


@dataclass(frozen=True)
class Context:
    """What a measure gets from the runner."""

    display: str
    xvfb_pid: int
    quick: bool
    log: Callable[[str], None]
    pycache: Path | None = None

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for a measured program (see child_env)."""
        return child_env(self.display, self.pycache, extra)


@dataclass(frozen=True)
class Measure:
    """A named measurement (one or more table rows); a module offers a tuple as MEASURES."""

    name: str
    summary: str
    run: Callable[[Context], list[Result]]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


# --- the virtual screen --------------------------------------------------------------------


@contextmanager
def private_xvfb(screen: str = SCREEN) -> Iterator[tuple[str, int]]:
    """Starts Xvfb on a free display it picks itself; yields (":N", pid) and always ends it."""
    if shutil.which("Xvfb") is None:
        raise BenchmarkError("Xvfb is missing: apt-get install xvfb")
    read_end, write_end = os.pipe()
    try:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise BenchmarkError(f"Xvfb did not start (exit status {server.poll()})")
        yield f":{number}", server.pid
    finally:
        stop(server)


def child_env(
    display: str, pycache: Path | None = None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of every measured program: the private screen, real xcb, no sound.

    Bytecode is cached as on an installed system: with PYTHONDONTWRITEBYTECODE, a module edited
    since its .pyc was written would be compiled again at every start and counted as start-up.
    `pycache` keeps those files out of the source tree (PYTHONPYCACHEPREFIX).
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "QT_QPA_PLATFORM",
            "UNWIND_DATA_DIR",
            "WAYLAND_DISPLAY",
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONPYCACHEPREFIX",
        }
    }
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        SDL_AUDIODRIVER="dummy",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    if pycache is not None:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    if extra:
        env.update(extra)
    return env


# --- child processes -----------------------------------------------------------------------


def python_command(module: str, *args: str) -> list[str]:
    """This interpreter running one of our modules (children run in ROOT)."""
    return [sys.executable, "-m", module, *args]


def unwind_command(*args: str) -> list[str]:
    """The installed `unwind` launcher next to this interpreter, as a person would start it."""
    launcher = Path(sys.executable).with_name("unwind")
    if launcher.is_file():
        return [str(launcher), *args]
    return [sys.executable, "-m", "unwind", *args]


def stop(proc: subprocess.Popen[Any], grace: float = 3.0) -> str:
    """Ends one process we started: SIGTERM, then SIGKILL after a grace period; reaps it.

    Says how it ended: "exited" (before we asked), "terminated" (on SIGTERM) or "killed".
    """
    if proc.poll() is not None:
        return "exited"
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        return "killed"
    return "terminated"


@contextmanager
def running(
    command: Sequence[str], env: Mapping[str, str], stderr: IO[Any] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Starts a program in ROOT and ends it on the way out, whatever happened meanwhile."""
    proc = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr if stderr is not None else subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        stop(proc)


@contextmanager
def scratch_dir(prefix: str = "unwind-bench-") -> Iterator[Path]:
    """A fresh temporary folder (a --data-dir, a log), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        yield Path(name)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_for_window(
    display: str, name: str, proc: subprocess.Popen[Any], timeout: float = 30.0
) -> str:
    """Waits until a visible window titled exactly `name` is mapped; returns its X id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchmarkError(f"the program ended (status {proc.returncode}) before its window")
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", f"^{name}$"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            check=False,
        )
        ids = found.stdout.split()
        if ids:
            return ids[0]
        time.sleep(0.05)
    raise BenchmarkError(f"no visible window titled {name!r} within {timeout:g} s")


def window_size(display: str, window_id: str) -> tuple[int, int]:
    shown = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window_id],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)
    return int(values.get("WIDTH", 0)), int(values.get("HEIGHT", 0))


# --- /proc ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadSample:
    name: str
    runtime_ns: int
    voluntary: int
    involuntary: int


@dataclass(frozen=True)
class ProcessSample:
    """CPU and context switches of one process at one moment, from /proc."""

    at: float
    cpu_ticks: int
    threads: dict[int, ThreadSample]


def _read(path: str) -> str:
    with open(path, encoding="ascii", errors="replace") as handle:
        return handle.read()


def sample_process(pid: int) -> ProcessSample:
    """utime+stime of the whole process (dead threads included) and each live thread's counts.

    The per-thread runtime comes from schedstat in nanoseconds, so a quiet process can be
    measured more finely than the 10 ms clock ticks of /proc/PID/stat allow.
    """
    at = time.monotonic()
    stat = _read(f"/proc/{pid}/stat")
    fields = stat[stat.rindex(")") + 2 :].split()
    cpu_ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    threads: dict[int, ThreadSample] = {}
    for entry in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{entry}"
        try:
            name = _read(f"{base}/comm").strip()
            runtime_ns = int(_read(f"{base}/schedstat").split()[0])
            status = dict(
                line.split(":", 1) for line in _read(f"{base}/status").splitlines() if ":" in line
            )
        except (OSError, ValueError):
            continue  # the thread ended while we looked
        threads[int(entry)] = ThreadSample(
            name=name,
            runtime_ns=runtime_ns,
            voluntary=int(status["voluntary_ctxt_switches"]),
            involuntary=int(status["nonvoluntary_ctxt_switches"]),
        )
    return ProcessSample(at=at, cpu_ticks=cpu_ticks, threads=threads)


@dataclass(frozen=True)
class ThreadUsage:
    tid: int
    name: str
    cpu_percent: float
    wakeups_per_s: float
    """Voluntary context switches per second: the thread slept and was woken."""
    preempted_per_s: float


@dataclass(frozen=True)
class Usage:
    """What a process used between two samples."""

    seconds: float
    cpu_percent: float
    """Of one core; from schedstat when the threads stayed the same, else from clock ticks."""
    cpu_percent_ticks: float
    precise: bool
    threads: list[ThreadUsage]
    main_tid: int

    @property
    def main_thread(self) -> ThreadUsage | None:
        return next((t for t in self.threads if t.tid == self.main_tid), None)

    @property
    def wakeups_per_s(self) -> float:
        return sum(t.wakeups_per_s for t in self.threads)

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "cpu_percent": self.cpu_percent,
            "cpu_percent_ticks": self.cpu_percent_ticks,
            "precise": self.precise,
            "wakeups_per_s": self.wakeups_per_s,
            "threads": [vars(thread) for thread in self.threads],
        }


def usage_between(pid: int, first: ProcessSample, last: ProcessSample) -> Usage:
    seconds = last.at - first.at
    ticks_percent = 100.0 * (last.cpu_ticks - first.cpu_ticks) / CLK_TCK / seconds
    threads = []
    for tid, end in last.threads.items():
        start = first.threads.get(tid, ThreadSample(end.name, 0, 0, 0))
        threads.append(
            ThreadUsage(
                tid=tid,
                name=end.name,
                cpu_percent=100.0 * (end.runtime_ns - start.runtime_ns) / 1e9 / seconds,
                wakeups_per_s=(end.voluntary - start.voluntary) / seconds,
                preempted_per_s=(end.involuntary - start.involuntary) / seconds,
            )
        )
    threads.sort(key=lambda t: (t.tid != pid, -t.cpu_percent))
    precise = set(first.threads) == set(last.threads)
    total = sum(t.cpu_percent for t in threads) if precise else ticks_percent
    return Usage(
        seconds=seconds,
        cpu_percent=total,
        cpu_percent_ticks=ticks_percent,
        precise=precise,
        threads=threads,
        main_tid=pid,
    )


def thread_summary(usage: Usage, limit: int = 4) -> str:
    """The busiest threads, e.g. 'python3 1.2% 60/s, SDLAudioP2 0.4% 86/s'."""
    parts = [
        f"{t.name} {t.cpu_percent:.2f}% {t.wakeups_per_s:.0f}/s"
        for t in sorted(usage.threads, key=lambda t: -(t.cpu_percent + t.wakeups_per_s / 1e3))
        if t.cpu_percent >= 0.005 or t.wakeups_per_s >= 0.05
    ]
    return ", ".join(parts[:limit]) or "no thread woke"


def json_child(
    command: list[str], env: dict[str, str], what: str, timeout: float
) -> dict[str, Any]:
    """Runs a probe process to its end and returns the JSON object on its last stdout line."""
    out = run_child(command, env, what, timeout)
    if not out.strip():
        raise BenchmarkError(f"{what} reported nothing")
    line: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return line


def run_child(command: list[str], env: dict[str, str], what: str, timeout: float) -> str:
    """Runs a probe process to its end; its stdout, or an error carrying its stderr."""
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"{what} did not finish within {timeout:g} s") from None
    finally:
        stop(proc)
    if proc.returncode != 0:
        raise BenchmarkError(f"{what} failed (status {proc.returncode}): {err.strip()[-800:]}")
    return str(out)
