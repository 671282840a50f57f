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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.core.practice import (
    Event,
    Moved,
    Paused,
    PlaybackStarted,
    Practice,
    Resumed,
    SessionEnded,
    StageChanged,
)
from unwind.core.routine import AREAS, PRESSURES, SIDES, TECHNIQUES, StepKind, format_duration
from unwind.core.settings import Settings
from unwind.core.timeline import SessionState
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.setting_controls import check_box, choice_box, slider, toggle_button
from unwind.ui.theme import Theme
from unwind.ui.widgets import AskToEnd, KeyGuard

if TYPE_CHECKING:
    from unwind.ui.player.body_map import BodyMapWidget

ONE_ROW_OF_CONTROLS_FROM = 1080
"""Below this width (in device-independent pixels) the controls take two rows."""


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
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("muted")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Session progress")
        header = QHBoxLayout()
        header.addWidget(self.routine_title, 1)
        header.addWidget(self.status_label)
        header.addSpacing(12)
        header.addWidget(self.remaining_label)

        # stage: the big visual on the left, the words on the right
        self.pacer = PacerWidget()
        self.pacer.set_accent(theme.color("accent"))
        self._accent = theme.color("accent")
        self._body_map: BodyMapWidget | None = None
        self.visual = QStackedWidget()
        self.visual.addWidget(self.pacer)
        self.visual.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.step_number = QLabel()
        self.step_number.setObjectName("muted")
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setWordWrap(True)
        self.where_pill = QLabel()
        self.where_pill.setObjectName("pill")
        self.how_pill = QLabel()
        self.how_pill.setObjectName("pill")
        self.pressure_pill = QLabel()
        self.pressure_pill.setObjectName("pill")
        pills = QHBoxLayout()
        pills.setSpacing(6)
        for pill in (self.where_pill, self.how_pill, self.pressure_pill):
            pills.addWidget(pill)
        pills.addStretch(1)
        self.instruction = QLabel()
        self.instruction.setObjectName("instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.instruction.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.side_pacer = PacerWidget(compact=True)
        self.side_pacer.set_accent(theme.color("accent"))
        self.side_pacer.setFixedSize(110, 110)
        self.side_word = QLabel()
        self.side_word.setObjectName("sideWord")
        self.side_row = QWidget()
        side_layout = QHBoxLayout(self.side_row)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(14)
        side_layout.addWidget(self.side_pacer)
        side_layout.addWidget(self.side_word, 1)
        self.breath_info = QLabel()
        self.breath_info.setObjectName("muted")
        self.breath_info.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAccessibleName("Time left in this step")

        words = QVBoxLayout()
        words.setSpacing(10)
        words.addStretch(1)
        words.addWidget(self.step_number)
        words.addWidget(self.step_title)
        words.addLayout(pills)
        words.addWidget(self.instruction)
        words.addWidget(self.side_row)
        words.addWidget(self.breath_info)
        words.addWidget(self.countdown)
        words.addStretch(2)
        words_box = QWidget()
        words_box.setLayout(words)
        words_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        stage = QHBoxLayout()
        stage.setSpacing(30)
        stage.addWidget(self.visual, 5)
        stage.addWidget(words_box, 5)

        self.next_label = QLabel()
        self.next_label.setObjectName("next")
        self.next_label.setWordWrap(True)

        # controls
        self.back_button = QPushButton("◀  Back")
        self.back_button.setToolTip("Restart this step, or go to the previous one (Left)")
        self.pause_button = QPushButton("Pause")
        self.pause_button.setObjectName("primary")
        self.pause_button.setToolTip("Pause or resume (Space)")
        self.skip_button = QPushButton("Skip  ▶")
        self.skip_button.setToolTip("Go to the next step (Right)")
        self.stop_button = QPushButton("End")
        self.stop_button.setToolTip("End the session (Esc)")
        self.back_button.clicked.connect(self.back)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.skip_button.clicked.connect(self.skip)
        self.stop_button.clicked.connect(self.request_stop)

        self.soundscape = choice_box(settings, "soundscape")
        self.soundscape.setToolTip("Ambient sound (remembered for next time)")
        self.ambient_volume = slider(settings, "ambient_volume")
        self.cue_volume = slider(settings, "cue_volume")
        for volume in (self.ambient_volume, self.cue_volume):
            volume.setFixedWidth(90)
        self.tones = check_box(settings, "breath_tones")
        self.tones.setToolTip("A soft tone on each inhale and exhale, to breathe with eyes closed")
        self.mute_button = toggle_button(settings, "muted", "Unmute", "Mute")
        self.mute_button.setToolTip("Mute all sound (M)")

        transport = QHBoxLayout()
        transport.setSpacing(8)
        for button in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            transport.addWidget(button)
        transport.addStretch(1)
        sound = QHBoxLayout()
        sound.setSpacing(8)
        sound.addStretch(1)
        sound.addWidget(self.soundscape)
        sound.addWidget(_small_label("Ambient"))
        sound.addWidget(self.ambient_volume)
        sound.addWidget(_small_label("Chimes"))
        sound.addWidget(self.cue_volume)
        sound.addWidget(self.tones)
        sound.addWidget(self.mute_button)
        # one row on a wide window, two on a narrow one (small screens, large scaling)
        self.controls = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.controls.setSpacing(8)
        self.controls.addLayout(transport)
        self.controls.addLayout(sound)
        controls = self.controls

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.progress)
        layout.addLayout(stage, 1)
        layout.addWidget(self.next_label)
        layout.addLayout(controls)

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= ONE_ROW_OF_CONTROLS_FROM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.controls.direction() != direction:
            self.controls.setDirection(direction)
        super().resizeEvent(event)

    # --- what the practice says ----------------------------------------------------------

    def __call__(self, event: Event) -> None:
        """The page's listener of the practice (subscribed by the window)."""
        match event:
            case PlaybackStarted(routine=routine):
                self.stop_timers()
                self._shown_step = -1
                self._shown_side = None
                self._texts.clear()
                self.routine_title.setText(routine.title)
                self._show_paused(False)
            case StageChanged():
                if self.practice.playing:
                    self.pause_button.setFocus()
                    self.show_now()
                else:
                    self.stop_timers()
            case Paused():
                self._show_paused(True)
                self.stop_timers()
            case Resumed():
                self._show_paused(False)
                self.show_now()
            case Moved():
                self.show_now()
            case SessionEnded():
                self.stop_timers()

    def _show_paused(self, paused: bool) -> None:
        self.pause_button.setText("Resume" if paused else "Pause")
        self.status_label.setText("Paused · Space to continue" if paused else "")
        self.pacer.set_paused(paused)
        self.side_pacer.set_paused(paused)

    # --- the person's keys and clicks ----------------------------------------------------

    def _key(self, key: Qt.Key, slot: Callable[[], None]) -> None:
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
                self.frame_timer.start(_frame_interval_ms(self))
        else:
            self.frame_timer.stop()
            remaining = state.step_remaining
            to_second = remaining - math.floor(remaining - 1e-6)
            self.second_timer.start(max(1, math.ceil(to_second * 1000) + 1))

    def _set(self, label: QLabel, text: str) -> None:
        key = label.objectName() + str(id(label))
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
            self._body_map.set_accent(self._accent)
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
            side = SIDES.get(state.side or "both", "")
            where = AREAS.get(step.area or "", "")
            self._set(self.where_pill, f"{where} · {side.lower()}" if side else where)
        self.progress.setValue(round(state.progress * 1000))
        self._set(self.remaining_label, f"{clock_text(state.remaining)} left")
        self._set(self.countdown, clock_text(state.step_remaining))
        breath = state.breath
        if breath is not None:
            word = step.phase_word(breath.phase)
            count = str(max(1, math.ceil(breath.phase_remaining - 1e-6)))
            pacer = self.pacer if step.kind is StepKind.BREATHE else self.side_pacer
            pacer.set_breath(breath.level, word, count)
            if step.kind is StepKind.MASSAGE and step.breath is not None:
                self._set(self.side_word, word)
            elif step.cycles:
                self._set(
                    self.breath_info,
                    f"Breath {breath.cycle + 1} of {step.cycles} · {step.breath.describe()}"
                    if step.breath
                    else "",
                )
        elif step.kind in (StepKind.REST, StepKind.PREPARE):
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
        self.visual.setCurrentWidget(self.body_map if massage else self.pacer)
        for pill in (self.where_pill, self.how_pill, self.pressure_pill):
            pill.setVisible(massage)
        if massage:
            self._set(self.how_pill, TECHNIQUES.get(step.technique or "", ""))
            self._set(self.pressure_pill, f"{PRESSURES.get(step.pressure or '', '')} pressure")
            self._shown_side = None
        self.side_row.setVisible(massage and step.breath is not None)
        self.breath_info.setVisible(step.breath is not None)
        if massage and step.breath is not None:
            self._set(self.breath_info, f"Breathe with the circle: {step.breath.describe()}")
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


def _small_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    return label
