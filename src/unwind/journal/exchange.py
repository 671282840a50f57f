"""Export the journal as CSV or JSON, and read a JSON export back in.

Numbers are written as numbers, never as words, so old exports stay unambiguous. The JSON
export is the lossless one: importing it into an empty journal and exporting again gives the
same sessions. The columns are documented in docs/JOURNAL_FORMAT.md.

An import is checked whole before anything is written, within limits that an export of
Unwind's own keeps easily (size, depth, lengths, numbers, dates): anything else is refused in
one sentence that names the file, the session and the field.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from unwind.core.checkin import MAX_TAG_CHARS, MAX_TAGS
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

MAX_IMPORT_BYTES = 128 * 1024 * 1024
"""An export of 100,000 sessions, each with a note and tags, is about 60 MB."""
MAX_SESSIONS = 1_000_000
MAX_SECONDS = 24 * 60 * 60
"""No session lasts a day; Unwind's routines last 4 hours at most."""
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
TEXT_LIMITS = {
    "uid": 64,
    "routine_id": 64,
    "routine_title": 200,
    "note": 100_000,
    "tension_areas": 60,
    "tags": MAX_TAG_CHARS,
}
MAX_NAMES = MAX_TAGS
"""Tension areas or tags in one check-in."""
UID_RE = re.compile(r"[0-9a-f]{8,64}")
ROUTINE_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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


def shown(value: Any) -> str:
    """A value as a message shows it, in JSON's words: short, one line, never by recursing."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) < 10**15:
            return str(value)
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        cut = value if len(value) <= 40 else value[:37]
        text = json.dumps(cut)  # escapes new lines, control characters and lone surrogates
        return text if cut is value else text + "..."
    return "a list" if isinstance(value, list) else "an object"


def _checked_text(name: str, value: str) -> str:
    """Any text the journal can hold, up to its length: the journal stores UTF-8, which has
    no lone surrogates."""
    limit = TEXT_LIMITS.get(name.rsplit(".", 1)[-1], 200)
    if len(value) > limit:
        raise _Problem(
            f"'{name}' is {len(value):,} characters long, more than the {limit:,} it may be"
        )
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        raise _Problem(
            f"'{name}' holds a broken character (a lone surrogate, \\u{ord(surrogate.group()):04x})"
        )
    return value


def _text(data: dict[str, Any], name: str, *, allow_empty: bool = True) -> str:
    value = _field(data, name)
    if not isinstance(value, str):
        raise _Problem(f"'{name}' is {shown(value)}, but it must be text")
    if not allow_empty and not value.strip():
        raise _Problem(f"'{name}' is empty")
    return _checked_text(name, value)


def _seconds(data: dict[str, Any], name: str) -> float:
    value = _field(data, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Problem(f"'{name}' is {shown(value)}, but it must be a number of seconds")
    if not 0 <= value < math.inf:
        raise _Problem(f"'{name}' is {shown(value)}, but it must be zero or more")
    if value > MAX_SECONDS:
        raise _Problem(
            f"'{name}' is {shown(value)}, more than the {MAX_SECONDS:,} seconds of a day"
        )
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
            f"'{prefix}{name}' is {shown(value)}, but it must be a whole number from "
            f"{low} to {high}, or null when unanswered"
        )
    return value


def _names(data: dict[str, Any], name: str, prefix: str) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Problem(f"'{prefix}{name}' must be a list of text")
    if len(value) > MAX_NAMES:
        raise _Problem(f"'{prefix}{name}' has {len(value):,} items, more than the {MAX_NAMES}")
    return tuple(_checked_text(prefix + name, item) for item in value)


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


def _started_at(data: dict[str, Any], latest: datetime) -> datetime:
    text = _text(data, "started_at")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Problem(f"'started_at' is {shown(text)}, not an ISO 8601 time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Problem(f"'started_at' is {shown(text)}, a time without its UTC offset")
    try:
        in_range = EARLIEST <= moment <= latest
    except OverflowError:  # year 1 or 9999 with an offset that leaves the calendar
        in_range = False
    if not in_range:
        raise _Problem(
            f"'started_at' is {shown(text)}, which is not between the year "
            f"{EARLIEST.year} and today"
        )
    return moment


def _shaped(data: dict[str, Any], name: str, shape: re.Pattern[str], like: str) -> str:
    value = _text(data, name, allow_empty=False)
    if shape.fullmatch(value) is None:
        raise _Problem(f"'{name}' is {shown(value)}, but it must look like {like}")
    return value


def session_from_json(data: Any, latest: datetime | None = None) -> SessionRecord:
    """One session of an export; `latest` is the latest start time taken (default: a day
    from now, for a clock a little ahead)."""
    if latest is None:
        latest = datetime.now(UTC) + timedelta(days=1)
    if not isinstance(data, dict):
        raise _Problem("it is not an object")
    uid = _shaped(data, "uid", UID_RE, '"3f2a..." (8 to 64 of 0-9 and a-f)')
    ending_text = _text(data, "ending")
    try:
        ending = Ending(ending_text)
    except ValueError:
        known = ", ".join(e.value for e in Ending)
        raise _Problem(f"'ending' is {shown(ending_text)}, not one of {known}") from None
    note = data.get("note", "")
    if not isinstance(note, str):
        raise _Problem("'note' must be text")
    planned = _seconds(data, "planned_seconds")
    completed = _seconds(data, "completed_seconds")
    if completed > planned + 0.001:
        raise _Problem(
            f"'completed_seconds' is {shown(completed)}, more than the {shown(planned)} "
            "'planned_seconds' of the routine"
        )
    return SessionRecord(
        uid=uid,
        routine_id=_shaped(data, "routine_id", ROUTINE_ID_RE, '"evening-calm"'),
        routine_title=_text(data, "routine_title"),
        started_at=_started_at(data, latest),
        planned_seconds=planned,
        completed_seconds=completed,
        practised_seconds=_optional_seconds(data, "practised_seconds"),
        ending=ending,
        before=_check_in(data.get("before"), "before."),
        after=_check_in(data.get("after"), "after."),
        note=_checked_text("note", note),
    )


def parse_export(document: Any, source: str, now: datetime | None = None) -> list[SessionRecord]:
    """Checks a whole export before anything is written; raises JournalImportError.

    A session may not start more than a day after `now` (this computer's clock by default).
    """
    latest = (now if now is not None else datetime.now(UTC)) + timedelta(days=1)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise JournalImportError(
            f'{source} is not an Unwind journal export: it has no "format": "{FORMAT_NAME}" '
            f"field. {EXPORT_HINT}"
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise JournalImportError(
            f"{source}: 'version' is {shown(version)}, but it must be a whole number. {EXPORT_HINT}"
        )
    if version > FORMAT_VERSION:
        raise JournalImportError(
            f"{source} was made by a newer Unwind (export format {shown(version)}; this one reads "
            f"up to {FORMAT_VERSION}). Update Unwind to import it."
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise JournalImportError(f"{source} has no list of 'sessions'. {EXPORT_HINT}")
    if len(sessions) > MAX_SESSIONS:
        raise JournalImportError(
            f"{source} holds {len(sessions):,} sessions, more than the {MAX_SESSIONS:,} one "
            "import takes: split it. Nothing was imported."
        )
    records: list[SessionRecord] = []
    seen: dict[str, int] = {}
    for index, data in enumerate(sessions, start=1):
        uid = data.get("uid") if isinstance(data, dict) else None
        place = f"session {index}" + (f" (uid {shown(uid)[1:-1]})" if isinstance(uid, str) else "")
        try:
            record = session_from_json(data, latest)
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


def read_export(path: Path, now: datetime | None = None) -> list[SessionRecord]:
    """The sessions of a JSON export file; raises JournalImportError naming the file.

    A file larger than MAX_IMPORT_BYTES, or anything but a regular file, is refused unread.
    """
    try:
        # O_NONBLOCK: a named pipe given as the file must not hang the import
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as file:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise JournalImportError(f"{path} is a folder. {EXPORT_HINT}")
            if not stat.S_ISREG(status.st_mode):
                raise JournalImportError(f"{path} is not a regular file. {EXPORT_HINT}")
            if status.st_size > MAX_IMPORT_BYTES:
                raise _too_large(path)
            raw = file.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise JournalImportError(f"{path} does not exist. Check the file name.") from None
    except IsADirectoryError:
        raise JournalImportError(f"{path} is a folder. {EXPORT_HINT}") from None
    except OSError as error:
        raise JournalImportError(
            f"{path} cannot be read ({error.strerror or error}). Check its permissions."
        ) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise _too_large(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalImportError(
            f"{path} is not a text file, so not an Unwind journal export. {EXPORT_HINT}"
        ) from None
    del raw
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
    except RecursionError:
        raise JournalImportError(
            f"{path} nests lists or objects far deeper than an export does. {EXPORT_HINT}"
        ) from None
    except ValueError:  # a number of more than 4,300 digits
        raise JournalImportError(
            f"{path} holds a number too long to be read. {EXPORT_HINT}"
        ) from None
    return parse_export(document, str(path), now)


def _too_large(path: Path) -> JournalImportError:
    return JournalImportError(
        f"{path} is larger than the {MAX_IMPORT_BYTES // (1024 * 1024)} MB an import reads, "
        f"more than an export of a million sessions. {EXPORT_HINT}"
    )
