"""Routine packs: several routines in one `.unwind` file, to hand to someone else.

A pack is a zip archive holding `manifest.toml` (the pack's format number and the routines it
holds) and one routine file per routine under `routines/`, each in the format the README
documents. docs/ROUTINE_PACKS.md describes it. Reading a pack never trusts it: the file's
size, each member's path, kind and size are checked before anything is read, and every
routine goes through the routine reader, so a broken one is named with its reason while the
others can still be used.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from unwind import __version__
from unwind.core.routine import Routine, RoutineError
from unwind.core.routine_file import parse_routine
from unwind.core.routine_writer import one_line, routine_text, toml_string

PACK_FORMAT = 1
"""The newest pack format this Unwind reads and the one it writes."""
PACK_SUFFIX = ".unwind"
MANIFEST = "manifest.toml"
ROUTINES_DIR = "routines"
MAX_PACK_BYTES = 4 * 1024 * 1024
"""A pack of even a hundred long routines is well under this; a larger file is not one."""
MAX_MEMBER_BYTES = 512 * 1024
MAX_MEMBERS = 200
MAX_UNPACKED_BYTES = 768 * 1024
"""The routines of a pack together, unpacked: 199 routines of about 4 KB, as the editor writes
them, or a pack of the costliest routine files read in under a second."""
UNPACKED_LIMIT = f"{MAX_UNPACKED_BYTES // 1024} KB"


class PackError(Exception):
    """A file that cannot be imported as a pack at all; nothing was written."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class PackEntry:
    """One routine file of a pack: read, or broken with the reader's reason."""

    name: str
    routine: Routine | None = None
    error: RoutineError | None = None


@dataclass(frozen=True)
class Pack:
    path: Path
    format: int
    made_by: str
    entries: tuple[PackEntry, ...]

    @property
    def routines(self) -> tuple[Routine, ...]:
        return tuple(e.routine for e in self.entries if e.routine is not None)

    @property
    def broken(self) -> tuple[PackEntry, ...]:
        return tuple(e for e in self.entries if e.error is not None)


# --- writing -------------------------------------------------------------------------------


def pack_member_name(routine: Routine) -> str:
    return f"{ROUTINES_DIR}/{routine.id}.toml"


def manifest_text(routines: Sequence[Routine]) -> str:
    lines = [
        "# An Unwind routine pack: each file under routines/ is one routine.",
        "# Import it in Unwind's library, or with `unwind routines import FILE`.",
        f"format = {PACK_FORMAT}",
        f"made_by = {toml_string(f'Unwind {__version__}')}",
        "routines = [",
        *(f"    {toml_string(pack_member_name(r))},  # {one_line(r.title)}" for r in routines),
        "]",
    ]
    return "\n".join(lines) + "\n"


def write_pack(path: Path, routines: Sequence[Routine]) -> None:
    """Writes the routines as one pack, atomically: the file is there whole, or not at all."""
    if not routines:
        raise ValueError("a pack needs at least one routine")
    ids = [r.id for r in routines]
    if len(set(ids)) != len(ids):
        raise ValueError("a pack cannot hold two routines with the same id")
    texts = [routine_text(routine) for routine in routines]
    if len(texts) >= MAX_MEMBERS or sum(len(t.encode("utf-8")) for t in texts) > (
        MAX_UNPACKED_BYTES
    ):  # what read_pack would refuse
        raise ValueError(
            f"a pack holds at most {MAX_MEMBERS - 1} routines and "
            f"{UNPACKED_LIMIT} of them: export fewer at a time"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(MANIFEST, manifest_text(routines))
            for routine, text in zip(routines, texts, strict=True):
                z.writestr(pack_member_name(routine), text)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


# --- reading -------------------------------------------------------------------------------


def read_pack(path: Path) -> Pack:
    """Reads a pack; raises PackError when the file as a whole cannot be trusted or read."""
    try:
        info = path.lstat()
    except OSError as exc:
        raise PackError(path, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise PackError(
            path,
            "is a symbolic link: import the file it points to "
            f"({os.path.realpath(path)}) by its own name",
        )
    if not stat.S_ISREG(info.st_mode):
        raise PackError(path, "is not a file")
    if info.st_size > MAX_PACK_BYTES:
        raise PackError(
            path,
            f"is {info.st_size // 1024} KB, far larger than a routine pack "
            f"(at most {MAX_PACK_BYTES // 1024 // 1024} MB): it is not one",
        )
    try:
        with path.open("rb") as raw:
            head = raw.read(4)
            raw.seek(0)
            if head[:2] != b"PK":
                raise PackError(path, _not_a_pack(head))
            with zipfile.ZipFile(raw) as archive:
                return _read_archive(path, archive)
    except PackError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise PackError(path, f"is not a routine pack: the archive is damaged ({exc})") from None
    except NotImplementedError as exc:
        raise PackError(path, f"uses a kind of compression Unwind cannot read ({exc})") from None
    except OSError as exc:
        raise PackError(path, f"cannot be read: {exc.strerror or exc}") from None


def _not_a_pack(head: bytes) -> str:
    if head.lstrip().startswith((b"id", b"#", b"title", b"[")):
        return (
            "is a single routine file, not a pack: copy it into your routines folder "
            "(unwind routines --check FILE checks it)"
        )
    return "is not a routine pack: an Unwind pack is a .unwind file made by Export in Unwind"


def _read_archive(path: Path, archive: zipfile.ZipFile) -> Pack:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise PackError(path, f"holds {len(members)} files, more than a routine pack can")
    routine_members: list[zipfile.ZipInfo] = []
    manifest: zipfile.ZipInfo | None = None
    for member in members:
        name = _safe_name(path, member)
        if member.is_dir():
            continue
        if name == MANIFEST:
            manifest = member
        elif name.startswith(f"{ROUTINES_DIR}/") and name.endswith(".toml"):
            routine_members.append(member)
    if manifest is None:
        raise PackError(path, f"is not a routine pack: it has no {MANIFEST}")
    format_number, made_by = _read_manifest(path, _read_member(path, archive, manifest))
    too_much = (
        f"holds more than {UNPACKED_LIMIT} of routines unpacked, more "
        "than a routine pack can: export fewer routines at a time"
    )
    if sum(member.file_size for member in routine_members) > MAX_UNPACKED_BYTES:
        raise PackError(path, too_much)
    entries = []
    unpacked = 0
    for member in sorted(routine_members, key=lambda m: m.filename):
        where = Path(f"{path.name}:{member.filename}")
        data = _read_member(path, archive, member)
        unpacked += len(data)
        if unpacked > MAX_UNPACKED_BYTES:  # the sizes in the directory lied
            raise PackError(path, too_much)
        try:
            routine = parse_routine(_utf8(where, data), where)
        except RoutineError as error:
            entries.append(PackEntry(member.filename, error=error))
            continue
        entries.append(PackEntry(member.filename, routine=routine))
    if not entries:
        raise PackError(path, "holds no routines")
    return Pack(path, format_number, made_by, tuple(entries))


def _safe_name(path: Path, member: zipfile.ZipInfo) -> str:
    """The member's name when it stays inside the pack's own folder; a pack with any other
    kind of name (absolute, `..`, a drive, a backslash) or a link is refused whole."""
    name = member.filename
    pure = PurePosixPath(name)
    bad = (
        not name
        or "\\" in name
        or "\x00" in name
        or pure.is_absolute()
        or ".." in pure.parts
        or ":" in (pure.parts[0] if pure.parts else "")
    )
    if bad:
        raise PackError(path, f"holds a file named {name!r} outside its own folder: refused")
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackError(path, f"holds a symbolic link ({name!r}): refused")
    if member.file_size > MAX_MEMBER_BYTES:
        raise PackError(path, f"holds {name!r} of {member.file_size // 1024} KB: too large")
    return name


def _read_member(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    # the sizes in the archive's directory can lie: never read more than the limit
    with archive.open(member) as stream:
        data = stream.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise PackError(path, f"holds {member.filename!r}, larger than it says: refused")
    return data


def _utf8(where: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RoutineError(where, f"is not UTF-8 text (byte {exc.start})") from None


def _read_manifest(path: Path, data: bytes) -> tuple[int, str]:
    try:
        manifest = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(path, f"has a damaged {MANIFEST} ({exc})") from None
    number = manifest.get("format")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise PackError(path, f"has no format number in its {MANIFEST}: it is not a pack")
    made_by = manifest.get("made_by")
    made_by = made_by if isinstance(made_by, str) else "an unknown program"
    if number > PACK_FORMAT:
        raise PackError(
            path,
            f"was made by a newer Unwind ({made_by}, pack format {number}); this is Unwind "
            f"{__version__}, which reads format {PACK_FORMAT}: update Unwind to import it",
        )
    return number, made_by
