"""A person's own results, summarised honestly: pure functions, no database, no Qt.

The t quantile is computed here (no scipy at run time): a Cornish-Fisher start refined by
Newton's method on the exact Student t distribution function, which comes from the
regularised incomplete beta function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from unwind.journal.models import MIN_PAIRS_FOR_STATS, RoutineStats

CONFIDENCE = 0.95
DROP_POINTS = 2
"""A drop of this many points or more counts in `share_dropped_2`."""

CAVEATS = (
    "These are your own ratings. Self-ratings include expectation effects: part of any "
    "change is what we expect to feel.",
    "High starting scores tend to fall anyway, so a drop after a tense start would often "
    "happen without any routine.",
    "The figures describe your sessions; they do not show what caused a change. For a "
    "comparison, try the Quiet rest routine on some days.",
)
"""Lines to show beside the figures, wherever they are shown."""

StressRow = tuple[str, str, int | None, int | None]
"""(routine_id, routine_title, before stress, after stress) for one session."""


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b) for a, b > 0 and 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be in [0, 1], not {x}")
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df degrees of freedom."""
    if df <= 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def student_t_pdf(t: float, df: float) -> float:
    log_density = (
        math.lgamma((df + 1.0) / 2.0)
        - math.lgamma(df / 2.0)
        - 0.5 * math.log(df * math.pi)
        - (df + 1.0) / 2.0 * math.log1p(t * t / df)
    )
    return math.exp(log_density)


def _cornish_fisher_start(p: float, df: float) -> float:
    import statistics  # here, not at the top: the journal opens at start-up, stats come later

    z = statistics.NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """The p quantile of Student's t with df degrees of freedom (t(0.975, 4) = 2.776...)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be between 0 and 1, not {p}")
    if df <= 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    t = _cornish_fisher_start(p, df)
    for _ in range(100):
        step = (student_t_cdf(t, df) - p) / student_t_pdf(t, df)
        # Newton can overshoot far in the tail; never step past zero or more than halve t.
        t_next = max(t - step, t / 2)
        if abs(t_next - t) <= 1e-13 * max(1.0, abs(t)):
            return t_next
        t = t_next
    return t


def summarise(
    routine_id: str, routine_title: str, sessions: int, changes: Sequence[int]
) -> RoutineStats:
    """One routine's figures, once it has MIN_PAIRS_FOR_STATS complete pairs.

    changes are after - before stress, one per complete pair, oldest first.
    """
    pairs = len(changes)
    if pairs < MIN_PAIRS_FOR_STATS:
        return RoutineStats(routine_id, routine_title, sessions, pairs, changes=tuple(changes))
    import statistics  # here, not at the top: the journal opens at start-up, stats come later

    mean = statistics.fmean(changes)
    sd = statistics.stdev(changes)
    half_width = t_quantile(1 - (1 - CONFIDENCE) / 2, pairs - 1) * sd / math.sqrt(pairs)
    dropped = sum(1 for change in changes if change <= -DROP_POINTS)
    return RoutineStats(
        routine_id=routine_id,
        routine_title=routine_title,
        sessions=sessions,
        pairs=pairs,
        mean_change=mean,
        ci_low=mean - half_width,
        ci_high=mean + half_width,
        median_change=float(statistics.median(changes)),
        share_dropped_2=dropped / pairs,
        changes=tuple(changes),
    )


def routine_stats(rows: Iterable[StressRow]) -> list[RoutineStats]:
    """Figures per routine from sessions given oldest first; titled by the latest title.

    Sorted by title (then id), like a menu.
    """
    titles: dict[str, str] = {}
    sessions: dict[str, int] = {}
    changes: dict[str, list[int]] = {}
    for routine_id, title, before, after in rows:
        titles[routine_id] = title
        sessions[routine_id] = sessions.get(routine_id, 0) + 1
        found = changes.setdefault(routine_id, [])
        if before is not None and after is not None:
            found.append(after - before)
    order = sorted(titles, key=lambda rid: (titles[rid].casefold(), rid))
    return [summarise(rid, titles[rid], sessions[rid], changes[rid]) for rid in order]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_day_function(tz: tzinfo | None) -> Callable[[datetime], date]:
    """The calendar day of a moment in tz, or in the system's local time (with its DST)."""
    if tz is None:
        return lambda moment: moment.astimezone().date()
    return lambda moment: moment.astimezone(tz).date()


def practice_days_per_week(
    starts: Iterable[datetime], first_week: date, last_week: date, tz: tzinfo | None
) -> list[tuple[date, int]]:
    """(Monday, distinct days with at least one session) for each week, oldest first.

    Every week from first_week to last_week (both Mondays) is listed, a week without
    practice as 0: this counts practice days and never a streak.
    """
    to_day = local_day_function(tz)
    days_by_week: dict[date, set[date]] = {}
    for start in starts:
        day = to_day(start)
        days_by_week.setdefault(week_start(day), set()).add(day)
    weeks: list[tuple[date, int]] = []
    monday = week_start(first_week)
    while monday <= last_week:
        weeks.append((monday, len(days_by_week.get(monday, ()))))
        monday += timedelta(days=7)
    return weeks
