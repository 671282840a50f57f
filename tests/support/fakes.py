"""Fakes shared by the tests: a clock that moves only when told and an audio that records."""

from __future__ import annotations

from unwind.audio.cues import CueSound


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingAudio:
    """Stands in for the mixer: remembers what it was asked to do."""

    def __init__(self, clock: FakeClock | None = None, available: bool = True) -> None:
        self.clock = clock
        self.available = available
        self.notice: str | None = None if available else "No sound device could be opened."
        self.calls: list[tuple[str, object]] = []
        self.cues: list[CueSound] = []
        self.muted = False
        self.volumes = (0.5, 0.7)
        self.ambient: str | None = None

    def start(self) -> None:
        self.calls.append(("start", None))

    def play_ambient(self, soundscape: str, fade_ms: int = 3000) -> None:
        self.ambient = soundscape
        self.calls.append(("play_ambient", soundscape))

    def stop_ambient(self, fade_ms: int = 2000) -> None:
        self.ambient = None
        self.calls.append(("stop_ambient", fade_ms))

    def pause(self) -> None:
        self.calls.append(("pause", None))

    def resume(self) -> None:
        self.calls.append(("resume", None))

    def play_cue(self, sound: CueSound) -> float | None:
        if self.muted or not self.available:
            return None
        self.cues.append(sound)
        return self.clock() if self.clock else 0.0

    def set_volumes(self, ambient: float, cues: float) -> None:
        self.volumes = (ambient, cues)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self) -> None:
        self.calls.append(("close", None))


class RecordingJournal:
    """Stands in for JournalStore in window tests: remembers every write, in order."""

    def __init__(self) -> None:
        self.notice: str | None = None
        self.writes: list[tuple[str, object]] = []
        self.deleted: list[str] = []
        self._next = 0

    def begin_session(
        self,
        routine_id: str,
        routine_title: str,
        planned_seconds: float,
        started_at: object = None,
    ) -> str:
        self._next += 1
        uid = f"uid{self._next}"
        self.writes.append(("begin", (uid, routine_id, planned_seconds)))
        return uid

    def record_checkin(self, uid: str, moment: object, checkin: object) -> bool:
        self.writes.append(("checkin", (uid, moment, checkin)))
        return True

    def save_note(self, uid: str, text: str) -> bool:
        self.writes.append(("note", (uid, text)))
        return True

    def end_session(self, uid: str, completed_seconds: float, ending: object) -> bool:
        self.writes.append(("end", (uid, completed_seconds, ending)))
        return True

    def delete_session(self, uid: str) -> None:
        self.deleted.append(uid)

    def close(self) -> None:
        pass

    def of(self, kind: str) -> list[object]:
        return [value for name, value in self.writes if name == kind]
