"""The person's own routines in the window: the editor, delete and undo, import and export,
and the library following the routines folder.

`RoutineKeeper` answers the library's requests (New routine, Change or Make a copy to
change, Delete, Import, Export) and the editor's (Save, Try this step, back). The editor
page, the dialogs and the pack code are loaded on first use, so start-up pays only for the
folder watch. File choosers and the question about unsaved changes can be replaced (tests
answer them as a person would).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from unwind.core.library import RoutineLibrary
from unwind.core.practice import Practice
from unwind.core.routine import Routine
from unwind.core.routine_folder import Deleted, FolderError, RoutineFolder
from unwind.core.settings import Settings
from unwind.ui.editor.watch import FolderWatch
from unwind.ui.theme import Theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from unwind.core.routine_folder import Planned
    from unwind.core.routine_pack import Pack
    from unwind.ui.editor.page import EditorPage
    from unwind.ui.editor.sharing import ExportDialog, ImportDialog
    from unwind.ui.library import LibraryPage

log = logging.getLogger(__name__)

PACK_FILTER = "Unwind routines (*.unwind)"
ChooseOpen = Callable[[QWidget], Path | None]
ChooseSave = Callable[[QWidget, str], Path | None]


def choose_pack_to_open(parent: QWidget) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Import routines", str(Path.home()), PACK_FILTER)
    return Path(name) if name else None


def choose_pack_to_save(parent: QWidget, suggested: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    start = str(Path.home() / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, "Export routines", start, PACK_FILTER)
    return Path(name) if name else None


def ask_on_leaving(parent: QWidget, can_save: bool) -> str:
    from unwind.ui.end_dialog import leave_question

    dialog = leave_question(parent, can_save)
    try:
        dialog.exec()
        return dialog.answer
    finally:
        dialog.deleteLater()


class RoutineKeeper(QObject):
    """Keeps the library, the routines folder and the editor in step."""

    def __init__(
        self,
        library_page: LibraryPage,
        pages: QStackedWidget,
        practice: Practice,
        settings: Settings,
        folder: Path,
        theme: Theme,
        notice: Callable[[str], None],
    ) -> None:
        super().__init__(library_page)
        self.library_page = library_page
        self.pages = pages
        self.practice = practice
        self.settings = settings
        self.folder = RoutineFolder(folder)
        self.theme = theme
        self.reduce_motion = False
        self.notice = notice
        self.choose_open: ChooseOpen = choose_pack_to_open
        self.choose_save: ChooseSave = choose_pack_to_save
        self.ask_on_leaving = ask_on_leaving
        self.deleted: list[Deleted] = []
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.watch = FolderWatch(folder, self)
        self.watch.changed.connect(lambda: self.reload())

        page = library_page
        page.new_requested.connect(self.new_routine)
        page.change_requested.connect(self.change_routine)
        page.delete_requested.connect(self.delete_routine)
        page.import_requested.connect(self.import_pack)
        page.export_requested.connect(self.export_routines)
        page.undo_bar.undo_button.clicked.connect(self.undo_delete)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+N", self.new_routine),
            ("Ctrl+E", page.change_selected),
            ("Ctrl+I", self.import_pack),
            ("Ctrl+Shift+E", self.export_routines),
            ("Ctrl+Z", self.undo_delete),
        ):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), page.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(page.delete_selected)

    @property
    def library(self) -> RoutineLibrary:
        return self.library_page.library

    def reload(self, select_id: str | None = None) -> None:
        """Reads the folder again and shows it (the watch calls this after every change)."""
        library = RoutineLibrary.load(self.folder.folder)
        for broken in library.broken:
            if broken.path not in {b.path for b in self.library.broken}:
                log.info("routine file %s", broken.error)
        self.library_page.set_library(library, select_id)

    # --- the editor ------------------------------------------------------------------------

    @cached_property
    def editor(self) -> EditorPage:
        from unwind.ui.editor.page import EditorPage

        page = EditorPage(
            self.folder,
            self.theme,
            self.practice.clock.monotonic,
            lambda parent, can_save: self.ask_on_leaving(parent, can_save),
        )
        page.set_reduce_motion(self.reduce_motion)
        page.saved.connect(self._saved)
        page.closed.connect(self.show_library)
        page.try_requested.connect(lambda routine: self.practice.start(routine, trial=True))
        self.pages.addWidget(page)
        return page

    @property
    def trying(self) -> bool:
        return "editor" in self.__dict__ and self.editor.trying

    def may_close(self) -> bool:
        """Asks about the editor's unsaved changes, if there are any, with the editor in
        sight; False keeps the window open."""
        if "editor" not in self.__dict__ or not self.editor.dirty:
            return True
        if not self.trying:
            self.pages.setCurrentWidget(self.editor)
        return self.editor.may_close()

    def show_editor(self) -> None:
        """Back to the editor, after a step was tried."""
        self.editor.trying = False
        self.pages.setCurrentWidget(self.editor)
        self.editor.try_button.setFocus()

    def show_library(self) -> None:
        self.pages.setCurrentWidget(self.library_page)
        self.library_page.focus_list()

    def _taken(self, but: str | None = None) -> set[str]:
        ids = {r.id for r in self.library.routines} | {b.path.stem for b in self.library.broken}
        return ids - {but} if but else ids

    def new_routine(self) -> None:
        from unwind.core.routine_draft import RoutineDraft

        self._open(RoutineDraft.new(self._taken()), "New routine")

    def change_routine(self, routine: Routine) -> None:
        from unwind.core.routine_draft import RoutineDraft

        if routine.builtin:
            draft = RoutineDraft.copy_of(routine, self._taken())
            self._open(draft, f"A copy of {routine.title}")
        else:
            self._open(RoutineDraft.editing(routine, self._taken(routine.id)), "Change routine")

    def _open(self, draft: object, heading: str) -> None:
        from unwind.core.routine_draft import RoutineDraft

        assert isinstance(draft, RoutineDraft)
        self.editor.open_draft(draft, heading)
        self.pages.setCurrentWidget(self.editor)

    def _saved(self, routine: Routine) -> None:
        log.info("saved routine %s to %s", routine.id, routine.path)
        self.library_page.undo_bar.hide()
        self.reload(routine.id)
        self.show_library()

    # --- deleting --------------------------------------------------------------------------

    def delete_routine(self, routine: Routine) -> None:
        try:
            deleted = self.folder.delete(routine)
        except FolderError as error:
            self.notice(str(error))
            return
        self.deleted.append(deleted)
        self.reload()
        self.library_page.undo_bar.say(
            f"'{routine.title}' was moved to {deleted.moved_to.parent}. "
            "Its journal entries stay, under its title."
        )

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        deleted = self.deleted.pop()
        try:
            self.folder.undo(deleted)
        except FolderError as error:
            self.notice(str(error))
            return
        self.library_page.undo_bar.hide()
        self.reload(deleted.routine.id)

    # --- sharing ---------------------------------------------------------------------------

    def export_routines(self) -> None:
        from unwind.ui.editor.sharing import ExportDialog

        selected = self.library_page.selected()
        ticked = selected if isinstance(selected, Routine) else None
        dialog = ExportDialog(self.library.routines, ticked, self.library_page)
        dialog.accepted.connect(lambda: self._export(dialog.chosen()))
        self.export_dialog = dialog
        dialog.open()

    def _export(self, routines: list[Routine]) -> None:
        from unwind.core.routine_draft import slug
        from unwind.core.routine_pack import PACK_SUFFIX, write_pack

        if not routines:
            return
        name = routines[0].id if len(routines) == 1 else slug(f"{len(routines)} routines")
        path = self.choose_save(self.library_page, name + PACK_SUFFIX)
        if path is None:
            return
        if path.suffix != PACK_SUFFIX:
            path = path.with_name(path.name + PACK_SUFFIX)
        try:
            write_pack(path, routines)
        except OSError as exc:
            self.notice(f"{path} could not be written ({exc.strerror or exc}); nothing was saved.")
            return
        except ValueError as exc:
            self.notice(f"Nothing was saved: {exc}.")
            return
        count = f"{len(routines)} routine{'' if len(routines) == 1 else 's'}"
        self.notice(f"{count} saved in {path}. Anyone with Unwind can import that file.")

    def import_pack(self, path: Path | None = None) -> None:
        from unwind.core.routine_pack import PackError, read_pack
        from unwind.ui.editor.sharing import ImportDialog

        path = path or self.choose_open(self.library_page)
        if path is None:
            return
        try:
            pack = read_pack(path)
        except PackError as error:
            self.notice(f"{error}. Nothing was imported.")
            return
        plan = self.folder.plan_import(pack, self.library, copies=True)
        dialog = ImportDialog(pack, plan, self.library_page)
        dialog.accepted.connect(lambda: self._import(pack, plan))
        self.import_dialog = dialog
        dialog.open()

    def _import(self, pack: Pack, plan: list[Planned]) -> None:
        from unwind.core.routine_folder import Fate, show_safety_again

        try:
            imported = self.folder.apply(plan)
        except FolderError as error:
            self.notice(f"{error}. The routines before it were imported.")
            self.reload()
            return
        show_safety_again(self.settings, {r.id for r in imported.written})
        first = imported.written[0].id if imported.written else None
        self.reload(first)
        count = len(imported.written)
        words = [f"{count} routine{'' if count == 1 else 's'} from {pack.path.name} added."]
        words += [
            f"{p.name} was not added: {p.reason}."
            for p in plan
            if p.fate in (Fate.BROKEN, Fate.REFUSED)
        ]
        self.notice(" ".join(words))
