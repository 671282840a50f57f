"""One declarative settings schema: each setting's name, type, bounds, default and meaning.

Validation and the settings controls are both driven by `SCHEMA`. A damaged settings file is
moved aside (never deleted) and the defaults are used, with a notice for the person; so is
one that is not UTF-8 JSON, too large, or nested too deep. A value out of its bounds, not a
number, NaN or beyond any float, falls back to its default. The file is private (0600). Reads are
typed (`flag`, `number`, `text`, `names`), and `subscribe` tells whoever asks when a value
changes, so the sound engine, the player and the settings dialog never poll or copy them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from unwind.core.private_files import open_private, private_mode

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024
"""Unwind's own settings file is a few hundred bytes."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: Sequence[str] | None = None
    label: str = ""
    """The words beside the control in the settings dialog; empty keeps it out of the dialog."""
    choice_labels: Mapping[str, str] | None = None
    kind: str = ""
    """What a text or list holds beyond its type (see KINDS): "time" (HH:MM), "times",
    "weekdays", "routine" (a routine id, or empty), "moment" (an ISO date and time, or
    empty); for a number, "minutes" asks the dialog for a spin box."""
    section: str = ""
    """The heading the settings dialog shows this setting under."""

    def accepts(self, value: Any) -> bool:
        """Whether a value read from the file is one this setting can hold (a number out of
        range is held at its end, and counts as accepted)."""
        if self.type is bool:
            return isinstance(value, bool)
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            try:
                return math.isfinite(float(value))
            except OverflowError:
                return False
        if self.type is str:
            if not isinstance(value, str):
                return False
            if self.choices is not None and value not in self.choices:
                return False
            return KINDS[self.kind].valid(value) if self.kind else True
        if self.type is list:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return False
            return all(KINDS[self.kind].valid(v) for v in value) if self.kind else True
        return False

    def coerce(self, value: Any) -> Any:
        """The value if it is valid for this setting, else the default."""
        if self.kind in KINDS and not self.accepts(value):
            return self.coerce(self.default)
        if self.type is bool:
            return value if isinstance(value, bool) else self.default
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return self.default
            try:
                value = float(value)
            except OverflowError:  # a whole number beyond any float, such as 10**400
                return self.default
            if not math.isfinite(value):
                return self.default
            low = self.minimum if self.minimum is not None else float("-inf")
            high = self.maximum if self.maximum is not None else float("inf")
            return min(max(value, low), high)
        if self.type is str:
            if not isinstance(value, str):
                return self.default
            if self.choices is not None and value not in self.choices:
                return self.default
            return value
        if self.type is list:
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return sorted(set(value), key=KINDS[self.kind].order) if self.kind else list(value)
            return list(self.default)
        raise TypeError(f"unsupported setting type {self.type}")


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as settings.json keeps them, Monday first (Python's weekday() order)."""
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
ROUTINE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class Kind:
    """A kind of text a setting holds: how to check it, sort it and say what it should be."""

    valid: Callable[[str], bool]
    expected: str
    order: Callable[[str], Any] = str


def _moment(value: str) -> bool:
    if not value:
        return True
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


KINDS: dict[str, Kind] = {
    "time": Kind(lambda v: _TIME.fullmatch(v) is not None, "a time of day such as 09:30"),
    "times": Kind(
        lambda v: _TIME.fullmatch(v) is not None, 'a list of times of day such as ["15:00"]'
    ),
    "weekdays": Kind(
        lambda v: v in WEEKDAYS, 'a list of days such as ["mon", "tue"]', WEEKDAYS.index
    ),
    "routine": Kind(lambda v: v == "" or ROUTINE_ID.fullmatch(v) is not None, "a routine id"),
    "moment": Kind(_moment, "a date and time with its offset, or empty"),
}


SOUNDSCAPES = {
    "rain": "Rain",
    "ocean": "Ocean waves",
    "wind": "Wind in trees",
    "brown_noise": "Brown noise",
    "silence": "Silence",
}
SOUNDSCAPE_IDS = tuple(SOUNDSCAPES)
THEMES = {
    "system": "Follow the desktop",
    "light": "Light",
    "dark": "Dark",
    "contrast": "High contrast",
}
MOTION = {"system": "Follow the desktop", "on": "Reduce motion", "off": "Full motion"}
VOICE_DETAIL_LABELS = {"full": "Full guidance", "key": "Key cues only", "off": "Off"}
VOICE_DETAILS = tuple(VOICE_DETAIL_LABELS)

SCHEMA: tuple[Setting, ...] = (
    Setting(
        "soundscape",
        str,
        "rain",
        "Plays softly under the guidance; the player changes it for the session too",
        choices=SOUNDSCAPE_IDS,
        label="Ambient sound",
        choice_labels=SOUNDSCAPES,
    ),
    Setting(
        "ambient_volume",
        float,
        0.5,
        "How loud the rain, waves or wind play",
        0.0,
        1.0,
        label="Ambient volume",
    ),
    Setting(
        "cue_volume",
        float,
        0.7,
        "Chimes mark each new step; the breath tones play at this level too",
        0.0,
        1.0,
        label="Chime volume",
    ),
    Setting(
        "breath_tones",
        bool,
        False,
        "A soft rising tone on each inhale and a falling one on each exhale, for closed eyes",
        label="Breath tones",
    ),
    Setting("muted", bool, False, "M mutes and unmutes during a session", label="Mute all sound"),
    # --- spoken guidance ---
    Setting(
        "voice",
        str,
        "off",
        "A calm voice says each step, side changes and what comes next, for closed eyes",
        choices=VOICE_DETAILS,
        label="Spoken guidance",
        choice_labels=VOICE_DETAIL_LABELS,
    ),
    Setting("voice_volume", float, 0.8, "Loudness of the voice", 0.0, 1.0, label="Voice volume"),
    Setting(
        "voice_breath",
        bool,
        False,
        'The voice says "in", "hold" and "out" on each breath, instead of the breath tones',
        label="Spoken breath phases",
    ),
    Setting(
        "voice_countdown",
        bool,
        False,
        "The voice counts down the last three seconds of each step",
        label="Final countdown",
    ),
    Setting(
        "voice_notice_seen",
        bool,
        False,
        "The note on adding the voice engine for your own routines was shown",
    ),
    Setting(
        "checkins",
        bool,
        True,
        "Two quick questions before and after each session, kept in your journal",
        label="Check-ins",
    ),
    # --- how things look and move ---
    Setting(
        "theme",
        str,
        "system",
        "Following the desktop also follows its high-contrast setting",
        choices=tuple(THEMES),
        label="Colours",
        choice_labels=THEMES,
    ),
    Setting(
        "reduce_motion",
        str,
        "system",
        "Reduced shows each breath in words and a slowly filling ring instead of a growing circle",
        choices=tuple(MOTION),
        label="Motion",
        choice_labels=MOTION,
    ),
    Setting("safety_seen", list, [], "Massage routines whose safety guidance was shown"),
    # --- reminders and the tray ---------------------------------------------------------
    Setting(
        "reminders",
        bool,
        False,
        "Unwind stays in the tray and offers a routine at the moments chosen below; never "
        "during a full-screen window or do-not-disturb",
        label="Remind me to take a break",
        section="Reminders",
    ),
    Setting(
        "reminder_times",
        list,
        ["15:00"],
        "A reminder comes at each of these, for example 12:30, 15:00",
        label="Times of day",
        kind="times",
        section="Reminders",
    ),
    Setting(
        "reminder_days",
        list,
        list(WEEKDAYS[:5]),
        "The days for the reminders at fixed times",
        label="Reminder days",
        kind="weekdays",
        section="Reminders",
    ),
    Setting(
        "reminder_every",
        float,
        0.0,
        "A reminder after this many minutes of use within working hours; time away from the "
        "computer does not count, and a break of five minutes starts the count again",
        0.0,
        240.0,
        label="Every",
        kind="minutes",
        section="Reminders",
    ),
    Setting(
        "work_start",
        str,
        "09:00",
        "When working hours begin",
        label="Working hours from",
        kind="time",
        section="Reminders",
    ),
    Setting(
        "work_end",
        str,
        "17:00",
        "When working hours end",
        label="Until",
        kind="time",
        section="Reminders",
    ),
    Setting(
        "work_days",
        list,
        list(WEEKDAYS[:5]),
        "The days with working hours",
        label="Working days",
        kind="weekdays",
        section="Reminders",
    ),
    Setting(
        "reminder_routine",
        str,
        "",
        "The routine a reminder offers; by default a quick break by day and a wind-down in "
        "the evening",
        label="Routine offered",
        kind="routine",
        section="Reminders",
    ),
    Setting(
        "start_at_login",
        bool,
        False,
        "Unwind starts in the tray when you log in",
        label="Start at login",
        section="Reminders",
    ),
    Setting(
        "reminders_paused_until",
        str,
        "",
        "Reminders are paused until this moment (from the tray)",
        kind="moment",
    ),
    Setting("tray_explained", bool, False, "Whether Unwind said it stays in the tray"),
)

_BY_NAME = {setting.name: setting for setting in SCHEMA}


def setting_named(name: str) -> Setting:
    """The schema's entry for a setting; KeyError for a name it does not know."""
    return _BY_NAME[name]


def _rejection(setting: Setting, value: Any) -> str:
    """Names the field, what it held, what it should hold and what is used instead."""
    kind = KINDS.get(setting.kind)
    expected = kind.expected if kind is not None else f"a {_TYPE_WORDS[setting.type]}"
    if setting.choices is not None:
        expected = "one of " + ", ".join(setting.choices)
    return (
        f"{setting.name} is {json.dumps(value)}, which is not {expected}; Unwind uses "
        f"{json.dumps(setting.default)} instead"
    )


_TYPE_WORDS = {bool: "true or false", float: "number", str: "text", list: "list of names"}


class Settings:
    """The person's settings, saved as JSON in the config folder on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        self._values: dict[str, Any] = {s.name: s.coerce(s.default) for s in SCHEMA}
        self._subscribers: dict[str, list[Callable[[Any], None]]] = {}
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError as exc:
            self.notice = f"Your settings in {self.path} could not be read ({exc.strerror}); "
            self.notice += "Unwind is using its defaults for now."
            log.warning("cannot read %s: %s", self.path, exc)
            return
        try:
            data = _settings_object(raw)
        except ValueError as exc:
            aside = self.path.with_name(
                f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            try:
                os.replace(self.path, aside)
                kept = f"it was kept as {aside}"
            except OSError:
                kept = "it was left where it is"
            self.notice = (
                f"Your settings file {self.path} was damaged ({exc}); {kept}. "
                "Unwind is using its defaults."
            )
            log.warning("damaged settings %s: %s", self.path, exc)
            return
        rejected: list[str] = []
        for name, value in data.items():
            if name in _BY_NAME:
                setting = _BY_NAME[name]
                self._values[name] = setting.coerce(value)
                if not setting.accepts(value):
                    rejected.append(_rejection(setting, value))
                    log.warning("settings %s: %s", self.path, rejected[-1])
        if rejected:
            self.notice = (
                f"In your settings file {self.path}, " + "; ".join(rejected) + ". "
                "Change it in Settings to keep a value of your own."
            )
        if os.name == "posix":
            with contextlib.suppress(OSError):
                private_mode(self.path)

    def get(self, name: str) -> Any:
        """The value as stored; prefer the typed reads below."""
        return self._values[name]

    def _typed(self, name: str, kind: type) -> Any:
        setting = _BY_NAME[name]
        if setting.type is not kind:
            raise TypeError(f"setting {name} is a {setting.type.__name__}, not a {kind.__name__}")
        return self._values[name]

    def flag(self, name: str) -> bool:
        return bool(self._typed(name, bool))

    def number(self, name: str) -> float:
        return float(self._typed(name, float))

    def text(self, name: str) -> str:
        return str(self._typed(name, str))

    def names(self, name: str) -> list[str]:
        return list(self._typed(name, list))

    def set(self, name: str, value: Any) -> None:
        """Sets and saves a value; subscribers hear of it when it really changed."""
        old = self._values[name]
        new = _BY_NAME[name].coerce(value)
        self._values[name] = new
        self.save()
        if new != old:
            for callback in list(self._subscribers.get(name, ())):
                try:
                    callback(new)
                except Exception:  # one broken listener must not stop the others
                    log.exception("a listener of setting %s failed", name)

    def subscribe(self, name: str, callback: Callable[[Any], None]) -> Callable[[], None]:
        """Calls `callback(value)` after each change of `name`; returns the unsubscribe."""
        if name not in _BY_NAME:
            raise KeyError(f"there is no setting {name}")
        callbacks = self._subscribers.setdefault(name, [])
        callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in callbacks:
                callbacks.remove(callback)

        return unsubscribe

    def save(self) -> bool:
        """Writes atomically; on a read-only or full disk keeps the values in memory."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".partial")
            with open(open_private(partial), "w", encoding="utf-8") as out:
                out.write(json.dumps(self._values, indent=2, sort_keys=True))
            os.replace(partial, self.path)
        except OSError as exc:
            self.notice = (
                f"Settings could not be saved to {self.path} ({exc.strerror}). They apply "
                "until you quit; make that folder writable to keep them."
            )
            log.warning("cannot save %s: %s", self.path, exc)
            return False
        return True


def _settings_object(raw: bytes) -> dict[str, Any]:
    """The JSON object in the file's bytes; ValueError, in words for the person, otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"it is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from an editor is fine
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    except ValueError:  # a number of more than 4,300 digits
        raise ValueError("it holds a number too long to read") from None
    if not isinstance(data, dict):
        raise ValueError("the file does not hold a JSON object")
    return data
