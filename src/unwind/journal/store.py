"""The journal on disk: one private SQLite file, each answer committed the moment it is given.

Disk trouble never stops a session. A write that cannot reach the disk (read-only, full,
unopenable) waits in memory, in order, and is tried again on the next write and by
`retry_pending()`; reads show it as if it were saved. A damaged file is moved aside, never
deleted, and a fresh journal started; a file from a newer Unwind is left untouched and
nothing is written to it. `notice` holds a sentence for the person about the latest problem.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Protocol

from unwind.journal import stats
from unwind.journal.models import (
    GRID_MAX,
    GRID_MIN,
    STRESS_MAX,
    STRESS_MIN,
    CheckIn,
    Ending,
    Moment,
    RoutineStats,
    SessionRecord,
)
from unwind.journal.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    time_from_text,
    time_to_text,
)

log = logging.getLogger(__name__)

FILE_NAME = "journal.sqlite3"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
READ_ONLY = "it is read-only"


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET
"""update_session's 'not given', so that None can mean 'clear this check-in'."""


class JournalUnavailableError(Exception):
    """The journal cannot take a bulk write now (an import); str() is the person's notice."""


class _Damaged(Exception):
    """The file is not a journal Unwind can read: to be moved aside."""


class _Newer(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


class _UnknownSession(Exception):
    pass


# -- rows -----------------------------------------------------------------------------------

_SELECT_RECORDS = """
SELECT s.uid, s.routine_id, s.routine_title, s.started_at, s.planned_seconds,
       s.completed_seconds, s.ending, s.note,
       b.moment, b.stress, b.valence, b.arousal, b.tension_areas, b.tags,
       a.moment, a.stress, a.valence, a.arousal, a.tension_areas, a.tags
FROM sessions AS s
LEFT JOIN check_ins AS b ON b.session_uid = s.uid AND b.moment = 'before'
LEFT JOIN check_ins AS a ON a.session_uid = s.uid AND a.moment = 'after'
"""

_SELECT_STRESS = """
SELECT s.routine_id, s.routine_title, s.started_at, b.stress, a.stress
FROM sessions AS s
LEFT JOIN check_ins AS b ON b.session_uid = s.uid AND b.moment = 'before'
LEFT JOIN check_ins AS a ON a.session_uid = s.uid AND a.moment = 'after'
"""

_NEWEST_FIRST = " ORDER BY s.started_at DESC, s.uid DESC"
_OLDEST_FIRST = " ORDER BY s.started_at, s.uid"


def _names_from_text(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))


def _names_to_text(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


Row = tuple[Any, ...]


def _check_in_from_row(row: Row) -> CheckIn | None:
    moment, stress, valence, arousal, areas, tags = row
    if moment is None:
        return None
    return CheckIn(
        stress=stress,
        valence=valence,
        arousal=arousal,
        tension_areas=_names_from_text(areas),
        tags=_names_from_text(tags),
    )


def _record_from_row(row: Row) -> SessionRecord:
    uid, routine_id, title, started, planned, completed, ending, note = row[:8]
    return SessionRecord(
        uid=uid,
        routine_id=routine_id,
        routine_title=title,
        started_at=time_from_text(started),
        planned_seconds=float(planned),
        completed_seconds=float(completed),
        ending=Ending(ending),
        before=_check_in_from_row(row[8:14]),
        after=_check_in_from_row(row[14:20]),
        note=str(note),
    )


def _write_check_in(
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
            _names_to_text(check_in.tension_areas),
            _names_to_text(check_in.tags),
        ),
    )


def _insert_record(conn: sqlite3.Connection, record: SessionRecord, updated_at: str) -> bool:
    """Adds a whole session unless its uid is there already; True when added."""
    cursor = conn.execute(
        """INSERT INTO sessions (uid, routine_id, routine_title, started_at, planned_seconds,
                                 completed_seconds, ending, note, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        ),
    )
    if cursor.rowcount != 1:
        return False
    if record.before is not None:
        _write_check_in(conn, record.uid, Moment.BEFORE, record.before)
    if record.after is not None:
        _write_check_in(conn, record.uid, Moment.AFTER, record.after)
    return True


def _touch(conn: sqlite3.Connection, uid: str, at: str) -> None:
    cursor = conn.execute("UPDATE sessions SET updated_at = ? WHERE uid = ?", (at, uid))
    if cursor.rowcount == 0:
        raise _UnknownSession(uid)


# -- writes, each one its own transaction, replayable from the pending queue --------------


class _Write(Protocol):
    @property
    def uid(self) -> str: ...

    def write(self, conn: sqlite3.Connection) -> None: ...

    def show(self, records: dict[str, SessionRecord]) -> None:
        """Applies this unsaved write to records read from disk."""


@dataclass(frozen=True)
class _Begin:
    record: SessionRecord
    at: str

    @property
    def uid(self) -> str:
        return self.record.uid

    def write(self, conn: sqlite3.Connection) -> None:
        _insert_record(conn, self.record, self.at)

    def show(self, records: dict[str, SessionRecord]) -> None:
        records[self.uid] = self.record


@dataclass(frozen=True)
class _CheckInWrite:
    uid: str
    moment: Moment
    check_in: CheckIn | None
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        _touch(conn, self.uid, self.at)
        _write_check_in(conn, self.uid, self.moment, self.check_in)

    def show(self, records: dict[str, SessionRecord]) -> None:
        record = records.get(self.uid)
        if record is None:
            return
        if self.moment is Moment.BEFORE:
            records[self.uid] = replace(record, before=self.check_in)
        else:
            records[self.uid] = replace(record, after=self.check_in)


@dataclass(frozen=True)
class _Note:
    uid: str
    text: str
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        cursor = conn.execute(
            "UPDATE sessions SET note = ?, updated_at = ? WHERE uid = ?",
            (self.text, self.at, self.uid),
        )
        if cursor.rowcount == 0:
            raise _UnknownSession(self.uid)

    def show(self, records: dict[str, SessionRecord]) -> None:
        record = records.get(self.uid)
        if record is not None:
            records[self.uid] = replace(record, note=self.text)


@dataclass(frozen=True)
class _End:
    uid: str
    completed_seconds: float
    ending: Ending
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        cursor = conn.execute(
            """UPDATE sessions SET completed_seconds = ?, ending = ?, updated_at = ?
               WHERE uid = ?""",
            (self.completed_seconds, self.ending.value, self.at, self.uid),
        )
        if cursor.rowcount == 0:
            raise _UnknownSession(self.uid)

    def show(self, records: dict[str, SessionRecord]) -> None:
        record = records.get(self.uid)
        if record is not None:
            records[self.uid] = replace(
                record, completed_seconds=self.completed_seconds, ending=self.ending
            )


@dataclass(frozen=True)
class _Edit:
    """An edit from the journal view: its parts land together or not at all."""

    uid: str
    before: CheckIn | _Unset | None
    after: CheckIn | _Unset | None
    note: str | None
    at: str

    def write(self, conn: sqlite3.Connection) -> None:
        _touch(conn, self.uid, self.at)
        if not isinstance(self.before, _Unset):
            _write_check_in(conn, self.uid, Moment.BEFORE, self.before)
        if not isinstance(self.after, _Unset):
            _write_check_in(conn, self.uid, Moment.AFTER, self.after)
        if self.note is not None:
            conn.execute("UPDATE sessions SET note = ? WHERE uid = ?", (self.note, self.uid))

    def show(self, records: dict[str, SessionRecord]) -> None:
        record = records.get(self.uid)
        if record is None:
            return
        if not isinstance(self.before, _Unset):
            record = replace(record, before=self.before)
        if not isinstance(self.after, _Unset):
            record = replace(record, after=self.after)
        if self.note is not None:
            record = replace(record, note=self.note)
        records[self.uid] = record


@dataclass(frozen=True)
class _Delete:
    uid: str

    def write(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM sessions WHERE uid = ?", (self.uid,))

    def show(self, records: dict[str, SessionRecord]) -> None:
        records.pop(self.uid, None)


@dataclass(frozen=True)
class _Restore:
    record: SessionRecord
    at: str

    @property
    def uid(self) -> str:
        return self.record.uid

    def write(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM sessions WHERE uid = ?", (self.uid,))
        _insert_record(conn, self.record, self.at)

    def show(self, records: dict[str, SessionRecord]) -> None:
        records[self.uid] = self.record


# -- checks on what the UI hands us --------------------------------------------------------


def _check_scale(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(
            f"{name} must be a whole number from {low} to {high} or None, not {value!r}"
        )


def _check_check_in(check_in: CheckIn | None) -> None:
    if check_in is None:
        return
    if not isinstance(check_in, CheckIn):
        raise TypeError(f"expected a CheckIn, not {check_in!r}")
    _check_scale("stress", check_in.stress, STRESS_MIN, STRESS_MAX)
    _check_scale("valence", check_in.valence, GRID_MIN, GRID_MAX)
    _check_scale("arousal", check_in.arousal, GRID_MIN, GRID_MAX)
    for field_name in ("tension_areas", "tags"):
        names = getattr(check_in, field_name)
        if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{field_name} must be a tuple of strings, not {names!r}")


def _check_seconds(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of seconds, not {value!r}")
    if not 0 <= value < float("inf"):
        raise ValueError(f"{name} must be zero or more seconds, not {value!r}")


def _check_record(record: SessionRecord) -> None:
    if not record.uid or not isinstance(record.uid, str):
        raise ValueError(f"a session needs a uid, not {record.uid!r}")
    _check_seconds("planned_seconds", record.planned_seconds)
    _check_seconds("completed_seconds", record.completed_seconds)
    Ending(record.ending)
    _check_check_in(record.before)
    _check_check_in(record.after)


def _utc(moment: datetime) -> datetime:
    """Normalised as reads return it: UTC, microseconds kept (naive taken as local time)."""
    return moment.astimezone(UTC)


_FIXES = {
    READ_ONLY: "make that folder writable",
    "the disk is full": "free some space on that disk",
    "another program holds it locked": "close the other program that has it open",
}


def _fault_reason(error: BaseException) -> str:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return READ_ONLY
    if "disk is full" in text or "no space" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "another program holds it locked"
    if "unable to open" in text or isinstance(error, FileNotFoundError):
        return "it cannot be opened"
    return f"the disk reported: {error}"


def _probe_write(conn: sqlite3.Connection) -> None:
    """Raises OperationalError now if the file opened read-only, rather than at a write."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        conn.execute("ROLLBACK")


def _private_mode(path: Path) -> None:
    """Takes away group and other access; never adds a bit the owner took away."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def _make_private_folder(folder: Path) -> None:
    if folder.is_dir():
        if os.name == "posix":
            _private_mode(folder)
        return
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode passes through the umask


def _create_private_file(path: Path) -> None:
    """Creates the file 0600 before SQLite opens it: its -wal and -shm copy that mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)


# -- the store -------------------------------------------------------------------------------


class JournalStore:
    """The journal: sessions with their before/after check-ins, in folder/journal.sqlite3.

    No method raises for a disk problem: it sets `notice` and works from memory. A write
    method returns True when the change is on disk now, False when it waits in memory.
    A write for a uid the journal does not hold is dropped (and logged) and returns False.
    Values out of range (a stress of 11) raise ValueError: that is a bug, not a disk problem.
    """

    def __init__(
        self, folder: Path, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.notice: str | None = None
        self._now = now
        self._pending: deque[_Write] = deque()
        self._conn: sqlite3.Connection | None = None
        self._conn_read_only = False
        """True when the file opened for reading only: a retry opens it again."""
        self._refuse_writes = False
        """A newer Unwind's file: never written."""
        self._fault_notice: str | None = None
        self._closed = False
        self._conn = self._open()

    # -- opening ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                return self._connect()
            except _Damaged as damage:
                if attempt:
                    self._set_unavailable(damage)
                    return None
                if not self._move_aside(str(damage)):
                    return None
            except _Newer as newer:
                self._refuse_writes = True
                self.notice = (
                    f"Your journal {self.path} was made by a newer Unwind (format "
                    f"{newer.version}; this one knows up to {SCHEMA_VERSION}). Unwind leaves "
                    "it untouched, so this session's answers are kept in memory only: update "
                    "Unwind to keep journaling."
                )
                log.warning("journal %s has schema version %s", self.path, newer.version)
                return None
            except (OSError, sqlite3.Error) as error:
                self._set_unavailable(error)
                return None
        return None  # pragma: no cover - the loop returns

    def _connect(self) -> sqlite3.Connection:
        """Opens, checks and upgrades the file; raises _Damaged, _Newer or a disk error."""
        _make_private_folder(self.folder)
        if self.path.exists() or self.path.is_symlink():
            if not self.path.is_file():
                raise IsADirectoryError(f"{self.path} is not a file")
            with open(self.path, "rb") as existing:
                header = existing.read(len(SQLITE_HEADER))
            if header and header != SQLITE_HEADER:
                raise _Damaged("it is not a SQLite database")
            self._tighten_modes()  # before SQLite opens it read-only for want of a bit
        else:
            _create_private_file(self.path)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            version = self._check(conn)
            self._conn_read_only = False
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                self._migrate(conn)
                _probe_write(conn)
            except sqlite3.OperationalError as error:
                if version != SCHEMA_VERSION:
                    raise
                # Readable but not writable: show the journal, keep new answers pending.
                self._conn_read_only = True
                self._set_unavailable(error)
            self._tighten_modes()
            return conn
        except BaseException:
            conn.close()
            raise

    def _check(self, conn: sqlite3.Connection) -> int:
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            application = int(conn.execute("PRAGMA application_id").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise _Newer(version)
            if application not in (0, APPLICATION_ID):
                raise _Damaged("it belongs to another program")
            if version == 0:
                tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
                if tables:
                    raise _Damaged("it holds another program's tables")
                return version
            result = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as error:
            raise _Damaged(str(error)) from error
        if result != [("ok",)]:
            raise _Damaged("; ".join(str(row[0]) for row in result[:3]))
        return version

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with self._transaction(conn):
            # Read again inside the write lock: another Unwind may have upgraded meanwhile.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise _Newer(version)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
                log.info("journal %s upgraded to format %s", self.path, step + 1)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _tighten_modes(self) -> None:
        if os.name != "posix":
            return
        for path in (
            self.folder,
            self.path,
            *(Path(f"{self.path}{s}") for s in COMPANION_SUFFIXES),
        ):
            with contextlib.suppress(OSError):
                _private_mode(path)

    def _move_aside(self, reason: str) -> bool:
        """Renames the damaged file (and its -wal, -shm) with a timestamp; never overwrites."""
        stamp = self._now().astimezone().strftime("%Y%m%d-%H%M%S")
        base = f"{self.path}.corrupt-{stamp}"
        aside = Path(base)
        number = 2
        while any(Path(f"{aside}{s}").exists() for s in ("", *COMPANION_SUFFIXES)):
            aside = Path(f"{base}-{number}")
            number += 1
        try:
            self.path.rename(aside)
            for suffix in COMPANION_SUFFIXES:
                companion = Path(f"{self.path}{suffix}")
                if companion.exists():
                    companion.rename(f"{aside}{suffix}")
        except OSError as error:
            log.error("could not move the damaged journal %s aside: %s", self.path, error)
            self.notice = (
                f"Your journal {self.path} is damaged ({reason}) and Unwind could not move it "
                f"aside ({error.strerror or error}). This session's answers are kept in "
                "memory only: move that file somewhere else, and Unwind will start a new "
                "journal."
            )
            return False
        log.error("journal %s was damaged (%s); moved to %s", self.path, reason, aside)
        self.notice = (
            f"Your journal file was damaged, so Unwind moved it to {aside} and started a new "
            "journal. Nothing was deleted: keep that file if you want to try to recover it."
        )
        return True

    def _set_unavailable(self, error: BaseException) -> None:
        reason = _fault_reason(error)
        log.warning("journal %s: %s", self.path, error)
        fix = _FIXES.get(reason, "check that folder and the disk it is on")
        self.notice = self._fault_notice = (
            f"Unwind cannot save to your journal {self.path} ({reason}). Your session goes "
            "on and its answers are kept in memory, saved as soon as the disk takes them: "
            f"{fix}."
        )

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so busy_timeout covers the wait for it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _writable(self) -> sqlite3.Connection | None:
        if self._refuse_writes:
            return None
        if self._conn is None or self._conn_read_only:
            was_read_only = self._conn_read_only
            opened = self._open()
            if opened is None:
                self._conn_read_only = was_read_only
                return None
            if self._conn is not None:
                self._conn.close()
            self._conn = opened
            if self._conn_read_only:
                return None
        return self._conn

    def now(self) -> datetime:
        """The store's clock (injected for tests)."""
        return self._now()

    def _stamp(self) -> str:
        return time_to_text(self._now())

    def _submit(self, change: _Write) -> bool:
        if self._closed:
            raise RuntimeError("the journal is closed")
        last = self._pending[-1] if self._pending else None
        if (
            isinstance(change, _Note | _End)
            and type(last) is type(change)
            and last is not None
            and last.uid == change.uid
        ):
            # A newer draft or progress replaces the waiting one: the queue stays short
            # however long the disk is away.
            self._pending.pop()
        self._pending.append(change)
        return self._flush(change)

    def _flush(self, submitted: _Write | None = None) -> bool:
        """Writes what waits, oldest first, each in its own transaction.

        True when nothing is left waiting and the submitted write (if any) was applied.
        """
        if not self._pending:
            return True
        conn = self._writable()
        if conn is None:
            return False
        applied = True
        while self._pending:
            change = self._pending[0]
            try:
                with self._transaction(conn):
                    change.write(conn)
            except _UnknownSession:
                # Deleted meanwhile (perhaps by another Unwind): nothing to write it to.
                log.warning("journal write for unknown session %s dropped", change.uid)
                applied = applied and change is not submitted
            except sqlite3.IntegrityError:
                # Checked before it was queued, so a bug: do not let it block the queue.
                self._pending.popleft()
                raise
            except sqlite3.DatabaseError as error:
                self._set_unavailable(error)
                if _fault_reason(error) == READ_ONLY:
                    # SQLite keeps a read-only handle read-only: open the file again next time.
                    self._conn_read_only = True
                return False
            self._pending.popleft()
        self._recovered()
        return applied

    def _recovered(self) -> None:
        """Everything is on disk again: the notice about the fault is no longer true."""
        if self._fault_notice is not None and self.notice == self._fault_notice:
            self.notice = None
        self._fault_notice = None

    def begin_session(
        self,
        routine_id: str,
        routine_title: str,
        planned_seconds: float,
        started_at: datetime | None = None,
    ) -> str:
        """Records a session as it starts (ending RUNNING, 0 s done); returns its uid."""
        _check_seconds("planned_seconds", planned_seconds)
        record = SessionRecord(
            uid=uuid.uuid4().hex,
            routine_id=routine_id,
            routine_title=routine_title,
            started_at=_utc(started_at if started_at is not None else self._now()),
            planned_seconds=float(planned_seconds),
            completed_seconds=0.0,
            ending=Ending.RUNNING,
        )
        self._submit(_Begin(record, self._stamp()))
        return record.uid

    def record_checkin(self, uid: str, moment: Moment, checkin: CheckIn) -> bool:
        """Saves (or replaces) the before or after check-in; None fields stay NULL."""
        _check_check_in(checkin)
        return self._submit(_CheckInWrite(uid, Moment(moment), checkin, self._stamp()))

    def save_note(self, uid: str, text: str) -> bool:
        """Saves the note draft; call it on each debounced change while the person types."""
        return self._submit(_Note(uid, str(text), self._stamp()))

    def end_session(self, uid: str, completed_seconds: float, ending: Ending) -> bool:
        _check_seconds("completed_seconds", completed_seconds)
        return self._submit(_End(uid, float(completed_seconds), Ending(ending), self._stamp()))

    @property
    def pending_writes(self) -> int:
        return len(self._pending)

    def retry_pending(self) -> bool:
        """Tries the writes that wait in memory again; True when none is left."""
        if self._closed:
            return not self._pending
        return self._flush()

    def update_session(
        self,
        uid: str,
        *,
        before: CheckIn | _Unset | None = UNSET,
        after: CheckIn | _Unset | None = UNSET,
        note: str | None = None,
    ) -> bool:
        """Edits an entry: a CheckIn replaces, None removes that check-in; note None keeps it.

        The parts given are saved together, in one transaction.
        """
        _check_check_in(None if isinstance(before, _Unset) else before)
        _check_check_in(None if isinstance(after, _Unset) else after)
        if isinstance(before, _Unset) and isinstance(after, _Unset) and note is None:
            return not self._pending and self.session(uid) is not None
        return self._submit(_Edit(uid, before, after, note, self._stamp()))

    def delete_session(self, uid: str) -> SessionRecord | None:
        """Deletes an entry and returns it, for restore_session to undo; None if unknown."""
        record = self.session(uid)
        if record is None:
            return None
        self._submit(_Delete(uid))
        return record

    def restore_session(self, record: SessionRecord) -> bool:
        """Puts a deleted entry back exactly as it was, with the same uid."""
        _check_record(record)
        return self._submit(
            _Restore(replace(record, started_at=_utc(record.started_at)), self._stamp())
        )

    def import_sessions(self, records: Iterable[SessionRecord]) -> tuple[int, int]:
        """Adds whole sessions in one transaction: (added, already there by uid).

        All or nothing. Raises JournalUnavailableError (its text is the notice) when the disk
        cannot take them now: a bulk write is not kept pending.
        """
        batch = list(records)
        for record in batch:
            _check_record(record)
        if self._closed:
            raise RuntimeError("the journal is closed")
        self._flush()
        conn = self._writable()
        if conn is None:
            raise JournalUnavailableError(self.notice or f"Unwind cannot open {self.path}.")
        added = 0
        at = self._stamp()
        try:
            with self._transaction(conn):
                for record in batch:
                    added += _insert_record(
                        conn, replace(record, started_at=_utc(record.started_at)), at
                    )
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as error:
            self._set_unavailable(error)
            raise JournalUnavailableError(self.notice or str(error)) from error
        if not self._pending:
            self._recovered()
        return added, len(batch) - added

    # -- reading ---------------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        """True when reads come from the journal file (not from memory only)."""
        return self._conn is not None

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        if self._conn is None:
            return []
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            log.error("reading journal %s: %s", self.path, error)
            self.notice = (
                f"Unwind could not read your journal {self.path} ({error}). Close Unwind and "
                "start it again: it checks the file as it starts."
            )
            return []

    def _with_pending(self, records: Iterable[SessionRecord]) -> dict[str, SessionRecord]:
        shown = {record.uid: record for record in records}
        for change in self._pending:
            change.show(shown)
        return shown

    def _all_records(self) -> list[SessionRecord]:
        """Every session, newest first, unsaved writes included."""
        rows = self._query(_SELECT_RECORDS + _NEWEST_FIRST)
        shown = self._with_pending(_record_from_row(row) for row in rows)
        return sorted(shown.values(), key=lambda r: (r.started_at, r.uid), reverse=True)

    def session(self, uid: str) -> SessionRecord | None:
        rows = self._query(_SELECT_RECORDS + " WHERE s.uid = ?", (uid,))
        found = [_record_from_row(row) for row in rows]
        if not self._pending:
            return found[0] if found else None
        return self._with_pending(found).get(uid)

    def sessions(
        self,
        routine_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[SessionRecord]:
        """Sessions newest first; since inclusive, until exclusive."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")
        clauses: list[str] = []
        params: list[object] = []
        if routine_id is not None:
            clauses.append("s.routine_id = ?")
            params.append(routine_id)
        if since is not None:
            clauses.append("s.started_at >= ?")
            params.append(time_to_text(since))
        if until is not None:
            clauses.append("s.started_at < ?")
            params.append(time_to_text(until))
        sql = _SELECT_RECORDS + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += _NEWEST_FIRST
        if limit is not None:
            # Unsaved deletions may remove some of the newest: read that many more.
            sql += " LIMIT ?"
            params.append(limit + sum(isinstance(c, _Delete) for c in self._pending))
        found = [_record_from_row(row) for row in self._query(sql, params)]
        if not self._pending:
            return found

        def wanted(record: SessionRecord) -> bool:
            return (
                (routine_id is None or record.routine_id == routine_id)
                and (since is None or record.started_at >= _utc(since))
                and (until is None or record.started_at < _utc(until))
            )

        shown = [r for r in self._with_pending(found).values() if wanted(r)]
        shown.sort(key=lambda r: (r.started_at, r.uid), reverse=True)
        return shown if limit is None else shown[:limit]

    def count(self) -> int:
        if self._pending:
            return len(self._all_records())
        rows = self._query("SELECT count(*) FROM sessions")
        return int(rows[0][0]) if rows else 0

    def routines_used(self) -> list[tuple[str, str]]:
        """(routine_id, its latest title) for every routine in the journal, by title."""
        if self._pending:
            titles: dict[str, str] = {}
            for record in reversed(self._all_records()):
                titles[record.routine_id] = record.routine_title
            used = list(titles.items())
        else:
            # SQLite takes a bare column from the row that holds the max().
            rows = self._query(
                "SELECT routine_id, routine_title, max(started_at) FROM sessions "
                "GROUP BY routine_id"
            )
            used = [(row[0], row[1]) for row in rows]
        return sorted(used, key=lambda item: (item[1].casefold(), item[0]))

    def _stress_rows(
        self, since: datetime | None = None
    ) -> list[tuple[str, str, datetime, int | None, int | None]]:
        """(routine_id, title, started_at, before, after stress), oldest first."""
        if self._pending:
            records = reversed(self._all_records())
            return [
                (
                    r.routine_id,
                    r.routine_title,
                    r.started_at,
                    r.before.stress if r.before else None,
                    r.after.stress if r.after else None,
                )
                for r in records
                if since is None or r.started_at >= _utc(since)
            ]
        sql = _SELECT_STRESS
        params: list[object] = []
        if since is not None:
            sql += " WHERE s.started_at >= ?"
            params.append(time_to_text(since))
        rows = self._query(sql + _OLDEST_FIRST, params)
        return [(rid, title, time_from_text(started), b, a) for rid, title, started, b, a in rows]

    def routine_stats(self) -> list[RoutineStats]:
        """Per-routine figures (see stats.summarise), by routine title."""
        if self._pending:
            rows = self._stress_rows()
            return stats.routine_stats((rid, title, b, a) for rid, title, _, b, a in rows)
        found = self._query(_SELECT_STRESS.replace("s.started_at, ", "") + _OLDEST_FIRST)
        return stats.routine_stats(found)

    def stress_series(self, since: datetime) -> list[tuple[datetime, int | None, int | None]]:
        """(started_at, before stress, after stress) for every session since, oldest first."""
        return [(started, b, a) for _, _, started, b, a in self._stress_rows(since)]

    def practice_days_per_week(
        self, since: datetime, *, tz: tzinfo | None = None
    ) -> list[tuple[date, int]]:
        """(Monday, days with a session) for each week from since's week to this one.

        Days are calendar days in tz, by default the system's local time.
        """
        to_day = stats.local_day_function(tz)
        first_week = stats.week_start(to_day(_utc(since)))
        last_week = stats.week_start(to_day(self._now()))
        # From the first Monday's start, a day early to be safe across zones; the day of
        # each session is then worked out exactly.
        from_moment = datetime.combine(first_week - timedelta(days=1), datetime.min.time(), UTC)
        starts = [started for _, _, started, _, _ in self._stress_rows(from_moment)]
        return stats.practice_days_per_week(starts, first_week, last_week, tz)

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Tries the waiting writes once more, then closes the file."""
        if self._closed:
            return
        self._flush()
        if self._pending:
            log.error("journal closed with %s unsaved writes", len(self._pending))
        self._closed = True
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()
            self._conn = None

    def __enter__(self) -> JournalStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
