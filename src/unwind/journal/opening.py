"""Opening the journal file: checking it is ours, upgrading it, and moving damage aside.

`open_journal` never raises for a disk problem: it says what it found in an `Opened`.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from unwind.journal.files import (
    FIXES,
    LOCKED,
    READ_ONLY,
    SQLITE_HEADER,
    create_private_file,
    fault_reason,
    make_private_folder,
    move_aside,
    tighten_modes,
)
from unwind.journal.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
"""How long a command waits for another program's lock on the file before it gives up."""


@dataclass
class Opened:
    """What opening the file gave: a connection (None when there is none to be had), and
    a sentence for the person when something is wrong."""

    conn: sqlite3.Connection | None
    read_only: bool = False
    """The file opened for reading only: a later write opens it again."""
    newer: bool = False
    """A newer Unwind's file: never to be written."""
    version: int = SCHEMA_VERSION
    """The file's format; older only when it opened read-only and could not be upgraded."""
    notice: str | None = None
    fault: str | None = None
    """The notice, when it is about a disk fault that goes away once writes land again."""
    problem: str | None = None
    """What is wrong, in words for a terminal (the notice speaks of a session going on)."""
    locked: bool = False
    """Another program's lock kept the file from opening."""


def cannot_write(path: Path, error: BaseException) -> str:
    """The problem as a terminal tells it: what, where, and the fix."""
    reason = fault_reason(error, path)
    fix = FIXES.get(reason, "check that folder and the disk it is on")
    return f"your journal {path} cannot be written ({reason}): {fix}"


def unavailable(path: Path, error: BaseException) -> str:
    """The person's sentence for a disk that refuses the journal; the detail goes to the log."""
    reason = fault_reason(error, path)
    log.warning("journal %s: %s", path, error)
    fix = FIXES.get(reason, "check that folder and the disk it is on")
    return (
        f"Unwind cannot save to your journal {path} ({reason}). Your session goes "
        "on and its answers are kept in memory, saved as soon as the disk takes them: "
        f"{fix}."
    )


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so busy_timeout covers the wait for it.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


class _Damaged(Exception):
    """The file is not a journal Unwind can read: to be moved aside."""


class _Newer(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _probe_write(conn: sqlite3.Connection) -> None:
    """Raises OperationalError now if the file opened read-only, rather than at a write."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        conn.execute("ROLLBACK")


class _Opener:
    def __init__(
        self, folder: Path, path: Path, now: Callable[[], datetime], busy_timeout_ms: int
    ) -> None:
        self.folder = folder
        self.path = path
        self._now = now
        self.busy_timeout_ms = busy_timeout_ms
        self.result = Opened(None)

    def _set_unavailable(self, error: BaseException) -> None:
        self.result.notice = self.result.fault = unavailable(self.path, error)
        self.result.problem = cannot_write(self.path, error)
        self.result.locked = fault_reason(error) == LOCKED

    def open(self) -> sqlite3.Connection | None:
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
                self.result.newer = True
                self.result.notice = (
                    f"Your journal {self.path} was made by a newer Unwind (format "
                    f"{newer.version}; this one knows up to {SCHEMA_VERSION}). Unwind leaves "
                    "it untouched, so this session's answers are kept in memory only: update "
                    "Unwind to keep journaling."
                )
                self.result.problem = (
                    f"your journal {self.path} was made by a newer Unwind (format "
                    f"{newer.version}; this one knows up to {SCHEMA_VERSION}): update Unwind"
                )
                log.warning("journal %s has schema version %s", self.path, newer.version)
                return None
            except (OSError, sqlite3.Error) as error:
                self._set_unavailable(error)
                return self._read_only() if fault_reason(error, self.path) == READ_ONLY else None
        return None  # pragma: no cover - the loop returns

    def _read_only(self) -> sqlite3.Connection | None:
        """The journal for reading alone, when its file or folder refuses writes: so that it
        can still be shown and exported. SQLite needs `immutable` to read a WAL file in a
        folder where it cannot make the -shm beside it; nothing writes there meanwhile."""
        for options in ("mode=ro", "mode=ro&immutable=1"):
            uri = f"{self.path.absolute().as_uri()}?{options}"
            try:
                conn = sqlite3.connect(
                    uri, uri=True, timeout=self.busy_timeout_ms / 1000, isolation_level=None
                )
            except sqlite3.Error:
                continue
            try:
                if self._check(conn) == SCHEMA_VERSION:
                    self.result.read_only = True
                    return conn
            except (_Damaged, _Newer, sqlite3.Error):
                pass
            conn.close()
        return None

    def _connect(self) -> sqlite3.Connection:
        """Opens, checks and upgrades the file; raises _Damaged, _Newer or a disk error."""
        make_private_folder(self.folder)
        if self.path.exists() or self.path.is_symlink():
            if not self.path.is_file():
                raise IsADirectoryError(f"{self.path} is not a file")
            with open(self.path, "rb") as existing:
                header = existing.read(len(SQLITE_HEADER))
            if header and header != SQLITE_HEADER:
                raise _Damaged("it is not a SQLite database")
            tighten_modes(self.folder, self.path)  # before SQLite opens it read-only
        else:
            create_private_file(self.path)
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        try:
            version = self._check(conn)
            self.result.read_only = False
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                self._migrate(conn)
                _probe_write(conn)
            except sqlite3.OperationalError as error:
                if fault_reason(error) != READ_ONLY and version != SCHEMA_VERSION:
                    raise
                # Readable but not writable (an older format is then read through an
                # upgraded copy in memory): show the journal, keep new answers waiting.
                self.result.read_only = True
                self.result.version = version
                self._set_unavailable(error)
            tighten_modes(self.folder, self.path)
            return conn
        except BaseException:
            conn.close()
            raise

    def _check(self, conn: sqlite3.Connection) -> int:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
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
        with transaction(conn):
            # Read again inside the write lock: another Unwind may have upgraded meanwhile.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise _Newer(version)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
                log.info("journal %s upgraded to format %s", self.path, step + 1)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _move_aside(self, reason: str) -> bool:
        stamp = self._now().astimezone().strftime("%Y%m%d-%H%M%S")
        try:
            aside = move_aside(self.path, stamp)
        except OSError as error:
            log.error("could not move the damaged journal %s aside: %s", self.path, error)
            self.result.notice = (
                f"Your journal {self.path} is damaged ({reason}) and Unwind could not move it "
                f"aside ({error.strerror or error}). This session's answers are kept in "
                "memory only: move that file somewhere else, and Unwind will start a new "
                "journal."
            )
            return False
        log.error("journal %s was damaged (%s); moved to %s", self.path, reason, aside)
        self.result.notice = (
            f"Your journal file was damaged, so Unwind moved it to {aside} and started a new "
            "journal. Nothing was deleted: keep that file if you want to try to recover it."
        )
        return True


def open_journal(
    folder: Path,
    path: Path,
    now: Callable[[], datetime],
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Opened:
    """Opens (creating, upgrading or moving aside as needed) the journal file, waiting at
    most `busy_timeout_ms` for each lock another program holds on it."""
    opener = _Opener(folder, path, now, busy_timeout_ms)
    opener.result.conn = opener.open()
    return opener.result


def memory_copy(source: sqlite3.Connection | None, path: Path) -> tuple[sqlite3.Connection, bool]:
    """The journal copied into memory and brought to the current format: (copy, blank).

    Blank when there was nothing to copy from, or the copy failed: the copy then starts
    empty and does not know the sessions the file holds.
    """
    # sqlite3.Connection directly: the copy must not depend on what can open files
    memory = sqlite3.Connection(":memory:", isolation_level=None)
    blank = True
    if source is not None:
        try:
            source.backup(memory)
            blank = False
        except sqlite3.Error as error:
            log.warning("journal %s could not be copied into memory: %s", path, error)
    version = int(memory.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:  # a newer Unwind's file is never read: start empty
        memory.close()
        return memory_copy(None, path)
    for step in range(version, SCHEMA_VERSION):
        for statement in MIGRATIONS[step]:
            memory.execute(statement)
    memory.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    memory.execute("PRAGMA foreign_keys = ON")
    return memory, blank
