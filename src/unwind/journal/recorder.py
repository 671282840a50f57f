"""The journal's listener of the practice: each fact of a session is written as it happens."""

from __future__ import annotations

from collections.abc import Callable

from unwind.core.practice import (
    CheckInAnswered,
    Event,
    NoteChanged,
    Progress,
    SessionAbandoned,
    SessionBegun,
    SessionEnded,
)
from unwind.journal.models import Ending
from unwind.journal.store import JournalStore


class JournalRecorder:
    """Call it with every practice event (`practice.subscribe(recorder)`).

    `on_notice(sentence)` hears the store's notice after a write when there is one (a disk
    that refused it, say), so the window can tell the person.
    """

    def __init__(
        self, store: JournalStore, on_notice: Callable[[str], None] = lambda _text: None
    ) -> None:
        self.store = store
        self.on_notice = on_notice
        self._trials: set[str] = set()
        """Sessions that only try a routine being made: nothing of them is kept."""

    def __call__(self, event: Event) -> None:
        store = self.store
        uid_of = (
            event.outcome.uid if isinstance(event, SessionEnded) else getattr(event, "uid", None)
        )
        if uid_of in self._trials:
            return
        match event:
            case SessionBegun(uid=uid, trial=True):
                self._trials.add(uid)
                return
            case SessionBegun(uid=uid, routine=routine, started_at=started):
                store.begin_session(routine.id, routine.title, routine.duration, started, uid=uid)
            case CheckInAnswered(uid=uid, moment=moment, checkin=checkin):
                store.record_checkin(uid, moment, checkin)
            case NoteChanged(uid=uid, text=text):
                store.save_note(uid, text)
            case Progress(uid=uid, practised_seconds=practised, reached_seconds=reached):
                store.end_session(uid, reached, Ending.RUNNING, practised_seconds=practised)
            case SessionEnded(outcome=outcome):
                ending = Ending.COMPLETED if outcome.completed else Ending.STOPPED
                store.end_session(
                    outcome.uid,
                    outcome.reached_seconds,
                    ending,
                    practised_seconds=outcome.practised_seconds,
                )
            case SessionAbandoned(uid=uid):
                store.delete_session(uid)
            case _:
                return
        if store.notice:
            self.on_notice(store.notice)
