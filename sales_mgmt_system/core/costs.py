"""Cost control and marketing arithmetic: variance, utilisation, ratios, ROI.

Amounts are plain floats in one currency, rounded to ``digits`` decimals
(the currency's). A ratio that has nothing to divide by is ``None``: the
caller shows it as empty rather than as a misleading zero.
"""


def variance(budget: float, actual: float, digits: int = 2) -> float:
    """What is left of ``budget`` after ``actual`` (negative: over budget)."""
    return round(budget - actual, digits)


def remaining(budget: float, actual: float, digits: int = 2) -> float:
    """What may still be spent: the variance, never below zero."""
    return max(variance(budget, actual, digits), 0.0)


def utilisation(actual: float, budget: float):
    """``actual`` as a percentage of ``budget``; None when there is no budget."""
    if budget <= 0:
        return None
    return actual / budget * 100.0


def exceeds_budget(budget: float, actual: float, digits: int = 2) -> bool:
    """Whether ``actual`` is beyond ``budget``, compared in the currency's rounding.

    A zero budget allows nothing: any positive actual exceeds it.
    """
    return round(actual - budget, digits) > 0


def reaches_threshold(budget: float, actual: float, threshold_pct: float) -> bool:
    """Whether ``actual`` has reached ``threshold_pct`` percent of ``budget``.

    A zero budget is reached by the first positive actual. Costs only add up,
    so once reached it stays reached: a warning raised the first time and
    remembered is raised once however many entries follow.
    """
    if budget <= 0:
        return actual > 0
    return actual >= budget * threshold_pct / 100.0


def cost_to_revenue(cost: float, revenue: float):
    """Cost as a percentage of revenue; None when there is no (positive) revenue."""
    if revenue <= 0:
        return None
    return cost / revenue * 100.0


def roi(revenue: float, cost: float):
    """Return on investment in percent, ``(revenue - cost) / cost``; None without cost."""
    if cost <= 0:
        return None
    return (revenue - cost) / cost * 100.0


def cost_per_lead(cost: float, leads: int, digits: int = 2):
    """Cost divided by the number of leads; None without leads."""
    if leads <= 0:
        return None
    return round(cost / leads, digits)


def periods_overlap(start_a, end_a, start_b, end_b) -> bool:
    """Whether the closed date ranges ``[start_a, end_a]`` and ``[start_b, end_b]`` meet."""
    return start_a <= end_b and start_b <= end_a
