"""Structured bad inputs, built from a valid file: field by field, type swaps, unicode edges,
huge and deep values, truncations and byte noise. Shared by every reader's property tests."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

EDGE_CHARACTERS = (
    "\x00",  # NUL
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\ufeff",  # byte-order mark
    "\u2028",  # line separator
    "\r",
    "\n",
    "\x1b",
    "\U0001f9d8",  # outside the basic plane
    "e\u0301",  # combining accent
    "\ud800",  # a lone surrogate: JSON can spell it, UTF-8 cannot
)


def deep(depth: int, inner: Any = 1) -> Any:
    value = inner
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


WEIRD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**400,
    -(10**18),
    2**63,
    0.0005,
    1e308,
    math.inf,
    -math.inf,
    math.nan,
    "",
    " ",
    "x" * 100_000,
    "\x00",
    "\u202eevil",
    [],
    [1, "two", 3.0],
    ["x"] * 5_000,
    {},
    {"inhale": 4},
    deep(50),
    deep(2_000),
]

edge_texts = st.lists(
    st.sampled_from(EDGE_CHARACTERS) | st.characters(codec="utf-8"), max_size=30
).map("".join)
weird_values = st.sampled_from(WEIRD_VALUES) | edge_texts | st.integers() | st.floats()


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed document that a mutation can replace, down to 6 levels (a
    value swapped in may itself be thousands of levels deep)."""
    found = [prefix] if prefix else []
    if len(prefix) >= 6:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths_in(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths_in(item, (*prefix, index)))
    return found


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of the containers along the path, with the value at its end."""
    if not path:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = replaced(document[path[0]], path[1:], value) if len(path) > 1 else value
    return copy


@st.composite
def field_swaps(draw: st.DrawFn, document: Any) -> Any:
    """The document with one to three of its fields swapped for something strange, or with
    a strange field added."""
    for _ in range(draw(st.integers(1, 3))):
        places = paths_in(document)
        if draw(st.booleans()) or not places:
            tables = [p for p in [(), *places] if isinstance(_at(document, p), dict)]
            path = (*draw(st.sampled_from(tables)), draw(st.sampled_from(["extra", "kind", "x"])))
        else:
            path = draw(st.sampled_from(places))
        document = replaced(document, path, draw(weird_values))
    return document


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


@st.composite
def byte_noise(draw: st.DrawFn, valid: bytes) -> bytes:
    """A valid file with bytes flipped, inserted, removed or cut off."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 6))):
        how = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "insert":
            data[at:at] = draw(
                st.binary(max_size=8)
                | st.sampled_from(EDGE_CHARACTERS).map(lambda c: c.encode("utf-8", "surrogatepass"))
                | st.sampled_from([b"[" * 500, b"{a=" * 300, b'"', b"'''", b"\\", b"\n[[steps]]\n"])
            )
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif how == "cut":
            del data[at:]
        else:
            data[at:at] = data[at : at + 40] * draw(st.integers(2, 50))
    return bytes(data)


def truncations(valid: bytes) -> list[bytes]:
    """The file cut at every byte."""
    return [valid[:end] for end in range(len(valid))]


def one_line(message: str, limit: int = 400) -> bool:
    return "\n" not in message and len(message) <= limit


Reader = Callable[[bytes], object]
