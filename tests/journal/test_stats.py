"""The figures a person sees about their own sessions, against values worked out by hand."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from unwind.journal import stats
from unwind.journal.models import MIN_PAIRS_FOR_STATS

# Two-sided 95% (p = 0.975) and other quantiles of Student's t, from published tables
# (to 9 decimals, as R's qt() gives them).
KNOWN_QUANTILES = [
    (0.975, 1, 12.706204736),
    (0.975, 2, 4.302652730),
    (0.975, 3, 3.182446305),
    (0.975, 4, 2.776445105),
    (0.975, 9, 2.262157163),
    (0.975, 29, 2.045229642),
    (0.975, 100, 1.983971519),
    (0.995, 10, 3.169272673),
    (0.95, 5, 2.015048373),
]


@pytest.mark.parametrize(("p", "df", "expected"), KNOWN_QUANTILES)
def test_t_quantile_matches_the_tables(p: float, df: int, expected: float) -> None:
    assert stats.t_quantile(p, df) == pytest.approx(expected, abs=1e-8)


def test_t_quantiles_named_in_the_issue() -> None:
    assert round(stats.t_quantile(0.975, 4), 3) == 2.776
    assert round(stats.t_quantile(0.975, 9), 3) == 2.262
    assert round(stats.t_quantile(0.975, 29), 3) == 2.045
    assert round(stats.t_quantile(0.975, 100), 3) == 1.984


def test_t_quantile_is_symmetric_and_tends_to_the_normal() -> None:
    assert stats.t_quantile(0.025, 7) == pytest.approx(-stats.t_quantile(0.975, 7))
    assert stats.t_quantile(0.5, 7) == 0.0
    assert stats.t_quantile(0.975, 1_000_000) == pytest.approx(1.959964, abs=1e-5)


@pytest.mark.parametrize("df", [1, 2, 3, 5, 8, 13, 30, 31, 60, 250])
@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.999])
def test_t_quantile_inverts_the_distribution_function(p: float, df: int) -> None:
    assert stats.student_t_cdf(stats.t_quantile(p, df), df) == pytest.approx(p, abs=1e-12)


def test_t_distribution_function_known_points() -> None:
    # With one degree of freedom t is Cauchy: P(T <= 1) = 3/4.
    assert stats.student_t_cdf(1.0, 1) == pytest.approx(0.75)
    assert stats.student_t_cdf(0.0, 12) == pytest.approx(0.5)
    assert stats.student_t_cdf(-2.776445105, 4) == pytest.approx(0.025, abs=1e-9)


@pytest.mark.parametrize(("p", "df"), [(0.0, 4), (1.0, 4), (0.5, 0)])
def test_t_quantile_refuses_impossible_arguments(p: float, df: int) -> None:
    with pytest.raises(ValueError):
        stats.t_quantile(p, df)


def test_summary_against_a_hand_computation() -> None:
    changes = [-3, -1, -2, 0, -4]
    # By hand: mean = (-3 - 1 - 2 + 0 - 4) / 5 = -2.
    # Deviations from -2: -1, 1, 0, 2, -2; squared and summed: 1 + 1 + 0 + 4 + 4 = 10.
    # Sample sd = sqrt(10 / 4) = 1.58114; se = 1.58114 / sqrt(5) = 0.70711.
    # t(0.975, df 4) = 2.77645; half width = 2.77645 * 0.70711 = 1.96324.
    # CI = [-2 - 1.96324, -2 + 1.96324] = [-3.96324, -0.03676].
    # Sorted: -4 -3 -2 -1 0, median -2. Drops of 2 or more: -3, -2, -4 -> 3 of 5 = 0.6.
    result = stats.summarise("neck", "Neck", sessions=7, changes=changes)
    assert result.routine_id == "neck" and result.routine_title == "Neck"
    assert result.sessions == 7 and result.pairs == 5
    assert result.mean_change == pytest.approx(-2.0)
    assert result.ci_low == pytest.approx(-3.963, abs=5e-4)
    assert result.ci_high == pytest.approx(-0.037, abs=5e-4)
    assert result.ci_low == pytest.approx(-2 - 2.776445105 * math.sqrt(10 / 4) / math.sqrt(5))
    assert result.median_change == -2.0
    assert result.share_dropped_2 == pytest.approx(0.6)
    assert result.changes == tuple(changes)
    assert result.enough


def test_summary_of_an_even_count_and_no_spread() -> None:
    # Six pairs, all -1: sd 0, so the interval closes on the mean; the median of an even
    # count is the middle two averaged; no drop reaches 2 points.
    result = stats.summarise("r", "R", sessions=6, changes=[-1] * 6)
    assert (result.mean_change, result.ci_low, result.ci_high) == (-1.0, -1.0, -1.0)
    assert result.median_change == -1.0
    assert result.share_dropped_2 == 0.0
    halves = stats.summarise("r", "R", sessions=6, changes=[-4, -2, -1, 0, 1, 3])
    # Sorted -4 -2 -1 0 1 3: median (-1 + 0) / 2 = -0.5; mean -3 / 6 = -0.5.
    assert halves.median_change == -0.5
    assert halves.mean_change == pytest.approx(-0.5)
    assert halves.share_dropped_2 == pytest.approx(2 / 6)


def test_too_few_pairs_give_counts_but_no_figures() -> None:
    result = stats.summarise("r", "R", sessions=9, changes=[-2] * (MIN_PAIRS_FOR_STATS - 1))
    assert (result.sessions, result.pairs) == (9, MIN_PAIRS_FOR_STATS - 1)
    assert result.mean_change is None and result.ci_low is None and result.ci_high is None
    assert result.median_change is None and result.share_dropped_2 is None
    assert not result.enough


def test_routine_stats_groups_counts_pairs_and_takes_the_latest_title() -> None:
    rows: list[stats.StressRow] = [
        ("a", "Old title", 6, 4),
        ("b", "Breathing", 5, None),
        ("a", "Old title", None, 3),
        ("a", "New title", 7, 7),
        ("b", "Breathing", 4, 2),
    ]
    by_id = {item.routine_id: item for item in stats.routine_stats(rows)}
    assert by_id["a"].routine_title == "New title"
    assert (by_id["a"].sessions, by_id["a"].pairs, by_id["a"].changes) == (3, 2, (-2, 0))
    assert (by_id["b"].sessions, by_id["b"].pairs, by_id["b"].changes) == (2, 1, (-2,))
    assert [item.routine_title for item in stats.routine_stats(rows)] == ["Breathing", "New title"]


def test_caveats_say_what_the_content_guide_asks_and_claim_no_cause() -> None:
    text = " ".join(stats.CAVEATS).lower()
    assert "expectation" in text
    assert "high starting scores tend to fall anyway" in text
    for causal in ("proven", "proves", "reduces", "reduced your", "because of", "works"):
        assert causal not in text


def test_practice_days_count_distinct_local_days_and_list_empty_weeks() -> None:
    tz = timezone(timedelta(hours=-5))
    starts = [
        # Monday 2024-03-04, twice: one day.
        datetime(2024, 3, 4, 14, 0, tzinfo=UTC),
        datetime(2024, 3, 4, 20, 0, tzinfo=UTC),
        # 03:00 UTC on Wednesday is still Tuesday evening at UTC-5.
        datetime(2024, 3, 6, 3, 0, tzinfo=UTC),
        # Week of 2024-03-18 (the week of 03-11 has none).
        datetime(2024, 3, 20, 12, 0, tzinfo=UTC),
    ]
    weeks = stats.practice_days_per_week(starts, date(2024, 3, 6), date(2024, 3, 25), tz)
    assert weeks == [
        (date(2024, 3, 4), 2),
        (date(2024, 3, 11), 0),
        (date(2024, 3, 18), 1),
        (date(2024, 3, 25), 0),
    ]
