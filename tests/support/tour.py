"""A walk through every page of a real window, for the layout, keyboard and screen-reader tests.

`build_window` makes a window around a `Practice` on a fake clock, the real routine library and
a journal in a folder with made-up sessions; `tour` drives it from page to page as a person
would (through the practice's commands) and yields each page once it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.demo import populate_demo
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from support.fakes import Answers, FakeClock
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.practice import Practice
from unwind.core.routine import Routine, StepKind
from unwind.core.routine_pack import PACK_SUFFIX, write_pack
from unwind.core.settings import Settings
from unwind.journal.recorder import JournalRecorder
from unwind.journal.store import JournalStore
from unwind.ui.end_dialog import leave_question
from unwind.ui.main_window import MainWindow
from unwind.ui.theme import Theme, apply_theme

MASSAGE_ID = "neck-and-shoulders"
HEAD_ID = "evening-wind-down"
BREATHING_ID = "cyclic-sighing"


@dataclass
class Rig:
    """A window and what it is built around."""

    window: MainWindow
    practice: Practice
    settings: Settings
    clock: FakeClock
    store: JournalStore
    folder: Path

    def routine(self, routine_id: str) -> Routine:
        found = self.window.library.library.get(routine_id)
        assert found is not None, routine_id
        return found

    def close(self) -> None:
        """Closes and deletes the window: a window left alive is restyled with every theme."""
        self.window.ask_to_end = Answers(True)
        self.window.close()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.store.close()


def build_window(folder: Path, theme: Theme, *, sessions: int = 60) -> Rig:
    """A window as the app builds it, on a fake clock, with `sessions` made-up sessions."""
    paths = AppPaths.resolve(folder)
    settings = Settings(paths.settings_file)
    settings.set("theme", theme.name)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    clock = FakeClock()
    practice = Practice(settings, clock)
    store = JournalStore(paths.journal, now=clock.now)
    if sessions:
        populate_demo(store, sessions, seed=7)
    practice.subscribe(JournalRecorder(store))
    window = MainWindow(RoutineLibrary.load(paths.routines), practice, settings, paths, theme)
    practice.subscribe(window)
    window.journal_opened(store)
    return Rig(window, practice, settings, clock, store, folder)


Page = tuple[str, QWidget]


def _settle() -> None:
    """Lets every layout catch up: a size that changes deep in a page reaches the page's
    scroll area one posted layout request per level."""
    for _ in range(6):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        QApplication.processEvents()


def tour(rig: Rig, *, dialogs: bool = True) -> Iterator[Page]:
    """Every page in the order a person meets them; each is current when it is yielded.

    Dialogs are shown without a loop of their own and closed after they are yielded.
    """
    window, practice, clock = rig.window, rig.practice, rig.clock
    rig.settings.set("checkins", True)
    rig.settings.set("safety_seen", [])
    window.show_library()
    _settle()
    yield "library", window.library

    library = window.library
    library.goal_buttons.buttons()[-1].click()  # quick break
    library.length_box.setCurrentIndex(library.length_box.count() - 1)  # over 10 min
    _settle()
    yield "library, nothing found", window.library
    library.clear_filters()
    yield from _editor(rig, dialogs=dialogs)

    window.show_safety(None)
    _settle()
    yield "massage safety", window.safety
    window.show_library()

    practice.start(rig.routine(MASSAGE_ID))
    _settle()
    yield "safety before a routine", window.safety
    practice.accept_safety(rig.routine(MASSAGE_ID))
    _settle()
    yield "check-in before", window.checkin
    practice.play()
    clock.advance(30)
    window.player.refresh()
    _settle()
    yield "player, massage", window.player
    practice.pause()
    _settle()
    yield "player, paused", window.player
    practice.resume()
    if dialogs:
        yield from _dialog("end session", window.end_dialog)
    clock.advance(1)
    practice.stop()
    _settle()
    yield "finish with check-in", window.finish
    practice.leave()

    rig.settings.set("checkins", False)
    practice.start(rig.routine(BREATHING_ID))
    clock.advance(16)  # past "Settle in", into the first breath
    window.player.refresh()
    _settle()
    yield "player, breathing", window.player
    practice.stop()
    _settle()
    yield "finish without check-in", window.finish
    practice.leave()

    rig.settings.set("safety_seen", [HEAD_ID])
    practice.start(rig.routine(HEAD_ID))
    practice.skip()
    practice.skip()
    clock.advance(1)
    window.player.refresh()
    _settle()
    yield "player, head", window.player
    practice.stop()
    practice.leave()
    rig.settings.set("checkins", True)

    window.show_journal()
    _settle()
    assert window.history is not None
    yield "journal", window.history
    if dialogs:
        yield from _dialog("edit session", window.history.make_edit_dialog)
        yield from _dialog("settings", window.make_settings_dialog)
    window.show_library()


def _editor(rig: Rig, *, dialogs: bool) -> Iterator[Page]:
    """The editor's pages: a new routine, a step of each kind, a copy of a built-in; the
    import preview and the export choice."""
    window = rig.window
    keeper = window.keeper
    keeper.ask_on_leaving = lambda parent, can_save: "discard"
    keeper.new_routine()
    editor = keeper.editor
    _settle()
    yield "editor, new routine", editor
    for kind in StepKind:
        editor.add_step(kind)
        _settle()
        yield f"editor, {kind.value} step", editor
    if dialogs:
        yield from _dialog("leave the editor", lambda: leave_question(editor, True))
    editor.leave()
    keeper.change_routine(rig.routine(MASSAGE_ID))
    editor.show_item(1)
    _settle()
    yield "editor, a copy of a routine", editor
    editor.leave()
    if dialogs:
        rig.folder.mkdir(parents=True, exist_ok=True)
        pack = rig.folder / f"shared{PACK_SUFFIX}"
        write_pack(pack, [rig.routine(MASSAGE_ID), rig.routine(BREATHING_ID)])
        keeper.import_pack(pack)
        yield from _dialog("import preview", lambda: keeper.import_dialog)
        keeper.export_routines()
        yield from _dialog("export", lambda: keeper.export_dialog)
    window.show_library()


def _dialog(name: str, make: Callable[[], QWidget | None]) -> Iterator[Page]:
    dialog = make()
    assert dialog is not None, name
    dialog.show()
    _settle()
    try:
        yield name, dialog
    finally:
        dialog.close()
        dialog.deleteLater()
        _settle()
