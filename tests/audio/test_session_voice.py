"""The voice as a listener of the practice, on a fake clock: what it says, when, and what it
leaves out (not ready, too long, late), and how it follows pause, skip, back and the settings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from support.fakes import FakeClock, RecordingVoice
from unwind.app import LateVoice, position
from unwind.audio.session_voice import SessionVoice
from unwind.audio.voice_lines import Clip
from unwind.audio.voice_render import line_key
from unwind.core.guidance import END_LINE, Line, compose, voice_options
from unwind.core.library import RoutineLibrary
from unwind.core.practice import Practice
from unwind.core.routine import Routine
from unwind.core.routine_file import parse_routine
from unwind.core.settings import Settings

ROUTINE = """
id = "voiced"
title = "Voiced"
goals = ["tension"]

[[steps]]
kind = "prepare"
title = "Settle in"
duration = 10
instruction = "Sit tall."

[[steps]]
kind = "massage"
title = "Knead the shoulder"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 40
instruction = "Squeeze gently and let go."

[[steps]]
kind = "breathe"
title = "Slow breathing"
inhale = 2
exhale = 3
cycles = 6

[[steps]]
kind = "rest"
duration = 20
instruction = "Rest."
"""

STEP_1 = "Now knead your left shoulder, medium pressure, twenty seconds a side."


def seconds_of(text: str) -> float:
    """A made-up but steady length: about what the voice takes, plus its closing pause."""
    return 0.5 + 0.06 * len(text)


class FakeLines:
    """Every line is there (with a length from its text) unless named in `missing`."""

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self.prepared: list[list[str]] = []

    def clip(self, text: str) -> Clip | None:
        if text in self.missing:
            return None
        return Clip(line_key(text), seconds_of(text), Path(f"/nowhere/{line_key(text)}.ogg"))

    def prepare(self, texts: Iterable[str]) -> int:
        self.prepared.append(list(texts))
        return 0


class Rig:
    def __init__(self, tmp_path: Path) -> None:
        self.clock = FakeClock()
        self.settings = Settings(tmp_path / "settings.json")
        self.settings.set("checkins", False)
        self.settings.set("voice", "full")
        self.settings.set("safety_seen", ["voiced"])
        self.practice = Practice(self.settings, self.clock)
        self.player = RecordingVoice(self.clock)
        self.lines = FakeLines()
        self.heard: list[tuple[float, list[str]]] = []

        def position() -> float | None:
            state = self.practice.state()
            return None if state is None or not self.practice.playing else state.elapsed

        def spoken(_moment: object, lines: tuple[Line, ...], handed: float | None) -> None:
            where = position()
            if handed is not None and where is not None:
                self.heard.append((round(where, 3), [line.text for line in lines]))

        self.voice = SessionVoice(
            self.player,
            self.lines,  # type: ignore[arg-type]
            self.settings,
            position,
            on_spoken=spoken,
        )
        self.practice.subscribe(self.voice)
        self.routine: Routine = parse_routine(ROUTINE)

    def start(self) -> None:
        self.practice.start(self.routine)

    def to(self, elapsed: float) -> None:
        """Moves the fake clock on to this point of the routine and lets the practice catch up."""
        state = self.practice.state()
        assert state is not None
        self.clock.advance(elapsed - state.elapsed)
        self.practice.tick()

    def said(self) -> list[tuple[float, list[str]]]:
        """(session seconds, texts) of each line handed to the voice."""
        return self.heard


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    return Rig(tmp_path)


def test_a_session_is_guided_from_start_to_end(rig: Rig) -> None:
    rig.start()
    assert rig.lines.prepared and STEP_1 in rig.lines.prepared[0], "asked for as it began"
    for moment in (10, 30, 42, 50, 52, 80, 100):
        rig.to(moment)
    said = rig.said()
    assert said[0] == (0.0, ["Voiced, a minute and a half.", "Settle in.", "Sit tall."])
    assert said[1] == (10.0, [STEP_1, "Squeeze gently and let go."])
    assert said[2] == (30.0, ["Now your right shoulder."])
    assert said[3] == (42.0, ["Next: Slow breathing."])
    assert said[4] == (50.0, ["Six rounds: breathe in for two, out for three."])
    assert said[-1] == (100.0, [END_LINE])
    sides = [side for _, _, side, *_ in rig.player.said]
    assert sides[:3] == [None, "left", "right"]


def test_a_line_that_is_not_ready_is_left_out_never_spoken_late(rig: Rig) -> None:
    rig.lines.missing.add(STEP_1)
    rig.start()
    rig.to(10)
    assert rig.said()[-1] == (10.0, ["Squeeze gently and let go."])
    rig.lines.missing.clear()
    rig.to(12)
    assert rig.said()[-1][0] == 10.0, "nothing is said when the line becomes ready late"


def test_lines_that_would_run_past_their_time_are_left_out(rig: Rig) -> None:
    long_words = "Squeeze gently and let go. " * 12  # about 20 s: more than the side's 20 s
    rig.routine = parse_routine(ROUTINE.replace('"Squeeze gently and let go."', f'"{long_words}"'))
    rig.start()
    rig.to(10)
    assert rig.said()[-1] == (10.0, [STEP_1]), "the composed line is kept, the long words go"


def test_a_cue_that_comes_late_is_left_out(rig: Rig) -> None:
    rig.start()
    state = rig.practice.state()
    assert state is not None
    rig.clock.advance(10.8)  # a stalled frame: the step began 0.8 s ago
    rig.practice.tick()
    assert [at for at, _ in rig.said()] == [0.0]


def test_pause_hushes_at_once_and_resume_says_the_step_again_if_it_fits(rig: Rig) -> None:
    rig.start()
    rig.to(10)
    rig.to(11)
    rig.practice.pause()
    assert rig.player.hushed[-1] == 0
    rig.clock.advance(60)
    rig.practice.resume()
    assert rig.said()[-1] == (11.0, [STEP_1, "Squeeze gently and let go."])


def test_resume_says_what_still_fits_or_goes_on_quietly(rig: Rig) -> None:
    words = "Squeeze gently and let go. " * 7  # with the composed line, 16 s of the side's 20
    rig.routine = parse_routine(ROUTINE.replace('"Squeeze gently and let go."', f'"{words}"'))
    rig.start()
    rig.to(10)
    rig.to(12)
    rig.practice.pause()
    rig.practice.resume()  # 18 s before the switch: the whole line again
    assert rig.said()[-1] == (12.0, [STEP_1, words.strip()])
    rig.to(20)
    rig.practice.pause()
    rig.practice.resume()  # 10 s before the switch: the composed line alone
    assert rig.said()[-1] == (20.0, [STEP_1])
    rig.to(26)
    rig.practice.pause()  # nothing is being said: nothing to say again
    rig.practice.resume()
    assert rig.said()[-1][0] == 20.0
    rig.routine = parse_routine(ROUTINE)


def test_skip_and_back_hush_the_line_and_speak_the_step_landed_on(rig: Rig) -> None:
    rig.start()
    rig.to(3)
    rig.practice.skip()
    assert rig.player.hushed
    assert rig.said()[-1] == (10.0, [STEP_1, "Squeeze gently and let go."])
    rig.to(15)
    rig.practice.back()  # restarts the step
    assert rig.said()[-1] == (10.0, [STEP_1, "Squeeze gently and let go."])
    rig.practice.back()  # straight after a step began: the step before
    assert rig.said()[-1][1][-2:] == ["Settle in.", "Sit tall."]


def test_breath_phase_words_never_cut_a_line_short(rig: Rig) -> None:
    rig.settings.set("voice_breath", True)
    rig.start()
    for moment in (10, 30, 42, 50, 52, 55, 57):
        rig.to(moment)
    said = rig.said()
    at_50 = [texts for at, texts in said if at >= 50]
    # the step's line takes 3.3 s: the inhale word at 50 s and the exhale at 52 s wait out
    assert at_50[0] == ["Six rounds: breathe in for two, out for three."]
    assert at_50[1:] == [["In."], ["Out."]]
    urgent = [urgent for *_, urgent in rig.player.said]
    assert urgent[-2:] == [False, False]


def test_the_countdown_is_soft_and_an_option(rig: Rig) -> None:
    rig.start()
    rig.to(10)
    rig.to(47)
    assert [at for at, _ in rig.said()] == [0.0, 10.0]
    rig.settings.set("voice_countdown", True)
    rig.to(48)
    assert rig.said()[-1] == (48.0, ["Two."])
    assert rig.player.said[-1][3] < 1.0


def test_switching_the_voice_off_hushes_it_and_key_cues_say_less(rig: Rig) -> None:
    rig.start()
    rig.settings.set("voice", "off")
    assert rig.player.hushed
    rig.to(10)
    assert [at for at, _ in rig.said()] == [0.0]
    rig.settings.set("voice", "key")
    rig.to(30)
    rig.to(42)
    assert rig.said()[-1] == (30.0, ["Right side."])


def test_the_voice_volume_follows_its_setting(rig: Rig) -> None:
    rig.settings.set("voice_volume", 0.3)
    assert rig.player.volume == pytest.approx(0.3)


def test_what_comes_next_is_decoded_ahead(rig: Rig) -> None:
    rig.start()
    rig.to(10)
    wanted = set(rig.player.prefetched)
    assert line_key(STEP_1) in wanted, "this step's line, for back"
    assert line_key("Now your right shoulder.") in wanted
    assert line_key("Six rounds: breathe in for two, out for three.") in wanted, "for skip"


def test_a_session_ended_early_hushes_and_a_finished_one_keeps_its_last_words(rig: Rig) -> None:
    rig.start()
    rig.to(99)
    hushed = len(rig.player.hushed)
    rig.to(100)
    assert rig.said()[-1] == (100.0, [END_LINE])
    assert len(rig.player.hushed) == hushed
    rig.practice.again()
    rig.to(5)
    rig.practice.stop()
    assert len(rig.player.hushed) > hushed


def late_voice(rig: Rig, tmp_path: Path) -> tuple[RecordingVoice, LateVoice]:
    """The app's late-built voice, speaking into a recording stand-in."""
    player = RecordingVoice(rig.clock)
    late = LateVoice(
        player,  # type: ignore[arg-type]
        tmp_path / "cache",
        rig.settings,
        position(rig.practice),
        lambda _text: None,
    )
    return player, late


def test_the_app_builds_the_voice_at_the_first_event_and_it_hears_every_one(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path)
    player, late = late_voice(rig, tmp_path)
    rig.practice.subscribe(late)
    assert late.listener is None and late.lines is None, "nothing built before a session"
    routine = RoutineLibrary.load(None).get("desk-reset")
    assert routine is not None
    rig.settings.set("safety_seen", ["desk-reset"])
    rig.practice.start(routine)
    assert isinstance(late.listener, SessionVoice) and late.lines is not None
    first = compose(routine, voice_options(rig.settings)).moments[0].lines[0].text
    assert line_key(first) in player.said[0][1], "the first line, from its recording"
    late.close()


def test_with_the_voice_off_the_app_builds_none_and_switched_on_it_joins_the_session(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path)
    rig.settings.set("voice", "off")
    player, late = late_voice(rig, tmp_path)
    rig.practice.subscribe(late)
    routine = RoutineLibrary.load(None).get("desk-reset")
    assert routine is not None
    rig.settings.set("safety_seen", ["desk-reset"])
    rig.practice.start(routine)
    rig.to(5.0)
    assert late.listener is None and player.said == [], "no voice, nothing imported for it"
    rig.settings.set("voice", "key")  # Eyes closed, in the player
    assert late.listener is not None
    second = compose(routine, voice_options(rig.settings)).moments[1]
    rig.to(second.time + 0.01)
    assert player.said and line_key(second.lines[0].text) in player.said[-1][1]
    late.close()
