"""Follows the routines folder, so a file written, changed or removed there shows at once.

A directory watch tells of files added, removed and renamed (editors that save by renaming);
a watch on each file tells of changes written in place. Bursts (an editor writes, renames
and touches) are gathered into one `changed` a moment later.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

SETTLE_MS = 250
"""How long the folder must be quiet before the library is read again."""


class FolderWatch(QObject):
    """Signals: changed() once the folder has settled after a change."""

    changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._poke)
        self.watcher.fileChanged.connect(self._poke)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self._settled)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.info("routines folder %s cannot be made (%s): not followed", folder, exc)
        self.follow_files()

    def follow_files(self) -> None:
        """Watches the folder and each routine file in it now (a file replaced by a rename
        is a new file to the system, so this runs after every change)."""
        wanted = {str(self.folder)} if self.folder.is_dir() else set()
        with contextlib.suppress(OSError):
            wanted |= {str(p) for p in self.folder.glob("*.toml") if p.is_file()}
        watched = set(self.watcher.directories()) | set(self.watcher.files())
        gone = sorted(watched - wanted)
        if gone:
            self.watcher.removePaths(gone)
        new = sorted(wanted - watched)
        if new:
            self.watcher.addPaths(new)

    def _poke(self, _path: str) -> None:
        self.settle.start()

    def _settled(self) -> None:
        self.follow_files()
        self.changed.emit()
