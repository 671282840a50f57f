"""The player's sound controls, all bound to the settings (see ui.setting_controls).

They sit in one row that wraps on a narrow window; a new control goes in with `add`, and gets
its name and focus ring from the schema-bound helpers like the others.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from unwind.core.settings import Settings
from unwind.ui.layouts import FlowLayout
from unwind.ui.setting_controls import check_box, choice_box, slider, toggle_button

VOLUME_WIDTH = 110


def labelled(text: str, control: QWidget) -> QWidget:
    """A control with its short visible name before it, kept together when a row wraps."""
    label = QLabel(text)
    label.setObjectName("muted")
    label.setBuddy(control)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(label)
    row.addWidget(control)
    return holder


class SoundControls(QWidget):
    """The soundscape, the volumes (ambient, chimes, voice), breath tones and mute. No signals
    of its own: each control writes its setting, which the sound follows."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.soundscape = choice_box(settings, "soundscape")
        self.soundscape.setToolTip("Ambient sound (remembered for next time)")
        self.ambient_volume = slider(settings, "ambient_volume")
        self.cue_volume = slider(settings, "cue_volume")
        self.voice_volume = slider(settings, "voice_volume")
        self.tones = check_box(settings, "breath_tones")
        self.mute_button = toggle_button(settings, "muted", "Unmute", "Mute")
        self.mute_button.setToolTip("Mute all sound (M)")
        self.row = FlowLayout(self, spacing=8)
        self.add(self.soundscape)
        for words, volume in (
            ("Ambient", self.ambient_volume),
            ("Chimes", self.cue_volume),
            ("Voice", self.voice_volume),
        ):
            volume.setFixedWidth(VOLUME_WIDTH)
            self.add(labelled(words, volume))
        self.add(self.tones)
        self.add(self.mute_button)

    def add(self, control: QWidget) -> None:
        self.row.addWidget(control)
