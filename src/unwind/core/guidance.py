"""Spoken guidance as text: the lines a voice says at each moment of a routine, without Qt.

The same functions compose the lines the app speaks and the lines `tools/make_voice.py`
renders for the built-in routines, so a built-in line always has its recording. Lines are
written for the ear: what to do, where, which side, how firmly and for how long, in words
rather than digits and symbols.

A `Script` ties each line to the timeline cue it belongs to. Each moment knows how long it has
until the next moment that may interrupt it (its budget), so a line that would run past its
time can be left out instead of drifting behind the routine.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from unwind.core.routine import BreathPattern, BreathPhase, Routine, Step, StepKind
from unwind.core.settings import Settings
from unwind.core.timeline import Cue, CueKind, SessionTimeline

MAX_SPOKEN_CHARS = 400
"""A text longer than this (an instruction of a few paragraphs) is shown but never spoken."""
MARGIN_SECONDS = 0.3
"""A moment's lines must end this long before the next moment that may interrupt them."""


class Detail(StrEnum):
    """How much the voice says (the `voice` setting)."""

    FULL = "full"
    """Every step in words, side changes, what comes next, the start and the end."""
    KEY = "key"
    """Only step names and side changes."""
    OFF = "off"


class LineKind(StrEnum):
    START = "start"
    STEP = "step"
    INSTRUCTION = "instruction"
    SIDE = "side"
    NEXT = "next"
    COUNTDOWN = "countdown"
    PHASE = "phase"
    END = "end"


_PRIORITY = {
    LineKind.STEP: 0,
    LineKind.SIDE: 0,
    LineKind.END: 0,
    LineKind.PHASE: 0,
    LineKind.COUNTDOWN: 0,
    LineKind.NEXT: 1,
    LineKind.START: 2,
    LineKind.INSTRUCTION: 3,
}
"""Which lines of a moment are kept first when not all of them fit (lower is kept first)."""


@dataclass(frozen=True)
class Line:
    kind: LineKind
    text: str
    side: str | None = None
    """"left" or "right" when the line is about that side: it is spoken from that side."""


@dataclass(frozen=True)
class VoiceOptions:
    detail: Detail = Detail.OFF
    breath_phases: bool = False
    countdown: bool = False

    @property
    def on(self) -> bool:
        return self.detail is not Detail.OFF


@dataclass(frozen=True)
class Moment:
    """What the voice says at one cue, and the seconds it has before it must be done."""

    time: float
    cue: CueKind
    step_index: int
    lines: tuple[Line, ...]
    budget: float
    urgent: bool
    """Whether it may cut a line still being spoken short; breath phase words wait their
    turn (they are left out while anything else is spoken)."""


def _cue_key(cue: Cue) -> tuple[CueKind, int, float]:
    return cue.kind, cue.step_index, round(cue.time, 6)


class Script:
    """The moments of one routine at one set of options, in time order."""

    def __init__(self, moments: Iterable[Moment], keys: Iterable[tuple[CueKind, int, float]]):
        self.moments = tuple(moments)
        self._by_cue = dict(zip(keys, self.moments, strict=True))
        self._urgent = [m for m in self.moments if m.urgent]
        self._urgent_times = [m.time for m in self._urgent]
        self._starts = [m for m in self.moments if m.cue is CueKind.STEP_STARTED]
        self._start_times = [m.time for m in self._starts]

    def at(self, cue: Cue) -> Moment | None:
        return self._by_cue.get(_cue_key(cue))

    def upcoming(self, elapsed: float, count: int) -> list[Moment]:
        """The next `count` urgent moments at or after `elapsed` (phase words aside)."""
        first = bisect.bisect_left(self._urgent_times, elapsed - 1e-6)
        return self._urgent[first : first + count]

    def next_urgent(self, elapsed: float) -> Moment | None:
        """The first urgent moment after `elapsed`."""
        index = bisect.bisect_right(self._urgent_times, elapsed + 1e-6)
        return self._urgent[index] if index < len(self._urgent) else None

    def step_starts_around(self, elapsed: float) -> list[Moment]:
        """The start of the step under way at `elapsed` and of the one after (for back and
        skip), those that have lines."""
        index = bisect.bisect_right(self._start_times, elapsed + 1e-6)
        return self._starts[max(0, index - 1) : index + 1]

    def texts(self) -> list[str]:
        """Every text of the script once, in the order first spoken."""
        return list(dict.fromkeys(line.text for m in self.moments for line in m.lines))


# --- words ---------------------------------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["-", "-", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0 to 999 in words: 45 is "forty-five"."""
    if n < 0 or n > 999:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def seconds_words(seconds: float) -> str:
    """A phase length as said aloud, to the half second: 3.5 is "three and a half"."""
    halves = max(1, round(seconds * 2))
    whole, half = divmod(halves, 2)
    if not half:
        return number_words(whole)
    return "a half" if whole == 0 else f"{number_words(whole)} and a half"


def duration_words(seconds: float) -> str:
    """A step's length as said aloud: to 5 s under a minute, to half minutes above."""
    if seconds < 57.5:
        rounded = max(5, 5 * round(seconds / 5))
        return f"{number_words(rounded)} seconds"
    halves = max(2, round(seconds / 30))
    minutes, half = divmod(halves, 2)
    if minutes == 1:
        return "a minute and a half" if half else "one minute"
    base = number_words(minutes)
    return f"{base} and a half minutes" if half else f"{base} minutes"


_EMPTY_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cc", "Cf", "Mn", "Me"}
_SPACE_RE = re.compile(r"\s+")
_DIGIT_DASH_RE = re.compile(r"(?<=\d)\s*[-\u2013]\s*(?=\d)")
_SPACE_BEFORE_MARK_RE = re.compile(r"\s+(?=[,.;:!?])")


def for_the_ear(text: str) -> str:
    """The text as the voice can say it: without emoji, symbols or control characters, and
    "4-7-8" as "4 7 8". Empty when nothing speakable is left."""
    text = unicodedata.normalize("NFC", text)
    # Mn is dropped only after composing, so letters with accents stay whole.
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in _EMPTY_CATEGORIES
    )
    kept = _DIGIT_DASH_RE.sub(" ", kept)
    kept = _SPACE_BEFORE_MARK_RE.sub("", _SPACE_RE.sub(" ", kept)).strip()
    if not any(char.isalnum() for char in kept):
        return ""
    return kept


def _sentence(text: str) -> str:
    text = for_the_ear(text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# --- the body, techniques and breath in words ---------------------------------------------

_AREA_BOTH: dict[str, str] = {
    "neck": "the back of your neck",
    "shoulders": "your shoulders",
    "upper_back": "your upper back",
    "lower_back": "your lower back",
    "glutes": "your buttock muscles",
    "scalp": "your scalp",
    "skull_base": "the base of your skull",
    "temples": "your temples",
    "jaw": "your jaw",
    "face": "your face",
    "hands": "your hands",
    "forearms": "your forearms",
    "feet": "your feet",
    "whole_body": "your whole body",
}
_AREA_SIDED: dict[str, str] = {
    "shoulders": "your {side} shoulder",
    "glutes": "your {side} buttock muscle",
    "temples": "your {side} temple",
    "hands": "your {side} hand",
    "forearms": "your {side} forearm",
    "feet": "your {side} foot",
}
_TECHNIQUE_PHRASES: dict[str, str] = {
    "glide": "stroke {area} in long, gliding strokes",
    "knead": "knead {area}",
    "circles": "make small circles on {area}",
    "press": "press steadily on {area}",
    "hold": "hold slow, steady pressure on {area}",
    "tap": "tap {area} with a loose fist",
    "squeeze": "gently squeeze {area}",
    "ball": "work {area} with a ball",
    "palms": "rest warm palms on {area}",
}
PHASE_SPOKEN: dict[BreathPhase, str] = {
    BreathPhase.INHALE: "In.",
    BreathPhase.TOP_UP: "More.",
    BreathPhase.HOLD_IN: "Hold.",
    BreathPhase.EXHALE: "Out.",
    BreathPhase.HOLD_OUT: "Hold.",
}
"""Breath phase words are short and the same in every routine: a phase can last a second."""
COUNTDOWN_SPOKEN: dict[int, str] = {3: "Three.", 2: "Two.", 1: "One."}
END_LINE = "That is the end of the session. Take a moment before you move on."


def area_words(area: str, side: str | None) -> str:
    """Where, as said to the person: "your left shoulder", "the back of your neck"."""
    both = _AREA_BOTH.get(area, "the area")
    if side not in ("left", "right"):
        return both
    sided = _AREA_SIDED.get(area)
    if sided is not None:
        return sided.format(side=side)
    return f"the {side} side of {both}"


def breath_words(pattern: BreathPattern) -> str:
    """The pattern in words: "breathe in for four, out for six"."""
    parts = [f"breathe in for {seconds_words(pattern.inhale)}"]
    if pattern.top_up:
        parts.append("sip in a little more")
    if pattern.hold_in:
        parts.append(f"hold for {seconds_words(pattern.hold_in)}")
    parts.append(f"out for {seconds_words(pattern.exhale)}")
    if pattern.hold_out:
        parts.append(f"hold for {seconds_words(pattern.hold_out)}")
    return ", ".join(parts)


def _first_side(step: Step) -> str | None:
    return "left" if step.side == "each" else step.side if step.side in ("left", "right") else None


def step_words(step: Step) -> str:
    """The composed line for a step: what to do, where, which side, how firmly, how long."""
    if step.kind is StepKind.MASSAGE:
        area = area_words(step.area or "", _first_side(step))
        what = _TECHNIQUE_PHRASES.get(step.technique or "", "work on {area}").format(area=area)
        how_long = (
            f"{duration_words(step.duration / 2)} a side"
            if step.side == "each"
            else f"for {duration_words(step.duration)}"
        )
        line = f"Now {what}, {step.pressure or 'light'} pressure, {how_long}."
        if step.breath is not None:
            line += f" {_sentence(breath_words(step.breath))}"
        return line
    if step.kind is StepKind.BREATHE and step.breath is not None:
        pattern = breath_words(step.breath)
        if step.cycles is not None and step.cycles <= 8:
            rounds = "one round" if step.cycles == 1 else f"{number_words(step.cycles)} rounds"
            return _sentence(f"{rounds}: {pattern}")
        return _sentence(f"{pattern}, for {duration_words(step.duration)}")
    return _sentence(step.title)


KEY_SIDE_LINE = "Right side."


def side_words(step: Step, detail: Detail) -> str:
    """Said at the switch of an `each` step, from the right side."""
    if detail is Detail.KEY:
        return KEY_SIDE_LINE
    return f"Now {area_words(step.area or '', 'right')}."


def key_step_words(step: Step) -> str:
    """The step's name, and its side when it has one."""
    side = _first_side(step)
    title = for_the_ear(step.title).rstrip(".")
    return _sentence(f"{title}, {side} side" if side else title)


def start_words(routine: Routine) -> str:
    return _sentence(f"{for_the_ear(routine.title)}, {duration_words(routine.duration)}")


def next_words(step: Step) -> str:
    return _sentence(f"Next: {for_the_ear(step.title).rstrip('.')}")


def _spoken(text: str) -> str:
    """A text that may be spoken: empty if it has no words or is far too long to fit."""
    text = for_the_ear(text)
    return text if len(text) <= MAX_SPOKEN_CHARS else ""


# --- the script ----------------------------------------------------------------------------


def _step_lines(routine: Routine, index: int, detail: Detail) -> list[Line]:
    step = routine.steps[index]
    side = _first_side(step) if step.kind is StepKind.MASSAGE else None
    lines: list[Line] = []
    if detail is Detail.KEY:
        return [Line(LineKind.STEP, key_step_words(step), side)]
    if index == 0:
        lines.append(Line(LineKind.START, start_words(routine)))
    if step.say:
        said = _spoken(step.say)
        if said:
            lines.append(Line(LineKind.STEP, _sentence(said), side))
        return lines
    return lines + _own_lines(step, side)


def _own_lines(step: Step, side: str | None) -> list[Line]:
    """A step's start in full guidance, made from its fields, when it has no `say`."""
    lines = [Line(LineKind.STEP, step_words(step), side)]
    instruction = _spoken(step.instruction)
    if instruction:
        lines.append(Line(LineKind.INSTRUCTION, _sentence(instruction), side))
    return lines


def made_line(step: Step) -> str:
    """What full guidance says as a step starts unless the step has a `say` of its own: the
    line the editor shows in an empty 'Spoken line'."""
    return " ".join(line.text for line in _own_lines(step, None))


def _lines_for(
    cue: Cue, timeline: SessionTimeline, routine: Routine, options: VoiceOptions
) -> list[Line]:
    detail = options.detail
    steps = routine.steps
    step = steps[cue.step_index]
    match cue.kind:
        case CueKind.STEP_STARTED:
            return _step_lines(routine, cue.step_index, detail)
        case CueKind.SWITCH_SIDES:
            return [Line(LineKind.SIDE, side_words(step, detail), "right")]
        case CueKind.ENDING_SOON if detail is Detail.FULL:
            return [Line(LineKind.NEXT, next_words(steps[cue.step_index + 1]))]
        case CueKind.COUNTDOWN if options.countdown:
            left = round(timeline.state_at(cue.time).step_remaining)
            word = COUNTDOWN_SPOKEN.get(left)
            return [Line(LineKind.COUNTDOWN, word)] if word else []
        case CueKind.BREATH_PHASE if options.breath_phases and cue.phase is not None:
            return [Line(LineKind.PHASE, PHASE_SPOKEN[cue.phase])]
        case CueKind.FINISHED if detail is Detail.FULL:
            return [Line(LineKind.END, END_LINE)]
    return []


def compose(routine: Routine, options: VoiceOptions) -> Script:
    """Every moment the voice speaks in this routine with these options."""
    if not options.on:
        return Script((), ())
    timeline = SessionTimeline(routine)
    found: list[tuple[Cue, list[Line]]] = []
    for cue in timeline.cues:
        lines = _lines_for(cue, timeline, routine, options)
        if lines:
            found.append((cue, lines))
    urgent_times = [cue.time for cue, _ in found if cue.kind is not CueKind.BREATH_PHASE]
    all_times = [cue.time for cue, _ in found]
    moments = []
    for cue, lines in found:
        urgent = cue.kind is not CueKind.BREATH_PHASE
        after = [t for t in (urgent_times if urgent else all_times) if t > cue.time + 1e-6]
        budget = (min(after) - cue.time - MARGIN_SECONDS) if after else math.inf
        moments.append(Moment(cue.time, cue.kind, cue.step_index, tuple(lines), budget, urgent))
    return Script(moments, (_cue_key(cue) for cue, _ in found))


def every_text(routine: Routine) -> list[str]:
    """Every text the voice may say in this routine, at any detail and with every option."""
    texts: dict[str, None] = {}
    for detail in (Detail.FULL, Detail.KEY):
        script = compose(routine, VoiceOptions(detail, breath_phases=True, countdown=True))
        texts.update(dict.fromkeys(script.texts()))
    return list(texts)


def shared_texts() -> list[str]:
    """The lines that are the same in every routine: breath phases, the countdown, the end and
    the short side change. They are recorded once, so any routine can use them."""
    texts = [*PHASE_SPOKEN.values(), *COUNTDOWN_SPOKEN.values(), END_LINE, KEY_SIDE_LINE]
    return list(dict.fromkeys(texts))


def fit(
    lines: Iterable[Line], length: Callable[[Line], float | None], budget: float
) -> tuple[Line, ...]:
    """The lines to speak, in their order: those that are ready (a length) and fit the budget
    together, the most important first."""
    indexed = list(enumerate(lines))
    chosen: set[int] = set()
    total = 0.0
    for index, line in sorted(indexed, key=lambda item: (_PRIORITY[item[1].kind], item[0])):
        seconds = length(line)
        if seconds is not None and total + seconds <= budget:
            chosen.add(index)
            total += seconds
    return tuple(line for index, line in indexed if index in chosen)


def voice_options(settings: Settings) -> VoiceOptions:
    """What the voice says, from the settings (`voice`, `voice_breath`, `voice_countdown`)."""
    return VoiceOptions(
        Detail(settings.text("voice")),
        settings.flag("voice_breath"),
        settings.flag("voice_countdown"),
    )


def eyes_closed(settings: Settings) -> bool:
    """The player's "Eyes closed" switch is on when the voice and the breath tones both are."""
    return settings.text("voice") != Detail.OFF and settings.flag("breath_tones")


def set_eyes_closed(settings: Settings, on: bool) -> None:
    """Turns the voice (full guidance, unless a detail is chosen already) and the breath tones
    on together, or both off."""
    if on:
        if settings.text("voice") == Detail.OFF:
            settings.set("voice", Detail.FULL.value)
        settings.set("breath_tones", True)
    else:
        settings.set("breath_tones", False)
        settings.set("voice", Detail.OFF.value)


def breath_tones_wanted(settings: Settings) -> bool:
    """Breath tones sound unless the voice says the phases instead."""
    spoken = settings.text("voice") != Detail.OFF and settings.flag("voice_breath")
    return settings.flag("breath_tones") and not spoken
