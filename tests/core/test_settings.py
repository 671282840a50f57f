from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import LogWatch
from unwind.core.paths import DATA_DIR_ENV, AppPaths
from unwind.core.settings import MAX_FILE_BYTES, SCHEMA, Settings


def test_defaults_then_saved_values_come_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(path)
    assert settings.get("soundscape") == "rain"
    settings.set("soundscape", "ocean")
    settings.set("ambient_volume", 0.25)
    again = Settings(path)
    assert again.get("soundscape") == "ocean"
    assert again.get("ambient_volume") == 0.25


def test_values_are_validated_by_the_schema(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("ambient_volume", 7)
    assert settings.get("ambient_volume") == 1.0
    settings.set("soundscape", "jackhammer")
    assert settings.get("soundscape") == "rain"
    settings.set("breath_tones", "yes")
    assert settings.get("breath_tones") is False


def test_every_setting_has_a_description_and_a_valid_default() -> None:
    for setting in SCHEMA:
        assert setting.description
        assert setting.coerce(setting.default) == setting.default


def test_a_damaged_file_is_kept_aside_and_defaults_used(
    tmp_path: Path, log_watch: LogWatch
) -> None:
    log_watch.expect("damaged settings")
    path = tmp_path / "settings.json"
    path.write_text("{not json", "utf-8")
    settings = Settings(path)
    assert settings.get("soundscape") == "rain"
    assert settings.notice is not None and str(path) in settings.notice
    kept = list(tmp_path.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text("utf-8") == "{not json"


def test_a_settings_file_past_its_size_is_set_aside_unread(
    tmp_path: Path, log_watch: LogWatch
) -> None:
    """Valid JSON, but far more than settings need: refused by its size, not parsed."""
    log_watch.expect("damaged settings")
    path = tmp_path / "settings.json"
    text = json.dumps({"theme": "dark", "filler": "x" * MAX_FILE_BYTES})
    path.write_text(text, "utf-8")
    settings = Settings(path)
    assert settings.text("theme") == "system"
    assert settings.notice is not None and "larger than 1024 KB" in settings.notice
    [kept] = tmp_path.glob("settings.json.damaged-*")
    assert kept.read_text("utf-8") == text


def test_unknown_and_wrong_values_in_the_file_are_ignored(
    tmp_path: Path, log_watch: LogWatch
) -> None:
    log_watch.expect("soundscape is 3")
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"soundscape": 3, "muted": True, "future": 1}), "utf-8")
    settings = Settings(path)
    assert settings.get("soundscape") == "rain"
    assert settings.get("muted") is True


def test_an_unwritable_folder_keeps_values_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log_watch: LogWatch
) -> None:
    log_watch.expect("cannot save")
    path = tmp_path / "settings.json"
    settings = Settings(path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    settings.set("soundscape", "wind")
    assert settings.get("soundscape") == "wind"
    assert settings.notice is not None and "could not be saved" in settings.notice


def test_data_dir_roots_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths.resolve(tmp_path)
    assert paths.settings_file.parent == tmp_path
    assert paths.routines == tmp_path / "routines"
    assert paths.journal.parent == tmp_path
    assert paths.log_file.is_relative_to(tmp_path)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert AppPaths.resolve().data == tmp_path / "env"


def test_typed_reads_say_what_they_hold(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert settings.number("ambient_volume") == 0.5
    assert settings.flag("checkins") is True
    assert settings.text("soundscape") == "rain"
    assert settings.names("safety_seen") == []
    with pytest.raises(TypeError, match="ambient_volume is a float"):
        settings.flag("ambient_volume")


def test_subscribers_hear_each_real_change_once(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    heard: list[object] = []
    unsubscribe = settings.subscribe("cue_volume", heard.append)
    settings.set("cue_volume", 0.2)
    settings.set("cue_volume", 0.2)  # no change: nothing to tell
    settings.set("cue_volume", 5.0)  # held at the top of its range
    settings.set("muted", True)  # another setting
    unsubscribe()
    settings.set("cue_volume", 0.4)
    assert heard == [0.2, 1.0]
    with pytest.raises(KeyError):
        settings.subscribe("no_such_setting", heard.append)


def test_a_failing_subscriber_does_not_stop_the_others(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(tmp_path / "settings.json")
    heard: list[object] = []

    def broken(_value: object) -> None:
        raise RuntimeError("boom")

    settings.subscribe("muted", broken)
    settings.subscribe("muted", heard.append)
    settings.set("muted", True)
    assert heard == [True]
    assert "a listener of setting muted failed" in caplog.text


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_the_settings_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    old = os.umask(0)
    try:
        Settings(path).set("theme", "dark")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not path.with_name("settings.json.partial").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_settings_file_others_could_read_is_made_private_when_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}', "utf-8")
    path.chmod(0o644)
    assert Settings(path).text("theme") == "dark"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_malformed_time_falls_back_to_its_default_with_a_notice_naming_it(
    tmp_path: Path, log_watch: LogWatch
) -> None:
    log_watch.expect("work_start is", "reminder_times is", "reminder_days is")
    path = tmp_path / "settings.json"
    written = {
        "work_start": "9am",
        "reminder_times": ["12:30", "25:00"],
        "reminder_days": ["fri", "mon", "fri"],
        "work_end": "18:15",
    }
    path.write_text(json.dumps(written), "utf-8")
    settings = Settings(path)
    assert settings.text("work_start") == "09:00"
    assert settings.names("reminder_times") == ["15:00"]
    assert settings.names("reminder_days") == ["mon", "fri"], "sorted, each day once"
    assert settings.text("work_end") == "18:15"
    notice = settings.notice or ""
    assert str(path) in notice
    assert 'work_start is "9am", which is not a time of day such as 09:30' in notice
    assert 'reminder_times is ["12:30", "25:00"]' in notice
    assert "reminder_days" not in notice, "a repeated day is tidied, not refused"
