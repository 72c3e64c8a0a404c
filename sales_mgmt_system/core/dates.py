"""Calendar arithmetic on plain ``datetime.date`` values."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months (negative goes back).

    The day of the month is clamped to the length of the target month, so
    31 January plus one month is 28 (or 29) February.
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date) -> date:
    """Return the first day of the month of ``day``."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """Return the last day of the month of ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
