"""Where each spoken line's recording is, and rendering the missing ones off the GUI thread.

The built-in routines' lines are files in assets/voice, listed in its manifest by the hash of
their text. The lines of a person's own routines (and any text changed since the built-ins
were recorded) are rendered with Piper, when the optional `unwind[voice]` extra is installed,
on a worker thread while the session is on its way, and kept in the user's cache folder by
text and voice. Without the extra, those lines are simply not there: the session keeps its
chimes, and a one-time notice says how to add the voice.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import logging
import os
import threading
import wave
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from unwind.audio.voice_render import (
    MODEL_PACKAGE,
    RENDER_VERSION,
    EngineMissing,
    PiperRenderer,
    Renderer,
    line_key,
    shape,
    wav_bytes,
)
from unwind.core.guidance import every_text, shared_texts
from unwind.resources import voice_folder

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ENGINE_NOTICE = (
    "Spoken guidance for your own routines needs Unwind's voice engine, which is not "
    "installed here; they play with chimes. Installing Unwind with pip install 'unwind[voice]' "
    "adds it. The built-in routines are spoken without it."
)

ENGINE_BROKEN = (
    "Unwind's voice engine could not be loaded ({problem}); your own routines play with "
    "chimes. Installing it again with pip install 'unwind[voice]' should fix this."
)


@dataclass(frozen=True)
class Clip:
    """One line's recording: a file (built in or cached) or, when the cache could not be
    written, its bytes."""

    key: str
    seconds: float
    location: Traversable | Path | None = None
    data: bytes | None = None


def app_renderer() -> Renderer:
    """Piper as the app runs it: one core left free for the window (two-core laptops too)."""
    return PiperRenderer(threads=max(1, (os.cpu_count() or 2) - 1))


def builtin_texts() -> list[str]:
    """Every line the built-in recordings must cover: all the built-in routines say, at any
    detail and with every option, and the lines shared by every routine."""
    from unwind.core.library import RoutineLibrary

    texts: dict[str, None] = dict.fromkeys(shared_texts())
    for routine in RoutineLibrary.load(None).routines:
        texts.update(dict.fromkeys(every_text(routine)))
    return list(texts)


def engine_installed() -> bool:
    """Whether Piper and its voice could be imported, without importing them."""
    return all(importlib.util.find_spec(name) is not None for name in ("piper", MODEL_PACKAGE))


class VoiceLines:
    """The recordings of spoken lines: built in, cached, or rendered on request.

    `clip(text)` is cheap and safe on the GUI thread; `prepare(texts)` hands the lines that
    are missing to a worker thread, which renders and caches them one at a time. `on_notice`
    is called (from whichever thread noticed) with a sentence for the person, at most once.
    """

    def __init__(
        self,
        cache_dir: Path,
        builtin: Traversable | Path | None = None,
        renderer: Callable[[], Renderer] = app_renderer,
        installed: Callable[[], bool] = engine_installed,
        on_notice: Callable[[str], None] = lambda _text: None,
    ) -> None:
        self.cache_dir = cache_dir / RENDER_VERSION.replace("/", "_")
        self._builtin_dir: Traversable | Path = builtin if builtin is not None else voice_folder()
        self._make_renderer = renderer
        self._installed = installed
        self._on_notice = on_notice
        self._lock = threading.Condition()
        self._builtin: dict[str, Clip] | None = None
        self._keys: dict[str, str] = {}  # text -> line_key(text): a hash saved per cue
        self._made: dict[str, Clip] = {}
        self._queue: deque[str] = deque()
        self._queued: set[str] = set()
        self._failed: set[str] = set()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._renderer: Renderer | None = None
        self._engine_problem: str | None = None
        self._noticed = False
        self._closed = False

    # --- finding ---------------------------------------------------------------------------

    def _builtins(self) -> dict[str, Clip]:
        """The manifest, read once (a few tens of kilobytes)."""
        if self._builtin is None:
            found: dict[str, Clip] = {}
            try:
                manifest = json.loads((self._builtin_dir / MANIFEST).read_text("utf-8"))
                if manifest.get("render") != RENDER_VERSION:
                    log.warning("the built-in voice files were rendered differently; not used")
                else:
                    for key, entry in manifest["lines"].items():
                        seconds = float(entry["seconds"])
                        found[key] = Clip(key, seconds, self._builtin_dir / f"{key}.ogg")
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                log.warning("the built-in voice manifest could not be read: %s", exc)
            self._builtin = found
        return self._builtin

    def _key(self, text: str) -> str:
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = line_key(text)
        return key

    def clip(self, text: str) -> Clip | None:
        """The line's recording if it is there now (built in, cached or just rendered)."""
        key = self._key(text)
        with self._lock:
            return self._builtins().get(key) or self._made.get(key)

    def builtin(self, text: str) -> bool:
        with self._lock:
            return self._key(text) in self._builtins()

    # --- rendering -------------------------------------------------------------------------

    def prepare(self, texts: Iterable[str]) -> int:
        """Asks for the recordings of these lines; returns how many must be rendered.

        Lines already there cost nothing. Without the voice engine nothing is rendered and
        the notice is given (once).
        """
        wanted = [t for t in dict.fromkeys(texts) if t and self.clip(t) is None]
        with self._lock:
            wanted = [t for t in wanted if t not in self._queued and t not in self._failed]
            if not wanted or self._closed:
                return 0
            problem = self._engine_problem
        if problem is None and not self._installed():
            problem = ENGINE_NOTICE
        if problem is not None:
            self._notice(problem)
            return 0
        with self._lock:
            self._queue.extend(wanted)
            self._queued.update(wanted)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._work, name="unwind-voice-render", daemon=True
                )
                self._thread.start()
            self._lock.notify_all()
        return len(wanted)

    def _notice(self, text: str) -> None:
        with self._lock:
            if self._noticed:
                return
            self._noticed = True
        log.info("voice: %s", text)
        self._on_notice(text)

    def _work(self) -> None:
        while True:
            if self._renderer is not None and not self.pending_after_this():
                self._let_go_of_engine()
            with self._lock:
                while not self._queue and not self._closed:
                    self._busy = False
                    self._lock.notify_all()
                    self._lock.wait()
                if self._closed:
                    self._busy = False
                    self._lock.notify_all()
                    return
                text = self._queue.popleft()
                self._busy = True
            try:
                clip = self._cached(text) or self._render(text)
            except EngineMissing as exc:
                self._give_up(exc.args[0] if exc.args else ENGINE_NOTICE)
                return
            except Exception:
                log.exception("voice: the line %r could not be rendered; it is left out", text)
                clip = None
            except BaseException as exc:  # SystemExit and the like would end the thread
                log.error("voice: rendering %r was stopped (%r); it is left out", text, exc)
                clip = None
            with self._lock:
                self._queued.discard(text)
                if clip is None:
                    self._failed.add(text)
                else:
                    self._made[clip.key] = clip

    def pending_after_this(self) -> bool:
        with self._lock:
            return bool(self._queue)

    def _let_go_of_engine(self) -> None:
        """The engine takes 200-300 MB while loaded: once every line asked for is rendered it
        is let go of, and the C library asked to hand the freed memory back to the system."""
        self._renderer = None  # nothing else holds it: freed here, no collection needed
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed memory otherwise

    def _give_up(self, problem: str) -> None:
        log.warning("voice engine unavailable: %s", problem)
        self._notice(problem)
        with self._lock:
            self._engine_problem = problem
            self._failed.update(self._queue)
            self._queue.clear()
            self._queued.clear()
            self._busy = False
            self._lock.notify_all()

    def _cached(self, text: str) -> Clip | None:
        """A recording made in an earlier run, if it is whole."""
        path = self.cache_dir / f"{line_key(text)}.wav"
        try:
            with wave.open(str(path), "rb") as wav:
                frames, rate = wav.getnframes(), wav.getframerate()
                ok = wav.getsampwidth() == 2 and wav.getnchannels() == 1 and rate > 0
            whole = path.stat().st_size >= 44 + 2 * frames
        except FileNotFoundError:
            return None
        except (OSError, EOFError, wave.Error) as exc:
            log.warning("voice: cached line %s is unreadable (%s); rendering it again", path, exc)
            return None
        if not (ok and whole and frames):
            log.warning("voice: cached line %s is cut short; rendering it again", path)
            return None
        return Clip(line_key(text), frames / rate, path)

    def _render(self, text: str) -> Clip | None:
        if self._renderer is None:
            try:
                self._renderer = self._make_renderer()
            except EngineMissing:
                raise
            except Exception as exc:  # a damaged model or a library that will not load
                log.exception("voice: the engine could not be loaded")
                raise EngineMissing(ENGINE_BROKEN.format(problem=exc)) from exc
        renderer = self._renderer
        samples = shape(renderer.render(text), renderer.rate)
        if len(samples) == 0:
            log.info("voice: nothing to say in %r", text)
            return None
        data = wav_bytes(samples, renderer.rate)
        key = line_key(text)
        seconds = len(samples) / renderer.rate
        path = self.cache_dir / f"{key}.wav"
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError as exc:
            log.warning("voice: line could not be cached in %s (%s); kept in memory", path, exc)
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            return Clip(key, seconds, data=data)
        return Clip(key, seconds, path)

    # --- waiting and closing ---------------------------------------------------------------

    def wait_until_idle(self, timeout: float) -> bool:
        """For tests and benchmarks: True once nothing is queued or rendering."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and not self._busy, timeout)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + (1 if self._busy else 0)

    def close(self) -> None:
        """Stops the worker after the line it is rendering (it is a daemon: never waited for)."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._lock.notify_all()
