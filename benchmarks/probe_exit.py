"""How a probe process leaves: at once with os._exit, so Qt teardown and the audio thread's
join are never part of what it measured. Kept tiny: probes import it before they time."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn


def report_and_exit(line: dict[str, Any]) -> NoReturn:
    """Prints the findings as one JSON line and leaves."""
    leave(json.dumps(line) + "\n", 0)


def give_up(message: str, status: int = 3) -> NoReturn:
    """Says on stderr why the probe has nothing to report, and leaves."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    os._exit(status)


def leave(text: str, status: int) -> NoReturn:
    sys.stdout.write(text)
    sys.stdout.flush()
    os._exit(status)
