"""The journal's rows: the SQL that reads sessions, and turning rows into records and back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from unwind.journal.models import CheckIn, Ending, Moment, SessionRecord
from unwind.journal.schema import time_from_text, time_to_text


class UnknownSession(Exception):
    """A write for a uid the journal does not hold."""


SELECT_RECORDS = """
SELECT s.uid, s.routine_id, s.routine_title, s.started_at, s.planned_seconds,
       s.completed_seconds, s.ending, s.note, s.practised_seconds,
       b.moment, b.stress, b.valence, b.arousal, b.tension_areas, b.tags,
       a.moment, a.stress, a.valence, a.arousal, a.tension_areas, a.tags
FROM sessions AS s
LEFT JOIN check_ins AS b ON b.session_uid = s.uid AND b.moment = 'before'
LEFT JOIN check_ins AS a ON a.session_uid = s.uid AND a.moment = 'after'
"""

SELECT_STRESS = """
SELECT s.routine_id, s.routine_title, s.started_at, b.stress, a.stress
FROM sessions AS s
LEFT JOIN check_ins AS b ON b.session_uid = s.uid AND b.moment = 'before'
LEFT JOIN check_ins AS a ON a.session_uid = s.uid AND a.moment = 'after'
"""

NEWEST_FIRST = " ORDER BY s.started_at DESC, s.uid DESC"
OLDEST_FIRST = " ORDER BY s.started_at, s.uid"


def lenient_text(data: bytes) -> str:
    """A damaged journal's text, with a replacement character for each byte that is not
    UTF-8, so that one damaged word does not hide every session."""
    return data.decode("utf-8", "replace")


def names_from_text(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))


def names_to_text(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


Row = tuple[Any, ...]


def check_in_from_row(row: Row) -> CheckIn | None:
    moment, stress, valence, arousal, areas, tags = row
    if moment is None:
        return None
    return CheckIn(
        stress=stress,
        valence=valence,
        arousal=arousal,
        tension_areas=names_from_text(areas),
        tags=names_from_text(tags),
    )


def record_from_row(row: Row) -> SessionRecord:
    uid, routine_id, title, started, planned, completed, ending, note, practised = row[:9]
    return SessionRecord(
        uid=uid,
        routine_id=routine_id,
        routine_title=title,
        started_at=time_from_text(started),
        planned_seconds=float(planned),
        completed_seconds=float(completed),
        ending=Ending(ending),
        before=check_in_from_row(row[9:15]),
        after=check_in_from_row(row[15:21]),
        note=str(note),
        practised_seconds=None if practised is None else float(practised),
    )


def write_check_in(
    conn: sqlite3.Connection, uid: str, moment: Moment, check_in: CheckIn | None
) -> None:
    if check_in is None:
        conn.execute(
            "DELETE FROM check_ins WHERE session_uid = ? AND moment = ?", (uid, moment.value)
        )
        return
    conn.execute(
        """INSERT INTO check_ins
               (session_uid, moment, stress, valence, arousal, tension_areas, tags)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (session_uid, moment) DO UPDATE SET
               stress = excluded.stress, valence = excluded.valence,
               arousal = excluded.arousal, tension_areas = excluded.tension_areas,
               tags = excluded.tags""",
        (
            uid,
            moment.value,
            check_in.stress,
            check_in.valence,
            check_in.arousal,
            names_to_text(check_in.tension_areas),
            names_to_text(check_in.tags),
        ),
    )


def insert_record(conn: sqlite3.Connection, record: SessionRecord, updated_at: str) -> bool:
    """Adds a whole session unless its uid is there already; True when added."""
    cursor = conn.execute(
        """INSERT INTO sessions (uid, routine_id, routine_title, started_at, planned_seconds,
                                 completed_seconds, ending, note, updated_at,
                                 practised_seconds)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (uid) DO NOTHING""",
        (
            record.uid,
            record.routine_id,
            record.routine_title,
            time_to_text(record.started_at),
            record.planned_seconds,
            record.completed_seconds,
            record.ending.value,
            record.note,
            updated_at,
            record.practised_seconds,
        ),
    )
    if cursor.rowcount != 1:
        return False
    if record.before is not None:
        write_check_in(conn, record.uid, Moment.BEFORE, record.before)
    if record.after is not None:
        write_check_in(conn, record.uid, Moment.AFTER, record.after)
    return True


def touch(conn: sqlite3.Connection, uid: str, at: str) -> None:
    cursor = conn.execute("UPDATE sessions SET updated_at = ? WHERE uid = ?", (at, uid))
    if cursor.rowcount == 0:
        raise UnknownSession(uid)
