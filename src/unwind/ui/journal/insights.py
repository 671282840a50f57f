"""What the journal says per routine: a card of figures each, and the caveats shown once."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from unwind.journal.models import MIN_PAIRS_FOR_STATS, RoutineStats
from unwind.journal.stats import CAVEATS
from unwind.ui.journal.chart import ChangeStrip
from unwind.ui.journal.words import points, signed
from unwind.ui.theme import Theme

COMPARISON_ID = "quiet-rest"


def insight_lines(stats: RoutineStats) -> list[str]:
    """What a routine's card says: figures only once there are enough pairs."""
    if not stats.enough:
        return [
            f"{stats.pairs} of {MIN_PAIRS_FOR_STATS} paired check-ins needed before figures appear"
        ]
    assert stats.mean_change is not None
    lines = [f"{stats.pairs} sessions with both check-ins"]
    mean = f"Average change: {signed(stats.mean_change)} points"
    if stats.ci_low is not None and stats.ci_high is not None:
        mean += f" (95% CI {signed(stats.ci_low)} to {signed(stats.ci_high)})"
    lines.append(mean)
    if stats.median_change is not None:
        lines.append(f"Median change: {points(stats.median_change)}")
    if stats.share_dropped_2 is not None:
        lines.append(f"A drop of 2+ points in {round(stats.share_dropped_2 * 100)}% of sessions")
    return lines


NOT_CAUSAL = "The figures describe your sessions; they do not show what caused a change."


def comparison_line(stats: Sequence[RoutineStats]) -> str:
    """Points to Quiet rest, the routine with no instructions, as the honest comparison."""
    rest = next((s for s in stats if s.routine_id == COMPARISON_ID), None)
    if rest is None or rest.pairs == 0:
        return CAVEATS[2]
    if rest.enough:
        return f"{NOT_CAUSAL} Quiet rest, which has no instructions, is there to compare with."
    more = MIN_PAIRS_FOR_STATS - rest.pairs
    return (
        f"{NOT_CAUSAL} Quiet rest, which has no instructions, can be compared once it has "
        f"{more} more paired check-in{'s' if more != 1 else ''}."
    )


def caveat_text(stats: Sequence[RoutineStats]) -> str:
    """Shown once under the insights: expectation, regression to the mean, a comparison."""
    return "\n".join((CAVEATS[0], CAVEATS[1], comparison_line(stats)))


class InsightCard(QFrame):
    """One routine's figures, or how many more pairs it needs before there are any."""

    def __init__(self, stats: RoutineStats, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("card")
        self.stats = stats
        title = QLabel(stats.routine_title)
        title.setWordWrap(True)
        bold = QFont(title.font())
        bold.setWeight(QFont.Weight.DemiBold)
        title.setFont(bold)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(3)
        layout.addWidget(title)
        self.lines: list[QLabel] = []
        for i, text in enumerate(insight_lines(stats)):
            parts = text.split(" (95% CI ", 1)
            for j, part in enumerate(parts):
                label = QLabel(part if j == 0 else f"95% CI {part.rstrip(')')}")
                label.setWordWrap(True)
                if i == 0 or j == 1 or not stats.enough:
                    label.setObjectName("muted")
                layout.addWidget(label)
                self.lines.append(label)
        self.strip: ChangeStrip | None = None
        if (
            stats.enough
            and stats.mean_change is not None
            and stats.ci_low is not None
            and stats.ci_high is not None
        ):
            self.strip = ChangeStrip(theme)
            self.strip.set_values(stats.mean_change, stats.ci_low, stats.ci_high, stats.changes)
            layout.insertWidget(2, self.strip)

    def text(self) -> str:
        """The card's words as one sentence per line (the interval back in brackets)."""
        return "\n".join(insight_lines(self.stats))
