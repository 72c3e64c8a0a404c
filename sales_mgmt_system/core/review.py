"""Scoring of performance reviews, on plain values.

KPI scores
    A KPI's score says how much of its target was achieved, on a 0-100+ scale
    where 100 means "target met". Beating the target earns more than 100, up
    to ``SCORE_CAP`` (150): one outstanding KPI can lift the total but cannot
    hide every other one. For a KPI where higher is better the score is
    ``actual / target x 100``; where lower is better (``cycle_days``) it is
    ``target / actual x 100``, so closing in half the target time scores 200,
    capped at 150, and an actual of zero scores the cap.

    A KPI is *not scored* (``None``) when it has no target (no positive
    target value) or no measurable actual (an average over no deals, a win
    rate with no closed deal). The weighted total is then taken over the
    scored KPIs only, their weights scaled back to 100: a missing target
    never counts as a failure nor as a success.

Grades
    A grade band covers the scores ``lower <= score < upper``; the band with
    the highest lower bound also takes scores above its upper bound (up to
    the cap). Bands must not overlap.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months, month_end, month_start

SCORE_CAP = 150.0
WEIGHT_TOTAL = 100.0
# Weights are entered with two decimals at most.
WEIGHT_TOLERANCE = 0.005

KPI_CODES = (
    "revenue",
    "win_rate",
    "new_customers",
    "csat",
    "nps",
    "avg_deal_size",
    "cycle_days",
    "activities_done",
    "visits_done",
    "training_hours",
)
LOWER_IS_BETTER = frozenset({"cycle_days"})
SECONDS_PER_DAY = 86400.0


def kpi_score(actual, target, lower_is_better=False, cap=SCORE_CAP):
    """Score of one KPI, from 0 up to ``cap``; ``None`` when it cannot be scored.

    ``actual`` may be ``None`` (nothing to measure); ``target`` must be
    positive to be a target at all.
    """
    if actual is None or not target or target <= 0:
        return None
    actual = max(actual, 0.0)
    if lower_is_better:
        if actual == 0:
            return cap
        return min(target / actual * 100.0, cap)
    return min(actual / target * 100.0, cap)


def weighted_total(scored_weights):
    """Weighted average of ``(weight, score)`` pairs; unscored (``None``) pairs are left out.

    Returns ``None`` when no KPI could be scored.
    """
    pairs = [(weight, score) for weight, score in scored_weights if score is not None]
    weight_sum = sum(weight for weight, _score in pairs)
    if weight_sum <= 0:
        return None
    return sum(weight * score for weight, score in pairs) / weight_sum


def weights_are_complete(weights):
    """True when ``weights`` add up to 100."""
    return abs(sum(weights) - WEIGHT_TOTAL) < WEIGHT_TOLERANCE


@dataclass(frozen=True)
class Band:
    key: object
    lower: float
    upper: float


def overlapping_bands(bands):
    """Pairs of bands ``(a, b)`` whose score ranges overlap (``a`` starts first)."""
    ordered = sorted(bands, key=lambda band: (band.lower, band.upper))
    overlaps = []
    for index, band in enumerate(ordered):
        for later in ordered[index + 1 :]:
            if later.lower >= band.upper:
                break
            overlaps.append((band, later))
    return overlaps


def band_for(score, bands):
    """The key of the band ``score`` falls in, or ``None``.

    The top band (highest lower bound) is open upwards.
    """
    if score is None or not bands:
        return None
    top = max(bands, key=lambda band: band.lower)
    for band in bands:
        if band.lower <= score < band.upper or (band is top and score >= band.lower):
            return band.key
    return None


def win_rate(won, lost):
    """Won deals as a percentage of the deals closed; ``None`` with nothing closed."""
    closed = won + lost
    if closed <= 0:
        return None
    return won / closed * 100.0


def average(total, count):
    """``total / count``, or ``None`` over nothing."""
    if not count:
        return None
    return total / count


def average_days(spans):
    """Average length in days of ``(start, end)`` datetime pairs; ``None`` for none."""
    spans = list(spans)
    if not spans:
        return None
    seconds = sum(max((end - start).total_seconds(), 0.0) for start, end in spans)
    return seconds / len(spans) / SECONDS_PER_DAY


def previous_month(today):
    """First and last day of the month before ``today``'s."""
    start = add_months(month_start(today), -1)
    return start, month_end(start)


def previous_quarter(today):
    """First and last day of the calendar quarter before ``today``'s."""
    this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return add_months(this_quarter, -3), this_quarter - timedelta(days=1)


def period_kind(date_from, date_to):
    """What the period ``[date_from, date_to]`` is, to name it in any language.

    ``"month"``, ``"quarter"`` or ``"year"`` when it is exactly one calendar
    month, quarter or year, else ``"range"``.
    """
    if date_from.day != 1:
        return "range"
    if date_to == month_end(date_from):
        return "month"
    if date_from.month % 3 == 1 and date_to == month_end(add_months(date_from, 2)):
        return "quarter"
    if date_from.month == 1 and date_to == date(date_from.year, 12, 31):
        return "year"
    return "range"
