"""Reading a routine from TOML: the schema and its validation.

A routine file never crashes anything: every problem becomes a `RoutineError` that names the
file, the line where it is known, and what to change, in one line whatever the file holds. The
limits (size, depth, steps, lengths) are in `routine_limits`.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from unwind.core.routine import (
    AREAS,
    GOALS,
    MAX_PHASE_SECONDS,
    MAX_ROUTINE_SECONDS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    BreathPattern,
    BreathPhase,
    Routine,
    RoutineError,
    Step,
    StepKind,
    format_duration,
)
from unwind.core.routine_limits import (
    LIST_LIMITS,
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_STEPS,
    MAX_WHOLE_NUMBER,
    MIN_PHASE_SECONDS,
    MIN_STEP_SECONDS,
    shown,
    text_problem,
    too_deep_at,
)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TOP_KEYS = {"id", "title", "summary", "goals", "safety", "sources", "steps"}
_PHASE_KEYS = ("inhale", "top_up", "hold_in", "exhale", "hold_out")
_STEP_KEYS: dict[StepKind, set[str]] = {
    StepKind.BREATHE: {
        "kind",
        "title",
        "instruction",
        "say",
        "cycles",
        "duration",
        "words",
        *_PHASE_KEYS,
    },
    StepKind.MASSAGE: {
        "kind",
        "title",
        "instruction",
        "say",
        "duration",
        "area",
        "side",
        "technique",
        "pressure",
        "breath",
    },
    StepKind.REST: {"kind", "title", "instruction", "say", "duration"},
    StepKind.PREPARE: {"kind", "title", "instruction", "say", "duration"},
}


_STEPS_HEADER = re.compile(r"^\s*\[\[\s*steps\s*\]\]")
_STEPS_HEADERS = re.compile(r"^[ \t]*\[\[[ \t]*steps[ \t]*\]\]", re.MULTILINE)
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Locator:
    """Finds the line of a key in the TOML text, so errors can point at it.

    One pass over the lines, whatever their number: the first line of each bare key at the
    top of the file and in each [[steps]] table.
    """

    def __init__(self, text: str) -> None:
        self.step_lines: list[int] = []
        self._keys: list[dict[str, int]] = [{}]
        """Index 0: the top of the file; index i + 1: step i."""
        section: dict[str, int] | None = self._keys[0]
        for number, line in enumerate(text.split("\n"), start=1):
            if line.lstrip().startswith("["):
                section = None
                if _STEPS_HEADER.match(line):
                    self.step_lines.append(number)
                    section = {}
                    self._keys.append(section)
                continue
            if section is not None:
                found = _KEY_LINE.match(line)
                if found is not None:
                    section.setdefault(found.group(1), number)

    def top(self, key: str | None) -> int | None:
        return self._keys[0].get(key) if key else None

    def step(self, index: int, key: str | None) -> int | None:
        if index >= len(self.step_lines):
            return None
        start = self.step_lines[index]
        if key is None:
            return start
        return self._keys[index + 1].get(key) or start


class _Reader:
    def __init__(self, path: Path | None, text: str) -> None:
        self.path = path
        self.locate = _Locator(text)

    def fail(self, reason: str, line: int | None) -> RoutineError:
        return RoutineError(self.path, reason, line)

    def text(self, table: Mapping[str, Any], key: str, line: int | None, *, required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing: add {key} = \"...\"", line)
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"'{key}' must be a non-empty text in quotes", line)
        problem = text_problem(key, value.strip())
        if problem is not None:
            raise self.fail(problem, line)
        return value.strip()

    def seconds(
        self, table: Mapping[str, Any], key: str, line: int | None, *, minimum: float = 0.0
    ) -> float:
        value = table.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"'{key}' must be a number of seconds, not {shown(value)}", line)
        if isinstance(value, int) and abs(value) > MAX_WHOLE_NUMBER:
            raise self.fail(f"'{key}' is far too large a number of seconds: {shown(value)}", line)
        seconds = float(value)
        if not math.isfinite(seconds):
            raise self.fail(f"'{key}' must be a finite number of seconds, not {shown(value)}", line)
        if seconds < minimum:
            raise self.fail(
                f"'{key}' must be at least {minimum:g} seconds, not {shown(value)}", line
            )
        return seconds

    def choice(
        self, table: Mapping[str, Any], key: str, options: Mapping[str, str], line: int | None
    ) -> str:
        value = table.get(key)
        if not isinstance(value, str) or value not in options:
            allowed = ", ".join(options)
            raise self.fail(f"'{key}' must be one of {allowed}; found {shown(value)}", line)
        return value

    def text_list(self, table: Mapping[str, Any], key: str, line: int | None) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of texts, like {key} = [\"...\"]", line)
        most = LIST_LIMITS.get(key, MAX_STEPS)
        if len(value) > most:
            raise self.fail(f"'{key}' has {len(value):,} texts; it may have at most {most}", line)
        for item in value:
            problem = text_problem(key, item.strip())
            if problem is not None:
                raise self.fail(problem, line)
        return tuple(v.strip() for v in value if v.strip())

    def say(self, table: Mapping[str, Any], line: int | None) -> str:
        """A step's own spoken line: words the voice can say, short enough to fit a step."""
        value = table.get("say")
        if value is None:
            return ""
        from unwind.core.guidance import for_the_ear  # only for a step that has one

        if not isinstance(value, str) or not for_the_ear(value):
            raise self.fail(
                "'say' must be the words to speak for this step, in quotes, "
                f'like say = "Now rest your hands."; found {shown(value)}',
                line,
            )
        problem = text_problem("say", value.strip())
        if problem is not None:
            raise self.fail(problem, line)
        return value.strip()

    def pattern(self, table: Mapping[str, Any], where: str, line: int | None) -> BreathPattern:
        inhale = self.seconds(table, "inhale", line)
        exhale = self.seconds(table, "exhale", line)
        if inhale <= 0 or exhale <= 0:
            raise self.fail(f"{where} needs 'inhale' and 'exhale' above 0 seconds", line)
        values = {key: self.seconds(table, key, line) for key in _PHASE_KEYS}
        for key, seconds in values.items():
            if 0 < seconds < MIN_PHASE_SECONDS:
                raise self.fail(
                    f"'{key}' of {seconds:g} s is too short for a breath phase (at least "
                    f"{MIN_PHASE_SECONDS:g} s; leave it out for none)",
                    line,
                )
            if seconds > MAX_PHASE_SECONDS:
                raise self.fail(
                    f"'{key}' of {seconds:g} s is too long for one breath phase "
                    f"(at most {MAX_PHASE_SECONDS:g} s)",
                    line,
                )
        return BreathPattern(**values)

    def routine(self, data: Mapping[str, Any], *, builtin: bool) -> Routine:
        top = self.locate.top
        for key in data:
            if key not in _TOP_KEYS:
                allowed = ", ".join(sorted(_TOP_KEYS))
                raise self.fail(f"unknown field {shown(key)} (known fields: {allowed})", top(key))
        routine_id = data.get("id")
        if not isinstance(routine_id, str) or not _ID_RE.match(routine_id):
            raise self.fail(
                "'id' must be short lower-case letters, digits, '-' or '_', "
                f'like id = "evening-calm"; found {shown(routine_id)}',
                top("id"),
            )
        goals = self.text_list(data, "goals", top("goals"))
        for goal in goals:
            if goal not in GOALS:
                raise self.fail(
                    f"unknown goal {shown(goal)} (use {', '.join(GOALS)})", top("goals")
                )
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            raise self.fail("a routine needs at least one [[steps]] table", top("steps"))
        if len(raw_steps) > MAX_STEPS:
            raise self.fail(
                f"the routine has {len(raw_steps):,} steps; a routine may have at most "
                f"{MAX_STEPS}: split it",
                self.locate.step(MAX_STEPS, None),
            )
        steps = tuple(self.numbered_step(i, raw) for i, raw in enumerate(raw_steps))
        routine = Routine(
            id=routine_id,
            title=self.text(data, "title", top("title"), required=True),
            summary=self.text(data, "summary", top("summary"), required=False),
            goals=goals,
            steps=steps,
            safety=self.text_list(data, "safety", top("safety")),
            sources=self.text_list(data, "sources", top("sources")),
            path=self.path,
            builtin=builtin,
            id_line=top("id"),
        )
        if routine.duration > MAX_ROUTINE_SECONDS:
            raise self.fail(
                f"the routine lasts {format_duration(routine.duration)}, more than the 4 hours "
                "Unwind allows: shorten its steps",
                self.locate.step(0, None),
            )
        return routine

    def numbered_step(self, index: int, raw: Any) -> Step:
        """Reads a step; every reason starts with the step's number."""
        try:
            step = self.step(index, raw)
            say = self.say(raw, self.locate.step(index, "say"))
            return replace(step, say=say) if say else step
        except RoutineError as error:
            prefix = f"step {index + 1}"
            if error.reason.startswith(prefix):
                raise
            raise self.fail(f"{prefix}: {error.reason}", error.line) from None

    def step(self, index: int, raw: Any) -> Step:
        number = index + 1
        where = f"step {number}"

        def line(key: str | None = None) -> int | None:
            return self.locate.step(index, key)

        if not isinstance(raw, dict):
            raise self.fail(f"{where} must be a [[steps]] table", line())
        kind_value = raw.get("kind")
        try:
            kind = StepKind(kind_value if isinstance(kind_value, str) else "")
        except ValueError:
            allowed = ", ".join(k.value for k in StepKind)
            raise self.fail(
                f"{where}: unknown step kind {shown(kind_value)} (use {allowed})", line("kind")
            ) from None
        for key in raw:
            if key not in _STEP_KEYS[kind]:
                allowed = ", ".join(sorted(_STEP_KEYS[kind]))
                raise self.fail(
                    f"{where}: unknown field {shown(key)} for a {kind} step (known: {allowed})",
                    line(key),
                )
        instruction = self.text(raw, "instruction", line("instruction"), required=False)
        title = self.text(raw, "title", line("title"), required=False)
        if kind is StepKind.BREATHE:
            return self._breathe_step(raw, where, title, instruction, line)
        if "duration" not in raw:
            raise self.fail(f"{where}: 'duration' is missing: add duration = 60", line())
        duration = self.seconds(raw, "duration", line("duration"))
        if duration <= 0:
            raise self.fail(
                f"{where}: 'duration' must be above 0 seconds, not {shown(raw['duration'])}",
                line("duration"),
            )
        if duration < MIN_STEP_SECONDS:
            raise self.fail(
                f"{where}: 'duration' must be at least {MIN_STEP_SECONDS:g} second, not "
                f"{duration:g}",
                line("duration"),
            )
        if kind is StepKind.MASSAGE:
            area = self.choice(raw, "area", AREAS, line("area"))
            side = self.choice({"side": raw.get("side", "both")}, "side", SIDES, line("side"))
            technique = self.choice(raw, "technique", TECHNIQUES, line("technique"))
            pressure = self.choice(raw, "pressure", PRESSURES, line("pressure"))
            breath = None
            if "breath" in raw:
                if not isinstance(raw["breath"], dict):
                    raise self.fail(
                        f"{where}: 'breath' must be a table like breath = {{ inhale = 4, "
                        "exhale = 6 }",
                        line("breath"),
                    )
                for key in raw["breath"]:
                    if key not in _PHASE_KEYS:
                        raise self.fail(
                            f"{where}: unknown field {shown(key)} in 'breath' "
                            f"(known: {', '.join(_PHASE_KEYS)})",
                            line("breath"),
                        )
                breath = self.pattern(raw["breath"], where, line("breath"))
            default_title = f"{TECHNIQUES[technique]}: {AREAS[area].lower()}"
            return Step(
                kind=kind,
                duration=duration,
                title=title or default_title,
                instruction=instruction,
                breath=breath,
                area=area,
                side=side,
                technique=technique,
                pressure=pressure,
            )
        default_title = "Get ready" if kind is StepKind.PREPARE else "Rest"
        return Step(
            kind=kind, duration=duration, title=title or default_title, instruction=instruction
        )

    def _breathe_step(
        self,
        raw: Mapping[str, Any],
        where: str,
        title: str,
        instruction: str,
        line: Any,
    ) -> Step:
        pattern = self.pattern(raw, where, line("inhale"))
        cycles_value = raw.get("cycles")
        if cycles_value is not None and "duration" in raw:
            raise self.fail(
                f"{where}: give either 'cycles' or 'duration', not both", line("cycles")
            )
        if cycles_value is not None:
            if (
                isinstance(cycles_value, bool)
                or not isinstance(cycles_value, int)
                or cycles_value < 1
            ):
                raise self.fail(
                    f"{where}: 'cycles' must be a whole number of at least 1, not "
                    f"{shown(cycles_value)}",
                    line("cycles"),
                )
            if cycles_value > MAX_ROUTINE_SECONDS:
                raise self.fail(
                    f"{where} lasts more than the 4 hours Unwind allows: use fewer cycles",
                    line("cycles"),
                )
            cycles = cycles_value
        elif "duration" in raw:
            duration = self.seconds(raw, "duration", line("duration"))
            if duration <= 0:
                raise self.fail(
                    f"{where}: 'duration' must be above 0 seconds, not {shown(raw['duration'])}",
                    line("duration"),
                )
            cycles = max(1, round(duration / pattern.cycle_seconds))
        else:
            raise self.fail(
                f"{where}: a breathe step needs 'cycles' (say cycles = 10) or 'duration'", line()
            )
        if cycles * pattern.cycle_seconds > MAX_ROUTINE_SECONDS:
            raise self.fail(
                f"{where} lasts more than the 4 hours Unwind allows: use fewer cycles",
                line("cycles"),
            )
        words_raw = raw.get("words", {})
        if not isinstance(words_raw, dict):
            raise self.fail(f"{where}: 'words' must be a table", line("words"))
        words: dict[BreathPhase, str] = {}
        for key, value in words_raw.items():
            try:
                phase = BreathPhase(key)
            except ValueError:
                raise self.fail(
                    f"{where}: 'words' has unknown phase {shown(key)} "
                    f"(use {', '.join(_PHASE_KEYS)})",
                    line("words"),
                ) from None
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{where}: the word for '{key}' must be a text", line("words"))
            problem = text_problem("words", value.strip())
            if problem is not None:
                raise self.fail(f"{where}: {problem}", line("words"))
            words[phase] = value.strip()
        return Step(
            kind=StepKind.BREATHE,
            duration=cycles * pattern.cycle_seconds,
            title=title or "Breathe",
            instruction=instruction,
            breath=pattern,
            cycles=cycles,
            words=words,
        )


_TOML_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")


def parse_routine(text: str, path: Path | None = None, *, builtin: bool = False) -> Routine:
    """Reads one routine from TOML text; raises RoutineError with a person-readable reason."""
    if len(text) > MAX_FILE_BYTES:
        raise RoutineError(path, _too_large(len(text.encode("utf-8", "surrogatepass"))))
    deep = too_deep_at(text)
    if deep is not None:
        raise RoutineError(path, _TOO_DEEP, deep)
    headers = [match.start() for match in _STEPS_HEADERS.finditer(text)]
    if len(headers) > MAX_STEPS:  # refused before the TOML reader builds them all
        raise RoutineError(
            path,
            f"the routine has {len(headers):,} steps; a routine may have at most {MAX_STEPS}: "
            "split it",
            text.count("\n", 0, headers[MAX_STEPS]) + 1,
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:  # a nesting the scan above did not see
        raise RoutineError(path, _TOO_DEEP) from None
    except ValueError as exc:  # a whole number of more than 4,300 digits, among others
        if not isinstance(exc, tomllib.TOMLDecodeError):
            raise RoutineError(path, f"not valid TOML: {shown(str(exc))}") from None
        message = str(exc)
        match = _TOML_LINE_RE.search(message)
        line = int(match.group(1)) if match else None
        if "(at end of document)" in message:
            line = max(1, len(text.splitlines()))
        reason = _TOML_LINE_RE.sub("", message).replace("(at end of document)", "").strip()
        raise RoutineError(path, f"not valid TOML: {reason}", line) from None
    return _Reader(path, text).routine(data, builtin=builtin)


_TOO_DEEP = (
    f"arrays or tables nest more than {MAX_NESTING} levels deep here; a routine needs 3 at most"
)


def _too_large(size: int) -> str:
    return (
        f"is {size / 1024:,.0f} KB, more than the {MAX_FILE_BYTES // 1024} KB a routine file "
        "may be: is it a routine?"
    )


def load_routine_file(path: Path, *, builtin: bool = False) -> Routine:
    """Reads a regular file of at most MAX_FILE_BYTES; anything else is refused unread."""
    try:
        # O_NONBLOCK: a named pipe given as a routine must not hang the reader
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as file:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise RoutineError(path, "is not a regular file: give the path of a .toml file")
            if status.st_size > MAX_FILE_BYTES:
                raise RoutineError(path, _too_large(status.st_size))
            raw = file.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise RoutineError(path, "is a folder: give the path of a .toml file") from None
    except FileNotFoundError:
        raise RoutineError(path, "does not exist: check the path") from None
    except OSError as exc:
        raise RoutineError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RoutineError(path, _too_large(len(raw)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RoutineError(
            path, f"is not UTF-8 text (byte {exc.start}): save it as UTF-8"
        ) from None
    return parse_routine(text, path, builtin=builtin)
