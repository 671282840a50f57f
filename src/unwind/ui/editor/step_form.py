"""The form of one step: its kind, title and instruction, and the fields of its kind.

Breathe shows the breaths a minute, the step's length and a small pacer moving through the
pattern as it is typed; massage picks its area on the body map. Every change is told as
`changed(key, value)` in the routine file's own terms; the draft and the reader do the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unwind.core.routine import (
    AREAS,
    PHASE_WORDS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    BreathPattern,
    BreathPhase,
    Routine,
    Step,
    StepKind,
    format_duration,
)
from unwind.core.routine_draft import FIELD_NAMES, default_title, made_say, words_of
from unwind.core.routine_writer import PHASE_KEYS
from unwind.core.timeline import SessionTimeline
from unwind.ui.editor.area_picker import AreaPicker
from unwind.ui.editor.fields import (
    add_row,
    choices,
    count_box,
    form_layout,
    line,
    quietly,
    seconds_box,
    select,
    show_number,
    text_box,
)
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.theme import Theme
from unwind.ui.widgets import steady_width

KIND_NAMES = {
    StepKind.BREATHE.value: "Breathe",
    StepKind.MASSAGE.value: "Massage",
    StepKind.REST.value: "Rest",
    StepKind.PREPARE.value: "Prepare",
}
PREVIEW_FPS = 30
BY_BREATHS, BY_TIME = "cycles", "duration"
SAY_HINT = "What the voice says as the step starts, instead of the line made from its fields"


def _number(values: Mapping[str, Any], key: str) -> float:
    value = values.get(key, 0.0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def breath_summary(values: Mapping[str, Any]) -> str:
    """Breaths a minute and the step's length, in the words the library uses."""
    cycle = sum(_number(values, key) for key in PHASE_KEYS)
    if cycle <= 0:
        return "A breath needs some seconds in and out."
    rate = f"{60 / cycle:.1f}".rstrip("0").rstrip(".")
    words = [f"{rate} breaths a minute", f"one breath takes {format_duration(cycle)}"]
    if "cycles" in values:
        cycles = int(_number(values, "cycles"))
        if cycles >= 1:
            words.append(f"{cycles} breaths: {format_duration(cycles * cycle)}")
    elif "duration" in values:
        cycles = max(1, round(_number(values, "duration") / cycle))
        words.append(f"rounded to {cycles} breaths: {format_duration(cycles * cycle)}")
    return " · ".join(words)


class PatternFields(QWidget):
    """The seconds of each phase of a breath. Signals: changed(key, seconds)."""

    changed = Signal(str, float)

    def __init__(self, prefix: str = "") -> None:
        super().__init__()
        self.boxes: dict[str, QDoubleSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for position, key in enumerate(PHASE_KEYS):
            name = FIELD_NAMES[key]
            box = seconds_box(f"{prefix}{name}", maximum=600.0)
            box.valueChanged.connect(lambda value, key=key: self.changed.emit(key, value))
            self.boxes[key] = box
            caption = QLabel(name)
            caption.setBuddy(box)
            grid.addWidget(caption, position, 0)
            grid.addWidget(box, position, 1)
        grid.setColumnStretch(1, 1)

    def show_values(self, values: Mapping[str, Any]) -> None:
        for key, box in self.boxes.items():
            show_number(box, _number(values, key))


class BreathPreview(QWidget):
    """A small pacer breathing the pattern being typed, while it is on screen; Pause holds
    it still (anything that moves for more than a few seconds can be stopped)."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        super().__init__()
        self.monotonic = monotonic
        self.pacer = PacerWidget(compact=True)
        self.pacer.setFixedSize(96, 96)
        self.pacer.setAccessibleName("Preview of the breathing pattern")
        self.word = QLabel()
        self.word.setObjectName("subheading")
        self.paused = False
        self._held_at = 0.0
        self.pause_button = QPushButton("Pause")
        self.pause_button.setAccessibleDescription("Holds the preview still, or lets it move")
        steady_width(self.pause_button, "Pause", "Play")
        self.pause_button.clicked.connect(self.toggle_pause)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pacer)
        layout.addWidget(self.word, 1)
        layout.addWidget(self.pause_button)
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // PREVIEW_FPS)
        self.timer.timeout.connect(self.refresh)
        self._timeline: SessionTimeline | None = None
        self._step: Step | None = None
        self._since = 0.0

    def set_theme(self, theme: Theme) -> None:
        self.pacer.set_accent(theme.color("accent"), theme.color("control"))
        palette = self.pacer.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.color("surface"))
        self.pacer.setPalette(palette)

    def set_pattern(self, pattern: BreathPattern | None) -> None:
        if pattern is None or pattern.cycle_seconds <= 0:
            self._timeline = None
            self.timer.stop()
            self.pacer.set_breath(0.5, "", "")
            self.word.setText("")
            return
        step = Step(StepKind.BREATHE, pattern.cycle_seconds, "", "", breath=pattern, cycles=1)
        if self._step != step:
            self._step = step
            self._timeline = SessionTimeline(Routine("preview", "", "", (), (step,)))
            self._since = self._held_at if self.paused else self.monotonic()
        if self.isVisible() and not self.paused and not self.timer.isActive():
            self.timer.start()
        self.refresh()

    def toggle_pause(self) -> None:
        now = self.monotonic()
        self.paused = not self.paused
        if self.paused:
            self._held_at = now
            self.timer.stop()
        else:
            self._since += now - self._held_at
            if self._timeline is not None and self.isVisible():
                self.timer.start()
        self.pause_button.setText("Play" if self.paused else "Pause")

    def refresh(self) -> None:
        timeline, step = self._timeline, self._step
        if timeline is None or step is None:
            return
        now = self._held_at if self.paused else self.monotonic()
        t = (now - self._since) % step.duration
        breath = timeline.state_at(t).breath
        if breath is not None:
            count = str(max(1, math.ceil(breath.phase_remaining - 1e-6)))
            word = step.phase_word(breath.phase)
            progress = breath.phase_elapsed / breath.phase_duration if breath.phase_duration else 0
            self.pacer.set_breath(breath.level, word, count, progress)
            if self.word.text() != word:
                self.word.setText(word)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._timeline is not None and not self.paused:
            self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)


def pattern_of(values: Mapping[str, Any]) -> BreathPattern | None:
    numbers = {key: _number(values, key) for key in PHASE_KEYS}
    if numbers["inhale"] <= 0 or numbers["exhale"] <= 0:
        return None
    if any(v > 60 for v in numbers.values()):
        return None
    return BreathPattern(**numbers)


class StepForm(QWidget):
    """Signals: changed(key, value) for a field of the step shown (None leaves the key
    out); kind_changed(StepKind)."""

    changed = Signal(str, object)
    kind_changed = Signal(object)

    def __init__(self, monotonic: Callable[[], float], theme: Theme) -> None:
        super().__init__()
        self._values: dict[str, Any] = {}
        self.heading = QLabel()
        self.heading.setObjectName("detailTitle")
        self.form = form = form_layout()
        self.kind = choices("Kind of step", KIND_NAMES)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.kind_changed.emit(StepKind(self.kind.currentData()))
        )
        add_row(form, "&Kind", self.kind)
        self.title = line("Step title")
        self.title.textChanged.connect(lambda text: self.changed.emit("title", text.strip()))
        add_row(form, "&Title", self.title)
        self.instruction = text_box("Instruction", "What to do, in a sentence or two", 3)
        self.instruction.textChanged.connect(
            lambda: self.changed.emit("instruction", self.instruction.toPlainText().strip())
        )
        add_row(form, "&Instruction", self.instruction)
        self.say = text_box("Spoken line", "", 2)
        self.say.textChanged.connect(
            lambda: self.changed.emit("say", self.say.toPlainText().strip())
        )
        add_row(form, "Sp&oken line", self.say, SAY_HINT)
        self.rows: dict[str, list[QWidget]] = {
            StepKind.BREATHE.value: self._breathe_rows(monotonic),
            StepKind.MASSAGE.value: self._massage_rows(),
            "timed": self._timed_rows(),
        }
        self.picker = AreaPicker()
        self.picker.setFixedSize(110, 220)
        self.picker.picked.connect(self._picked)
        self.picker.setAccessibleDescription("Click an area to choose it; the Area box does too")
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addLayout(form, 1)
        row.addWidget(self.picker, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addStretch(1)

        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self.preview.set_theme(theme)
        self.picker.set_theme(theme)

    def set_reduce_motion(self, reduced: bool) -> None:
        self.preview.pacer.set_reduced(reduced)

    # --- the rows of each kind -------------------------------------------------------------

    def _breathe_rows(self, monotonic: Callable[[], float]) -> list[QWidget]:
        form = self.form
        self.pattern = PatternFields()
        self.pattern.changed.connect(self._phase_changed)
        self.count_by = choices("Count the length in", {BY_BREATHS: "breaths", BY_TIME: "time"})
        self.count_by.currentIndexChanged.connect(self._count_by_changed)
        self.cycles = count_box("Breaths")
        self.cycles.valueChanged.connect(lambda v: self._length_changed("cycles", v))
        self.length = seconds_box("Length of the step", step=10.0)
        self.length.valueChanged.connect(lambda v: self._length_changed("duration", v))
        length = QHBoxLayout()
        length.addWidget(self.count_by)
        length.addWidget(self.cycles, 1)
        length.addWidget(self.length, 1)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Breaths a minute and length")
        self.preview = BreathPreview(monotonic)
        self.words: dict[str, QLineEdit] = {}
        words = QGridLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.setHorizontalSpacing(12)
        for position, key in enumerate(PHASE_KEYS):
            default = PHASE_WORDS[BreathPhase(key)]
            edit = line(f"Words for {FIELD_NAMES[key].lower()}", default)
            edit.textChanged.connect(lambda _t: self._words_changed())
            self.words[key] = edit
            caption = QLabel(FIELD_NAMES[key])
            caption.setBuddy(edit)
            words.addWidget(caption, position, 0)
            words.addWidget(edit, position, 1)
        length_row, words_row = _holder(length), _holder(words)
        add_row(form, "Seconds", self.pattern).setBuddy(self.pattern.boxes["inhale"])
        add_row(form, "&Length", length_row).setBuddy(self.count_by)
        add_row(form, "", self.summary)
        add_row(form, "", self.preview)
        add_row(form, "Words", words_row).setBuddy(self.words["inhale"])
        return [self.pattern, length_row, self.summary, self.preview, words_row]

    def _massage_rows(self) -> list[QWidget]:
        form = self.form
        self.area = choices("Area", AREAS)
        self.area.currentIndexChanged.connect(lambda _i: self._choice_changed("area", self.area))
        self.side = choices("Side", SIDES)
        self.side.currentIndexChanged.connect(lambda _i: self._choice_changed("side", self.side))
        self.technique = choices("Technique", TECHNIQUES)
        self.technique.currentIndexChanged.connect(
            lambda _i: self._choice_changed("technique", self.technique)
        )
        self.pressure = choices("Pressure", PRESSURES)
        self.pressure.currentIndexChanged.connect(
            lambda _i: self._choice_changed("pressure", self.pressure)
        )
        self.massage_length = seconds_box("Length of the step", step=10.0)
        self.massage_length.valueChanged.connect(lambda v: self.changed.emit("duration", v))
        self.with_breath = QCheckBox("&Breathe to a pattern while working")
        self.with_breath.toggled.connect(self._with_breath_toggled)
        self.massage_pattern = PatternFields("Breathing while working: ")
        self.massage_pattern.changed.connect(self._massage_phase_changed)
        add_row(form, "&Area", self.area, "Or click an area on the body")
        add_row(form, "&Side", self.side)
        add_row(form, "Tech&nique", self.technique)
        add_row(form, "&Pressure", self.pressure)
        add_row(form, "Len&gth", self.massage_length)
        add_row(form, "", self.with_breath)
        add_row(form, "", self.massage_pattern)
        return [
            self.area,
            self.side,
            self.technique,
            self.pressure,
            self.massage_length,
            self.with_breath,
            self.massage_pattern,
        ]

    def _timed_rows(self) -> list[QWidget]:
        self.timed_length = seconds_box("Length of the step", step=5.0)
        self.timed_length.valueChanged.connect(lambda v: self.changed.emit("duration", v))
        add_row(self.form, "Len&gth", self.timed_length)
        return [self.timed_length]

    def _show_rows(self, kind: str) -> None:
        shown = kind if kind in self.rows else "timed"
        for name, widgets in self.rows.items():
            for widget in widgets:
                self.form.setRowVisible(widget, name == shown)
        self.picker.setVisible(shown == StepKind.MASSAGE.value)
        if shown != StepKind.BREATHE.value:
            self.preview.set_pattern(None)

    # --- showing a step ------------------------------------------------------------------

    def show_step(self, number: int, values: Mapping[str, Any]) -> None:
        self._values = dict(values)
        kind = str(values.get("kind"))
        self.heading.setText(f"Step {number}: {KIND_NAMES.get(kind, kind)}")
        quietly(self.kind, lambda k: select(self.kind, k), kind)
        self.title.setPlaceholderText(default_title(values))
        title = str(values.get("title", ""))
        if self.title.text().strip() != title:
            quietly(self.title, self.title.setText, title)
        text = str(values.get("instruction", ""))
        if self.instruction.toPlainText().strip() != text:
            quietly(self.instruction, self.instruction.setPlainText, text)
        said = str(values.get("say", ""))
        if self.say.toPlainText().strip() != said:
            quietly(self.say, self.say.setPlainText, said)
        self.say.setPlaceholderText(made_say(values) or SAY_HINT)
        self._show_rows(kind)
        if kind == StepKind.BREATHE.value:
            self._show_breathe(values)
        elif kind == StepKind.MASSAGE.value:
            self._show_massage(values)
        else:
            length = _number(values, "duration")
            show_number(self.timed_length, length)

    def _show_breathe(self, values: Mapping[str, Any]) -> None:
        self.pattern.show_values(values)
        by = BY_TIME if "duration" in values else BY_BREATHS
        quietly(self.count_by, lambda k: select(self.count_by, k), by)
        show_number(self.cycles, int(_number(values, "cycles")))
        show_number(self.length, _number(values, "duration"))
        self.cycles.setVisible(by == BY_BREATHS)
        self.length.setVisible(by == BY_TIME)
        words = words_of(values)
        for key, edit in self.words.items():
            text = str(words.get(key, ""))
            if edit.text().strip() != text:
                quietly(edit, edit.setText, text)
        self.summary.setText(breath_summary(values))
        self.preview.set_pattern(pattern_of(values))

    def _show_massage(self, values: Mapping[str, Any]) -> None:
        for key, box in (
            ("area", self.area),
            ("side", self.side),
            ("technique", self.technique),
            ("pressure", self.pressure),
        ):
            quietly(box, partial(select, box), values.get(key))
        length = _number(values, "duration")
        show_number(self.massage_length, length)
        breath = values.get("breath")
        has_breath = isinstance(breath, Mapping)
        quietly(self.with_breath, self.with_breath.setChecked, has_breath)
        self.form.setRowVisible(self.massage_pattern, has_breath)
        if isinstance(breath, Mapping):
            self.massage_pattern.show_values(breath)
        side = str(values.get("side", "both"))
        self.picker.set_area(str(values.get("area")), side if side in ("left", "right") else None)

    def widget_for(self, key: str | None) -> QWidget | None:
        """The field that holds a key of the step's file, for marking and focusing it."""
        kind = str(self._values.get("kind"))
        if key is None:
            return self.kind
        if key in PHASE_KEYS:
            if kind == StepKind.MASSAGE.value:
                return self.massage_pattern.boxes[key]
            return self.pattern.boxes[key]
        if key == "duration":
            if kind == StepKind.BREATHE.value:
                return self.length
            return self.massage_length if kind == StepKind.MASSAGE.value else self.timed_length
        if key == "breath":
            return self.massage_pattern.boxes["inhale"]
        if key == "words":
            return self.words["inhale"]
        found: dict[str, QWidget] = {
            "kind": self.kind,
            "title": self.title,
            "instruction": self.instruction,
            "say": self.say,
            "cycles": self.cycles,
            "area": self.area,
            "side": self.side,
            "technique": self.technique,
            "pressure": self.pressure,
        }
        return found.get(key)

    # --- what the person changes ---------------------------------------------------------

    def _phase_changed(self, key: str, seconds: float) -> None:
        self.changed.emit(key, seconds if seconds or key in ("inhale", "exhale") else None)

    def _count_by_changed(self, _index: int) -> None:
        if self.count_by.currentData() == BY_TIME:
            cycle = sum(_number(self._values, key) for key in PHASE_KEYS)
            seconds = int(_number(self._values, "cycles")) * cycle
            self.changed.emit("cycles", None)
            self.changed.emit("duration", float(round(seconds)) or 60.0)
        else:
            cycle = sum(_number(self._values, key) for key in PHASE_KEYS)
            seconds = _number(self._values, "duration")
            self.changed.emit("duration", None)
            self.changed.emit("cycles", max(1, round(seconds / cycle)) if cycle > 0 else 6)

    def _length_changed(self, key: str, value: float) -> None:
        if self.count_by.currentData() == (BY_BREATHS if key == "cycles" else BY_TIME):
            self.changed.emit(key, int(value) if key == "cycles" else value)

    def _words_changed(self) -> None:
        words = {key: edit.text().strip() for key, edit in self.words.items()}
        self.changed.emit("words", {k: v for k, v in words.items() if v} or None)

    def _choice_changed(self, key: str, box: QComboBox) -> None:
        self.changed.emit(key, box.currentData())

    def _picked(self, area: str, side: str | None) -> None:
        select(self.area, area)
        if side is not None and self.side.currentData() in ("left", "right"):
            select(self.side, side)

    def _with_breath_toggled(self, on: bool) -> None:
        self.changed.emit("breath", {"inhale": 4.0, "exhale": 6.0} if on else None)

    def _massage_phase_changed(self, key: str, seconds: float) -> None:
        breath = self._values.get("breath")
        pattern = dict(breath) if isinstance(breath, Mapping) else {}
        if seconds or key in ("inhale", "exhale"):
            pattern[key] = seconds
        else:
            pattern.pop(key, None)
        self.changed.emit("breath", pattern)


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _holder(layout: QHBoxLayout | QGridLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder
