"""A routine being made or changed: plain values, checked by the routine reader itself.

The editor changes a `RoutineDraft`; the draft writes itself out as the file it would save
(`routine_writer`) and reads that text back with `parse_routine`, so a problem is told in the
reader's own words (the words `unwind routines --check` prints) and traced through the
written line to the field at fault. Nothing here knows of Qt.
"""

from __future__ import annotations

import copy
import itertools
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unwind.core.guidance import made_line
from unwind.core.routine import AREAS, TECHNIQUES, Routine, RoutineError, StepKind
from unwind.core.routine_file import parse_routine
from unwind.core.routine_writer import FieldAt, Written, routine_data, write_data

MAX_ID_LENGTH = 64
DEFAULT_TITLES = {"breathe": "Breathe", "rest": "Rest", "prepare": "Get ready"}
NEW_TITLE = "My routine"

STEP_DEFAULTS: dict[StepKind, dict[str, Any]] = {
    StepKind.BREATHE: {"inhale": 4.0, "exhale": 6.0, "cycles": 6},
    StepKind.MASSAGE: {
        "area": "shoulders",
        "side": "both",
        "technique": "glide",
        "pressure": "light",
        "duration": 60.0,
    },
    StepKind.REST: {"duration": 60.0},
    StepKind.PREPARE: {"duration": 20.0},
}
"""What a new step of each kind starts with."""

FIELD_NAMES: dict[str, str] = {
    "id": "Id",
    "title": "Title",
    "summary": "Summary",
    "goals": "Goals",
    "safety": "Safety notes",
    "sources": "Sources",
    "steps": "Steps",
    "kind": "Kind",
    "area": "Area",
    "side": "Side",
    "technique": "Technique",
    "pressure": "Pressure",
    "duration": "Length",
    "cycles": "Breaths",
    "inhale": "Inhale",
    "top_up": "Top-up",
    "hold_in": "Hold after inhale",
    "exhale": "Exhale",
    "hold_out": "Hold after exhale",
    "breath": "Breathing pattern",
    "words": "Words",
    "instruction": "Instruction",
    "say": "Spoken line",
}


@dataclass(frozen=True)
class Problem:
    """What the reader says is wrong, and where."""

    reason: str
    """Word for word what `unwind routines --check` prints after FILE:LINE:."""
    field: FieldAt | None
    line: int | None

    def field_name(self) -> str:
        return field_name(self.field)

    def sentence(self) -> str:
        name = self.field_name()
        return f"{name}: {self.reason}" if name else self.reason


def field_name(at: FieldAt | None) -> str:
    if at is None:
        return ""
    key = FIELD_NAMES.get(at.key or "", (at.key or "").replace("_", " ").capitalize())
    if at.step is None:
        return key
    step = f"Step {at.step + 1}"
    return f"{step}, {key.lower()}" if at.key else step


@dataclass(frozen=True)
class Checked:
    routine: Routine | None
    problem: Problem | None
    written: Written


@dataclass
class StepDraft:
    values: dict[str, Any]
    """The step's table as its file holds it, `kind` included."""
    key: int = 0
    """Stays with the step when steps move, so a list can follow it."""

    @property
    def kind(self) -> StepKind:
        return StepKind(self.values["kind"])


_keys = itertools.count(1)


def _step(values: dict[str, Any]) -> StepDraft:
    return StepDraft(values, next(_keys))


@dataclass
class RoutineDraft:
    """The routine's own values (title, summary, goals, safety, sources and any other field)
    and its steps. Until the routine is first saved its id follows its title."""

    values: dict[str, Any]
    steps: list[StepDraft]
    taken_ids: Collection[str] = ()
    """Ids used by other routines, which a new id must avoid."""
    fixed_id: str | None = None
    path: Path | None = None
    """The file it was read from and is saved to; None until it is first saved."""

    # --- making one --------------------------------------------------------------------------

    @classmethod
    def new(cls, taken_ids: Collection[str] = ()) -> RoutineDraft:
        steps = [new_step(StepKind.PREPARE), new_step(StepKind.BREATHE)]
        return cls({"title": NEW_TITLE, "goals": []}, steps, taken_ids)

    @classmethod
    def editing(cls, routine: Routine, taken_ids: Collection[str] = ()) -> RoutineDraft:
        """A draft of one of the person's own routines, saved back to its file."""
        values, steps = _split(routine)
        return cls(values, steps, taken_ids, fixed_id=routine.id, path=routine.path)

    @classmethod
    def copy_of(cls, routine: Routine, taken_ids: Collection[str] = ()) -> RoutineDraft:
        """A new routine that starts as a copy of `routine` (a built-in, say)."""
        values, steps = _split(routine)
        values["title"] = f"{routine.title} (copy)"
        return cls(values, steps, taken_ids)

    # --- what it is --------------------------------------------------------------------------

    @property
    def id(self) -> str:
        if self.fixed_id is not None:
            return self.fixed_id
        return unique_id(slug(str(self.values.get("title", ""))), self.taken_ids)

    def data(self) -> dict[str, Any]:
        data = {"id": self.id, **self.values}
        data["steps"] = [copy.deepcopy(step.values) for step in self.steps]
        return data

    def written(self) -> Written:
        return write_data(self.data())

    def check(self) -> Checked:
        """The routine as the reader reads the file this draft would save, or its problem."""
        written = self.written()
        try:
            routine = parse_routine(written.text, self.path)
        except RoutineError as error:
            return Checked(None, problem_of(error, written), written)
        return Checked(routine, None, written)

    # --- changing it -------------------------------------------------------------------------

    def set(self, key: str, value: Any) -> None:
        """A routine field; an empty optional value leaves the key out of the file."""
        _put(self.values, key, value, keep_empty=key in ("title", "goals"))

    def set_step(self, index: int, key: str, value: Any) -> None:
        _put(self.steps[index].values, key, value, keep_empty=False)

    def add_step(self, kind: StepKind, at: int | None = None) -> int:
        index = len(self.steps) if at is None else max(0, min(at, len(self.steps)))
        self.steps.insert(index, new_step(kind))
        return index

    def remove_step(self, index: int) -> None:
        del self.steps[index]

    def duplicate_step(self, index: int) -> int:
        self.steps.insert(index + 1, _step(copy.deepcopy(self.steps[index].values)))
        return index + 1

    def move_step(self, index: int, to: int) -> int:
        to = max(0, min(to, len(self.steps) - 1))
        self.steps.insert(to, self.steps.pop(index))
        return to

    def change_kind(self, index: int, kind: StepKind) -> None:
        """Another kind of step in the same place: its title, instruction, spoken line and any
        field the new kind does not replace stay; the new kind's fields start from defaults."""
        old = self.steps[index].values
        if StepKind(old["kind"]) is kind:
            return
        values = {"kind": kind.value, **copy.deepcopy(STEP_DEFAULTS[kind])}
        for key in ("title", "instruction", "say"):
            if key in old:
                values[key] = old[key]
        if kind is not StepKind.BREATHE and "duration" in old:
            values["duration"] = old["duration"]
        self.steps[index].values = values


def new_step(kind: StepKind) -> StepDraft:
    return _step({"kind": kind.value, **copy.deepcopy(STEP_DEFAULTS[kind])})


def default_title(values: Mapping[str, Any]) -> str:
    """The title the reader gives a step that has none."""
    kind = values.get("kind")
    if kind == StepKind.MASSAGE.value:
        technique = TECHNIQUES.get(str(values.get("technique")), "")
        area = AREAS.get(str(values.get("area")), "").lower()
        return f"{technique}: {area}" if technique and area else ""
    return DEFAULT_TITLES.get(str(kind), "")


def made_say(values: Mapping[str, Any]) -> str:
    """What the voice says as this step starts when it has no `say` of its own, or "" while
    its fields do not read as a step."""
    step = {key: value for key, value in values.items() if key != "say"}
    text = write_data({"id": "step", "title": "Step", "goals": [], "steps": [step]}).text
    try:
        return made_line(parse_routine(text).steps[0])
    except RoutineError:
        return ""


def _split(routine: Routine) -> tuple[dict[str, Any], list[StepDraft]]:
    data = routine_data(routine)
    steps = []
    for values in data.pop("steps"):
        if values.get("title") == default_title(values):
            del values["title"]  # so it follows the step's fields, as the reader's does
        steps.append(_step(values))
    data.pop("id")
    return data, steps


def _put(table: dict[str, Any], key: str, value: Any, *, keep_empty: bool) -> None:
    empty = value is None or (isinstance(value, str | list | dict) and not value)
    if empty and not keep_empty:
        table.pop(key, None)
    else:
        table[key] = value


def problem_of(error: RoutineError, written: Written) -> Problem:
    at = written.field_at(error.line)
    # the reader begins every reason about one step with its number; another reason found
    # on the first step's line is about the steps as a whole
    header = at is not None and at.step is not None and at.key is None
    if header and at is not None and not error.reason.startswith(f"step {(at.step or 0) + 1}"):
        at = FieldAt(None, "steps")
    elif at is not None and at.step is not None and at.key == "inhale":
        # the reader finds a breath pattern's problems on its inhale line: the phase the
        # reason names is the one to mark
        written_fields = set(written.fields.values())
        for key in re.findall(r"'([a-z_]+)'", error.reason):
            if FieldAt(at.step, key) in written_fields:
                at = FieldAt(at.step, key)
                break
    return Problem(error.reason, at, error.line)


def slug(title: str) -> str:
    """An id from a title: lower-case letters and digits joined by '-'."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:MAX_ID_LENGTH].strip("-") or "my-routine"


def unique_id(base: str, taken: Collection[str]) -> str:
    if base not in taken:
        return base
    for number in itertools.count(2):
        ending = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(ending)].rstrip("-_") + ending
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def same_routine(a: Routine, b: Routine) -> bool:
    """Whether two routines say the same, wherever each was read from."""
    return routine_data(a) == routine_data(b)


def words_of(values: Mapping[str, Any]) -> dict[str, str]:
    words = values.get("words")
    return dict(words) if isinstance(words, Mapping) else {}
