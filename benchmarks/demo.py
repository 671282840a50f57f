"""Realistic made-up sessions, for benchmarks, screenshots and trying the journal views.

    populate_demo(store, 10_000, seed=1)   # one transaction, about a second
    python -m benchmarks.demo 10000        # times the journal's reads and exports

The same seed and clock give the same journal.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from unwind.journal import exchange
from unwind.journal.models import TENSION_AREAS, CheckIn, Ending, SessionRecord
from unwind.journal.store import JournalStore

DEMO_ROUTINES = (
    # id, title, planned seconds, typical drop in stress, how often chosen
    ("neck-and-shoulders", "Neck and shoulders", 600.0, 1.6, 5),
    ("box-breathing", "Box breathing", 300.0, 1.2, 4),
    ("evening-wind-down", "Evening wind-down", 900.0, 1.8, 3),
    ("desk-reset", "Desk reset", 180.0, 0.9, 3),
    ("quiet-rest", "Quiet rest", 300.0, 0.8, 2),
    ("four-seven-eight", "4-7-8 breathing", 240.0, 1.1, 1),
)
DEMO_TAGS = ("work", "after a run", "headache", "evening", "poor sleep")
DEMO_NOTES = (
    "Shoulders felt looser by the end.",
    "Hard to settle at first.",
    "Did it at my desk between meetings.",
    "Jaw still tight.",
    "Fell half asleep, in a good way.",
)


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def demo_sessions(n: int, seed: int, end: datetime) -> list[SessionRecord]:
    """n sessions up to end, one or two on most days, oldest first."""
    rng = random.Random(seed)
    weights = [routine[4] for routine in DEMO_ROUTINES]
    days = max(1, round(n / 1.4))
    records: list[SessionRecord] = []
    for index in range(n):
        routine_id, title, planned, drop, _ = rng.choices(DEMO_ROUTINES, weights)[0]
        day = days - 1 - index * days // n
        started = end - timedelta(days=day, hours=rng.uniform(0, 14), minutes=rng.uniform(1, 59))
        before_stress = _clamp(rng.gauss(5.5, 2.0), 0, 10)
        before = CheckIn(
            stress=before_stress if rng.random() > 0.03 else None,
            valence=_clamp(rng.gauss(4.5, 1.5), 1, 9),
            arousal=_clamp(rng.gauss(6.0, 1.5), 1, 9),
        )
        luck = rng.random()
        if luck < 0.01:
            ending, completed = Ending.RUNNING, rng.uniform(0, planned)
        elif luck < 0.07:
            ending, completed = Ending.STOPPED, round(rng.uniform(10, planned * 0.9), 1)
        else:
            ending, completed = Ending.COMPLETED, planned
        after: CheckIn | None = None
        if ending is not Ending.RUNNING and rng.random() > 0.1:
            # Higher starts fall further: the regression to the mean the caveats talk about.
            fall = rng.gauss(drop + 0.25 * (before_stress - 5.5), 1.2)
            areas = tuple(sorted(rng.sample(sorted(TENSION_AREAS), rng.choice((0, 0, 1, 2)))))
            after = CheckIn(
                stress=_clamp(before_stress - fall, 0, 10) if rng.random() > 0.05 else None,
                valence=_clamp(rng.gauss(6.0, 1.3), 1, 9),
                arousal=_clamp(rng.gauss(3.8, 1.3), 1, 9),
                tension_areas=areas,
                tags=(rng.choice(DEMO_TAGS),) if rng.random() < 0.15 else (),
            )
        records.append(
            SessionRecord(
                uid=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                routine_id=routine_id,
                routine_title=title,
                started_at=started,
                planned_seconds=planned,
                completed_seconds=completed,
                ending=ending,
                before=before,
                after=after,
                note=rng.choice(DEMO_NOTES) if rng.random() < 0.2 else "",
            )
        )
    records.sort(key=lambda record: record.started_at)
    return records


def populate_demo(store: JournalStore, n: int, seed: int = 0) -> int:
    """Writes n demo sessions in one transaction, ending now; returns how many were added."""
    added, _ = store.import_sessions(demo_sessions(n, seed, store.now()))
    return added


def measure(n: int = 10_000, repeats: int = 5) -> list[tuple[str, float]]:
    """(what, best seconds) for the journal's reads and exports on n demo sessions."""

    def best(action: Callable[[], object]) -> float:
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            action()
            times.append(time.perf_counter() - began)
        return min(times)

    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        with JournalStore(Path(folder)) as store:
            began = time.perf_counter()
            populate_demo(store, n, seed=1)
            results.append((f"populate_demo({n}) in one transaction", time.perf_counter() - began))
        began = time.perf_counter()
        store = JournalStore(Path(folder))
        results.append(("open (with quick_check)", time.perf_counter() - began))
        with store:
            now = store.now()
            quarter = now - timedelta(days=91)
            checks: list[tuple[str, Callable[[], object]]] = [
                ("count()", store.count),
                ("sessions(limit=50)", lambda: store.sessions(limit=50)),
                ("sessions(routine_id, limit=50)", lambda: store.sessions("quiet-rest", limit=50)),
                ("sessions() all", store.sessions),
                ("routines_used()", store.routines_used),
                ("routine_stats()", store.routine_stats),
                ("sessions(since 91 days)", lambda: store.sessions(since=quarter)),
                (
                    "CSV export (read + write)",
                    lambda: exchange.write_csv(reversed(store.sessions()), io.StringIO()),
                ),
                (
                    "JSON export (read + write)",
                    lambda: exchange.write_json(reversed(store.sessions()), io.StringIO(), now),
                ),
            ]
            results.extend((name, best(action)) for name, action in checks)
    return results


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for name, seconds in measure(count):
        print(f"{name:<40} {seconds * 1000:8.1f} ms")
