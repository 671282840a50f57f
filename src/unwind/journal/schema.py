"""The journal's SQLite schema as forward migrations, and the text form of its timestamps.

MIGRATIONS[i] takes a file from schema version i to i + 1 (PRAGMA user_version). A migration
is never edited once released: tests build a file of every earlier version from these same
statements and upgrade it, so the list is also the history of the format.
"""

from __future__ import annotations

from datetime import UTC, datetime

APPLICATION_ID = 0x556E5744
"""PRAGMA application_id of a journal file ('UnWD'): tells our file from another program's."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: sessions and their check-ins; a question left unanswered is NULL.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE sessions (
            uid TEXT PRIMARY KEY NOT NULL,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            planned_seconds REAL NOT NULL,
            completed_seconds REAL NOT NULL DEFAULT 0,
            ending TEXT NOT NULL CHECK (ending IN ('completed', 'stopped', 'running')),
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        """CREATE TABLE check_ins (
            session_uid TEXT NOT NULL REFERENCES sessions (uid) ON DELETE CASCADE,
            moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
            stress INTEGER CHECK (stress BETWEEN 0 AND 10),
            valence INTEGER CHECK (valence BETWEEN 1 AND 9),
            arousal INTEGER CHECK (arousal BETWEEN 1 AND 9),
            tension_areas TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (session_uid, moment)
        ) WITHOUT ROWID""",
    ),
    # v2: tags on a check-in, and an index for the journal's routine filter and the
    # per-routine statistics (latest title per routine without a scan).
    (
        "ALTER TABLE check_ins ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
    ),
    # v3: the seconds actually practised (running, pauses left out), apart from how far into
    # the routine the session got (completed_seconds). NULL for sessions recorded before:
    # their practised time was never measured.
    ("ALTER TABLE sessions ADD COLUMN practised_seconds REAL",),
)

SCHEMA_VERSION = len(MIGRATIONS)


def time_to_text(moment: datetime) -> str:
    """UTC, fixed width, so that text order is time order ('2024-05-01T07:30:00.000000Z').

    A naive datetime is taken as local time.
    """
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def time_from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)
