"""settings.json and journal imports, mutated field by field and byte by byte: settings are
read or set aside, never a traceback; an import is read or refused with JournalImportError,
and a refused import leaves the journal as it was."""

from __future__ import annotations

import json
import math
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.mutations import WEIRD_VALUES, byte_noise, field_swaps, one_line, truncations
from journal.records import START, pair
from unwind.core.settings import SCHEMA, Settings
from unwind.journal import exchange
from unwind.journal.exchange import JournalImportError
from unwind.journal.models import SessionRecord
from unwind.journal.store import JournalStore

SETTINGS = {s.name: s.default for s in SCHEMA} | {"ambient_volume": 0.4, "safety_seen": ["x"]}
SETTINGS_BYTES = json.dumps(SETTINGS, indent=2).encode()
_SOME = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def json_bytes(document: Any) -> bytes | None:
    try:
        return json.dumps(document).encode("utf-8", "surrogatepass")
    except (RecursionError, ValueError):
        return None


def read_settings(data: bytes) -> Settings:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(data)
        read = Settings(path)
        for setting in SCHEMA:
            value: Any = read.get(setting.name)
            assert isinstance(value, setting.type)
            if setting.type is float:
                number = float(read.get(setting.name))
                assert math.isfinite(number)
                assert setting.minimum is not None and setting.maximum is not None
                assert setting.minimum <= number <= setting.maximum
        if read.notice is not None:
            # set aside whole, or a value that cannot be used named with what is used instead
            said = ("moved", "kept as", "defaults", "instead")
            assert any(words in read.notice for words in said), read.notice
            assert not path.exists() or path.read_bytes() != data or read.notice
        read.set("muted", True)  # and it can still be saved
        return read


@pytest.fixture(autouse=True)
def _settings_warnings(log_watch: Any) -> None:
    log_watch.expect("damaged settings", "^journal ", r"^settings .*, which is not .*; Unwind uses")


@pytest.mark.parametrize(
    "content",
    [
        "ü".encode("latin-1") + b"{}",
        json.dumps(SETTINGS).encode("utf-16"),
        b'{"ambient_volume": ' + b"9" * 400 + b"}",
        b'{"ambient_volume": ' + b"9" * 5000 + b"}",
        b'{"ambient_volume": NaN}',
        b'{"ambient_volume": -Infinity}',
        b"[" * 100_000,
        b'{"a": ' * 50_000,
        b"\xef\xbb\xbf" + SETTINGS_BYTES,
        b" " * (2 * 1024 * 1024),
    ],
    ids=[
        "latin-1",
        "utf-16",
        "400-digits",
        "5000-digits",
        "nan",
        "inf",
        "deep",
        "deep-object",
        "bom",
        "2-mb",
    ],
)
def test_settings_that_stopped_the_app_are_now_set_aside_or_coerced(content: bytes) -> None:
    read_settings(content)


def test_settings_cut_at_every_byte(tmp_path: Path) -> None:
    for cut in truncations(SETTINGS_BYTES):
        read_settings(cut)


@_SOME
@given(field_swaps(SETTINGS))
def test_settings_with_any_field_swapped(document: dict[str, Any]) -> None:
    data = json_bytes(document)
    if data is not None:
        read_settings(data)


@_SOME
@given(byte_noise(SETTINGS_BYTES))
def test_settings_with_byte_noise(data: bytes) -> None:
    read_settings(data)


# -- imports ---------------------------------------------------------------------------------

NOW = START + timedelta(days=10)
EXPORT = exchange.export_document(
    [pair(f"{i:032x}", 6, 3, started_at=START + timedelta(hours=i)) for i in range(3)], NOW
)
EXPORT_BYTES = json.dumps(EXPORT, indent=1).encode()


def import_or_refuse(data: bytes) -> list[SessionRecord] | JournalImportError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(data)
        try:
            records = exchange.read_export(path, now=NOW)
        except JournalImportError as error:
            assert one_line(str(error), 600), str(error)[:800]
            return error
        with JournalStore(Path(folder) / "journal") as store:
            store.import_sessions(records)  # whatever passed the reader, the store takes
            assert store.count() == len({r.uid for r in records})
        return records


@pytest.mark.parametrize(
    ("change", "value"),
    [
        (("sessions", 0, "note"), "\ud800"),
        (("sessions", 0, "routine_title"), "a\udfffb"),
        (("sessions", 0, "planned_seconds"), 10**400),
        (("sessions", 0, "completed_seconds"), 10**6),
        (("sessions", 0, "started_at"), "2999-01-01T00:00:00+00:00"),
        (("sessions", 0, "started_at"), "0001-01-01T00:00:00+14:00"),
        (("sessions", 0, "uid"), "not-hex-at-all"),
        (("sessions", 0, "uid"), "a" * 10_000),
        (("sessions", 0, "routine_id"), "Box Breathing!"),
        (("sessions", 0, "before", "tags"), ["x"] * 10_000),
        (("sessions", 0, "before", "stress"), 10**400),
        (("version",), 10**400),
        (("sessions",), [None] * 3),
    ],
)
def test_imports_that_ended_in_a_traceback_or_were_taken_are_refused(
    change: tuple[Any, ...], value: Any
) -> None:
    from fuzz.mutations import replaced

    data = json_bytes(replaced(EXPORT, change, value))
    assert data is not None
    assert isinstance(import_or_refuse(data), JournalImportError)


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 1000 + b"]" * 1000,
        b'{"format": "unwind-journal", "sessions": ' + b"[" * 100_000,
        b'{"version": ' + b"9" * 5000 + b"}",
        b"\xff\xfe{}",
        b"",
    ],
    ids=["deep-1000", "deep-100000", "5000-digits", "utf-16-bom", "empty"],
)
def test_imports_that_are_not_exports_at_all_are_refused(data: bytes) -> None:
    assert isinstance(import_or_refuse(data), JournalImportError)


def test_an_import_cut_at_every_byte_is_refused() -> None:
    one = exchange.export_document([pair("d" * 32, 6, 3)], NOW)
    for cut in truncations(json.dumps(one).encode()):
        assert isinstance(import_or_refuse(cut), JournalImportError)


@_SOME
@given(field_swaps(EXPORT))
def test_an_import_with_any_field_swapped(document: dict[str, Any]) -> None:
    data = json_bytes(document)
    if data is not None:
        import_or_refuse(data)


@_SOME
@given(byte_noise(EXPORT_BYTES))
def test_an_import_with_byte_noise(data: bytes) -> None:
    import_or_refuse(data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WEIRD_VALUES), st.sampled_from(["note", "uid", "planned_seconds"]))
def test_a_refused_import_leaves_the_journal_as_it_was(value: Any, field: str) -> None:
    from fuzz.mutations import replaced

    data = json_bytes(replaced(EXPORT, ("sessions", 1, field), value))
    if data is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(data)
        with JournalStore(Path(folder) / "journal", now=lambda: NOW) as store:
            store.import_sessions([pair("e" * 32, 5, 4)])
            before = store.sessions()
            try:
                store.import_sessions(exchange.read_export(path, now=NOW))
            except JournalImportError:
                assert store.sessions() == before


def test_now_bounds_the_dates() -> None:
    assert datetime.now(UTC) > NOW
