"""The journal on disk: one private SQLite file, each answer committed the moment it is given.

Disk trouble never stops a session. When the file refuses a write (read-only, full,
unopenable, a newer Unwind's file, damage that cannot be moved aside), the journal is copied
into an in-memory database and the write lands there; every read then asks that copy, with the
same SQL. The writes made meanwhile wait, in order, and are replayed on the file with the next
write, by `retry_pending()` and at `close()`; once the file has them all, reads go back to it.
A damaged file is moved aside, never deleted, and a fresh journal started; a file from a newer
Unwind is left untouched. `notice` holds a sentence for the person about the latest problem.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from unwind.journal import opening, recovery, stats
from unwind.journal.files import (
    FILE_NAME,
    LOCKED,
    READ_ONLY,
    fault_reason,
)
from unwind.journal.models import CheckIn, Ending, Moment, RoutineStats, SessionRecord
from unwind.journal.opening import (
    cannot_write,
    open_journal,
    transaction,
    unavailable,
)
from unwind.journal.rows import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    SELECT_RECORDS,
    SELECT_STRESS,
    Row,
    UnknownSession,
    insert_record,
    lenient_text,
    record_from_row,
)
from unwind.journal.schema import SCHEMA_VERSION, time_to_text
from unwind.journal.writes import (
    UNSET,
    Begin,
    CheckInWrite,
    Delete,
    Edit,
    End,
    Note,
    Restore,
    Write,
    _Unset,
    check_check_in,
    check_record,
    check_seconds,
    merged,
    replaces,
    utc,
)

log = logging.getLogger(__name__)

WINDOW_BUSY_TIMEOUT_MS = 200
"""A window waits this long at most for another program's lock (a command, 5 s)."""
LOCKED_RETRY_SECONDS = 10.0


__all__ = [
    "FILE_NAME",
    "READ_ONLY",
    "UNSET",
    "JournalStore",
    "JournalUnavailableError",
    "insert_record",
]


class JournalUnavailableError(Exception):
    """The journal cannot take a bulk write now (an import); str() is the window's notice,
    `problem` the same for a terminal."""

    def __init__(self, notice: str, problem: str) -> None:
        super().__init__(notice)
        self.problem = problem


class JournalStore:
    """The journal: sessions with their before/after check-ins, in folder/journal.sqlite3.

    No method raises for a disk problem: it sets `notice` and works from memory. A write
    method returns True when the change is on disk now, False when it waits in memory.
    A write for a uid the journal does not hold is dropped (and logged) and returns False.
    Values out of range (a stress of 11) raise ValueError: that is a bug, not a disk problem.
    """

    def __init__(
        self,
        folder: Path,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        busy_timeout_ms: int = opening.BUSY_TIMEOUT_MS,
    ) -> None:
        """`busy_timeout_ms`: how long a write waits for another program's lock; once a lock
        refused one, writes wait in memory LOCKED_RETRY_SECONDS before the file is tried."""
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.notice: str | None = None
        self.problem: str | None = None
        """The latest disk problem in a terminal's words (no session goes on there)."""
        self._now = now
        self._pending: deque[Write] = deque()
        """Writes the file has not taken yet, oldest first; all of them are in _memory."""
        self._memory: sqlite3.Connection | None = None
        """The journal as reads see it while the file refuses writes."""
        self._conn: sqlite3.Connection | None = None
        self._conn_read_only = False
        """True when the file opened for reading only: a retry opens it again."""
        self._refuse_writes = False
        """A newer Unwind's file: never written."""
        self._fault_notice: str | None = None
        self._blank = False
        """The copy in memory could not be made from the file, so it lacks its sessions."""
        self._closed = False
        self._busy_timeout_ms = busy_timeout_ms
        self._locked_at: datetime | None = None
        self.recovery_folders: list[Path] = [self.folder]
        """Where close() may keep the writes the file never took (see recovery)."""
        self.kept_in: Path | None = None
        self._conn = self._open()
        if self._conn is None or self._refuse_writes or self._outdated:
            self._to_memory()

    # -- opening ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        opened = open_journal(self.folder, self.path, self._now, self._busy_timeout_ms)
        self._conn_read_only = opened.read_only
        self._outdated = opened.conn is not None and opened.version < SCHEMA_VERSION
        if opened.newer:
            self._refuse_writes = True
        if opened.notice is not None:
            self.notice = opened.notice
        if opened.fault is not None:
            self._fault_notice = opened.fault
        if opened.problem is not None:
            self.problem = opened.problem
        self._locked_at = self._now() if opened.locked else None
        return opened.conn

    def _set_unavailable(self, error: BaseException) -> None:
        self.notice = self._fault_notice = unavailable(self.path, error)
        self.problem = cannot_write(self.path, error)
        self._locked_at = self._now() if fault_reason(error) == LOCKED else None

    # -- writing ---------------------------------------------------------------------------

    def _writable(self, *, now: bool = False) -> sqlite3.Connection | None:
        """The file's connection for a write, or None; `now` tries it even when a lock
        refused a write a moment ago."""
        since = None if self._locked_at is None else self._now() - self._locked_at
        if self._refuse_writes or (
            not now and since is not None and 0 <= since.total_seconds() < LOCKED_RETRY_SECONDS
        ):
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

    def _submit(self, change: Write) -> bool:
        if self._closed:
            raise RuntimeError("the journal is closed")
        if self._memory is not None:
            return self._keep(change) and self._flush()
        conn = self._writable()
        if conn is not None:
            try:
                return self._apply(conn, change)
            except sqlite3.IntegrityError:
                raise
            except sqlite3.DatabaseError as error:
                self._refused(error)
        self._to_memory()
        self._keep(change)
        return False

    def _keep(self, change: Write) -> bool:
        """Applies a write to the copy in memory and keeps it for the file; False when it
        is for a session nobody knows (a blank copy keeps it: the file may know it)."""
        assert self._memory is not None
        if not self._apply(self._memory, change, known=not self._blank) and not self._blank:
            return False
        self._queue(change)
        return True

    def _queue(self, change: Write) -> None:
        waiting = self._pending[-1] if self._pending else None
        if replaces(change, waiting):
            self._pending.pop()
            change = merged(change, waiting)
        self._pending.append(change)

    def _apply(self, conn: sqlite3.Connection, change: Write, *, known: bool = True) -> bool:
        """One write in its own transaction; False for a session that is not there, which is
        logged as dropped unless the caller keeps it anyway (`known=False`).

        Disk errors propagate (on the copy in memory there are none).
        """
        try:
            with transaction(conn):
                change.write(conn)
        except UnknownSession:
            if known:
                # Deleted meanwhile (perhaps by another Unwind): nothing to write it to.
                log.warning("journal write for unknown session %s dropped", change.uid)
            return False
        return True

    def _refused(self, error: sqlite3.DatabaseError) -> None:
        self._set_unavailable(error)
        if fault_reason(error, self.path) == READ_ONLY:
            # SQLite keeps a read-only handle read-only: open the file again next time.
            self._conn_read_only = True

    def _to_memory(self) -> None:
        """From now on reads and writes use a copy of the journal in memory."""
        if self._memory is None:
            self._memory, self._blank = opening.memory_copy(self._conn, self.path)

    def _flush(self, *, now: bool = False) -> bool:
        """Replays the waiting writes on the file, oldest first, each in its own transaction.

        True when the file has them all (reads then go back to it).
        """
        if not self._pending:
            self._back_on_disk()
            return True
        conn = self._writable(now=now)
        if conn is None:
            return False
        while self._pending:
            change = self._pending[0]
            try:
                self._apply(conn, change)
            except sqlite3.IntegrityError:
                # Checked before it was queued, so a bug: do not let it block the queue.
                self._pending.popleft()
                raise
            except sqlite3.DatabaseError as error:
                self._refused(error)
                return False
            self._pending.popleft()
        self._back_on_disk()
        return True

    def _back_on_disk(self) -> None:
        """Everything is on disk again: reads go to the file, and the fault's notice goes."""
        if self._memory is not None and self._conn is not None and not self._conn_read_only:
            self._memory.close()
            self._memory = None
        if self._memory is None:
            if self._fault_notice is not None and self.notice == self._fault_notice:
                self.notice = self.problem = None
            self._fault_notice = None

    def begin_session(
        self,
        routine_id: str,
        routine_title: str,
        planned_seconds: float,
        started_at: datetime | None = None,
        *,
        uid: str | None = None,
    ) -> str:
        """Records a session as it starts (ending RUNNING, 0 s done); returns its uid.

        The caller may choose the uid; beginning the same uid twice adds one entry.
        """
        check_seconds("planned_seconds", planned_seconds)
        record = SessionRecord(
            uid=uid or uuid.uuid4().hex,
            routine_id=routine_id,
            routine_title=routine_title,
            started_at=utc(started_at if started_at is not None else self._now()),
            planned_seconds=float(planned_seconds),
            completed_seconds=0.0,
            ending=Ending.RUNNING,
            practised_seconds=0.0,
        )
        self._submit(Begin(record, self._stamp()))
        return record.uid

    def record_checkin(self, uid: str, moment: Moment, checkin: CheckIn) -> bool:
        """Saves (or replaces) the before or after check-in; None fields stay NULL."""
        check_check_in(checkin)
        return self._submit(CheckInWrite(uid, Moment(moment), checkin, self._stamp()))

    def save_note(self, uid: str, text: str) -> bool:
        """Saves the note draft; call it on each debounced change while the person types."""
        return self._submit(Note(uid, str(text), self._stamp()))

    def end_session(
        self,
        uid: str,
        completed_seconds: float,
        ending: Ending,
        *,
        practised_seconds: float | None = None,
    ) -> bool:
        """The seconds so far (how far into the routine, and practised) and the ending;
        RUNNING while the session goes on. Practised None keeps what is stored."""
        check_seconds("completed_seconds", completed_seconds)
        if practised_seconds is not None:
            check_seconds("practised_seconds", practised_seconds)
            practised_seconds = float(practised_seconds)
        return self._submit(
            End(uid, float(completed_seconds), Ending(ending), practised_seconds, self._stamp())
        )

    @property
    def pending_writes(self) -> int:
        return len(self._pending)

    def retry_pending(self) -> bool:
        """Tries the writes that wait in memory again; True when none is left."""
        if self._closed:
            return not self._pending
        return self._flush(now=True)

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
        check_check_in(None if isinstance(before, _Unset) else before)
        check_check_in(None if isinstance(after, _Unset) else after)
        if isinstance(before, _Unset) and isinstance(after, _Unset) and note is None:
            return not self._pending and self.session(uid) is not None
        return self._submit(Edit(uid, before, after, note, self._stamp()))

    def delete_session(self, uid: str) -> SessionRecord | None:
        """Deletes an entry and returns it, for restore_session to undo; None if unknown."""
        record = self.session(uid)
        if record is None:
            return None
        self._submit(Delete(uid))
        return record

    def restore_session(self, record: SessionRecord) -> bool:
        """Puts a deleted entry back exactly as it was, with the same uid."""
        check_record(record)
        return self._submit(
            Restore(replace(record, started_at=utc(record.started_at)), self._stamp())
        )

    def import_sessions(self, records: Iterable[SessionRecord]) -> tuple[int, int]:
        """Adds whole sessions in one transaction: (added, already there by uid).

        All or nothing. Raises JournalUnavailableError (its text is the notice) when the disk
        cannot take them now: a bulk write is not kept pending.
        """
        batch = list(records)
        for record in batch:
            check_record(record)
        if self._closed:
            raise RuntimeError("the journal is closed")
        self._flush()
        conn = self._writable()
        if conn is None or self._memory is not None:
            raise self._unavailable_error()
        added = 0
        at = self._stamp()
        try:
            with transaction(conn):
                for record in batch:
                    added += insert_record(
                        conn, replace(record, started_at=utc(record.started_at)), at
                    )
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as error:
            self._set_unavailable(error)
            raise self._unavailable_error() from error
        self._back_on_disk()
        return added, len(batch) - added

    def _unavailable_error(self) -> JournalUnavailableError:
        problem = self.problem or f"your journal {self.path} cannot be opened"
        return JournalUnavailableError(self.notice or f"Unwind cannot open {self.path}.", problem)

    # -- reading ---------------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        """True when reads come from the journal file (not from a copy in memory)."""
        return self._memory is None and self._conn is not None

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        reader = self._memory if self._memory is not None else self._conn
        if reader is None:
            return []
        try:
            try:
                return reader.execute(sql, params).fetchall()
            except sqlite3.OperationalError as error:
                if not str(error).startswith("Could not decode") or reader.text_factory is not str:
                    raise
                log.warning("journal %s holds words that are not UTF-8: %s", self.path, error)
                reader.text_factory = lenient_text  # the rest of the journal is still shown
                return reader.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            log.error("reading journal %s: %s", self.path, error)
            self.notice = (
                f"Unwind could not read your journal {self.path} ({error}). Close Unwind and "
                "start it again: it checks the file as it starts."
            )
            return []

    def session(self, uid: str) -> SessionRecord | None:
        rows = self._query(SELECT_RECORDS + " WHERE s.uid = ?", (uid,))
        return record_from_row(rows[0]) if rows else None

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
        sql = SELECT_RECORDS + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += NEWEST_FIRST
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [record_from_row(row) for row in self._query(sql, params)]

    def count(self) -> int:
        rows = self._query("SELECT count(*) FROM sessions")
        return int(rows[0][0]) if rows else 0

    def routines_used(self) -> list[tuple[str, str]]:
        """(routine_id, its latest title) for every routine in the journal, by title."""
        # SQLite takes a bare column from the row that holds the max().
        rows = self._query(
            "SELECT routine_id, routine_title, max(started_at) FROM sessions GROUP BY routine_id"
        )
        used = [(row[0], row[1]) for row in rows]
        return sorted(used, key=lambda item: (item[1].casefold(), item[0]))

    def routine_stats(self) -> list[RoutineStats]:
        """Per-routine figures (see stats.summarise), by routine title."""
        found = self._query(SELECT_STRESS.replace("s.started_at, ", "") + OLDEST_FIRST)
        return stats.routine_stats(found)

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Tries the waiting writes once more, then closes the file."""
        if self._closed:
            return
        self._flush(now=True)
        if self._pending:
            log.error("journal closed with %s unsaved writes", len(self._pending))
            self.kept_in = recovery.keep_unsaved(self, self._pending, self.recovery_folders)
        self._closed = True
        for conn in (self._conn, self._memory):
            if conn is not None:
                if conn is self._conn:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("PRAGMA optimize")
                conn.close()
        self._conn = self._memory = None

    def __enter__(self) -> JournalStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
