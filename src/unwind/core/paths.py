"""Where the user's files live: platformdirs by default, one folder with --data-dir."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "UNWIND_DATA_DIR"
APP_DIR_NAME = "unwind"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    log: Path
    cache: Path | None = None
    """The platform's cache folder; None with --data-dir, which keeps it in DIR/cache."""

    @classmethod
    def resolve(cls, data_dir: Path | str | None = None) -> AppPaths:
        """--data-dir wins, then $UNWIND_DATA_DIR, then the platform's user folders."""
        root = data_dir or os.environ.get(DATA_DIR_ENV) or None
        if root:
            base = Path(root).expanduser().absolute()
            return cls(data=base, config=base, log=base / "logs")
        return cls(
            data=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
            log=Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)),
        )

    @property
    def journal(self) -> Path:
        """The journal's own folder, kept private (0700) by the journal store."""
        return self.data / "journal"

    @property
    def routines(self) -> Path:
        return self.config / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def voice_cache(self) -> Path:
        """Spoken lines rendered for the person's own routines: safe to delete."""
        return (self.cache if self.cache is not None else self.data / "cache") / "voice"

    @property
    def log_file(self) -> Path:
        return self.log / "unwind.log"
