"""Each limit of an import at its edge: what is just within is taken, what is just past is
refused in one line that names the session, the field and the limit."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journal.records import START, pair
from unwind.journal import exchange
from unwind.journal.exchange import MAX_SESSIONS, TEXT_LIMITS, JournalImportError, read_export

NOW = START + timedelta(days=10)
SESSION: dict[str, Any] = exchange.export_document([pair("ab" * 16, 6, 3)], NOW)["sessions"][0]


def one(path: Path, **fields: Any) -> Path:
    session = copy.deepcopy(SESSION)
    for name, value in fields.items():
        if name in ("tags", "tension_areas"):
            session["before"][name] = value
        else:
            session[name] = value
    path.write_text(json.dumps({"format": "unwind-journal", "version": 1, "sessions": [session]}))
    return path


EDGES = [
    ("note", "n" * TEXT_LIMITS["note"], "n" * (TEXT_LIMITS["note"] + 1), "100,000 it may be"),
    ("routine_title", "t" * 200, "t" * 201, "more than the 200 it may be"),
    ("tags", ["g" * 100], ["g" * 101], "more than the 100 it may be"),
    ("tension_areas", ["a" * 60], ["a" * 61], "more than the 60 it may be"),
    ("tags", ["x"] * exchange.MAX_NAMES, ["x"] * (exchange.MAX_NAMES + 1), "more than the 50"),
    ("planned_seconds", 86_400, 86_400.5, "more than the 86,400 seconds of a day"),
    (
        "started_at",
        "1970-01-01T00:00:00+00:00",
        "1969-12-31T23:59:59+00:00",
        "between the year 1970 and today",
    ),
    (
        "started_at",
        (NOW + timedelta(hours=23)).isoformat(),
        (NOW + timedelta(hours=25)).isoformat(),
        "between the year 1970 and today",
    ),
    ("uid", "0" * 64, "0" * 65, "more than the 64 it may be"),
    ("uid", "0" * 8, "0" * 7, "must look like"),
    ("routine_id", "r" * 64, "r" * 65, "more than the 64 it may be"),
    ("routine_id", "box-2_a", "Box", "must look like"),
]


@pytest.mark.parametrize(
    ("field", "within", "past", "words"),
    EDGES,
    ids=[f"{edge[0]}-{index}" for index, edge in enumerate(EDGES)],
)
def test_an_import_is_taken_to_each_limit_and_refused_just_past_it(
    tmp_path: Path, field: str, within: Any, past: Any, words: str
) -> None:
    planned = {"completed_seconds": 0} if field == "planned_seconds" else {}
    taken = read_export(one(tmp_path / "within.json", **{field: within}, **planned), now=NOW)
    assert len(taken) == 1
    with pytest.raises(JournalImportError) as refused:
        read_export(one(tmp_path / "past.json", **{field: past}, **planned), now=NOW)
    message = str(refused.value)
    assert words in message, message
    assert f"'{field}'" in message or f"before.{field}" in message
    assert message.startswith(f"{tmp_path / 'past.json'}: session 1")
    assert "\n" not in message and len(message) < 400


def test_an_import_of_more_sessions_than_one_import_takes_is_refused_before_any_is_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "many.json"
    document = {"format": "unwind-journal", "version": 1, "sessions": [0] * (MAX_SESSIONS + 1)}
    path.write_text(json.dumps(document))
    with pytest.raises(JournalImportError, match="more than the 1,000,000 one import takes"):
        read_export(path, now=NOW)
