"""The journal's words for numbers, dates and ratings: plain functions, tested without widgets."""

from __future__ import annotations

from datetime import date, datetime

from unwind.journal.models import CheckIn, Ending, SessionRecord

MINUS = "\u2212"
NO_ANSWER = "\u2013"
"""An en dash stands for a rating that was not given."""
ARROW = "\u2192"
NOT_ANSWERED = "not answered"


def signed(value: float, digits: int = 1) -> str:
    """A true minus sign for a drop, and a plus for a rise, so direction is never guessed."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return (MINUS if value < 0 else "+") + text


def points(value: float) -> str:
    digits = 0 if float(value).is_integer() else 1
    unit = "point" if abs(value) == 1 else "points"
    return f"{signed(value, digits)} {unit}"


def short_date(moment: datetime | date) -> str:
    return f"{moment.day} {moment:%b}"


def date_text(moment: datetime, *, this_year: int | None = None) -> str:
    """'Mon 5 Jan 2026, 09:00'; without the year when it is `this_year`."""
    local = moment.astimezone()
    year = "" if local.year == this_year else f" {local.year}"
    return f"{local:%a} {short_date(local)}{year}, {local:%H:%M}"


def minutes_text(record: SessionRecord) -> str:
    """The minutes practised (pauses and skipped parts left out), and of how many when the
    session did not complete."""

    def whole(seconds: float) -> str:
        return "<1" if 0 < seconds < 30 else str(round(seconds / 60))

    done = whole(record.time_practised)
    if record.ending is Ending.COMPLETED:
        return done
    return f"{done} of {whole(record.planned_seconds)}"


def stress_of(checkin: CheckIn | None) -> int | None:
    return None if checkin is None else checkin.stress


def stress_text(record: SessionRecord) -> str:
    before, after = stress_of(record.before), stress_of(record.after)
    if before is None and after is None:
        return ""
    shown = [NO_ANSWER if v is None else str(v) for v in (before, after)]
    return f"{shown[0]}  {ARROW}  {shown[1]}"
