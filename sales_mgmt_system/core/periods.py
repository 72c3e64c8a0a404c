"""Periods: decomposition into quarters, months and ISO weeks, overlaps, pro rata.

A period is a pair ``(start, end)`` of ``datetime.date``, both inclusive.
"""

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from .dates import add_months, month_end, month_start

GRANULARITIES = ("quarter", "month", "week")


def period_days(start: date, end: date) -> int:
    """Number of days of the period, both ends included."""
    return (end - start).days + 1


def split_period(start: date, end: date, granularity: str) -> list:
    """Cut ``[start, end]`` into calendar quarters, months or ISO weeks.

    The sub-periods follow the calendar (a quarter starts in January, April,
    July or October; an ISO week on Monday) and are cut at the period's edges,
    so they cover the period exactly, without gap or overlap. The year 2026,
    which starts on a Thursday and ends on a Thursday, has 53 week pieces.
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    if granularity not in GRANULARITIES:
        raise ValueError(f"Unknown granularity {granularity!r}.")
    pieces = []
    cursor = start
    while cursor <= end:
        piece_end = min(_calendar_unit_end(cursor, granularity), end)
        pieces.append((cursor, piece_end))
        cursor = piece_end + timedelta(days=1)
    return pieces


def _calendar_unit_end(day: date, granularity: str) -> date:
    if granularity == "week":
        return day + timedelta(days=6 - day.weekday())
    if granularity == "month":
        return month_end(day)
    quarter_first_month = 3 * ((day.month - 1) // 3) + 1
    return month_end(date(day.year, quarter_first_month + 2, 1))


def full_unit_days(start: date, granularity: str) -> int:
    """Days of the whole calendar quarter, month or week that contains ``start``."""
    if granularity == "week":
        return 7
    if granularity == "month":
        return period_days(month_start(start), month_end(start))
    quarter_start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    return period_days(quarter_start, month_end(add_months(quarter_start, 2)))


def overlap_days(start: date, end: date, other_start: date, other_end: date) -> int:
    """Days that two periods share (0 when they do not meet)."""
    return max(0, (min(end, other_end) - max(start, other_start)).days + 1)


def prorate(value: float, start: date, end: date, window_start: date, window_end: date) -> float:
    """The share of ``value`` (spread evenly over ``[start, end]``) that falls in the window."""
    return value * overlap_days(start, end, window_start, window_end) / period_days(start, end)


def uncovered_periods(start: date, end: date, covered: list) -> list:
    """The parts of ``[start, end]`` that none of the ``covered`` periods covers.

    ``covered`` is a list of ``(start, end)`` that may overlap each other and
    reach beyond the period. Returns ``(start, end)`` pieces, in order.
    """
    pieces = []
    cursor = start
    for covered_start, covered_end in sorted(covered):
        if covered_start > end:
            break
        if covered_end < cursor:
            continue
        if covered_start > cursor:
            pieces.append((cursor, covered_start - timedelta(days=1)))
        cursor = covered_end + timedelta(days=1)
        if cursor > end:
            return pieces
    pieces.append((cursor, end))
    return pieces


def prorate_over(value: float, start: date, end: date, windows: list) -> float:
    """The share of ``value`` (spread evenly over ``[start, end]``) that falls in the
    ``windows``, a list of ``(start, end)`` that do not overlap each other."""
    days = sum(overlap_days(start, end, w_start, w_end) for w_start, w_end in windows)
    return value * days / period_days(start, end)


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` years later (earlier if negative); 29 February gives the 28th."""
    return add_months(day, 12 * years)


def sum_over_periods(daily_values: dict, periods: list) -> list:
    """Sum day-keyed values over each period.

    ``daily_values`` maps ``date`` to a number; ``periods`` is a list of
    ``(start, end)``; one that ends before it starts sums to 0. Returns one
    total per period, in order. The days are
    sorted once and each period sums only its own days, found by bisection:
    a year of days over a year of weekly periods costs one pass, not 53.
    """
    days = sorted(daily_values)
    values = [daily_values[day] for day in days]
    totals = []
    for start, end in periods:
        first, after_last = bisect_left(days, start), bisect_right(days, end)
        totals.append(sum(values[first:after_last]))
    return totals
