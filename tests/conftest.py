"""Offscreen Qt and a silent audio driver for every test, set before anything imports them."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private virtual X screen for real-window tests; -displayfd picks a free number."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: apt-get install xvfb (the README's test command does)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24"),
            *("-nolisten", "tcp", "-noreset"),
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


class LogWatch(logging.Handler):
    """Every warning and error logged during a test.

    A degraded path must not pass quietly: a test fails when something logs a warning it did
    not expect. A test expects them by reading the log itself (asking for `caplog`), or by
    naming them: `log_watch.expect("could not be saved")`.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.allowed: list[re.Pattern[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def expect(self, *patterns: str) -> None:
        self.allowed.extend(re.compile(pattern) for pattern in patterns)

    def unexpected(self) -> list[str]:
        found = []
        for record in self.records:
            text = record.getMessage()
            if not any(pattern.search(text) for pattern in self.allowed):
                found.append(f"{record.levelname} {record.name}: {text}")
        return found


@pytest.fixture(autouse=True)
def log_watch(request: pytest.FixtureRequest) -> Iterator[LogWatch]:
    watch = LogWatch()
    root = logging.getLogger()
    root.addHandler(watch)
    try:
        yield watch
    finally:
        root.removeHandler(watch)
    if "caplog" not in request.fixturenames:
        unexpected = watch.unexpected()
        if unexpected:
            pytest.fail("unexpected log records:\n" + "\n".join(unexpected), pytrace=False)


@pytest.fixture
def journal_faults(log_watch: LogWatch) -> None:
    """For tests that break the journal's file on purpose: the store logs what it met."""
    log_watch.expect(
        "^journal ",
        "journal write for unknown session",
        "could not move the damaged journal",
        "journal closed with",
        "journal.s unsaved answers",
    )


@pytest.fixture
def private_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A D-Bus message bus of the test's own (dbus-daemon); yields its address."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is missing: apt-get install dbus-daemon (the README's command)")
    folder = tmp_path_factory.mktemp("bus")
    config = folder / "bus.conf"
    config.write_text(
        "<busconfig><type>session</type>"
        f"<listen>unix:dir={folder}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>",
        "utf-8",
    )
    daemon = subprocess.Popen(
        ["dbus-daemon", "--nofork", "--print-address", f"--config-file={config}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    if not address:
        daemon.kill()
        pytest.fail("dbus-daemon did not start")
    yield address
    daemon.terminate()
    daemon.wait(timeout=10)
    daemon.stdout.close()
