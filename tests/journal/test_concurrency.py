"""Two Unwinds writing to one journal at the same time lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from journal.records import raw
from unwind.journal.store import FILE_NAME, JournalStore

SESSIONS_EACH = 200

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from unwind.journal.models import CheckIn, Ending, Moment
    from unwind.journal.store import JournalStore

    folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = JournalStore(folder)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    unsaved = 0
    for i in range(count):
        uid = store.begin_session(name, name.title(), 60)
        unsaved += not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=i % 11))
        unsaved += not store.end_session(uid, 60, Ending.COMPLETED)
        unsaved += not store.record_checkin(uid, Moment.AFTER, CheckIn(stress=(i + 3) % 11))
    unsaved += store.pending_writes
    store.close()
    print("unsaved", unsaved, "notice", store.notice, flush=True)
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    JournalStore(tmp_path).close()  # both find a journal of the current format
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, str(SESSIONS_EACH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        results = [writer.communicate(timeout=120) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "unsaved 0 notice None", err

    path = tmp_path / FILE_NAME
    assert raw(path, "SELECT routine_id, count(*) FROM sessions GROUP BY 1 ORDER BY 1") == [
        ("first", SESSIONS_EACH),
        ("second", SESSIONS_EACH),
    ]
    assert raw(path, "SELECT count(*) FROM check_ins") == [(4 * SESSIONS_EACH,)]
    assert raw(path, "SELECT count(*) FROM sessions WHERE ending = 'completed'") == [
        (2 * SESSIONS_EACH,)
    ]
    with JournalStore(tmp_path) as store:
        assert store.count() == 2 * SESSIONS_EACH
