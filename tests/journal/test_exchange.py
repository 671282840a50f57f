"""Export as CSV and JSON, and import a JSON export: exact, idempotent, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.records import START, record
from unwind.core.routine import MAX_ROUTINE_SECONDS
from unwind.journal import exchange
from unwind.journal import store as store_module
from unwind.journal.exchange import CSV_COLUMNS, JournalImportError
from unwind.journal.models import CheckIn, Ending, SessionRecord
from unwind.journal.store import JournalStore, JournalUnavailableError

EXPORTED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

FULL = record(
    "a" * 32,
    started_at=datetime(2024, 3, 4, 7, 30, 15, tzinfo=UTC),
    routine_id="neck-and-shoulders",
    routine_title="Neck and shoulders",
    planned=600.0,
    completed=432.5,
    practised=401.25,
    ending=Ending.STOPPED,
    before=CheckIn(stress=7, valence=3, arousal=8, tension_areas=("neck",), tags=("work",)),
    after=CheckIn(stress=4, valence=7, arousal=4, tension_areas=("neck", "jaw")),
    note='Felt "lighter",\nthen sleepy.',
)
BARE = record("b" * 32, started_at=START, before=CheckIn(stress=5))


def export_text(records: list[SessionRecord]) -> str:
    out = io.StringIO()
    exchange.write_json(records, out, EXPORTED_AT)
    return out.getvalue()


def sessions_of(text: str) -> list[dict[str, Any]]:
    document = json.loads(text)
    assert isinstance(document, dict)
    sessions = document["sessions"]
    assert isinstance(sessions, list)
    return sessions


def test_csv_has_the_documented_columns_and_numbers_as_numbers() -> None:
    out = io.StringIO()
    assert exchange.write_csv([FULL, BARE], out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    full = rows[0]
    assert full["uid"] == "a" * 32
    assert datetime.fromisoformat(full["started_at"]) == FULL.started_at
    assert datetime.fromisoformat(full["started_at"]).utcoffset() is not None
    assert (full["planned_seconds"], full["completed_seconds"]) == ("600", "432.5")
    assert full["ending"] == "stopped"
    assert (full["before_stress"], full["before_valence"], full["before_arousal"]) == (
        "7",
        "3",
        "8",
    )
    # valence 3 on 1..9: signed (3 - 5) / 4 = -0.5; category 1 + round(2 * 6 / 8) = 3.
    assert (full["before_valence_signed"], full["before_valence_category"]) == ("-0.5", "3")
    # valence 7: signed 0.5; category 1 + round(6 * 6 / 8) = 1 + round(4.5), half to even: 5.
    assert (full["after_valence_signed"], full["after_valence_category"]) == ("0.5", "5")
    assert full["stress_change"] == "-3"
    assert full["tension_areas"] == "neck;jaw"
    assert full["tags"] == "work"
    assert full["note"] == 'Felt "lighter",\nthen sleepy.'
    assert full["practised_seconds"] == "401.25"
    bare = rows[1]
    assert bare["practised_seconds"] == "", "not measured: an empty cell, never a guess"
    assert bare["before_stress"] == "5" and bare["before_valence"] == ""
    assert bare["after_stress"] == "" and bare["stress_change"] == ""


def test_json_export_nests_check_ins_and_writes_null_when_unanswered() -> None:
    document = json.loads(export_text([FULL, BARE]))
    assert (document["format"], document["version"]) == ("unwind-journal", 1)
    assert datetime.fromisoformat(document["exported_at"]) == EXPORTED_AT
    full, bare = document["sessions"]
    assert full["before"] == {
        "stress": 7,
        "valence": 3,
        "arousal": 8,
        "valence_signed": -0.5,
        "valence_category": 3,
        "tension_areas": ["neck"],
        "tags": ["work"],
    }
    assert full["stress_change"] == -3 and full["completed_seconds"] == 432.5
    assert bare["before"]["valence"] is None and bare["after"] is None
    assert bare["stress_change"] is None


names = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60), max_size=10
)
check_ins = st.none() | st.builds(
    CheckIn,
    stress=st.none() | st.integers(0, 10),
    valence=st.none() | st.integers(1, 9),
    arousal=st.none() | st.integers(1, 9),
    tension_areas=names.map(tuple),
    tags=names.map(tuple),
)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2025, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
    ),
)
seconds = st.floats(
    min_value=0, max_value=MAX_ROUTINE_SECONDS, allow_nan=False, allow_infinity=False
)
# What Unwind writes: routine ids as routine files have them, no more seconds done than planned.
sessions = st.builds(
    SessionRecord,
    uid=st.uuids().map(lambda u: u.hex),
    routine_id=st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True),
    routine_title=st.text(max_size=80),
    started_at=moments,
    planned_seconds=seconds,
    completed_seconds=st.just(0.0),
    practised_seconds=st.none() | seconds,
    ending=st.sampled_from(Ending),
    before=check_ins,
    after=check_ins,
    note=st.text(st.characters(codec="utf-8", exclude_characters="\x00")),
).map(lambda s: replace(s, completed_seconds=s.planned_seconds * 0.75))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sessions, max_size=6, unique_by=lambda s: s.uid))
def test_a_json_export_round_trips_exactly(records: list[SessionRecord]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with JournalStore(folder / "one") as first:
            assert first.import_sessions(records) == (len(records), 0)
            exported = export_text(list(reversed(first.sessions())))
        export_file = folder / "export.json"
        export_file.write_text(exported, encoding="utf-8")
        with JournalStore(folder / "two") as second:
            assert second.import_sessions(exchange.read_export(export_file)) == (
                len(records),
                0,
            )
            again = export_text(list(reversed(second.sessions())))
            assert sessions_of(again) == sessions_of(exported)
            # Importing the same file again adds nothing.
            assert second.import_sessions(exchange.read_export(export_file)) == (
                0,
                len(records),
            )
            assert second.count() == len(records)
            by_uid = {r.uid: r for r in records}
            for stored in second.sessions():
                assert stored == by_uid[stored.uid]


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "import.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def good_document() -> dict[str, Any]:
    document = json.loads(export_text([FULL, BARE]))
    assert isinstance(document, dict)
    return document


def broken(change: str) -> str:
    document = good_document()
    second = document["sessions"][1]
    if change == "stress":
        second["before"]["stress"] = 12
    elif change == "started_at":
        second["started_at"] = "2024-03-04T07:30:00"
    elif change == "ending":
        second["ending"] = "finished"
    elif change == "uid":
        second["uid"] = document["sessions"][0]["uid"]
    elif change == "seconds":
        second["planned_seconds"] = "600"
    elif change == "practised":
        second["practised_seconds"] = -3
    elif change == "missing":
        del second["routine_id"]
    elif change == "version":
        document["version"] = 2
    elif change == "format":
        document["format"] = "daylio"
    return json.dumps(document)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a text file"),
        ("uid,started_at\n1,2\n", "is a CSV export"),
        ("{'format': 'unwind-journal'}", "not JSON (line 1, column 2"),
        ('{"entries": []}', "not an Unwind journal export"),
        ("[1, 2, 3]", "not an Unwind journal export"),
        (broken("format"), "not an Unwind journal export"),
        (broken("version"), "newer Unwind"),
        (broken("stress"), "session 2 (uid bbbb"),
        (broken("stress"), "'before.stress' is 12"),
        (broken("started_at"), "without its UTC offset"),
        (broken("ending"), "'ending' is \"finished\""),
        (broken("uid"), "same uid as session 1"),
        (broken("seconds"), "'planned_seconds'"),
        (broken("practised"), "'practised_seconds' is -3"),
        (broken("missing"), "'routine_id' is missing"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_imported(
    tmp_path: Path, content: str | bytes, words: str
) -> None:
    path = write(tmp_path, content)
    with JournalStore(tmp_path / "journal") as store:
        store.import_sessions([record("c" * 32)])
        with pytest.raises(JournalImportError) as refused:
            store.import_sessions(exchange.read_export(path, now=START + timedelta(days=30)))
        assert str(path) in str(refused.value)
        assert words in str(refused.value)
        assert [s.uid for s in store.sessions()] == ["c" * 32]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(JournalImportError, match="does not exist"):
        exchange.read_export(tmp_path / "nope.json")


@pytest.mark.usefixtures("journal_faults")
def test_an_import_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = [record(f"{n:032x}", started_at=START + timedelta(minutes=n)) for n in range(5)]
    real_insert = store_module.insert_record
    calls: list[str] = []

    def fail_on_the_fourth(conn: sqlite3.Connection, session: SessionRecord, at: str) -> bool:
        calls.append(session.uid)
        if len(calls) == 4:
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(conn, session, at)

    with JournalStore(tmp_path) as store:
        monkeypatch.setattr(store_module, "insert_record", fail_on_the_fourth)
        with pytest.raises(JournalUnavailableError, match="disk is full"):
            store.import_sessions(batch)
        assert store.count() == 0  # the three before the failure were rolled back
        monkeypatch.undo()
        assert store.import_sessions(batch) == (5, 0)
        assert store.notice is None  # saved after all: the notice went


def test_a_record_off_the_scales_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with JournalStore(tmp_path) as store:
        with pytest.raises(ValueError):
            store.import_sessions([record("d" * 32), record("e" * 32, planned=-5)])
        assert store.count() == 0


def test_an_export_from_before_practised_seconds_imports_them_as_unmeasured(
    tmp_path: Path,
) -> None:
    document = good_document()
    for session in document["sessions"]:
        del session["practised_seconds"]
    path = write(tmp_path, json.dumps(document))
    with JournalStore(tmp_path / "journal") as store:
        assert store.import_sessions(exchange.read_export(path)) == (2, 0)
        assert [s.practised_seconds for s in store.sessions()] == [None, None]
