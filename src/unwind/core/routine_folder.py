"""The person's routines folder: saving a routine, deleting one (with undo), importing a pack.

Every file written here is first read back by the routine reader, so the folder never gets
a file the library would list as broken. Nothing is overwritten that was not asked for: a
new routine gets a file name of its own, a deleted one moves to `deleted/` beside it, and an
imported routine whose id is taken is added as a copy under a new id, or refused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from unwind.core.library import RoutineLibrary
from unwind.core.routine import Routine, RoutineError
from unwind.core.routine_draft import same_routine, unique_id
from unwind.core.routine_file import parse_routine
from unwind.core.routine_writer import routine_text
from unwind.core.settings import Settings

if TYPE_CHECKING:
    from unwind.core.routine_pack import Pack

DELETED_DIR = "deleted"


class FolderError(Exception):
    """A routine file could not be written or moved; the reason names the file."""


@dataclass(frozen=True)
class Deleted:
    """A routine moved to the deleted folder, and where it came from, for undo."""

    routine: Routine
    original: Path
    moved_to: Path


class Fate(StrEnum):
    NEW = "new"
    COPY = "copy"
    """Its id is taken: it is added under a new id."""
    SAME = "same"
    """The library already holds this very routine: nothing to add."""
    REFUSED = "refused"
    BROKEN = "broken"


@dataclass(frozen=True)
class Planned:
    """What an import does with one routine file of a pack."""

    name: str
    fate: Fate
    routine: Routine | None
    """The routine as it will be written (with its new id for a copy)."""
    reason: str = ""

    @property
    def writes(self) -> bool:
        return self.fate in (Fate.NEW, Fate.COPY) and self.routine is not None


@dataclass(frozen=True)
class Imported:
    written: tuple[Routine, ...]
    plan: tuple[Planned, ...]


class RoutineFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def deleted_folder(self) -> Path:
        return self.folder / DELETED_DIR

    # --- saving ----------------------------------------------------------------------------

    def save(self, routine: Routine, path: Path | None = None) -> Routine:
        """Writes the routine to `path` (its own file) or to a new file named after its id;
        returns it as read back from there."""
        text = routine_text(routine)
        target = path if path is not None else self._free_name(routine.id)
        try:
            saved = parse_routine(text, target)
        except RoutineError as error:  # the editor checks first; this is the last guard
            raise FolderError(str(error)) from None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, text, replace=path is not None)
        except FileExistsError:
            return self.save(routine)  # a file of that name appeared meanwhile
        except OSError as exc:
            raise FolderError(f"{target} could not be written: {exc.strerror or exc}") from None
        return saved

    def _free_name(self, routine_id: str) -> Path:
        taken = {p.stem for p in self.folder.glob("*.toml")} if self.folder.is_dir() else set()
        return self.folder / f"{unique_id(routine_id, taken)}.toml"

    # --- deleting and undoing --------------------------------------------------------------

    def delete(self, routine: Routine) -> Deleted:
        """Moves the routine's file into `deleted/`; its journal entries keep its title."""
        if routine.builtin or routine.path is None:
            raise FolderError(f"'{routine.title}' is built into Unwind and cannot be deleted")
        source = routine.path
        aside = self.deleted_folder
        try:
            aside.mkdir(parents=True, exist_ok=True)
            target = _free_path(aside, source.name)
            os.rename(source, target)
        except OSError as exc:
            raise FolderError(f"{source} could not be moved to {aside}: {exc.strerror}") from None
        return Deleted(routine, source, target)

    def undo(self, deleted: Deleted) -> Path:
        """Puts a deleted file back where it was (or beside it, if that name was taken)."""
        target = deleted.original
        if target.exists():
            target = _free_path(target.parent, target.name)
        try:
            os.rename(deleted.moved_to, target)
        except OSError as exc:
            raise FolderError(
                f"{deleted.moved_to} could not be put back: {exc.strerror or exc}"
            ) from None
        return target

    # --- importing -------------------------------------------------------------------------

    def plan_import(self, pack: Pack, library: RoutineLibrary, *, copies: bool) -> list[Planned]:
        """What importing the pack would do with each of its files, writing nothing."""
        taken = {r.id for r in library.routines}
        taken |= {b.path.stem for b in library.broken}
        plan: list[Planned] = []
        for entry in pack.entries:
            routine = entry.routine
            if routine is None:
                assert entry.error is not None
                plan.append(Planned(entry.name, Fate.BROKEN, None, entry.error.reason))
                continue
            here = library.get(routine.id)
            if here is not None and same_routine(here, routine):
                plan.append(Planned(entry.name, Fate.SAME, here, "already in your library"))
                continue
            if routine.id not in taken:
                taken.add(routine.id)
                plan.append(Planned(entry.name, Fate.NEW, routine))
                continue
            owner = "a built-in routine" if here is not None and here.builtin else "a routine"
            if here is not None:
                owner += f" ('{here.title}')"
            if not copies:
                reason = (
                    f"the id '{routine.id}' is already used by {owner}: "
                    "import it as a copy under a new id (--copies), or delete the other first"
                )
                plan.append(Planned(entry.name, Fate.REFUSED, routine, reason))
                continue
            new_id = unique_id(routine.id, taken)
            taken.add(new_id)
            copy = dataclasses.replace(routine, id=new_id, title=f"{routine.title} (imported)")
            reason = f"the id '{routine.id}' is already used by {owner}: added as '{new_id}'"
            plan.append(Planned(entry.name, Fate.COPY, copy, reason))
        return _checked(plan)

    def apply(self, plan: Iterable[Planned]) -> Imported:
        """Writes the routines the plan adds. A plan with nothing to add writes nothing."""
        steps = tuple(plan)
        written = []
        for planned in steps:
            if planned.writes and planned.routine is not None:
                written.append(self.save(planned.routine))
        return Imported(tuple(written), steps)


def _checked(plan: list[Planned]) -> list[Planned]:
    """A copy's new title or id must still read back: one that does not is named broken."""
    result = []
    for planned in plan:
        if planned.writes and planned.routine is not None:
            try:
                parse_routine(routine_text(planned.routine))
            except RoutineError as error:
                planned = Planned(planned.name, Fate.BROKEN, None, error.reason)
        result.append(planned)
    return result


def imported_ids(imported: Imported) -> Collection[str]:
    return {r.id for r in imported.written}


def _free_path(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target


def _write_atomically(target: Path, text: str, *, replace: bool) -> None:
    """Writes the whole file under a temporary name first. Without `replace`, an existing
    file is never overwritten (FileExistsError)."""
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o644)
        if replace:
            os.replace(partial, target)
        else:
            try:
                os.link(partial, target)  # fails if the name is taken, where a rename would not
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                with open(target, "x", encoding="utf-8") as out:
                    out.write(text)
            os.unlink(partial)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def show_safety_again(settings: Settings, routine_ids: Collection[str]) -> None:
    """An imported routine may reuse the id of one seen before: its safety notes are its
    own, so they are shown again before its first run."""
    seen = settings.names("safety_seen")
    kept = [i for i in seen if i not in routine_ids]
    if kept != seen:
        settings.set("safety_seen", kept)
