"""Journal-scale probe: one fresh process times the journal's work on a given journal file.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.journal_probe --folder DIR

DIR holds journal.sqlite3. Timed, in this order, with time.perf_counter():
open_ms      JournalStore(DIR) (it runs SQLite's quick_check);
history_ms   HistoryPage(store, LIGHT) constructed, shown (it loads the default 30 days on
             show) and its chart's first Paint delivered (offscreen);
stats_ms     store.routine_stats(), first call;
csv_ms       every session exported as CSV to memory, as `unwind journal export` does.
Prints one JSON line. With --populate N it only writes N demo sessions (populate_demo,
seed 1, ending now) into DIR.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.journal_probe")
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--populate", type=int, default=0, help="write N demo sessions, stop")
    args = parser.parse_args(argv)
    if args.populate:
        from benchmarks.demo import populate_demo
        from unwind.journal.store import JournalStore

        began = time.perf_counter()
        with JournalStore(args.folder) as fresh:
            added = populate_demo(fresh, args.populate, seed=1)
        seconds = time.perf_counter() - began
        sys.stdout.write(json.dumps({"added": added, "seconds": seconds}) + "\n")
        return 0

    app = QApplication(sys.argv[:1])
    from unwind.journal import exchange
    from unwind.journal.store import JournalStore
    from unwind.ui.journal.page import HistoryPage
    from unwind.ui.theme import LIGHT, apply_theme

    apply_theme(app, LIGHT)
    began = time.perf_counter()
    store = JournalStore(args.folder)
    open_ms = (time.perf_counter() - began) * 1000
    if store.notice:
        raise SystemExit(f"journal_probe: {store.notice}")
    count = store.count()

    painted = Painted()
    began = time.perf_counter()
    page = HistoryPage(store, LIGHT)
    page.chart.installEventFilter(painted)
    page.resize(1180, 720)
    page.show()
    deadline = began + 30
    while painted.at is None and time.perf_counter() < deadline:
        app.processEvents()
    if painted.at is None:
        raise SystemExit("journal_probe: the history chart was never painted")
    history_ms = (painted.at - began) * 1000
    shown = page.table.model().rowCount() if hasattr(page, "table") else -1

    began = time.perf_counter()
    store.routine_stats()
    stats_ms = (time.perf_counter() - began) * 1000

    out = io.StringIO()
    began = time.perf_counter()
    exported = exchange.write_csv(reversed(store.sessions()), out)
    csv_ms = (time.perf_counter() - began) * 1000

    line = {
        "count": count,
        "open_ms": open_ms,
        "history_ms": history_ms,
        "history_rows": shown,
        "stats_ms": stats_ms,
        "csv_ms": csv_ms,
        "csv_rows": exported,
        "csv_bytes": len(out.getvalue()),
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    page.hide()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
