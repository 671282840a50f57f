from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from benchmarks.demo import populate_demo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from unwind.journal.models import CheckIn, Ending, RoutineStats, SessionRecord
from unwind.journal.store import JournalStore
from unwind.ui.journal.chart import EMPTY_TEXT
from unwind.ui.journal.edit_dialog import EditSessionDialog
from unwind.ui.journal.insights import (
    CardLine,
    InsightCard,
    card_lines,
    caveat_lines,
    drop_line,
    interval_line,
    median_line,
    needed_line,
)
from unwind.ui.journal.page import HistoryPage
from unwind.ui.journal.words import NOT_ANSWERED, date_text, minutes_text, signed, stress_text
from unwind.ui.theme import LIGHT, apply_theme

NOW = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)
MINUS = "\u2212"


def clock() -> datetime:
    return NOW


def record(
    uid: str,
    days_ago: float,
    routine: str = "calm",
    before: int | None = 6,
    after: int | None = 3,
    note: str = "",
) -> SessionRecord:
    return SessionRecord(
        uid=uid,
        routine_id=routine,
        routine_title={"calm": "Calm breathing", "quiet-rest": "Quiet rest"}.get(
            routine, routine.title()
        ),
        started_at=NOW - timedelta(days=days_ago),
        planned_seconds=300.0,
        completed_seconds=300.0,
        ending=Ending.COMPLETED,
        before=None if before is None else CheckIn(stress=before, valence=4, arousal=7),
        after=None if after is None else CheckIn(stress=after, valence=6, tags=("work",)),
        note=note,
    )


class CountedStore:
    """The real store behind a thin door that notes, by name, each method the page calls on
    it; attributes (the notice) pass through. The store's calls to itself are not counted."""

    def __init__(self, store: JournalStore) -> None:
        self.store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.store, name)
        if not callable(found):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return found(*args, **kwargs)

        return counted


GONE_FROM_THE_STORE = {"stress_series", "practice_days_per_week"}
"""The page works these out from the sessions it shows; the store no longer offers them."""

OpenJournal = Callable[..., JournalStore]


@pytest.fixture
def open_journal(tmp_path: Path) -> Iterator[OpenJournal]:
    """Makes real journals under tmp_path, on the tests' clock, and closes them afterwards."""
    opened: list[JournalStore] = []

    def make(*records: SessionRecord, name: str = "journal") -> JournalStore:
        store = JournalStore(tmp_path / name, now=clock)
        opened.append(store)
        if records:
            store.import_sessions(records)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def journal(open_journal: OpenJournal) -> JournalStore:
    return open_journal(
        record("a", 1, note="Loose shoulders"),
        record("b", 3, "sigh", 7, 4),
        record("c", 20, "calm", 5, None),
        record("d", 45, "sigh", 8, 5),
        record("e", 200, "calm", 4, 4),
        record("f", 0.1, "quiet-rest", 5, 5),
    )


@pytest.fixture
def counted(journal: JournalStore) -> CountedStore:
    return CountedStore(journal)


@pytest.fixture
def page(qapp: QApplication, qtbot: QtBot, counted: CountedStore) -> Iterator[HistoryPage]:
    apply_theme(qapp, LIGHT)
    shown = HistoryPage(counted, LIGHT, clock)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    if shown.edit_dialog is not None:
        shown.edit_dialog.reject()
    shown.close()
    assert not GONE_FROM_THE_STORE & set(counted.calls)


def stored(journal: JournalStore) -> dict[str, SessionRecord]:
    return {r.uid: r for r in journal.sessions()}


def uids(page: HistoryPage) -> list[str]:
    return [r.uid for r in page.model.records]


def selected_uid(page: HistoryPage) -> str | None:
    selected = page.selected()
    return None if selected is None else selected.uid


def in_card(widget: QWidget | None) -> bool:
    while widget is not None:
        if isinstance(widget, InsightCard):
            return True
        widget = widget.parentWidget()
    return False


def texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


# --- the list -----------------------------------------------------------------------------


def test_table_lists_the_last_30_days_newest_first(page: HistoryPage) -> None:
    assert uids(page) == ["f", "a", "b", "c"]
    model = page.model
    assert model.columnCount() == 5
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Stress"
    tip = model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Stress before \u2192 after, 0 to 10"
    row = uids(page).index("c")
    assert model.index(row, 1).data() == "Calm breathing"
    assert model.index(row, 2).data() == "5"
    assert model.index(row, 3).data() == "5  \u2192  \u2013"
    assert model.index(uids(page).index("a"), 4).data() == "Loose shoulders"
    assert page.summary.text() == "4 sessions on 4 days in the last 30 days."


def test_period_chips_widen_the_range(page: HistoryPage, qtbot: QtBot) -> None:
    chips = {b.text(): b for b in page.period_buttons.buttons()}
    assert chips["30 days"].isChecked()
    qtbot.mouseClick(chips["90 days"], Qt.MouseButton.LeftButton)
    assert uids(page) == ["f", "a", "b", "c", "d"]
    qtbot.mouseClick(chips["All"], Qt.MouseButton.LeftButton)
    assert uids(page) == ["f", "a", "b", "c", "d", "e"]
    assert page.chart.point_count == 6
    assert page.summary.text().endswith("so far.")


def test_routine_filter_narrows_table_chart_and_insights(page: HistoryPage) -> None:
    box = page.routine_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "All routines",
        "Calm breathing",
        "Quiet rest",
        "Sigh",
    ]
    page.set_period(None)
    box.setCurrentIndex(box.findData("sigh"))
    assert page.routine_id == "sigh"
    assert uids(page) == ["b", "d"]
    assert page.chart.point_count == 2
    # the chosen routine, then the comparison routine
    assert [c.stats.routine_id for c in page.insight_cards()] == ["sigh", "quiet-rest"]
    box.setCurrentIndex(0)
    assert len(uids(page)) == 6


def test_ten_thousand_sessions_need_no_more_widgets_than_ten(
    qtbot: QtBot, journal: JournalStore, open_journal: OpenJournal
) -> None:
    big = open_journal(name="big")
    assert populate_demo(big, 10_000, seed=2) == 10_000
    counts = []
    for store in (CountedStore(journal), CountedStore(big)):
        shown = HistoryPage(store, LIGHT, clock)
        qtbot.addWidget(shown)
        shown.set_period(None)
        counts.append(sum(not in_card(w) for w in shown.findChildren(QWidget)))
        assert sorted(store.calls) == ["routine_stats", "routines_used", "sessions"]
    assert shown.model.rowCount() == 10_000
    assert counts[1] == counts[0]  # only the per-routine cards differ


def test_the_page_asks_the_store_three_things_per_reload(
    page: HistoryPage, counted: CountedStore
) -> None:
    counted.calls.clear()
    page.reload()
    assert sorted(counted.calls) == ["routine_stats", "routines_used", "sessions"]


# --- edit ---------------------------------------------------------------------------------


def open_editor(page: HistoryPage, uid: str) -> EditSessionDialog:
    assert page.select_uid(uid)
    page.edit_selected()
    dialog = page.edit_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_edit_changes_the_store_and_keeps_other_answers(
    page: HistoryPage, journal: JournalStore, qtbot: QtBot
) -> None:
    dialog = open_editor(page, "a")
    assert (dialog.before.stress(), dialog.after.stress()) == (6, 3)
    dialog.before.set_stress(8)
    dialog.after.set_stress(None)
    dialog.note.setPlainText("Better than I thought")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = journal.session("a")
    assert saved is not None
    assert saved.before == CheckIn(stress=8, valence=4, arousal=7)
    assert saved.after == CheckIn(stress=None, valence=6, tags=("work",))
    assert saved.note == "Better than I thought"
    assert page.edit_dialog is None
    row = uids(page).index("a")
    assert page.model.index(row, 3).data() == "8  \u2192  \u2013"
    assert selected_uid(page) == "a"


def test_not_answered_is_a_spin_box_value_of_its_own(page: HistoryPage) -> None:
    dialog = open_editor(page, "c")
    assert dialog.after.stress() is None
    assert dialog.after.text() == NOT_ANSWERED
    dialog.after.stepUp()
    assert dialog.after.stress() == 0
    lower = next(
        b for b in dialog.findChildren(QPushButton) if b.accessibleName() == "Lower stress after"
    )
    lower.click()
    assert dialog.after.stress() is None
    dialog.reject()


def test_a_check_in_with_only_a_stress_rating_is_removed_when_unanswered(
    page: HistoryPage, journal: JournalStore
) -> None:
    journal.import_sessions([replace(record("g", 2, after=None), before=CheckIn(stress=5))])
    page.reload()
    dialog = open_editor(page, "g")
    dialog.before.set_stress(None)
    dialog.accept()
    saved = journal.session("g")
    assert saved is not None and saved.before is None


def test_cancel_changes_nothing(
    page: HistoryPage, journal: JournalStore, counted: CountedStore
) -> None:
    before = stored(journal)
    dialog = open_editor(page, "b")
    dialog.before.set_stress(0)
    dialog.cancel_button.click()
    assert stored(journal) == before
    assert "update_session" not in counted.calls


def test_enter_on_the_table_opens_the_editor(page: HistoryPage, qtbot: QtBot) -> None:
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.edit_dialog is not None
    assert page.edit_dialog.record.uid == "f"


# --- delete and undo ----------------------------------------------------------------------


def test_delete_key_removes_and_undo_restores_exactly(
    page: HistoryPage, journal: JournalStore, qtbot: QtBot
) -> None:
    original = journal.session("a")
    page.select_uid("a")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert journal.session("a") is None and "a" not in uids(page)
    assert page.undo_bar.isVisible()
    assert page.undo_label.text() == "Session deleted."
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert original is not None and journal.session("a") == original
    assert uids(page) == ["f", "a", "b", "c"]
    assert page.selected() == original
    assert not page.undo_bar.isVisible()


def test_delete_button_and_ctrl_z(page: HistoryPage, journal: JournalStore, qtbot: QtBot) -> None:
    original = journal.session("b")
    page.select_uid("b")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert journal.session("b") is None
    assert selected_uid(page) == "c"
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert original is not None and journal.session("b") == original


def test_the_undo_bar_goes_with_the_next_action(page: HistoryPage, journal: JournalStore) -> None:
    page.select_uid("a")
    page.delete_selected()
    assert page.undo_bar.isVisible()
    page.set_period(90)
    assert not page.undo_bar.isVisible()
    page.undo_delete()  # too late: nothing to undo
    assert journal.session("a") is None


# --- insights -----------------------------------------------------------------------------


def pairs(routine: str, n: int, start: int = 0) -> list[SessionRecord]:
    return [record(f"{routine}{i}", 2 + i + start, routine, 7, 7 - (i % 4)) for i in range(n)]


def test_figures_appear_only_from_five_pairs(qtbot: QtBot, open_journal: OpenJournal) -> None:
    journal = open_journal(*pairs("few", 4), *pairs("many", 6))
    page = HistoryPage(journal, LIGHT, clock)
    qtbot.addWidget(page)
    page.reload()
    found = {c.stats.routine_id: c for c in page.insight_cards()}
    cards = {routine: card.text() for routine, card in found.items()}
    assert cards["few"] == "4 of 5 paired check-ins needed before figures appear"
    assert "Average" not in cards["few"] and "%" not in cards["few"]
    assert found["few"].strip is None
    many = cards["many"].splitlines()
    assert many == [
        "From 6 sessions with a check-in before and after",
        "On average your stress was 1.2 points lower after.",
        "The true average is likely between 2.4 points lower and 0.1 points higher: it may "
        "be no change at all.",
        "In a typical session it was 1 point lower.",
        "It fell by 2 points or more in 33% of sessions.",
    ]
    tips = [label.toolTip() for label in found["many"].lines]
    assert tips[2] == f"95% confidence interval (t distribution): {MINUS}2.4 to +0.1 points"
    assert tips[3] == f"Median change: {MINUS}1 point"
    assert found["many"].strip is not None
    muted = [label.objectName() == "muted" for label in found["many"].lines]
    assert muted == [True, False, True, False, False]
    caveats = page.insights.caveats.text()
    assert "expectation" in caveats
    assert "High starting scores tend to fall anyway" in caveats
    assert "Quiet rest" in caveats
    assert "streak" not in texts(page).lower()
    assert "proven" not in texts(page).lower()


def test_caveats_point_to_quiet_rest_as_the_comparison() -> None:
    none = caveat_lines([])
    assert "expectation" in none[0] and "tend to fall anyway" in none[1]
    assert "try the Quiet rest routine" in none[2]
    rest = RoutineStats("quiet-rest", "Quiet rest", 3, 2)
    assert "3 more paired check-ins" in caveat_lines([rest])[2]
    enough = RoutineStats("quiet-rest", "Quiet rest", 9, 8, mean_change=-0.4)
    assert "is there to compare with" in caveat_lines([enough])[2]
    for lines in (none, caveat_lines([rest]), caveat_lines([enough])):
        assert len(lines) == 3
        assert "do not show what caused a change" in lines[2]


def test_insight_lines_come_from_the_figures_with_true_minus_signs() -> None:
    stats = RoutineStats(
        "calm",
        "Calm",
        12,
        10,
        mean_change=-1.8,
        ci_low=-2.6,
        ci_high=-1.0,
        median_change=-2.0,
        share_dropped_2=0.6,
    )
    lines = card_lines(stats)
    assert [line.text for line in lines] == [
        "From 10 sessions with a check-in before and after",
        "On average your stress was 1.8 points lower after.",
        "The true average is likely between 1.0 and 2.6 points lower.",
        "In a typical session it was 2 points lower.",
        "It fell by 2 points or more in 60% of sessions.",
    ]
    assert [line.muted for line in lines] == [True, False, True, False, False]
    # the jargon, with true minus signs, is in the tooltips
    assert lines[1].tip == f"Mean change: {MINUS}1.8 points"
    assert lines[2].tip == (
        f"95% confidence interval (t distribution): {MINUS}2.6 to {MINUS}1.0 points"
    )
    assert signed(0.04) == "0.0" and signed(0.4) == "+0.4"
    assert interval_line(-0.04, 0.4) == (
        "The true average is likely between no change and 0.4 points higher."
    )
    assert interval_line(-0.02, 0.03) == "The true average is likely very close to no change."
    higher = interval_line(0.3, 1.2)
    assert higher == "The true average is likely between 0.3 and 1.2 points higher."
    assert median_line(1.0) == "In a typical session it was 1 point higher."
    assert median_line(-1.5) == "In a typical session it was 1.5 points lower."
    assert median_line(0.0) == "In a typical session it did not change."
    assert drop_line(1 / 3) == "It fell by 2 points or more in 33% of sessions."
    assert needed_line(0) == "0 of 5 paired check-ins needed before figures appear"


def test_a_card_leaves_out_the_figures_it_does_not_have() -> None:
    few = RoutineStats("calm", "Calm", 4, 3)
    assert card_lines(few) == [
        CardLine("3 of 5 paired check-ins needed before figures appear", muted=True)
    ]
    bare = RoutineStats("calm", "Calm", 6, 6, mean_change=0.0)
    assert [line.text for line in card_lines(bare)] == [
        "From 6 sessions with a check-in before and after",
        "On average your stress was about the same after.",
    ]


def test_words_for_a_stopped_session_and_missing_ratings() -> None:
    stopped = SessionRecord(
        "x", "calm", "Calm", NOW, 600.0, 130.0, Ending.STOPPED, CheckIn(stress=None), None
    )
    assert minutes_text(stopped) == "2 of 10"  # from before practice was measured
    assert stress_text(stopped) == ""
    skipped = replace(stopped, completed_seconds=600.0, practised_seconds=40.0)
    assert minutes_text(skipped) == "1 of 10", "the minutes practised, not how far it got"


# --- the rest of the page -----------------------------------------------------------------


def test_empty_journal_shows_the_calm_sentence(qtbot: QtBot, open_journal: OpenJournal) -> None:
    page = HistoryPage(open_journal(), LIGHT, clock)
    qtbot.addWidget(page)
    page.reload()
    assert page.chart.is_empty and page.chart.empty_text == EMPTY_TEXT
    assert page.model.rowCount() == 0
    assert not page.delete_button.isVisibleTo(page)


def test_a_period_without_sessions_says_so(page: HistoryPage, journal: JournalStore) -> None:
    for uid in ("a", "b", "c", "f"):
        assert journal.delete_session(uid) is not None
    page.reload()
    assert page.chart.is_empty
    assert page.chart.empty_text == "No sessions in this period."
    assert page.summary.text() == "No sessions in the last 30 days."


@pytest.mark.usefixtures("journal_faults")
def test_store_notice_is_shown(
    page: HistoryPage, qtbot: QtBot, open_journal: OpenJournal, tmp_path: Path
) -> None:
    assert page.store.notice is None and not page.notice.isVisible()
    (tmp_path / "blocked" / "journal.sqlite3").mkdir(parents=True)  # a folder where the file goes
    blocked = open_journal(name="blocked")
    assert blocked.notice is not None and "journal.sqlite3" in blocked.notice
    troubled = HistoryPage(blocked, LIGHT, clock)
    qtbot.addWidget(troubled)
    troubled.reload()
    assert troubled.notice.isVisibleTo(troubled) and troubled.notice.text() == blocked.notice
    assert troubled.model.rowCount() == 0


def test_escape_and_back_button_ask_to_go_back(page: HistoryPage, qtbot: QtBot) -> None:
    page.focus_table()
    with qtbot.waitSignal(page.back_requested):
        qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    with qtbot.waitSignal(page.back_requested):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


def test_every_control_is_reachable_with_tab(page: HistoryPage) -> None:
    wanted = [
        page.back_button,
        *page.period_buttons.buttons(),
        page.routine_box,
        page.edit_button,
        page.delete_button,
        page.table,
    ]
    for widget in wanted:
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget


# --- a journal of demo sessions, on the real clock ---------------------------------------


def test_demo_journal_lists_edits_deletes_and_restores(qtbot: QtBot, tmp_path: Path) -> None:
    with JournalStore(tmp_path) as store:
        assert populate_demo(store, 300, seed=4) == 300
        page = HistoryPage(store, LIGHT)
        qtbot.addWidget(page)
        page.set_period(None)
        assert page.model.rowCount() == 300
        starts = [r.started_at for r in page.model.records]
        assert starts == sorted(starts, reverse=True)
        assert any(card.stats.enough for card in page.insight_cards())

        page.select_row(3)
        original = page.selected()
        assert original is not None
        page.delete_selected()
        assert store.session(original.uid) is None and page.model.rowCount() == 299
        page.undo_delete()
        assert store.session(original.uid) == original
        assert page.selected() == original

        page.edit_selected()
        dialog = page.edit_dialog
        assert dialog is not None
        dialog.before.set_stress(2)
        dialog.note.setPlainText("Edited")
        dialog.accept()
        edited = store.session(original.uid)
        assert edited is not None and edited.note == "Edited"
        assert edited.before is not None and edited.before.stress == 2
        assert edited.after == original.after

        page.set_period(30)
        assert 0 < page.model.rowCount() < 300


def test_deleting_a_routines_last_session_keeps_the_filter(
    page: HistoryPage, journal: JournalStore
) -> None:
    page.set_routine("quiet-rest")
    assert uids(page) == ["f"]
    page.select_uid("f")
    page.delete_selected()
    assert uids(page) == []
    assert page.routine_box.currentText() == "Quiet rest"
    page.undo_delete()
    assert uids(page) == ["f"]


def test_a_delete_moves_neither_the_chart_nor_the_table(page: HistoryPage) -> None:
    chart, table = page.chart_card.geometry(), page.table.geometry()
    page.select_uid("a")
    page.delete_selected()
    assert page.undo_bar.isVisible() and not page.count_label.isVisible()
    assert (page.chart_card.geometry(), page.table.geometry()) == (chart, table)
    page.undo_delete()
    assert page.count_label.isVisible()
    assert (page.chart_card.geometry(), page.table.geometry()) == (chart, table)


def test_the_routine_with_the_most_pairs_comes_first(
    qtbot: QtBot, open_journal: OpenJournal
) -> None:
    journal = open_journal(*pairs("few", 5), *pairs("many", 9, start=10), *pairs("some", 7))
    page = HistoryPage(journal, LIGHT, clock)
    qtbot.addWidget(page)
    page.reload()
    assert [card.stats.routine_id for card in page.insight_cards()] == ["many", "some", "few"]


def test_this_years_dates_leave_the_year_out() -> None:
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert date_text(moment, this_year=moment.astimezone().year).count("2026") == 0
    assert "2026" in date_text(moment, this_year=2027)


def test_dates_of_another_year_are_never_cut(qtbot: QtBot, open_journal: OpenJournal) -> None:
    from PySide6.QtGui import QFontMetrics

    page = HistoryPage(open_journal(record("now", 1), record("old", 400)), LIGHT, clock)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    page.set_period(None)
    oldest = page.model.index(page.model.rowCount() - 1, 0).data()
    assert "2024" in oldest
    needed = QFontMetrics(page.table.font()).horizontalAdvance(oldest) + 20  # cell padding
    assert page.table.columnWidth(0) >= needed


def test_a_narrow_table_keeps_a_line_of_the_note_before_the_minutes(
    qtbot: QtBot, open_journal: OpenJournal
) -> None:
    page = HistoryPage(open_journal(record("now", 1)), LIGHT, clock)
    qtbot.addWidget(page)
    table = page.table
    date, routine, minutes, stress = table._widths
    note = table.fontMetrics().horizontalAdvance("x" * 16)
    table._fit_to(date + routine + stress + note + 40)  # room for the note or the minutes
    assert not table.isColumnHidden(4) and table.isColumnHidden(2)
    assert table.columnWidth(4) >= note
    table._fit_to(date + routine + minutes + stress + note + 40)
    assert not table.isColumnHidden(4) and not table.isColumnHidden(2)
    table._fit_to(date + routine + stress + 20)  # too narrow for a line of the note
    assert table.isColumnHidden(4)
