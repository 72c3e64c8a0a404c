"""Competitors, sales channels and risks: the arithmetic, on plain values.

* price gap of a competitor's product against ours, win rate, conversion;
* risk score (probability x impact) and its level;
* customer concentration over a share of revenue;
* the reconciliation that makes risk detection an idempotent upsert.
"""

from dataclasses import dataclass

RISK_SCALE = (1, 5)
# Upper score of each level; 20-25 is critical (no product of 1..5 lies in 17-19).
RISK_LEVELS = (("low", 4), ("medium", 9), ("high", 16), ("critical", 25))


def price_gap(competitor_price, our_price):
    """Percent by which the competitor's price is above ours (negative: cheaper).

    0.0 when we have no price to compare with.
    """
    if not our_price:
        return 0.0
    return (competitor_price - our_price) / our_price * 100.0


def rate(part, whole):
    """``part`` as a percent of ``whole``; 0.0 when ``whole`` is nothing."""
    return part / whole * 100.0 if whole else 0.0


def win_rate(won, lost):
    """Percent of closed deals won: ``won / (won + lost)``."""
    return rate(won, won + lost)


def in_risk_scale(value):
    return RISK_SCALE[0] <= value <= RISK_SCALE[1]


def risk_score(probability, impact):
    """Probability x impact, each on the 1-5 scale."""
    if not (in_risk_scale(probability) and in_risk_scale(impact)):
        raise ValueError(f"probability and impact must be within 1-5: {probability}, {impact}")
    return probability * impact


def risk_level(score):
    """``low`` 1-4, ``medium`` 5-9, ``high`` 10-16, ``critical`` 20-25."""
    for level, upper in RISK_LEVELS:
        if score <= upper:
            return level
    raise ValueError(f"risk score out of range: {score}")


def concentrated_customers(revenue_by_customer, threshold_pct):
    """The customers whose share of the total revenue is over ``threshold_pct``.

    Negative totals (credit notes over orders) count as nothing.
    """
    total = sum(amount for amount in revenue_by_customer.values() if amount > 0)
    if total <= 0:
        return set()
    return {
        customer
        for customer, amount in revenue_by_customer.items()
        if amount > 0 and amount / total * 100.0 > threshold_pct
    }


@dataclass(frozen=True)
class RiskRow:
    """What detection needs to know of an automatic risk already registered."""

    risk_id: int
    key: object
    cause_present: bool
    closed: bool


@dataclass(frozen=True)
class RiskSync:
    """What a detection run does: the keys to create, the risk ids to reopen,
    to mark present again (still open) and to close."""

    create: tuple
    reopen: tuple
    present: tuple
    close: tuple
    absent: tuple

    @property
    def changes(self):
        return (
            len(self.create)
            + len(self.reopen)
            + len(self.present)
            + len(self.close)
            + len(self.absent)
        )


def plan_risk_sync(rows, detected_keys):
    """Reconcile the registered automatic risks with the causes detected now.

    * a detected cause without a risk: create one;
    * a cause back (its risk was marked absent): the same risk is marked present
      and, when detection had closed it or it is closed, reopened;
    * a cause gone (its risk marked present): marked absent, closed unless it is;
    * a risk whose mark already agrees with detection is left alone, so a
      risk a user closed while its cause is still there stays closed, and a
      second run changes nothing.
    """
    detected = set(detected_keys)
    known = {row.key for row in rows}
    reopen, present, close, absent = [], [], [], []
    for row in rows:
        if row.key in detected and not row.cause_present:
            (reopen if row.closed else present).append(row.risk_id)
        elif row.key not in detected and row.cause_present:
            (absent if row.closed else close).append(row.risk_id)
    return RiskSync(
        create=tuple(sorted(detected - known, key=repr)),
        reopen=tuple(reopen),
        present=tuple(present),
        close=tuple(close),
        absent=tuple(absent),
    )
