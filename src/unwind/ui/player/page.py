"""The player: one step at a time, with a pacer or a body map, the countdown and what's next.

The page shows the practice's session and hands it the person's keys and clicks; what a key
means for the session (and what is recorded) is the practice's to decide. Timers only ask
the practice to catch up (`tick`) and what the state is now. The frame timer runs only while
a breath animates; otherwise a single-shot timer wakes for the next countdown second and
another for the next cue, so a massage step costs almost nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.core.practice import (
    CueFired,
    Event,
    Moved,
    Paused,
    PausedForSleep,
    PlaybackStarted,
    Practice,
    Resumed,
    SessionEnded,
    StageChanged,
)
from unwind.core.routine import PRESSURES, TECHNIQUES, StepKind, format_duration
from unwind.core.settings import Settings
from unwind.core.timeline import CueKind, SessionState
from unwind.ui.layouts import FlowLayout
from unwind.ui.player.controls import SoundControls
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.player.stage import Stage, StepWords
from unwind.ui.player.words import (
    breath_words,
    orientation,
    pacer_description,
    side_announcement,
    step_announcement,
    where_words,
)
from unwind.ui.setting_controls import eyes_closed_box
from unwind.ui.theme import Theme
from unwind.ui.widgets import (
    AskToEnd,
    KeyGuard,
    PrimaryButton,
    letter_key,
    named,
    page_scroller,
    press_for_enter,
    steady_width,
)

if TYPE_CHECKING:
    from unwind.ui.player.body_map import BodyMapWidget

SIDE_BY_SIDE_FROM = 700
"""Below this width (in device-independent pixels) the words go under the picture."""
REDUCED_FRAME_MS = 50
"""With reduced motion the ring that fills through each phase is drawn 20 times a second."""


SLEPT = "Paused while your computer slept"


def clock_text(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


class PlayerPage(QWidget):
    """Plays the practice's session: shows its state and passes on pause, skip, back and end.

    `ask_to_end` asks before a session practised for over a minute is ended.
    """

    def __init__(
        self,
        practice: Practice,
        settings: Settings,
        theme: Theme,
        ask_to_end: AskToEnd,
        guard: KeyGuard | None = None,
    ) -> None:
        super().__init__()
        self.practice = practice
        self.guard = guard or KeyGuard()
        self.settings = settings
        self.ask_to_end = ask_to_end
        self._shown_step = -1
        self._shown_side: str | None = None
        self._texts: dict[str, str] = {}
        self._cue_due = 0.0
        self._announced: tuple[int, str | None] | None = None
        self._shortcuts: dict[Qt.Key, QShortcut] = {}
        self.last_announcement = ""

        self.frame_timer = QTimer(self)
        self.frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.frame_timer.timeout.connect(self.refresh)
        self.cue_timer = QTimer(self)
        self.cue_timer.setSingleShot(True)
        self.cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.cue_timer.timeout.connect(self.refresh)
        self.second_timer = QTimer(self)
        self.second_timer.setSingleShot(True)
        self.second_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.second_timer.timeout.connect(self.refresh)

        # header
        self.routine_title = QLabel()
        self.routine_title.setObjectName("subheading")
        self.routine_title.setWordWrap(True)
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("muted")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        named(self.progress, "Session progress", tip=False)
        header = FlowLayout(spacing=12)
        header.addWidget(self.routine_title)
        header.add_stretch()
        header.addWidget(self.remaining_label)

        # stage: the big picture, and the words beside it (or under it when narrow)
        self.pacer = PacerWidget()
        self._theme = theme
        self._body_map: BodyMapWidget | None = None
        self.visual = QStackedWidget()
        self.visual.addWidget(self.pacer)
        self.visual.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.orientation = QLabel()
        self.orientation.setObjectName("orientation")
        self.orientation.setWordWrap(True)
        self.orientation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture = QWidget()
        picture_column = QVBoxLayout(picture)
        picture_column.setContentsMargins(0, 0, 0, 0)
        picture_column.addWidget(self.visual, 1)
        picture_column.addWidget(self.orientation)

        words = StepWords()
        self.words = words
        self.step_number, self.step_title = words.step_number, words.step_title
        self.where_pill, self.how_pill = words.where_pill, words.how_pill
        self.pressure_pill, self.instruction = words.pressure_pill, words.instruction
        self.side_row, self.side_pacer, self.side_word = words.side_row, words.pacer, words.word
        self.countdown, self.breath_info = words.countdown, words.breath_info
        self.stage = Stage(picture, words, SIDE_BY_SIDE_FROM)
        self.stage.veil.resume_requested.connect(self.toggle_pause)
        self.set_theme(theme)

        self.next_label = QLabel()
        self.next_label.setObjectName("next")
        self.next_label.setWordWrap(True)

        # controls
        self.back_button = QPushButton("◀  Back")
        named(self.back_button, "Back", "Restart this step, or go to the previous one (Left)")
        self.pause_button = PrimaryButton("Pause")
        self.pause_button.setToolTip("Pause or resume (Space)")
        steady_width(self.pause_button, "Pause", "Resume")
        self.skip_button = QPushButton("Skip  ▶")
        named(self.skip_button, "Skip", "Go to the next step (Right)")
        self.stop_button = QPushButton("End")
        named(self.stop_button, "End", "End the session (Esc)")
        self.back_button.clicked.connect(self.back)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.skip_button.clicked.connect(self.skip)
        self.stop_button.clicked.connect(self.request_stop)

        self.eyes_closed = eyes_closed_box(settings)
        self.controls = FlowLayout(spacing=8)
        for button in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            self.controls.addWidget(button)
        self.controls.addWidget(self.eyes_closed)
        self.controls.add_stretch()
        self.sound = SoundControls(settings)
        self.controls.addWidget(self.sound)
        self.soundscape = self.sound.soundscape
        self.ambient_volume = self.sound.ambient_volume
        self.cue_volume = self.sound.cue_volume
        self.voice_volume = self.sound.voice_volume
        self.tones = self.sound.tones
        self.mute_button = self.sound.mute_button

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.progress)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self.next_label)
        layout.addLayout(self.controls)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = page_scroller(content)
        outer.addWidget(self.scroller)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (
            (Qt.Key.Key_Space, self.toggle_pause),
            (Qt.Key.Key_Right, self.skip),
            (Qt.Key.Key_Left, self.back),
            (Qt.Key.Key_Escape, self.request_stop),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(lambda key=key, slot=slot: self._key(key, slot))
            self._shortcuts[key] = shortcut
        letter_key(Qt.Key.Key_E, self, self.eyes_closed.toggle, context)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for pacer in (self.pacer, self.side_pacer):
            pacer.set_accent(theme.color("accent"), theme.color("control"))
        if self._body_map is not None:
            self._body_map.set_theme(theme)

    def set_reduce_motion(self, reduced: bool) -> None:
        """Still circles with words and a slowly filling ring, or the growing circle."""
        self.pacer.set_reduced(reduced)
        self.side_pacer.set_reduced(reduced)
        if self.frame_timer.isActive():
            self.frame_timer.start(self._frame_interval())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not press_for_enter(self, event, None, self.guard):
            super().keyPressEvent(event)

    # --- what the practice says ----------------------------------------------------------

    def __call__(self, event: Event) -> None:
        """The page's listener of the practice (subscribed by the window)."""
        match event:
            case PlaybackStarted(routine=routine):
                self.stop_timers()
                self._shown_step = -1
                self._shown_side = None
                self._announced = None
                self._texts.clear()
                self.routine_title.setText(routine.title)
                self._show_paused(False)
                self.scroller.verticalScrollBar().setValue(0)
            case StageChanged():
                if self.practice.playing:
                    self.pause_button.setFocus()
                    self.show_now()
                else:
                    self.stop_timers()
            case Paused():
                self._show_paused(True)
                self.stop_timers()
            case PausedForSleep():
                word = self.stage.veil.word
                word.setText(SLEPT)
                # the card's layout gives a wrapped word one line: ask for the lines it takes
                word.setMinimumHeight(word.heightForWidth(max(word.width(), 1)))
                self.stage.set_paused(True)
                self.announce(f"{SLEPT}. Space resumes.")
            case Resumed():
                self._show_paused(False)
                self.show_now()
            case Moved(state=state):
                self.show_now()
                self._announce_place(state)
            case CueFired(cue=cue, state=state) if cue.kind in (
                CueKind.STEP_STARTED,
                CueKind.SWITCH_SIDES,
            ):
                self._announce_place(state)
            case SessionEnded():
                self.stop_timers()

    def _show_paused(self, paused: bool) -> None:
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pacer.set_paused(paused)
        self.side_pacer.set_paused(paused)
        had_focus = self.stage.veil.resume_button.hasFocus()
        self.stage.set_paused(paused)
        if paused:
            self.stage.veil.word.setText("Paused")
            self.stage.veil.word.setMinimumHeight(0)
            self.stage.veil.resume_button.setFocus()
            self.scroller.ensureWidgetVisible(self.stage.veil.resume_button)
            self.announce("Paused. Space resumes.")
        elif had_focus:
            self.pause_button.setFocus()

    # --- what a screen reader hears -------------------------------------------------------

    def _announce_place(self, state: SessionState) -> None:
        """Says a new step, or the other side of an "each side" step, once each."""
        routine = self.practice.routine
        if routine is None:
            return
        place = (state.step_index, state.side)
        if place == self._announced:
            return
        same_step = self._announced is not None and self._announced[0] == state.step_index
        self._announced = place
        if same_step:
            self.announce(side_announcement(state.step, state.side))
        else:
            total = len(routine.steps)
            self.announce(step_announcement(state.step, state.step_index + 1, total, state.side))

    def announce(self, text: str) -> None:
        """Tells a screen reader at once, politely (it waits for what it is saying)."""
        self.last_announcement = text
        if QAccessible.isActive():
            announcement = QAccessibleAnnouncementEvent(self, text)
            announcement.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(announcement)

    # --- the person's keys and clicks ----------------------------------------------------

    def _key(self, key: Qt.Key, slot: Callable[[], None]) -> None:
        """A player key, unless the control with focus uses it: the arrows move a slider
        (and a list), Space flips a switch and opens a drop-down."""
        focus = self.focusWidget()
        arrows = key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        theirs = (arrows and isinstance(focus, QAbstractSlider | QAbstractItemView)) or (
            key == Qt.Key.Key_Space and isinstance(focus, QCheckBox | QComboBox)
        )
        if focus is not None and theirs and self.isAncestorOf(focus):
            shortcut = self._shortcuts[key]
            shortcut.setEnabled(False)  # the key goes to the control, not round again
            try:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier)
                    QApplication.sendEvent(focus, event)
            finally:
                shortcut.setEnabled(True)
            return
        self.guard.used(key)
        slot()

    def toggle_pause(self) -> None:
        self.practice.toggle_pause()

    def skip(self) -> None:
        self.practice.skip()

    def back(self) -> None:
        self.practice.back()

    def request_stop(self) -> None:
        """Esc and End: after a minute of practice, asks first (paused while it asks)."""
        practice = self.practice
        if practice.playing and practice.may_end(lambda: self.ask_to_end(self)):
            practice.stop()

    def stop_timers(self) -> None:
        self.frame_timer.stop()
        self.cue_timer.stop()
        self.second_timer.stop()

    # --- the heartbeat --------------------------------------------------------------------

    def refresh(self) -> None:
        """A timer woke: lets the practice catch up, then shows the state now."""
        self.practice.tick()
        self.show_now()

    def show_now(self) -> None:
        """Shows the state now and arms the timers for what comes next."""
        state = self.practice.state()
        if not self.practice.playing or state is None:
            self.stop_timers()
            return
        self._show(state)
        self._arm(state)

    def _frame_interval(self) -> int:
        if self.pacer.reduced:
            return REDUCED_FRAME_MS
        return _frame_interval_ms(self)

    def _arm(self, state: SessionState) -> None:
        if self.practice.paused:
            self.stop_timers()
            return
        to_cue = self.practice.seconds_to_next_cue()
        if to_cue is not None:
            due = self.practice.clock.monotonic() + to_cue
            # re-arm only when the moment moved (a skip, a resume): not on every frame
            if not self.cue_timer.isActive() or abs(due - self._cue_due) > 0.001:
                self._cue_due = due
                self.cue_timer.start(max(0, math.ceil(to_cue * 1000)))
        animating = state.breath is not None
        if animating:
            self.second_timer.stop()
            if not self.frame_timer.isActive():
                self.frame_timer.start(self._frame_interval())
        else:
            self.frame_timer.stop()
            remaining = state.step_remaining
            to_second = remaining - math.floor(remaining - 1e-6)
            self.second_timer.start(max(1, math.ceil(to_second * 1000) + 1))

    def _set(self, label: QLabel, text: str) -> None:
        key = str(id(label))
        if self._texts.get(key) != text:
            self._texts[key] = text
            label.setText(text)

    @property
    def body_map(self) -> BodyMapWidget:
        """The body map, built for the first massage step: breathing alone never needs it (nor
        the SVG renderer and XML parser behind it)."""
        if self._body_map is None:
            from unwind.ui.player.body_map import BodyMapWidget

            self._body_map = BodyMapWidget()
            self._body_map.set_theme(self._theme)
            self.visual.addWidget(self._body_map)
        return self._body_map

    def _show(self, state: SessionState) -> None:
        step = state.step
        if state.step_index != self._shown_step:
            self._shown_step = state.step_index
            self._show_step_text(state)
        if state.side != self._shown_side and step.kind is StepKind.MASSAGE:
            self._shown_side = state.side
            self.body_map.set_area(step.area, state.side)
            self._set(self.where_pill, where_words(step, state.side).replace(", ", " · "))
        self.progress.setValue(round(state.progress * 1000))
        self._set(self.remaining_label, f"{clock_text(state.remaining)} left in all")
        breath = state.breath
        if breath is not None:
            word = step.phase_word(breath.phase)
            count = str(max(1, math.ceil(breath.phase_remaining - 1e-6)))
            done = breath.phase_elapsed / breath.phase_duration if breath.phase_duration else 1
            pacer = self.pacer if step.kind is StepKind.BREATHE else self.side_pacer
            if word != pacer.word:
                pacer.setAccessibleDescription(pacer_description(word, count, step.breath))
            pacer.set_breath(breath.level, word, count, done)
            if step.kind is StepKind.MASSAGE and step.breath is not None:
                self._set(self.side_word, word)
            elif step.cycles and step.breath:
                self._set(
                    self.breath_info,
                    f"Breath {breath.cycle + 1} of {step.cycles} · "
                    f"{clock_text(state.step_remaining)} left in this step",
                )
        else:
            self._set(self.countdown, clock_text(state.step_remaining))
            if step.kind in (StepKind.REST, StepKind.PREPARE):
                word = "Prepare" if step.kind is StepKind.PREPARE else "Rest"
                self.pacer.set_breath(0.55, word, "")

    def _show_step_text(self, state: SessionState) -> None:
        step = state.step
        routine = self.practice.routine
        assert routine is not None
        total = len(routine.steps)
        self._set(self.step_number, f"Step {state.step_index + 1} of {total}")
        self._set(self.step_title, step.title)
        self._set(self.instruction, step.instruction)
        massage = step.kind is StepKind.MASSAGE
        breathing = step.kind is StepKind.BREATHE
        self.visual.setCurrentWidget(self.body_map if massage else self.pacer)
        self.orientation.setVisible(massage)
        if massage:
            self._set(self.orientation, orientation(step.area))
        for pill in (self.where_pill, self.how_pill, self.pressure_pill):
            pill.setVisible(massage)
        if massage:
            self._set(self.how_pill, TECHNIQUES.get(step.technique or "", ""))
            self._set(self.pressure_pill, f"{PRESSURES.get(step.pressure or '', '')} pressure")
            self._shown_side = None
        if step.breath is not None:
            words = [step.phase_word(phase) for phase, _ in step.breath.phases()]
            (self.pacer if breathing else self.side_pacer).set_phase_words(words)
        elif not massage:
            self.pacer.set_phase_words(["Prepare", "Rest"])
            word = "Prepare" if step.kind is StepKind.PREPARE else "Rest"
            self.pacer.setAccessibleDescription(f"{word}: no breathing to follow in this step.")
        self.side_row.setVisible(massage and step.breath is not None)
        self.countdown.setVisible(not breathing)
        self.breath_info.setVisible(step.breath is not None)
        if massage and step.breath is not None:
            self._set(self.breath_info, f"Breathe with the circle: {breath_words(step.breath)}")
        if step.breath is None:
            self._set(self.breath_info, "")
        following = state.step_index + 1
        if following < total:
            nxt = routine.steps[following]
            self._set(self.next_label, f"Next: {nxt.title} · {format_duration(nxt.duration)}")
        else:
            self._set(self.next_label, "Next: the end of the session")
        self.setAccessibleDescription(f"{step.title}. {step.instruction}")


def _frame_interval_ms(widget: QWidget) -> int:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    rate = screen.refreshRate() if screen is not None else 60.0
    if not 20 <= rate <= 240:
        rate = 60.0
    return max(4, round(1000 / rate))
