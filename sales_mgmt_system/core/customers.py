"""Customer arithmetic: RFM quintile scores, RFM segments and lifecycle stages.

Plain functions over plain values; the Odoo models gather the order history
with grouped queries, call these and write the results back in batches.
"""

from dataclasses import dataclass

SCORES = (1, 2, 3, 4, 5)

# Codes are public API (PRODUCT.md §15).
RFM_SEGMENT_CODES = (
    "champions",
    "loyal",
    "potential_loyalist",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
    "lost",
)

LIFECYCLE_CODES = ("prospect", "first_purchase", "repeat", "loyal", "at_risk", "churned")


def quintile_scores(values):
    """Score each key of ``values`` 1 to 5 by the quintile of its value, higher is better.

    ``values`` maps keys (customers) to comparable numbers. A customer's score
    is the quintile of its mid-rank: ``1 + floor(5 * (below + equal / 2) / n)``
    where ``below`` counts the customers with a smaller value and ``equal``
    those with the same value (itself included). So equal values always get
    equal scores, a lone customer (or customers who all tie) get the middle
    score 3, and ``5k`` distinct values give ``k`` customers each score.
    """
    count = len(values)
    if not count:
        return {}
    ordered = sorted(values.values())
    # below and equal per distinct value, in one pass over the sorted values.
    position = {}
    start = 0
    while start < count:
        stop = start
        while stop < count and ordered[stop] == ordered[start]:
            stop += 1
        position[ordered[start]] = (start, stop - start)
        start = stop
    scores = {}
    for key, value in values.items():
        below, equal = position[value]
        # Integer arithmetic: floor(5 * (below + equal / 2) / n).
        scores[key] = min(5, 1 + (5 * (2 * below + equal)) // (2 * count))
    return scores


def rfm_scores(customers):
    """``{key: (recency, frequency, monetary)}`` scores from raw figures.

    ``customers`` maps keys to ``(days_since_last_order, order_count, revenue)``;
    fewer days since the last order is better, more orders and revenue are.
    """
    recency = quintile_scores({key: -figures[0] for key, figures in customers.items()})
    frequency = quintile_scores({key: figures[1] for key, figures in customers.items()})
    monetary = quintile_scores({key: figures[2] for key, figures in customers.items()})
    return {key: (recency[key], frequency[key], monetary[key]) for key in customers}


def rfm_segment(recency, frequency, monetary):
    """The standard RFM segment of the scores (each 1 to 5).

    Recency against the rounded mean of frequency and monetary (``fm``):

    ====  =====================================================
    R     fm 1 / 2 / 3 / 4 / 5
    ====  =====================================================
    5     new / potential loyalist  (2) / champions  (2)
    4     promising / potential loyalist  (2) / loyal  (2)
    3     about to sleep  (2) / need attention / loyal  (2)
    2     hibernating  (2) / at risk  (2) / can't lose
    1     lost / hibernating / at risk  (2) / can't lose
    ====  =====================================================
    """
    for score in (recency, frequency, monetary):
        if score not in SCORES:
            raise ValueError(f"RFM scores are 1 to 5, not {score!r}")
    fm = (frequency + monetary + 1) // 2  # the mean, halves rounded up
    if recency >= 4:
        if fm >= 4:
            return "champions" if recency == 5 else "loyal"
        if fm >= 2:
            return "potential_loyalist"
        return "new" if recency == 5 else "promising"
    if recency == 3:
        if fm >= 4:
            return "loyal"
        return "need_attention" if fm == 3 else "about_to_sleep"
    if fm == 5:
        return "cant_lose"
    if fm >= 3:
        return "at_risk"
    return "lost" if recency == 1 and fm == 1 else "hibernating"


@dataclass(frozen=True)
class LifecycleThresholds:
    """The Settings of PRODUCT.md §15, in days, orders and company currency."""

    loyal_min_orders: int = 6
    loyal_min_revenue: float = 100000.0
    loyal_window_days: int = 365
    at_risk_days: int = 90
    churned_days: int = 180
    rfm_window_days: int = 365

    def errors(self):
        """Why these thresholds cannot be used, as ``(code, value)``; empty if fine.

        Every threshold must be positive and ``churned_days`` greater than
        ``at_risk_days``.
        """
        problems = [
            (name, getattr(self, name))
            for name in (
                "loyal_min_orders",
                "loyal_min_revenue",
                "loyal_window_days",
                "at_risk_days",
                "churned_days",
                "rfm_window_days",
            )
            if not getattr(self, name) > 0
        ]
        if not problems and self.churned_days <= self.at_risk_days:
            problems.append(("churned_days", self.churned_days))
        return problems


@dataclass(frozen=True)
class CustomerHistory:
    """What the lifecycle decision reads of one customer's confirmed orders."""

    order_count: int = 0
    days_since_last_order: int | None = None
    window_order_count: int = 0
    window_revenue: float = 0.0
    has_open_opportunity: bool = False


def lifecycle_stage(history, thresholds):
    """The lifecycle stage code of a customer, or None when it has none.

    * no order: ``prospect`` with an open opportunity, else no stage;
    * no order for more than ``churned_days``: ``churned``, more than
      ``at_risk_days``: ``at_risk`` (whatever the customer was before);
    * at least ``loyal_min_orders`` orders or ``loyal_min_revenue`` within the
      last ``loyal_window_days``: ``loyal``;
    * otherwise ``repeat`` from the second order, ``first_purchase`` before.

    Stages move both ways: a customer who buys again after being at risk
    falls in the stage its recent orders give.
    """
    if not history.order_count:
        return "prospect" if history.has_open_opportunity else None
    days = history.days_since_last_order or 0
    if days > thresholds.churned_days:
        return "churned"
    if days > thresholds.at_risk_days:
        return "at_risk"
    if (
        history.window_order_count >= thresholds.loyal_min_orders
        or history.window_revenue >= thresholds.loyal_min_revenue
    ):
        return "loyal"
    return "repeat" if history.order_count >= 2 else "first_purchase"


def lifecycle_transitions(current, decided):
    """``{key: (stage_from, stage_to)}`` for the keys whose stage changes.

    ``current`` and ``decided`` map keys to stage codes (or None); keys absent
    from ``current`` have no stage yet. Re-running with the decided stages as
    current gives nothing: the transitions are idempotent.
    """
    return {
        key: (current.get(key), stage)
        for key, stage in decided.items()
        if (current.get(key) or None) != (stage or None)
    }


def top_recommendations(pair_counts, owned, limit=3):
    """``{customer: [product, ...]}``: co-purchased products not yet bought.

    ``pair_counts`` maps ``(product_a, product_b)`` to the number of customers
    who bought both (A and B distinct, both orders present); ``owned`` maps
    each customer to the set of products it bought. A product scores the sum
    of its pair counts with the customer's products; best first, ties by
    product. Pure reference of the set-based query the model runs.
    """
    result = {}
    for customer, products in owned.items():
        score = {}
        for (product_a, product_b), count in pair_counts.items():
            if product_a in products and product_b not in products:
                score[product_b] = score.get(product_b, 0) + count
        ranked = sorted(score, key=lambda product: (-score[product], product))
        if ranked:
            result[customer] = ranked[:limit]
    return result
