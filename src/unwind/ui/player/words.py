"""What the player says in words: for screen readers, and wherever a picture needs a sentence.

Plain functions, tested without widgets: the announcement when a step or side begins, the
pacer and the body map described, and which way the body map faces.
"""

from __future__ import annotations

from unwind.core.routine import (
    AREAS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    BreathPattern,
    Step,
    StepKind,
    format_duration,
)

HEAD_AREAS = frozenset({"face", "jaw", "temples", "scalp"})
"""Areas drawn on the head seen from the front: too small to see on the whole figure."""

FROM_BEHIND = "Seen from behind: your left is on the left."
FROM_THE_FRONT = "Your face, seen from the front: your left is on the right."


def orientation(area: str | None) -> str:
    """Which way the body map's drawing faces for an area."""
    return FROM_THE_FRONT if area in HEAD_AREAS else FROM_BEHIND


def side_words(side: str | None) -> str:
    """'left side', 'right side', or '' for both or none."""
    if side in ("left", "right"):
        return SIDES[side].lower()
    return ""


def where_words(step: Step, side: str | None) -> str:
    """'Shoulders, left side' for a massage step's area and current side."""
    where = AREAS.get(step.area or "", "")
    on = side_words(side)
    return f"{where}, {on}" if where and on else where


def step_announcement(step: Step, number: int, total: int, side: str | None) -> str:
    """What a screen reader hears when a step begins: where we are, what to do, how long."""
    parts = [f"Step {number} of {total}: {step.title}."]
    if step.kind is StepKind.MASSAGE:
        how = [where_words(step, side), TECHNIQUES.get(step.technique or "", "").lower()]
        pressure = PRESSURES.get(step.pressure or "", "")
        if pressure:
            how.append(f"{pressure.lower()} pressure")
        parts.append(", ".join(p for p in how if p).capitalize() + ".")
    if step.instruction:
        parts.append(step.instruction)
    parts.append(f"{format_duration(step.duration)}.")
    return " ".join(parts)


def side_announcement(step: Step, side: str | None) -> str:
    """Heard when an 'each side' step moves to the other side."""
    where = AREAS.get(step.area or "", "this area").lower()
    on = side_words(side) or "other side"
    return f"Now the {on}: {where}."


def breath_words(pattern: BreathPattern) -> str:
    """'Breathe in for 4 seconds, then out for 6.' and the holds, in a sentence."""
    parts = [f"in for {pattern.inhale:g} seconds"]
    if pattern.top_up:
        parts.append(f"a little more for {pattern.top_up:g}")
    if pattern.hold_in:
        parts.append(f"hold for {pattern.hold_in:g}")
    parts.append(f"out for {pattern.exhale:g}")
    if pattern.hold_out:
        parts.append(f"rest for {pattern.hold_out:g}")
    return "Breathe " + ", then ".join(parts) + "."


def pacer_description(word: str, count: str, pattern: BreathPattern | None) -> str:
    """The pacer in words: the phase now, its seconds left, and the whole pattern."""
    unit = "second" if count == "1" else "seconds"
    now = f"{word}, {count} {unit} left." if count else f"{word}."
    return f"{now} {breath_words(pattern)}" if pattern is not None else now


def body_map_description(area: str | None, side: str | None, *, paired: bool = False) -> str:
    """The body map in words: the lit area and side (both, for a `paired` area lit on each
    side), and which way the drawing faces."""
    if area is None:
        return "Nothing lit."
    name = AREAS.get(area, area.replace("_", " ")).lower()
    on = side_words(side) or ("both sides" if paired else "")
    lit = f"Lit: {name}, {on}." if on else f"Lit: {name}."
    return f"{lit} {orientation(area)}"
