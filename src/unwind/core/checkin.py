"""A check-in as plain values: the questions' scales, their words, and one set of answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

STRESS_MIN, STRESS_MAX = 0, 10
GRID_MIN, GRID_MAX = 1, 9
"""The affect grid is 9 x 9: column 1..9 is pleasure, row 1..9 is arousal (9 = most)."""

STRESS_ANCHORS = {
    0: "Completely relaxed",
    5: "Moderately stressed",
    10: "The most stressed you can imagine",
}
HIGH_STRESS = 7

VALENCE_CATEGORIES = (
    "very unpleasant",
    "unpleasant",
    "slightly unpleasant",
    "neutral",
    "slightly pleasant",
    "pleasant",
    "very pleasant",
)

TENSION_AREAS = {
    "neck": "Neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "lower_back": "Lower back",
    "jaw": "Jaw",
    "other": "Other",
}
MAX_TAGS = 50
MAX_TAG_CHARS = 100
"""A check-in's tags, as many and as long as the journal's export and import carry."""


def tags_from_text(text: str) -> tuple[str, ...]:
    """Tags typed with commas between them: spaces trimmed, repeats dropped, and no more
    than the journal holds (each cut at MAX_TAG_CHARS, the first MAX_TAGS kept)."""
    tags: list[str] = []
    for part in text.split(","):
        tag = part.strip()[:MAX_TAG_CHARS].strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags[:MAX_TAGS])


class Moment(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class CheckIn:
    """One check-in. None means unanswered: never replaced by a default."""

    stress: int | None = None
    valence: int | None = None
    arousal: int | None = None
    tension_areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return (
            self.stress is None
            and self.valence is None
            and self.arousal is None
            and not self.tension_areas
            and not self.tags
        )

    @property
    def valence_signed(self) -> float | None:
        """Pleasure mapped to -1..+1, as common health formats expect."""
        return None if self.valence is None else (self.valence - 5) / 4

    @property
    def valence_category(self) -> int | None:
        """Pleasure as 1..7 (very unpleasant .. very pleasant)."""
        if self.valence is None:
            return None
        return 1 + round((self.valence - 1) * 6 / 8)
