"""Team collaboration arithmetic: work report periods, reminders and roll-ups.

Plain values only: dates are ``datetime.date``, figures are dicts of numbers.
"""

from datetime import date, timedelta

REPORT_PERIODS = ("day", "week")
# The figures a work report fills in from the data, summed by the team roll-up.
REPORT_FIGURES = (
    "new_leads",
    "activities_done",
    "visits_done",
    "won_deals",
    "revenue",
    "target_value",
)
# Friday: the day salespeople who have not submitted their weekly report are reminded.
REMINDER_WEEKDAY = 4


def report_bounds(day: date, period: str) -> tuple:
    """``(start, end)`` of the report period holding ``day``: the day itself, or
    its ISO week, Monday to Sunday."""
    if period not in REPORT_PERIODS:
        raise ValueError(f"Unknown report period {period!r}.")
    if period == "day":
        return day, day
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def previous_bounds(day: date, period: str) -> tuple:
    """The report period just before the one holding ``day``."""
    start, _end = report_bounds(day, period)
    return report_bounds(start - timedelta(days=1), period)


def is_reminder_day(day: date, weekday: int = REMINDER_WEEKDAY) -> bool:
    """Whether weekly reminders go out on ``day`` (Friday by default)."""
    return day.weekday() == weekday


def attainment(actual: float, target: float):
    """``actual`` as a percentage of ``target``; None without a positive target."""
    if target <= 0:
        return None
    return actual / target * 100.0


def roll_up(rows, figures=REPORT_FIGURES) -> dict:
    """Sum each figure over ``rows`` (dicts; a missing figure counts 0).

    The team roll-up of the weekly meeting: the totals of the members'
    reports, plus their count and the attainment of the summed revenue
    against the summed targets.
    """
    totals = dict.fromkeys(figures, 0.0)
    count = 0
    for row in rows:
        count += 1
        for figure in figures:
            totals[figure] += row.get(figure) or 0.0
    totals["count"] = count
    if "revenue" in totals and "target_value" in totals:
        totals["attainment"] = attainment(totals["revenue"], totals["target_value"])
    return totals


def hours_by_user(attendances) -> dict:
    """``{user: hours}`` summed over ``(user, hours, attended)`` triples; only
    attended sessions count. Negative hours are refused."""
    totals = {}
    for user, hours, attended in attendances:
        if hours < 0:
            raise ValueError("Training hours cannot be negative.")
        if attended:
            totals[user] = totals.get(user, 0.0) + hours
    return totals
