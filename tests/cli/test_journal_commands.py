"""`unwind journal export|import|stats`, run through the real command line."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from journal.records import START, pair
from unwind.cli.main import main
from unwind.journal.exchange import CSV_COLUMNS
from unwind.journal.store import FILE_NAME, JournalStore

BEFORES = [6, 7, 8, 5, 6]
AFTERS = [3, 6, 6, 5, 2]  # changes -3, -1, -2, 0, -4: mean -2, CI -3.963 to -0.037


def fill(data: Path) -> None:
    with JournalStore(data / "journal") as store:
        store.import_sessions(
            pair(f"{i:032x}", b, a, started_at=START + timedelta(hours=i))
            for i, (b, a) in enumerate(zip(BEFORES, AFTERS, strict=True))
        )
        store.import_sessions(
            [pair("f" * 32, 8, 7, routine_id="quiet-rest", routine_title="Quiet rest")]
        )


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "journal", *args])


def test_export_csv_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    assert run(tmp_path, "export") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 6
    started = [row[1] for row in rows[1:]]
    assert started == sorted(started)  # oldest first


def test_export_json_to_a_private_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    target = tmp_path / "out.json"
    assert run(tmp_path, "export", "--format", "json", "--output", str(target)) == 0
    assert "Exported 6 sessions" in capsys.readouterr().out
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "unwind-journal" and len(document["sessions"]) == 6
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_to_an_unwritable_place_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "out.csv"
    assert run(tmp_path, "export", "--output", str(target)) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Choose another --output" in err


def test_import_counts_added_and_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path / "from")
    export_file = tmp_path / "export.json"
    assert run(tmp_path / "from", "export", "--format", "json", "--output", str(export_file)) == 0
    capsys.readouterr()
    assert run(tmp_path / "to", "import", str(export_file)) == 0
    assert "6 sessions added, 0 already in your journal" in capsys.readouterr().out
    assert run(tmp_path / "to", "import", str(export_file)) == 0
    assert "0 sessions added, 6 already in your journal" in capsys.readouterr().out
    assert run(tmp_path / "to", "export", "--format", "json") == 0
    again = json.loads(capsys.readouterr().out)["sessions"]
    assert again == json.loads(export_file.read_text(encoding="utf-8"))["sessions"]


def test_import_of_a_foreign_file_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "moods.json"
    foreign.write_text('{"moods": ["rad", "good", "meh"]}', encoding="utf-8")
    assert run(tmp_path, "import", str(foreign)) == 2
    err = capsys.readouterr().err
    assert err.startswith("unwind: ") and str(foreign) in err
    assert "not an Unwind journal export" in err
    assert not (tmp_path / "journal" / FILE_NAME).exists() or run(tmp_path, "export") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # header only: nothing imported


def test_stats_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    assert run(tmp_path, "stats", "--format", "json") == 0
    box, quiet = json.loads(capsys.readouterr().out)
    assert box["routine_id"] == "box-breathing"
    assert (box["sessions"], box["pairs"], box["mean_change"]) == (5, 5, -2.0)
    assert box["ci_low"] == pytest.approx(-3.9632, abs=1e-4)
    assert box["ci_high"] == pytest.approx(-0.0368, abs=1e-4)
    assert (box["median_change"], box["share_dropped_2"]) == (-2.0, 0.6)
    assert quiet["routine_id"] == "quiet-rest" and quiet["pairs"] == 1
    assert quiet["mean_change"] is None and quiet["ci_low"] is None
    assert quiet["median_change"] is None and quiet["share_dropped_2"] is None


def test_stats_as_text_with_the_caveats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    assert run(tmp_path, "stats") == 0
    text = capsys.readouterr().out
    box_line = next(line for line in text.splitlines() if line.startswith("Box breathing"))
    assert box_line.split() == [
        "Box",
        "breathing",
        "5",
        "5",
        "-2.00",
        "-3.96",
        "to",
        "-0.04",
        "-2.0",
        "60%",
    ]
    quiet_line = next(line for line in text.splitlines() if line.startswith("Quiet rest"))
    assert "needs 5 sessions rated before and after" in quiet_line
    assert "expectation effects" in text
    assert "High starting scores tend to fall anyway" in text
    assert "caused" not in text.replace("do not show what caused", "")


def test_stats_of_an_empty_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "stats") == 0
    assert "no sessions yet" in capsys.readouterr().out


@pytest.mark.usefixtures("journal_faults")
def test_a_journal_it_cannot_open_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "journal" / FILE_NAME).mkdir(parents=True)
    assert run(tmp_path, "export") == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "journal" / FILE_NAME) in err
