"""One Unwind per data folder: a lock says who runs, a socket takes commands (no Qt).

The first Unwind takes an exclusive lock on a file beside its socket and holds it while it
runs; the kernel lets go of it when the process ends, even in a crash, so a socket left
behind is known to be stale and the next Unwind takes it over. A second Unwind cannot take
the lock: it sends its command (show the window, start a routine) over the socket as one
JSON line and exits, without loading Qt, so the hand-over is quick. Two Unwinds never write
one journal, and two started at once leave one: the lock decides between them.

The socket lives in the user's runtime folder (private to the user), or inside the folder
given with --data-dir, so each data folder has its own Unwind.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from unwind.core.paths import APP_DIR_NAME, AppPaths

log = logging.getLogger(__name__)

SOCKET_NAME = "instance.socket"
HAND_OVER_SECONDS = 5.0
"""How long a second Unwind waits for the first to listen (it may be starting too)."""
MAX_SOCKET_PATH = 100
"""A Unix socket's path must fit in 108 bytes; longer data folders use the runtime folder."""


def socket_path(paths: AppPaths) -> Path:
    """Inside a --data-dir folder when the path is short enough, else the runtime folder."""
    portable = paths.config == paths.data
    if portable:
        inside = paths.data / SOCKET_NAME
        if len(os.fsencode(inside)) <= MAX_SOCKET_PATH:
            return inside
    runtime = Path(platformdirs.user_runtime_dir(APP_DIR_NAME, appauthor=False))
    if not portable:
        return runtime / SOCKET_NAME
    digest = hashlib.sha256(os.fsencode(paths.data.absolute())).hexdigest()[:16]
    return runtime / f"instance-{digest}.socket"


def lock_path(socket_file: Path) -> Path:
    return socket_file.with_name(socket_file.name + ".lock")


@dataclass
class Claim:
    """This process is the Unwind for its data folder while it holds `descriptor`."""

    socket: Path
    descriptor: int | None
    """The locked file; None when no lock could be made (a read-only folder): Unwind runs
    anyway, without the hand-over."""

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


def claim(paths: AppPaths) -> Claim | None:
    """The claim on this data folder, or None when another Unwind holds it."""
    where = socket_path(paths)
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(lock_path(where), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as error:
        log.warning("cannot make sure only one Unwind runs (%s): %s", where.parent, error)
        return Claim(where, None)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(descriptor)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return None
        log.warning("cannot lock %s: %s", lock_path(where), error)
        return Claim(where, None)
    with contextlib.suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
    return Claim(where, descriptor)


class HandOverFailed(RuntimeError):
    """The running Unwind did not take the command in time."""


def hand_over(
    where: Path, command: dict[str, Any], seconds: float = HAND_OVER_SECONDS
) -> dict[str, Any]:
    """Sends one command to the running Unwind; returns its answer."""
    deadline = time.monotonic() + seconds
    line = (json.dumps(command) + "\n").encode()
    last: OSError | None = None
    while time.monotonic() < deadline:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(max(0.1, deadline - time.monotonic()))
                client.connect(str(where))
                client.sendall(line)
                answer = b""
                while not answer.endswith(b"\n"):
                    part = client.recv(4096)
                    if not part:
                        break
                    answer += part
            reply: dict[str, Any] = json.loads(answer or b"{}")
            return reply
        except (FileNotFoundError, ConnectionRefusedError) as error:
            last = error  # the first Unwind is still starting: it has the lock, not the socket
            time.sleep(0.02)
        except (OSError, ValueError) as error:
            raise HandOverFailed(str(error)) from error
    raise HandOverFailed(f"nothing answered on {where} ({last})")


def holder(where: Path) -> str:
    """The process id written in the lock file, for messages."""
    try:
        return lock_path(where).read_text("ascii").strip() or "?"
    except OSError:
        return "?"
