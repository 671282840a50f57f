"""The journal's writes: each one its own transaction, kept in order while the disk refuses.

A write that cannot reach the file is applied to the in-memory copy the store reads from, and
kept here to be replayed on the file, oldest first, once the file takes writes again. The
checks below refuse what a bug could hand the store (a stress of 11), never a disk problem.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from typing import Final, Protocol

from unwind.journal.models import (
    GRID_MAX,
    GRID_MIN,
    STRESS_MAX,
    STRESS_MIN,
    CheckIn,
    Ending,
    Moment,
    SessionRecord,
)
from unwind.journal.rows import UnknownSession, insert_record, touch, write_check_in


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET
"""update_session's 'not given', so that None can mean 'clear this check-in'."""


class Write(Protocol):
    @property
    def uid(self) -> str: ...

    def write(self, conn: sqlite3.Connection) -> None:
        """Applies the change inside the caller's transaction; UnknownSession if its session
        is not there."""


@dataclass(frozen=True)
class Begin:
    """A whole session added (unless its uid is there already)."""

    record: SessionRecord
    at: str

    @property
    def uid(self) -> str:
        return self.record.uid

    def write(self, conn: sqlite3.Connection) -> None:
        insert_record(conn, self.record, self.at)


@dataclass(frozen=True)
class CheckInWrite:
    uid: str
    moment: Moment
    check_in: CheckIn | None
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        touch(conn, self.uid, self.at)
        write_check_in(conn, self.uid, self.moment, self.check_in)


@dataclass(frozen=True)
class Note:
    uid: str
    text: str
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        cursor = conn.execute(
            "UPDATE sessions SET note = ?, updated_at = ? WHERE uid = ?",
            (self.text, self.at, self.uid),
        )
        if cursor.rowcount == 0:
            raise UnknownSession(self.uid)


@dataclass(frozen=True)
class End:
    """The seconds so far and how the session ended (RUNNING while it goes on)."""

    uid: str
    completed_seconds: float
    ending: Ending
    practised_seconds: float | None
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        cursor = conn.execute(
            """UPDATE sessions SET completed_seconds = ?, ending = ?, updated_at = ?,
                   practised_seconds = coalesce(?, practised_seconds)
               WHERE uid = ?""",
            (self.completed_seconds, self.ending.value, self.at, self.practised_seconds, self.uid),
        )
        if cursor.rowcount == 0:
            raise UnknownSession(self.uid)


@dataclass(frozen=True)
class Edit:
    """An edit from the journal view: its parts land together or not at all."""

    uid: str
    before: CheckIn | _Unset | None
    after: CheckIn | _Unset | None
    note: str | None
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        touch(conn, self.uid, self.at)
        if not isinstance(self.before, _Unset):
            write_check_in(conn, self.uid, Moment.BEFORE, self.before)
        if not isinstance(self.after, _Unset):
            write_check_in(conn, self.uid, Moment.AFTER, self.after)
        if self.note is not None:
            conn.execute("UPDATE sessions SET note = ? WHERE uid = ?", (self.note, self.uid))


@dataclass(frozen=True)
class Delete:
    uid: str

    def write(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM sessions WHERE uid = ?", (self.uid,))


@dataclass(frozen=True)
class Restore(Begin):
    """A deleted session put back exactly as it was, whatever stands under its uid now."""

    def write(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM sessions WHERE uid = ?", (self.uid,))
        super().write(conn)


def replaces(change: Write, waiting: Write | None) -> bool:
    """A newer note draft or progress for the same session replaces the one still waiting,
    so the queue stays short however long the disk is away."""
    return (
        isinstance(change, Note | End)
        and waiting is not None
        and type(waiting) is type(change)
        and waiting.uid == change.uid
    )


def merged(change: Write, waiting: Write | None) -> Write:
    """The write that stands for both: a progress without practised seconds keeps the
    practised seconds of the one it replaces."""
    if isinstance(change, End) and isinstance(waiting, End) and change.practised_seconds is None:
        return replace(change, practised_seconds=waiting.practised_seconds)
    return change


# -- checks on what the UI hands us --------------------------------------------------------


def check_scale(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(
            f"{name} must be a whole number from {low} to {high} or None, not {value!r}"
        )


def check_check_in(check_in: CheckIn | None) -> None:
    if check_in is None:
        return
    if not isinstance(check_in, CheckIn):
        raise TypeError(f"expected a CheckIn, not {check_in!r}")
    check_scale("stress", check_in.stress, STRESS_MIN, STRESS_MAX)
    check_scale("valence", check_in.valence, GRID_MIN, GRID_MAX)
    check_scale("arousal", check_in.arousal, GRID_MIN, GRID_MAX)
    for field_name in ("tension_areas", "tags"):
        names = getattr(check_in, field_name)
        if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{field_name} must be a tuple of strings, not {names!r}")


def check_seconds(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of seconds, not {value!r}")
    if not 0 <= value < float("inf"):
        raise ValueError(f"{name} must be zero or more seconds, not {value!r}")


def check_record(record: SessionRecord) -> None:
    if not record.uid or not isinstance(record.uid, str):
        raise ValueError(f"a session needs a uid, not {record.uid!r}")
    check_seconds("planned_seconds", record.planned_seconds)
    check_seconds("completed_seconds", record.completed_seconds)
    if record.practised_seconds is not None:
        check_seconds("practised_seconds", record.practised_seconds)
    Ending(record.ending)
    check_check_in(record.before)
    check_check_in(record.after)


def utc(moment: datetime) -> datetime:
    """Normalised as reads return it: UTC, microseconds kept (naive taken as local time)."""
    return moment.astimezone(UTC)
