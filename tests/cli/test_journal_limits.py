"""The journal commands as a terminal meets them: a read-only journal still exports, a refused
write is told in a terminal's words, a full disk is called full, and nothing is a traceback."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from journal.records import pair
from unwind.journal import files
from unwind.journal.exchange import export_document
from unwind.journal.files import DISK_FULL, fault_reason
from unwind.journal.store import JournalStore

READ_ONLY_ROOT = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
"""Root without the powers that let it write anywhere: a read-only folder is read-only."""


def unwind(
    data: Path, *args: str, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "unwind", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_only_journal(data: Path) -> Path:
    folder = data / "journal"
    with JournalStore(folder) as store:
        store.import_sessions([pair("a" * 32, 6, 3)])
    (folder / files.FILE_NAME).chmod(0o400)
    folder.chmod(0o500)
    return folder


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv is part of util-linux")
def test_a_read_only_journal_still_exports_and_refuses_an_import_in_a_terminal_s_words(
    tmp_path: Path,
) -> None:
    folder = read_only_journal(tmp_path)
    try:
        exported = unwind(tmp_path, "journal", "export", "--format", "json", prefix=READ_ONLY_ROOT)
        assert exported.returncode == 0, exported.stderr
        assert [s["uid"] for s in json.loads(exported.stdout)["sessions"]] == ["a" * 32]
        assert exported.stderr == ""

        export = tmp_path / "more.json"
        document = export_document([pair("b" * 32, 5, 5)], pair("b" * 32, 5, 5).started_at)
        export.write_text(json.dumps(document), "utf-8")
        imported = unwind(tmp_path, "journal", "import", str(export), prefix=READ_ONLY_ROOT)
        assert imported.returncode == 2
        assert imported.stderr.strip() == (
            f"unwind: nothing was imported from {export}: your journal "
            f"{folder / files.FILE_NAME} cannot be written (it is read-only): make that "
            "folder writable."
        )
        assert "session goes on" not in imported.stderr
    finally:
        folder.chmod(0o700)
    with sqlite3.connect(folder / files.FILE_NAME) as conn:
        assert conn.execute("SELECT uid FROM sessions").fetchall() == [("a" * 32,)]


def test_a_folder_in_place_of_the_journal_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "journal" / files.FILE_NAME).mkdir(parents=True)
    done = unwind(tmp_path, "journal", "stats")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert (
        "cannot be written (a folder is where the file goes): move that folder elsewhere."
        in done.stderr
    )


def test_a_disk_io_error_on_a_nearly_full_disk_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    assert fault_reason(error, tmp_path).startswith("the disk reported")
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    assert fault_reason(error, tmp_path) == DISK_FULL
    assert fault_reason(OSError(28, "No space left on device")) == DISK_FULL


def test_an_import_of_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse
    done = unwind(tmp_path, "journal", "import", str(big))
    assert done.returncode == 2 and "larger than the 128 MB" in done.stderr
    assert done.stderr.count("\n") == 1
