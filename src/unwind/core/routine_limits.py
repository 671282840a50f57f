"""What a routine file may hold, and the checks that run before the TOML reader sees it.

A routine file is small, shallow text. Anything far beyond that (a file of megabytes, arrays
nested a thousand deep, a title of a million characters, a breath phase of a millisecond) is
refused in one line that names the limit, before it can cost time or memory.
"""

from __future__ import annotations

import re
from typing import Any

MAX_FILE_BYTES = 256 * 1024
"""The largest routine file read; the longest built-in is under 6 KB."""
MAX_NESTING = 8
"""Arrays and tables inside one another; a routine needs 3 (steps, a step, its breath)."""
MAX_STEPS = 100
MIN_STEP_SECONDS = 1.0
MIN_PHASE_SECONDS = 0.5
"""With the 4-hour limit, at most 28,800 breath phases in a routine: the timeline stays cheap."""
MAX_WHOLE_NUMBER = 10**9
"""Whole numbers beyond this are refused before they become seconds (10**400 has no float)."""

TEXT_LIMITS: dict[str, int] = {
    "id": 64,
    "title": 80,
    "summary": 300,
    "instruction": 600,
    "safety": 400,
    "sources": 300,
    "goals": 40,
    "words": 60,
    "say": 400,
}
"""Characters per text, by field: what a screen can show of it (a spoken line, `say`, about
half a minute of speech)."""
TEXT_LIMIT = 600
"""For a text field not named above."""
LIST_LIMITS: dict[str, int] = {"goals": 10, "safety": 20, "sources": 20}
"""Items per list, by field."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SHOWN_CHARACTERS = 40


def text_problem(key: str, value: str) -> str | None:
    """Why a text is refused (too long, or a control character in it), or None."""
    limit = TEXT_LIMITS.get(key, TEXT_LIMIT)
    if len(value) > limit:
        return (
            f"{shown(key)} is {len(value):,} characters long; it may have at most {limit}: "
            "shorten it"
        )
    control = _CONTROL.search(value)
    if control is not None:
        return f"{shown(key)} holds a control character (U+{ord(control.group()):04X}): remove it"
    return None


def shown(value: Any) -> str:
    """A value as a message shows it: short, on one line, and never by recursing into it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if abs(value) < 10**15:
            return str(value)
        digits = int(value.bit_length() * 0.30103) + 1  # str() refuses past 4,300 digits
        return f"a number of about {digits:,} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        if len(value) > _SHOWN_CHARACTERS:
            return repr(value[: _SHOWN_CHARACTERS - 3]) + "..."
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


_SPECIAL = re.compile(r"[\"'#\[\]{}\n.=,]")
_BASIC_TAIL = re.compile(r'(?:\\.|[^"\\\n])*"')
_LITERAL_TAIL = re.compile(r"[^'\n]*'")
_MULTI_BASIC_TAIL = re.compile(r'(?:\\[\s\S]|[^\\"]|"(?!""))*"""')
_MULTI_LITERAL_TAIL = re.compile(r"(?:[^']|'(?!''))*'''")


def too_deep_at(text: str, limit: int = MAX_NESTING) -> int | None:
    """The line where arrays and tables nest deeper than `limit`, or None.

    Python's TOML reader recurses once per level and, a thousand levels down, fails in its
    own way after a long time; a key of a hundred thousand dotted parts costs it memory in
    the square of that. This looks only at brackets and keys outside strings and comments,
    in one pass: every regular expression here consumes what it scans, so the work is linear.
    """
    opened: list[str] = []
    line = 1
    position = 0
    end = len(text)
    in_key = True
    """Between the start of a line (or a comma in an inline table) and its '='."""
    parts = 1
    while True:
        found = _SPECIAL.search(text, position)
        if found is None:
            return None
        char = found.group()
        position = found.end()
        if char == "." and in_key:
            parts += 1
            if parts > limit:
                return line
        elif char == "=":
            in_key = False
        elif char == ",":
            in_key, parts = bool(opened) and opened[-1] == "{", 1
        elif char == "\n":
            line += 1
            in_key, parts = not opened, 1
        elif char == "#":
            newline = text.find("\n", position)
            position = end if newline < 0 else newline
        elif char in "[{":
            opened.append(char)
            in_key, parts = char == "{" or in_key, 1
            if len(opened) > limit:
                return line
        elif char in "]}":
            if opened:
                opened.pop()
        else:
            triple = text.startswith(char * 2, position)
            if triple:
                tail = _MULTI_BASIC_TAIL if char == '"' else _MULTI_LITERAL_TAIL
                position += 2
            else:
                tail = _BASIC_TAIL if char == '"' else _LITERAL_TAIL
            closed = tail.match(text, position)
            stop = closed.end() if closed is not None else _unclosed_end(text, position, triple)
            line += text.count("\n", position, stop)
            position = stop


def _unclosed_end(text: str, position: int, multiline: bool) -> int:
    """An unclosed string runs to the end of its line (or of the text): TOML refuses it."""
    if multiline:
        return len(text)
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline
