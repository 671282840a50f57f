"""Writing a routine as TOML: the format the README documents, readable and commented.

`routine_data` turns a routine into the plain values its file holds (what `tomllib` would
read back); `write_routine` lays those values out as text, one key a line, and remembers
which line holds which field, so a problem the reader finds on a line can be traced back to
the field at fault. Every field of the model is kept, including ones this module does not
know by name: a field added to `Step` or `Routine` with a default is written whenever it
differs from its default, so it survives a save.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from unwind.core.routine import (
    AREAS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    BreathPattern,
    Routine,
    Step,
    StepKind,
    format_duration,
)

PHASE_KEYS = ("inhale", "top_up", "hold_in", "exhale", "hold_out")
_NOT_IN_FILE = {"path", "builtin", "id_line"}
"""Routine fields about where a routine came from, not part of what its file says."""
_TOP_ORDER = ("id", "title", "summary", "goals", "safety", "sources")
_STEP_ORDER = (
    "kind",
    "title",
    "area",
    "side",
    "technique",
    "pressure",
    *PHASE_KEYS,
    "cycles",
    "duration",
    "breath",
    "words",
    "say",
    "instruction",
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_LABELS: dict[str, Mapping[str, str]] = {
    "area": AREAS,
    "side": SIDES,
    "technique": TECHNIQUES,
    "pressure": PRESSURES,
}


@dataclass(frozen=True)
class FieldAt:
    """A field of a routine file: a top-level key (step None), a step's key, or a step's
    `[[steps]]` line itself (key None)."""

    step: int | None
    key: str | None


@dataclass(frozen=True)
class Written:
    text: str
    fields: Mapping[int, FieldAt]
    """The field written on each line (numbered from 1)."""

    def field_at(self, line: int | None) -> FieldAt | None:
        return None if line is None else self.fields.get(line)


# --- the model as plain values ---------------------------------------------------------------


def routine_data(routine: Routine) -> dict[str, Any]:
    """The values a file of this routine holds, as `tomllib` would read them back."""
    data: dict[str, Any] = {"id": routine.id, "title": routine.title}
    if routine.summary:
        data["summary"] = routine.summary
    data["goals"] = list(routine.goals)
    if routine.safety:
        data["safety"] = list(routine.safety)
    if routine.sources:
        data["sources"] = list(routine.sources)
    known = {"steps", *data, "summary", "safety", "sources", *_NOT_IN_FILE}
    data.update(_extra_fields(routine, known))
    data["steps"] = [step_data(step) for step in routine.steps]
    return data


def step_data(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": step.kind.value, "title": step.title}
    if step.kind is StepKind.BREATHE:
        assert step.breath is not None
        data.update(pattern_data(step.breath))
        data["cycles"] = step.cycles or 1
        if step.words:
            data["words"] = {phase.value: word for phase, word in step.words.items()}
    elif step.kind is StepKind.MASSAGE:
        data.update(area=step.area, side=step.side, technique=step.technique)
        data.update(pressure=step.pressure, duration=step.duration)
        if step.breath is not None:
            data["breath"] = pattern_data(step.breath)
    else:
        data["duration"] = step.duration
    if step.say:
        data["say"] = step.say
    if step.instruction:
        data["instruction"] = step.instruction
    known = {"kind", "title", "instruction", "say", "duration", "breath", "cycles", "words"}
    known |= {"area", "side", "technique", "pressure"}
    data.update(_extra_fields(step, known))
    return data


def pattern_data(pattern: BreathPattern) -> dict[str, float]:
    """The phases of a pattern that take time (inhale and exhale always)."""
    values = {key: float(getattr(pattern, key)) for key in PHASE_KEYS}
    return {k: v for k, v in values.items() if v or k in ("inhale", "exhale")}


def _extra_fields(model: Any, known: set[str]) -> Iterator[tuple[str, Any]]:
    """Fields of a model dataclass this module does not name, where they differ from their
    default: they go into the file as they are, so a save keeps them."""
    for spec in dataclasses.fields(model):
        if spec.name in known:
            continue
        value = getattr(model, spec.name)
        if spec.default is not dataclasses.MISSING:
            default = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            default = spec.default_factory()
        else:
            default = dataclasses.MISSING
        if value is None or value == default:
            continue
        yield spec.name, list(value) if isinstance(value, tuple) else value


# --- the values as text --------------------------------------------------------------------


def write_routine(routine: Routine) -> Written:
    return write_data(routine_data(routine))


def routine_text(routine: Routine) -> str:
    return write_routine(routine).text


def write_data(data: Mapping[str, Any]) -> Written:
    """Lays out routine values as commented TOML, one key a line, in the README's order."""
    out = _Out()
    title = data.get("title")
    name = title if isinstance(title, str) and title.strip() else "A routine"
    out.comment(f"{one_line(name)}: a routine for Unwind.")
    out.comment("Change it in Unwind, or here by hand: `unwind routines --check FILE`")
    out.comment("checks a file and names the line of any problem.")
    out.blank()
    for key in _ordered(data, _TOP_ORDER, skip={"steps"}):
        out.key(FieldAt(None, key), key, data[key], _top_comment(key))
    steps = data.get("steps")
    if isinstance(steps, list) and steps:
        for index, step in enumerate(steps):
            out.blank()
            if isinstance(step, Mapping):
                out.comment(_step_heading(index, step))
            out.line(FieldAt(index, None), "[[steps]]")
            if not isinstance(step, Mapping):
                continue
            for key in _ordered(step, _STEP_ORDER):
                out.key(FieldAt(index, key), key, step[key], _step_comment(key, step))
    elif steps is not None:
        out.key(FieldAt(None, "steps"), "steps", steps)
    return Written("\n".join(out.lines) + "\n", out.fields)


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.fields: dict[int, FieldAt] = {}

    def line(self, at: FieldAt | None, text: str) -> None:
        self.lines.append(text)
        if at is not None:
            self.fields[len(self.lines)] = at

    def comment(self, text: str) -> None:
        self.line(None, f"# {text}")

    def blank(self) -> None:
        self.line(None, "")

    def key(self, at: FieldAt, key: str, value: Any, comment: str = "") -> None:
        name = _key(key)
        texts = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if texts and len(value) > 1 and len(toml_value(value)) + len(name) > 90:
            self.line(at, f"{name} = [")
            for item in value:
                self.line(at, f"    {toml_value(item)},")
            self.line(at, "]")
            return
        text = f"{name} = {toml_value(value)}"
        fits = len(text) + len(comment) + 4 <= 100
        self.line(at, f"{text}  # {comment}" if comment and fits else text)


def _ordered(table: Mapping[str, Any], order: Sequence[str], skip: set[str] = set()) -> list[str]:  # noqa: B006
    known = [k for k in order if k in table]
    rest = [k for k in table if k not in order and k not in skip]
    # anything this module has no place for goes before the instruction, which reads last
    if known and known[-1] == "instruction":
        return [*known[:-1], *rest, "instruction"]
    return [*known, *rest]


def _top_comment(key: str) -> str:
    if key == "goals":
        return "stress, tension, sleep, quick_break"
    if key == "safety":
        return "shown before the first run"
    return ""


def _step_comment(key: str, step: Mapping[str, Any]) -> str:
    value: Any = step.get(key)
    labels = _LABELS.get(key)
    if labels is not None and isinstance(value, str) and value in labels:
        return labels[value]
    if key == "duration" and _is_number(value) and value >= 60:
        return format_duration(float(value))
    if key == "cycles" and _is_number(value):
        cycle = _cycle_seconds(step)
        if cycle > 0:
            return f"{_breaths_per_minute(cycle)} a minute, {format_duration(value * cycle)}"
    return ""


def _step_heading(index: int, step: Mapping[str, Any]) -> str:
    kind = step.get("kind")
    title = step.get("title")
    words = [f"Step {index + 1}"]
    if isinstance(title, str) and title.strip():
        words.append(one_line(title))
    elif isinstance(kind, str):
        words.append(kind)
    return ": ".join(words)


def _cycle_seconds(step: Mapping[str, Any]) -> float:
    values = [step.get(key, 0) for key in PHASE_KEYS]
    return sum(float(v) for v in values if _is_number(v))


def _breaths_per_minute(cycle_seconds: float) -> str:
    rate = 60 / cycle_seconds
    shown = f"{rate:.1f}".rstrip("0").rstrip(".")
    return f"{shown} breath" + ("" if shown == "1" else "s")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def one_line(text: str) -> str:
    """Text fit for a comment: one line, no control characters."""
    return " ".join("".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text).split())


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def toml_value(value: Any) -> str:
    """A value written inline: text, a number, a truth value, a list or a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int | float):
        return toml_number(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = ", ".join(f"{_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    raise TypeError(f"a routine file cannot hold {value!r}")
