"""An in-memory stand-in for JournalStore with the same query methods, for history tests."""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from unwind.journal.models import (
    MIN_PAIRS_FOR_STATS,
    CheckIn,
    Ending,
    Moment,
    RoutineStats,
    SessionRecord,
)

T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228)
"""Two-sided 95% t quantiles for 1..10 degrees of freedom; 2.0 beyond is close enough here."""

ROUTINES = (
    ("calm-5-5", "Calm breathing 5-5"),
    ("cyclic-sighing", "Cyclic sighing"),
    ("neck-shoulders", "Neck and shoulders: slow strokes, kneading and the skull base"),
    ("quiet-rest", "Quiet rest"),
)


class _Unset:
    pass


UNSET = _Unset()


class FakeJournal:
    """Holds records in a dict; counts the queries the page makes."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.now = now
        self.notice: str | None = None
        self.records: dict[str, SessionRecord] = {}
        self.queries: list[str] = []
        self._next = 0

    # --- writing ------------------------------------------------------------------------

    def add(self, record: SessionRecord) -> None:
        self.records[record.uid] = record

    def begin_session(
        self,
        routine_id: str,
        routine_title: str,
        planned_seconds: float,
        started_at: datetime | None = None,
    ) -> str:
        self._next += 1
        uid = f"fake{self._next}"
        self.add(
            SessionRecord(
                uid,
                routine_id,
                routine_title,
                started_at or self.now(),
                planned_seconds,
                0.0,
                Ending.RUNNING,
            )
        )
        return uid

    def record_checkin(self, uid: str, moment: Moment, checkin: CheckIn) -> bool:
        if uid not in self.records:
            return False
        record = self.records[uid]
        if moment is Moment.BEFORE:
            self.records[uid] = replace(record, before=checkin)
        else:
            self.records[uid] = replace(record, after=checkin)
        return True

    def save_note(self, uid: str, text: str) -> bool:
        if uid not in self.records:
            return False
        self.records[uid] = replace(self.records[uid], note=text)
        return True

    def end_session(self, uid: str, completed_seconds: float, ending: Ending) -> bool:
        if uid not in self.records:
            return False
        self.records[uid] = replace(
            self.records[uid], completed_seconds=completed_seconds, ending=ending
        )
        return True

    def update_session(
        self,
        uid: str,
        *,
        before: CheckIn | _Unset | None = UNSET,
        after: CheckIn | _Unset | None = UNSET,
        note: str | None = None,
    ) -> bool:
        self.queries.append("update_session")
        record = self.records.get(uid)
        if record is None:
            return False
        if not isinstance(before, _Unset):
            record = replace(record, before=before)
        if not isinstance(after, _Unset):
            record = replace(record, after=after)
        if note is not None:
            record = replace(record, note=note)
        self.records[uid] = record
        return True

    def delete_session(self, uid: str) -> SessionRecord | None:
        self.queries.append("delete_session")
        return self.records.pop(uid, None)

    def restore_session(self, record: SessionRecord) -> bool:
        self.queries.append("restore_session")
        if record.uid in self.records:
            return False
        self.records[record.uid] = record
        return True

    # --- reading ------------------------------------------------------------------------

    def session(self, uid: str) -> SessionRecord | None:
        return self.records.get(uid)

    def sessions(
        self,
        routine_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[SessionRecord]:
        self.queries.append("sessions")
        found = [
            r
            for r in self.records.values()
            if (routine_id is None or r.routine_id == routine_id)
            and (since is None or r.started_at >= since)
            and (until is None or r.started_at < until)
        ]
        found.sort(key=lambda r: r.started_at, reverse=True)
        return found if limit is None else found[:limit]

    def count(self) -> int:
        return len(self.records)

    def routines_used(self) -> list[tuple[str, str]]:
        self.queries.append("routines_used")
        latest: dict[str, SessionRecord] = {}
        for record in self.records.values():
            seen = latest.get(record.routine_id)
            if seen is None or record.started_at > seen.started_at:
                latest[record.routine_id] = record
        return sorted(
            ((r.routine_id, r.routine_title) for r in latest.values()), key=lambda p: p[1]
        )

    def routine_stats(self) -> list[RoutineStats]:
        self.queries.append("routine_stats")
        grouped: dict[str, list[SessionRecord]] = {}
        for record in sorted(self.records.values(), key=lambda r: r.started_at):
            grouped.setdefault(record.routine_id, []).append(record)
        out: list[RoutineStats] = []
        for routine_id, records in grouped.items():
            changes = tuple(c for r in records if (c := r.stress_change) is not None)
            stats = RoutineStats(
                routine_id, records[-1].routine_title, len(records), len(changes), changes=changes
            )
            if len(changes) >= MIN_PAIRS_FOR_STATS:
                mean = statistics.fmean(changes)
                df = len(changes) - 1
                t = T_975[df - 1] if df <= len(T_975) else 2.0
                half = t * statistics.stdev(changes) / len(changes) ** 0.5
                stats = replace(
                    stats,
                    mean_change=mean,
                    ci_low=mean - half,
                    ci_high=mean + half,
                    median_change=float(statistics.median(changes)),
                    share_dropped_2=sum(1 for c in changes if c <= -2) / len(changes),
                )
            out.append(stats)
        out.sort(key=lambda s: (s.routine_title.casefold(), s.routine_id))  # as the store does
        return out

    def stress_series(self, since: datetime) -> list[tuple[datetime, int | None, int | None]]:
        self.queries.append("stress_series")
        out: list[tuple[datetime, int | None, int | None]] = []
        for r in sorted(self.records.values(), key=lambda r: r.started_at):
            if r.started_at < since:
                continue
            before = r.before.stress if r.before else None
            after = r.after.stress if r.after else None
            if before is not None or after is not None:
                out.append((r.started_at, before, after))
        return out

    def practice_days_per_week(self, since: datetime) -> list[tuple[date, int]]:
        self.queries.append("practice_days_per_week")
        first = since.astimezone().date()
        monday = first - timedelta(days=first.weekday())
        last = self.now().astimezone().date()
        days: dict[date, set[date]] = {}
        for r in self.records.values():
            if r.started_at < since:
                continue
            day = r.started_at.astimezone().date()
            days.setdefault(day - timedelta(days=day.weekday()), set()).add(day)
        out: list[tuple[date, int]] = []
        while monday <= last:
            out.append((monday, len(days.get(monday, ()))))
            monday += timedelta(days=7)
        return out


def fill(journal: FakeJournal, n: int, days: float, seed: int = 1) -> None:
    """`n` plausible sessions over the last `days` days, some check-ins left unanswered."""
    rng = random.Random(seed)
    now = journal.now()
    for i in range(n):
        routine_id, title = rng.choices(ROUTINES, weights=(5, 3, 3, 1))[0]
        started = now - timedelta(seconds=rng.uniform(600, days * 86400))
        planned = rng.choice((300.0, 420.0, 600.0))
        ending = Ending.COMPLETED if rng.random() < 0.9 else Ending.STOPPED
        completed = planned if ending is Ending.COMPLETED else rng.uniform(60, planned)
        before_stress = max(0, min(10, round(rng.gauss(5.5, 1.8))))
        drop = rng.gauss(1.0 if routine_id == "quiet-rest" else 1.8, 1.2)
        after_stress = max(0, min(10, round(before_stress - drop)))
        before = CheckIn(stress=before_stress) if rng.random() < 0.9 else None
        after = CheckIn(stress=after_stress) if rng.random() < 0.8 else None
        note = rng.choice(("", "", "", "Shoulders tight after a long meeting.", "Slept badly."))
        journal.add(
            SessionRecord(
                f"s{seed}-{i}",
                routine_id,
                title,
                started,
                planned,
                completed,
                ending,
                before,
                after,
                note,
            )
        )
