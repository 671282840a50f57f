"""Answers the journal file never took, kept in a file when Unwind quits, offered at the next.

While the disk refuses the journal (read-only, a folder in its place, a newer Unwind's file),
answers wait in memory. If they still wait at quit, the sessions they touch are written, as
they stand, to `journal.sqlite3.unsaved-STAMP.json` beside the journal (or, when that folder
refuses it too, in the next folder given): a private file in the JSON export's format, with
the uids of sessions deleted meanwhile under "deleted". At the next start Unwind offers to add
them; `unwind journal import` reads the file too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from unwind.core.private_files import open_private
from unwind.journal import exchange
from unwind.journal.files import FILE_NAME
from unwind.journal.models import SessionRecord
from unwind.journal.writes import Delete, Write

if TYPE_CHECKING:
    from unwind.journal.store import JournalStore

log = logging.getLogger(__name__)

PATTERN = f"{FILE_NAME}.unsaved-*.json"


def keep_unsaved(
    store: JournalStore, pending: Iterable[Write], folders: Sequence[Path]
) -> Path | None:
    """Writes the sessions the waiting writes touch; returns where, or None (logged)."""
    uids = list(dict.fromkeys(change.uid for change in pending))
    deleted = {change.uid for change in pending if isinstance(change, Delete)}
    records = []
    for uid in uids:
        record = store.session(uid)
        if record is not None:
            records.append(record)
    document = exchange.export_document(records, store.now())
    document["deleted"] = [uid for uid in uids if uid in deleted and store.session(uid) is None]
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    name = f"{FILE_NAME}.unsaved-{store.now().astimezone().strftime('%Y%m%d-%H%M%S')}.json"
    for folder in folders:
        target = folder / name
        partial = folder / f".{name}.partial"
        try:
            with open(open_private(partial), "w", encoding="utf-8") as out:
                out.write(text + "\n")
            os.replace(partial, target)
        except OSError as error:
            log.warning("journal's unsaved answers cannot be kept in %s: %s", folder, error)
            with contextlib.suppress(OSError):
                partial.unlink()
            continue
        log.warning("journal's unsaved answers (%s sessions) kept in %s", len(records), target)
        return target
    log.error("journal's unsaved answers could not be kept anywhere: they are lost")
    return None


def find_unsaved(folders: Iterable[Path]) -> list[Path]:
    """Files of unsaved answers, oldest first."""
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        with contextlib.suppress(OSError):
            found.extend(path for path in folder.glob(PATTERN) if path.is_file())
    return sorted(found, key=lambda path: path.name)


def sessions_in(path: Path, store: JournalStore) -> tuple[list[SessionRecord], list[str]]:
    """The sessions and the deleted uids of a file; raises JournalImportError."""
    records = exchange.read_export(path, now=store.now())
    try:
        deleted = json.loads(path.read_text("utf-8")).get("deleted", [])
    except (OSError, ValueError, RecursionError, AttributeError):
        deleted = []
    if not isinstance(deleted, list):
        deleted = []
    shaped = [uid for uid in deleted if isinstance(uid, str) and exchange.UID_RE.fullmatch(uid)]
    return records, shaped


def add_unsaved(store: JournalStore, path: Path) -> int:
    """Puts the file's sessions in the journal as they stood (replacing what stands under
    their uids) and deletes what was deleted; removes the file once the journal file has it
    all. Returns how many sessions; raises JournalImportError for a file it cannot read."""
    records, deleted = sessions_in(path, store)
    for record in records:
        store.restore_session(record)
    for uid in deleted:
        store.delete_session(uid)
    if store.pending_writes == 0 and store.on_disk:
        with contextlib.suppress(OSError):
            path.unlink()
            log.info("unsaved answers of %s added to the journal", path)
    return len(records)
