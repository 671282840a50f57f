"""The real app started on a journal file that is damaged, empty, locked or not a file at all:
it opens its window, says what it found and where the old file went, and quits cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.test_real_window import ROUTINE, app_env, exported_sessions, wait_for_line
from unwind.journal.store import FILE_NAME, JournalStore

pytestmark = pytest.mark.xvfb


def start(data: Path, display: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "unwind", "--data-dir", str(data), *args],
        env=app_env(display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def press_in(display: str, title: str, key: str) -> None:
    env = {**os.environ, "DISPLAY": display}
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", title],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    ).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", found], env=env, check=True, timeout=20)
    subprocess.run(["xdotool", "key", key], env=env, check=True, timeout=20)


def quit_app(app: subprocess.Popen[str]) -> str:
    """SIGTERM, as a logout sends; returns stderr. Fails if the app does not end cleanly."""
    try:
        app.send_signal(signal.SIGTERM)
        _, stderr = app.communicate(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, stderr
    assert "Traceback" not in stderr
    return stderr


def a_journal(folder: Path) -> bytes:
    with JournalStore(folder) as store:
        store.begin_session("box", "Box breathing", 60)
    return (folder / FILE_NAME).read_bytes()


def garbage(folder: Path) -> bytes:
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"not a database at all\n" * 40)
    return (folder / FILE_NAME).read_bytes()


def truncated(folder: Path) -> bytes:
    whole = a_journal(folder)
    (folder / FILE_NAME).write_bytes(whole[: len(whole) // 2])
    return whole[: len(whole) // 2]


def corrupt_pages(folder: Path) -> bytes:
    whole = bytearray(a_journal(folder))
    whole[4096:8192] = b"\xff" * 4096  # the second page: the schema's tables
    (folder / FILE_NAME).write_bytes(bytes(whole))
    return bytes(whole)


@pytest.mark.parametrize("damage", [garbage, truncated, corrupt_pages])
def test_a_damaged_journal_is_moved_aside_with_its_time_and_the_app_says_where(
    xvfb_display: str, tmp_path: Path, damage: Callable[[Path], bytes]
) -> None:
    folder = tmp_path / "journal"
    before = damage(folder)
    log = tmp_path / "logs" / "unwind.log"
    app = start(tmp_path, xvfb_display)
    wait_for_line(log, "journal opened on disk", app, 30)
    quit_app(app)
    [aside] = [p for p in folder.iterdir() if ".corrupt-" in p.name]
    assert aside.name.startswith(f"{FILE_NAME}.corrupt-20")  # a timestamp, never deleted
    assert aside.read_bytes() == before
    assert f"journal notice: Your journal file was damaged, so Unwind moved it to {aside}" in (
        log.read_text("utf-8")
    )
    assert (
        exported_sessions(
            [sys.executable, "-m", "unwind", "--data-dir", str(tmp_path)], xvfb_display
        )
        == []
    )


def test_a_zero_length_journal_is_simply_a_new_one(xvfb_display: str, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / FILE_NAME).touch()
    log = tmp_path / "logs" / "unwind.log"
    app = start(tmp_path, xvfb_display)
    wait_for_line(log, "journal opened on disk", app, 30)
    quit_app(app)
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        FILE_NAME
    ]
    assert "journal notice" not in log.read_text("utf-8")


def test_a_journal_locked_by_another_program_is_told_and_read(
    xvfb_display: str, tmp_path: Path
) -> None:
    folder = tmp_path / "journal"
    a_journal(folder)
    holder = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    log = tmp_path / "logs" / "unwind.log"
    try:
        app = start(tmp_path, xvfb_display)
        wait_for_line(log, "journal opened", app, 40)
        quit_app(app)
    finally:
        holder.close()
    text = log.read_text("utf-8")
    assert "another program holds it locked" in text
    assert "close the other program that has it open" in text
    assert [p for p in folder.iterdir() if ".corrupt-" in p.name] == []


ROUTINE_DONE = "session e2e-short finished"


def test_answers_a_journal_refused_are_kept_at_quit_and_added_at_the_next_start(
    xvfb_display: str, tmp_path: Path
) -> None:
    """A folder where the journal file goes: the session's answers wait in memory, go to a
    file beside it at quit, and the next start offers them once the journal opens again."""
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "short.toml").write_text(ROUTINE, "utf-8")
    (tmp_path / "settings.json").write_text('{"checkins": false}', "utf-8")
    folder = tmp_path / "journal"
    (folder / FILE_NAME).mkdir(parents=True)
    log = tmp_path / "logs" / "unwind.log"
    command = [sys.executable, "-m", "unwind", "--data-dir", str(tmp_path)]

    done = subprocess.run(
        [*command, "--start", "e2e-short", "--quit-when-done"],
        env=app_env(xvfb_display),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "journal opened in memory" in log.read_text("utf-8")
    [kept] = folder.glob(f"{FILE_NAME}.unsaved-*.json")
    assert f"kept in {kept}" in done.stderr
    assert kept.stat().st_mode & 0o077 == 0

    (folder / FILE_NAME).rmdir()  # the person puts things right
    app = start(tmp_path, xvfb_display)
    wait_for_line(log, "journal opened on disk", app, 30)
    press_in(xvfb_display, "Answers not saved last time", "Return")  # "Add them", the default
    wait_for_line(log, "1 kept sessions added to the journal", app, 30)
    quit_app(app)
    assert list(folder.glob(f"{FILE_NAME}.unsaved-*.json")) == []
    [entry] = exported_sessions(command, xvfb_display)
    assert entry["routine_id"] == "e2e-short" and entry["ending"] == "completed"
