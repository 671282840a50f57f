"""The player: one step at a time, with a pacer or a body map, the countdown and what's next.

Timers only ask the session what the state is now. The frame timer runs only while a breath
animates; otherwise a single-shot timer wakes for the next countdown second and another for
the next cue, so a massage step costs almost nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.audio.base import Audio
from unwind.audio.cues import SOUNDSCAPES, sound_for_cue
from unwind.core.routine import (
    AREAS,
    PRESSURES,
    SIDES,
    TECHNIQUES,
    Routine,
    StepKind,
    format_duration,
)
from unwind.core.session import Session, SessionOutcome, SessionStatus
from unwind.core.settings import Settings
from unwind.core.timeline import Cue, SessionState, SessionTimeline
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.theme import Theme

if TYPE_CHECKING:
    from unwind.ui.player.body_map import BodyMapWidget

Clock = Callable[[], float]

ONE_ROW_OF_CONTROLS_FROM = 1080
"""Below this width (in device-independent pixels) the controls take two rows."""

CONFIRM_STOP_AFTER = 60.0
"""Esc asks before ending a session that has run longer than this."""


def clock_text(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


class PlayerPage(QWidget):
    """Plays one routine.

    Signals: ended(SessionOutcome) when the routine finishes or is stopped;
    step_changed(float) with the elapsed seconds whenever a new step begins;
    cue_fired(Cue, object) for every cue, with the monotonic time the sound was handed to the
    mixer (None when silent).
    """

    ended = Signal(object)
    cue_fired = Signal(object, object)
    step_changed = Signal(float)

    def __init__(self, audio: Audio, settings: Settings, theme: Theme, clock: Clock) -> None:
        super().__init__()
        self.audio = audio
        self.settings = settings
        self.clock = clock
        self.session: Session | None = None
        self.routine: Routine | None = None
        self._started_at = datetime.now()
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

        self.soundscape = QComboBox()
        self.soundscape.setAccessibleName("Ambient sound")
        self.soundscape.setToolTip("Ambient sound (remembered for next time)")
        for soundscape_id, name in SOUNDSCAPES.items():
            self.soundscape.addItem(name, soundscape_id)
        self.soundscape.setCurrentIndex(
            max(0, self.soundscape.findData(settings.get("soundscape")))
        )
        self.soundscape.currentIndexChanged.connect(self._soundscape_changed)
        self.ambient_volume = self._slider("Ambient volume", "ambient_volume")
        self.cue_volume = self._slider("Chime volume", "cue_volume")
        self.tones = QCheckBox("Breath tones")
        self.tones.setToolTip("A soft tone on each inhale and exhale, to breathe with eyes closed")
        self.tones.setChecked(bool(settings.get("breath_tones")))
        self.tones.toggled.connect(lambda on: self.settings.set("breath_tones", on))
        self.mute_button = QPushButton()
        self.mute_button.setCheckable(True)
        self.mute_button.setToolTip("Mute all sound (M)")
        self.mute_button.toggled.connect(self._mute_toggled)
        self.mute_button.setChecked(bool(settings.get("muted")))
        self._update_mute_text()

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
            shortcut.activated.connect(slot)

    def sync_controls(self) -> None:
        """Shows the settings as they are now (after a change in the settings dialog)."""
        values = (
            (self.ambient_volume, round(float(self.settings.get("ambient_volume")) * 100)),
            (self.cue_volume, round(float(self.settings.get("cue_volume")) * 100)),
        )
        for slider, value in values:
            slider.blockSignals(True)
            slider.setValue(value)
            slider.blockSignals(False)
        self.soundscape.blockSignals(True)
        self.soundscape.setCurrentIndex(
            max(0, self.soundscape.findData(self.settings.get("soundscape")))
        )
        self.soundscape.blockSignals(False)
        self.tones.blockSignals(True)
        self.tones.setChecked(bool(self.settings.get("breath_tones")))
        self.tones.blockSignals(False)
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(bool(self.settings.get("muted")))
        self.mute_button.blockSignals(False)
        self._update_mute_text()
        self.audio.set_volumes(
            float(self.settings.get("ambient_volume")), float(self.settings.get("cue_volume"))
        )
        self.audio.set_muted(bool(self.settings.get("muted")))

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= ONE_ROW_OF_CONTROLS_FROM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.controls.direction() != direction:
            self.controls.setDirection(direction)
        super().resizeEvent(event)

    def _slider(self, name: str, setting: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(round(float(self.settings.get(setting)) * 100))
        slider.setFixedWidth(90)
        slider.setAccessibleName(name)
        slider.setToolTip(name)
        slider.valueChanged.connect(lambda value: self._volume_changed(setting, value))
        return slider

    # --- sound settings -------------------------------------------------------------------

    def _volume_changed(self, setting: str, value: int) -> None:
        self.settings.set(setting, value / 100)
        self.audio.set_volumes(
            float(self.settings.get("ambient_volume")), float(self.settings.get("cue_volume"))
        )

    def _soundscape_changed(self, index: int) -> None:
        key = str(self.soundscape.itemData(index))
        self.settings.set("soundscape", key)
        if self.session is not None and self.session.status is SessionStatus.RUNNING:
            self.audio.play_ambient(key, 1500)

    def _mute_toggled(self, muted: bool) -> None:
        self.settings.set("muted", muted)
        self.audio.set_muted(muted)
        self._update_mute_text()

    def _update_mute_text(self) -> None:
        self.mute_button.setText("Unmute" if self.mute_button.isChecked() else "Mute")

    def toggle_mute(self) -> None:
        self.mute_button.toggle()

    # --- session control ------------------------------------------------------------------

    def play(self, routine: Routine) -> None:
        self.stop_timers()
        self.routine = routine
        self.session = Session(SessionTimeline(routine), self.clock)
        self._started_at = datetime.now()
        self._shown_step = -1
        self._shown_side = None
        self._texts.clear()
        self.routine_title.setText(routine.title)
        self.status_label.setText("")
        self.pause_button.setText("Pause")
        self.audio.set_volumes(
            float(self.settings.get("ambient_volume")), float(self.settings.get("cue_volume"))
        )
        self.audio.set_muted(bool(self.settings.get("muted")))
        self.session.start()
        self.audio.play_ambient(str(self.soundscape.currentData()), 3000)
        self.pause_button.setFocus()
        self.refresh()

    def toggle_pause(self) -> None:
        session = self.session
        if session is None or not session.is_active:
            return
        session.toggle_pause()
        paused = session.status is SessionStatus.PAUSED
        if paused:
            self.audio.pause()
            self.stop_timers()
        else:
            self.audio.resume()
        self.pause_button.setText("Resume" if paused else "Pause")
        self.status_label.setText("Paused · Space to continue" if paused else "")
        self.pacer.set_paused(paused)
        self.side_pacer.set_paused(paused)
        self.refresh()

    def skip(self) -> None:
        if self.session is not None and self.session.is_active:
            self.session.skip()
            self.refresh()

    def back(self) -> None:
        if self.session is not None and self.session.is_active:
            self.session.back()
            self.refresh()

    def request_stop(self) -> None:
        session = self.session
        if session is None or not session.is_active:
            return
        if session.elapsed() > CONFIRM_STOP_AFTER:
            was_running = session.status is SessionStatus.RUNNING
            if was_running:
                self.toggle_pause()
            answer = QMessageBox.question(
                self,
                "End this session?",
                "End this session now? What you have done so far is kept.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                if was_running:
                    self.toggle_pause()
                return
        self.stop()

    def stop(self) -> None:
        session = self.session
        if session is None or not session.is_active:
            return
        session.stop()
        self.audio.stop_ambient(1500)
        self._end(SessionStatus.STOPPED)

    def stop_timers(self) -> None:
        self.frame_timer.stop()
        self.cue_timer.stop()
        self.second_timer.stop()

    def _end(self, how: SessionStatus) -> None:
        self.stop_timers()
        session, routine = self.session, self.routine
        assert session is not None and routine is not None
        outcome = SessionOutcome(
            routine_id=routine.id,
            routine_title=routine.title,
            started_at=self._started_at,
            seconds_completed=session.elapsed(),
            seconds_planned=session.timeline.total,
            how=how,
        )
        self.ended.emit(outcome)

    # --- the heartbeat --------------------------------------------------------------------

    def refresh(self) -> None:
        """Polls cues, shows the state now, and arms the timers for what comes next."""
        session = self.session
        if session is None:
            return
        for cue in session.poll():
            self._play_cue(cue)
        if session.status is SessionStatus.FINISHED:
            self.audio.stop_ambient(4000)
            self._end(SessionStatus.FINISHED)
            return
        if not session.is_active:
            return
        state = session.state()
        self._show(state)
        self._arm(session, state)

    def _play_cue(self, cue: Cue) -> None:
        sound = sound_for_cue(cue, self.tones.isChecked())
        handed = self.audio.play_cue(sound) if sound is not None else None
        self.cue_fired.emit(cue, handed)

    def _arm(self, session: Session, state: SessionState) -> None:
        if session.status is not SessionStatus.RUNNING:
            self.stop_timers()
            return
        to_cue = session.seconds_to_next_cue()
        if to_cue is not None:
            due = self.clock() + to_cue
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
        routine = self.routine
        assert routine is not None
        if state.step_index != self._shown_step:
            self._shown_step = state.step_index
            self._show_step_text(state)
            self.step_changed.emit(state.elapsed)
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
        routine = self.routine
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
