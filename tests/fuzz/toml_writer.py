"""A small TOML writer for the mutated routines (the standard library only reads TOML)."""

from __future__ import annotations

import json
import math
from typing import Any


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**4000 else "1" + "0" * 4000
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML's, lone surrogates aside
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(pairs) + " }"
    return json.dumps(str(value))


def toml_key(key: Any) -> str:
    text = str(key)
    if text and all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
        return text
    return json.dumps(text)


def routine_toml(document: dict[str, Any]) -> str:
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in document.items() if k != "steps"]
    steps = document.get("steps")
    if isinstance(steps, list) and steps and all(isinstance(s, dict) for s in steps):
        for step in steps:
            lines.append("\n[[steps]]")
            lines.extend(
                f"{toml_key(k)} = {toml_value(v)}" for k, v in step.items() if v is not None
            )
    elif steps is not None:
        lines.append(f"steps = {toml_value(steps)}")
    return "\n".join(lines) + "\n"
