"""Export the journal as CSV or JSON, and read a JSON export back in.

Numbers are written as numbers, never as words, so old exports stay unambiguous. The JSON
export is the lossless one: importing it into an empty journal and exporting again gives the
same sessions. The columns are documented in docs/JOURNAL_FORMAT.md.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from unwind.journal.models import (
    GRID_MAX,
    GRID_MIN,
    STRESS_MAX,
    STRESS_MIN,
    CheckIn,
    Ending,
    SessionRecord,
)

FORMAT_NAME = "unwind-journal"
FORMAT_VERSION = 1
EXPORT_HINT = "Choose a file written by 'unwind journal export --format json'."

CHECK_IN_COLUMNS = ("stress", "valence", "arousal", "valence_signed", "valence_category")
CSV_COLUMNS = (
    "uid",
    "started_at",
    "routine_id",
    "routine_title",
    "planned_seconds",
    "completed_seconds",
    "practised_seconds",
    "ending",
    *(f"before_{name}" for name in CHECK_IN_COLUMNS),
    *(f"after_{name}" for name in CHECK_IN_COLUMNS),
    "stress_change",
    "tension_areas",
    "tags",
    "note",
)
LIST_SEPARATOR = ";"


class JournalImportError(Exception):
    """A file that cannot be imported; str() names the file, what is wrong and the fix."""


# -- export ----------------------------------------------------------------------------------


def format_time(moment: datetime) -> str:
    """ISO 8601 in the local time of this computer, with its offset."""
    return moment.astimezone().isoformat()


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _merged(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def csv_row(record: SessionRecord) -> list[str]:
    row = [
        record.uid,
        format_time(record.started_at),
        record.routine_id,
        record.routine_title,
        _number(record.planned_seconds),
        _number(record.completed_seconds),
        _number(record.practised_seconds),
        record.ending.value,
    ]
    for check_in in (record.before, record.after):
        if check_in is None:
            row.extend([""] * len(CHECK_IN_COLUMNS))
            continue
        row.extend(
            _number(value)
            for value in (
                check_in.stress,
                check_in.valence,
                check_in.arousal,
                check_in.valence_signed,
                check_in.valence_category,
            )
        )
    empty = CheckIn()
    before, after = record.before or empty, record.after or empty
    row.append(_number(record.stress_change))
    row.append(LIST_SEPARATOR.join(_merged(before.tension_areas, after.tension_areas)))
    row.append(LIST_SEPARATOR.join(_merged(before.tags, after.tags)))
    row.append(record.note)
    return row


def write_csv(records: Iterable[SessionRecord], out: TextIO) -> int:
    """One row per session, with a header row; returns how many sessions."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count


def check_in_to_json(check_in: CheckIn | None) -> dict[str, Any] | None:
    if check_in is None:
        return None
    return {
        "stress": check_in.stress,
        "valence": check_in.valence,
        "arousal": check_in.arousal,
        "valence_signed": check_in.valence_signed,
        "valence_category": check_in.valence_category,
        "tension_areas": list(check_in.tension_areas),
        "tags": list(check_in.tags),
    }


def session_to_json(record: SessionRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "started_at": format_time(record.started_at),
        "routine_id": record.routine_id,
        "routine_title": record.routine_title,
        "planned_seconds": record.planned_seconds,
        "completed_seconds": record.completed_seconds,
        "practised_seconds": record.practised_seconds,
        "ending": record.ending.value,
        "before": check_in_to_json(record.before),
        "after": check_in_to_json(record.after),
        "stress_change": record.stress_change,
        "note": record.note,
    }


def export_document(records: Iterable[SessionRecord], exported_at: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": format_time(exported_at),
        "sessions": [session_to_json(record) for record in records],
    }


def write_json(records: Iterable[SessionRecord], out: TextIO, exported_at: datetime) -> int:
    document = export_document(records, exported_at)
    json.dump(document, out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
    return len(document["sessions"])


# -- import ----------------------------------------------------------------------------------


class _Problem(Exception):
    """What is wrong with one field; turned into a JournalImportError with its place."""


def _field(data: dict[str, Any], name: str) -> Any:
    if name not in data:
        raise _Problem(f"'{name}' is missing")
    return data[name]


def _text(data: dict[str, Any], name: str, *, allow_empty: bool = True) -> str:
    value = _field(data, name)
    if not isinstance(value, str):
        raise _Problem(f"'{name}' is {json.dumps(value)}, but it must be text")
    if not allow_empty and not value.strip():
        raise _Problem(f"'{name}' is empty")
    return value


def _seconds(data: dict[str, Any], name: str) -> float:
    value = _field(data, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Problem(f"'{name}' is {json.dumps(value)}, but it must be a number of seconds")
    if not 0 <= value < math.inf:
        raise _Problem(f"'{name}' is {value}, but it must be zero or more")
    return float(value)


def _optional_seconds(data: dict[str, Any], name: str) -> float | None:
    """Absent or null: not measured (sessions from before it was)."""
    if data.get(name) is None:
        return None
    return _seconds(data, name)


def _scale(data: dict[str, Any], name: str, low: int, high: int, prefix: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Problem(
            f"'{prefix}{name}' is {json.dumps(value)}, but it must be a whole number from "
            f"{low} to {high}, or null when unanswered"
        )
    return value


def _names(data: dict[str, Any], name: str, prefix: str) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Problem(f"'{prefix}{name}' must be a list of text")
    return tuple(value)


def _check_in(value: Any, prefix: str) -> CheckIn | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Problem(f"'{prefix[:-1]}' must be an object or null")
    return CheckIn(
        stress=_scale(value, "stress", STRESS_MIN, STRESS_MAX, prefix),
        valence=_scale(value, "valence", GRID_MIN, GRID_MAX, prefix),
        arousal=_scale(value, "arousal", GRID_MIN, GRID_MAX, prefix),
        tension_areas=_names(value, "tension_areas", prefix),
        tags=_names(value, "tags", prefix),
    )


def _started_at(data: dict[str, Any]) -> datetime:
    text = _text(data, "started_at")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Problem(f"'started_at' is {json.dumps(text)}, not an ISO 8601 time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Problem(f"'started_at' is {json.dumps(text)}, a time without its UTC offset")
    if not 1900 <= moment.year <= 9000:
        raise _Problem(f"'started_at' is {json.dumps(text)}, out of range")
    return moment


def session_from_json(data: Any) -> SessionRecord:
    if not isinstance(data, dict):
        raise _Problem("it is not an object")
    uid = _text(data, "uid", allow_empty=False)
    ending_text = _text(data, "ending")
    try:
        ending = Ending(ending_text)
    except ValueError:
        known = ", ".join(e.value for e in Ending)
        raise _Problem(f"'ending' is {json.dumps(ending_text)}, not one of {known}") from None
    note = data.get("note", "")
    if not isinstance(note, str):
        raise _Problem("'note' must be text")
    return SessionRecord(
        uid=uid,
        routine_id=_text(data, "routine_id", allow_empty=False),
        routine_title=_text(data, "routine_title"),
        started_at=_started_at(data),
        planned_seconds=_seconds(data, "planned_seconds"),
        completed_seconds=_seconds(data, "completed_seconds"),
        practised_seconds=_optional_seconds(data, "practised_seconds"),
        ending=ending,
        before=_check_in(data.get("before"), "before."),
        after=_check_in(data.get("after"), "after."),
        note=note,
    )


def parse_export(document: Any, source: str) -> list[SessionRecord]:
    """Checks a whole export before anything is written; raises JournalImportError."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise JournalImportError(
            f'{source} is not an Unwind journal export: it has no "format": "{FORMAT_NAME}" '
            f"field. {EXPORT_HINT}"
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise JournalImportError(
            f"{source}: 'version' is {json.dumps(version)}, but it must be a whole number. "
            f"{EXPORT_HINT}"
        )
    if version > FORMAT_VERSION:
        raise JournalImportError(
            f"{source} was made by a newer Unwind (export format {version}; this one reads "
            f"up to {FORMAT_VERSION}). Update Unwind to import it."
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise JournalImportError(f"{source} has no list of 'sessions'. {EXPORT_HINT}")
    records: list[SessionRecord] = []
    seen: dict[str, int] = {}
    for index, data in enumerate(sessions, start=1):
        uid = data.get("uid") if isinstance(data, dict) else None
        place = f"session {index}" + (f" (uid {uid})" if isinstance(uid, str) else "")
        try:
            record = session_from_json(data)
        except _Problem as problem:
            raise JournalImportError(
                f"{source}: {place}: {problem}. Correct it in the file, or export it again "
                "from Unwind; nothing was imported."
            ) from None
        if record.uid in seen:
            raise JournalImportError(
                f"{source}: {place} has the same uid as session {seen[record.uid]}. Remove one "
                "of them; nothing was imported."
            )
        seen[record.uid] = index
        records.append(record)
    return records


def read_export(path: Path) -> list[SessionRecord]:
    """The sessions of a JSON export file; raises JournalImportError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JournalImportError(f"{path} does not exist. Check the file name.") from None
    except IsADirectoryError:
        raise JournalImportError(f"{path} is a folder. {EXPORT_HINT}") from None
    except UnicodeDecodeError:
        raise JournalImportError(
            f"{path} is not a text file, so not an Unwind journal export. {EXPORT_HINT}"
        ) from None
    except OSError as error:
        raise JournalImportError(
            f"{path} cannot be read ({error.strerror or error}). Check its permissions."
        ) from None
    if text.lstrip("\ufeff").startswith(",".join(CSV_COLUMNS[:2])):
        raise JournalImportError(
            f"{path} is a CSV export, which is for reading; import reads only the JSON "
            "export. Export again with 'unwind journal export --format json'."
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise JournalImportError(
            f"{path} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
            f"{EXPORT_HINT}"
        ) from None
    return parse_export(document, str(path))
