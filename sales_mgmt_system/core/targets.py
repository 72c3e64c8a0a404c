"""Sales target arithmetic: decomposition, pace and forecasts.

Amounts are plain floats rounded to ``digits`` decimals (the currency's or,
for counted measures, 0 or 2); dates are ``datetime.date``.
"""

from datetime import date

from .periods import full_unit_days, overlap_days, period_days

PACE_ON_TRACK = "on_track"
PACE_CAUTION = "caution"
PACE_OFF_TRACK = "off_track"


def even_weights(periods: list, granularity: str) -> list:
    """One weight per sub-period: 1 for a whole quarter, month or week.

    A piece cut at the target's edges weighs the share of its calendar unit
    that it covers (the 4 days of a week cut by 1 January weigh 4/7).
    """
    return [period_days(start, end) / full_unit_days(start, granularity) for start, end in periods]


def seasonal_weights(last_year_actuals: list, fallback: list) -> tuple:
    """Weights from last year's actual of each sub-period.

    Returns ``(weights, used_history)``: when last year has nothing to go by
    (no positive actual), the ``fallback`` weights are returned and
    ``used_history`` is False so that the caller can say so.
    """
    weights = [max(0.0, value) for value in last_year_actuals]
    if sum(weights) <= 0:
        return list(fallback), False
    return weights, True


def fill_missing_history(last_year_actuals: list) -> tuple:
    """Weights for periods before the owner's history began.

    A salesperson who joined in June has no actual before June last year:
    those periods are not slow months, they are months without history. The
    periods before the first positive actual take the average of the periods
    from there on. Returns ``(weights, filled)``, ``filled`` the number of
    periods given the average (0 when the history covers the whole period or
    there is none at all).
    """
    weights = [max(0.0, value) for value in last_year_actuals]
    first = next((i for i, value in enumerate(weights) if value > 0), None)
    if not first:
        return weights, 0
    known = weights[first:]
    average = sum(known) / len(known)
    return [average] * first + known, first


def distribute(total: float, weights: list, digits: int = 2) -> list:
    """Split ``total`` by ``weights`` into amounts rounded to ``digits``.

    The amounts sum exactly to ``total`` (rounded): the rounding remainder
    goes to the last amount.
    """
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        raise ValueError("The weights must add up to more than zero.")
    if any(weight < 0 for weight in weights):
        raise ValueError("Weights cannot be negative.")
    total = round(total, digits)
    amounts = [round(total * weight / weight_sum, digits) for weight in weights[:-1]]
    amounts.append(round(total - sum(amounts), digits))
    return amounts


def distribute_whole(total: float, weights: list) -> list:
    """Split a count ``total`` by ``weights`` into whole numbers.

    Each amount is the rounded cumulative share minus the previous one, so the
    amounts are whole, sum exactly to ``total`` (rounded) and follow the
    weights as closely as whole numbers can: 12 deals over 52 even weeks are
    one deal every fourth or fifth week, not 0.23 a week.
    """
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        raise ValueError("The weights must add up to more than zero.")
    if any(weight < 0 for weight in weights):
        raise ValueError("Weights cannot be negative.")
    total = round(total)
    amounts, cumulated, previous = [], 0.0, 0
    for weight in weights:
        cumulated += weight
        reached = round(total * cumulated / weight_sum)
        amounts.append(float(reached - previous))
        previous = reached
    amounts[-1] += total - previous
    return amounts


def grown_value(baseline: float, growth_rate: float, digits: int = 2) -> float:
    """The target that grows ``baseline`` by ``growth_rate`` percent (20.0 means +20%)."""
    return round(baseline * (1 + growth_rate / 100.0), digits)


def achievement(actual: float, target: float) -> float:
    """Actual as a percentage of target (0 when there is no target)."""
    return actual / target * 100.0 if target else 0.0


def expected_to_date(lines: list, today: date) -> float:
    """How much of the target should be reached by ``today`` (included).

    ``lines`` are ``(start, end, target_value)``: the target curve is the
    decomposition itself, so a seasonal split expects little in quiet months
    and much in busy ones; within a line the value accrues evenly.
    """
    expected = 0.0
    for start, end, value in lines:
        expected += value * overlap_days(start, end, start, today) / period_days(start, end)
    return expected


def pace_status(actual: float, expected: float, caution_ratio: float, off_track_ratio: float):
    """on_track, caution (under ``caution_ratio`` of the expected pace) or off_track."""
    if expected <= 0:
        return PACE_ON_TRACK
    ratio = actual / expected
    if ratio < off_track_ratio:
        return PACE_OFF_TRACK
    if ratio < caution_ratio:
        return PACE_CAUTION
    return PACE_ON_TRACK


def run_rate_forecast(actual: float, start: date, end: date, today: date) -> float:
    """The period's total if it goes on at the pace of the days elapsed so far."""
    if today < start:
        return 0.0
    elapsed = period_days(start, min(today, end))
    return actual * period_days(start, end) / elapsed
