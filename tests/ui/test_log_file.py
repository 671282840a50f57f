"""The log: private like the journal (it says when each routine was done), and a log the disk
refuses is told once in one line, never in tracebacks."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from unwind.app import QuietFileHandler, setup_logging
from unwind.core.paths import AppPaths


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.usefixtures("restore_root_logging")
def test_the_log_folder_and_file_are_private(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path)
    paths.log.mkdir(mode=0o755)
    paths.log_file.write_text("earlier\n")
    paths.log_file.chmod(0o644)
    assert setup_logging(paths) == paths.log_file
    logging.getLogger("unwind.test").info("session box finished")
    assert stat.S_IMODE(paths.log.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.log_file.stat().st_mode) == 0o600
    assert "session box finished" in paths.log_file.read_text()


@pytest.mark.usefixtures("restore_root_logging")
def test_a_new_log_folder_and_file_are_private_whatever_the_umask(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path)
    old = os.umask(0)
    try:
        assert setup_logging(paths) == paths.log_file
    finally:
        os.umask(old)
    logging.getLogger("unwind.test").info("session box finished")
    assert stat.S_IMODE(paths.log.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.log_file.stat().st_mode) == 0o600


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_log_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "unwind.log"
    os.symlink("/dev/full", link)
    handler = QuietFileHandler(link)
    logger = logging.getLogger("unwind.test.full")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        for number in range(20):
            logger.info("line %s", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert "Traceback" not in err
