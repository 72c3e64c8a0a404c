"""Commission arithmetic on plain values.

A commission plan pays a rate on a salesperson's commission base (the sum of
the untaxed amounts of their source lines over a period):

* ``flat``: one rate on the whole base;
* ``marginal`` (超额累进): each band of the base is paid at its tier's rate;
* ``whole`` (全额累进): the whole base is paid at the rate of the highest
  tier it reaches.

Tiers are given by their lower bound: an amount, or a percent of the
salesperson's target (then ``scale`` = target / 100 turns bounds into
amounts). A tier holds from its lower bound (included) to the next tier's
lower bound (excluded); the first tier must start at 0, so that tiers leave
no gap, and two tiers may not share a bound, so that they do not overlap.

A cap limits the commission (not the bonuses). What a statement pays on
each source line, clawbacks included, is settled in ``settlement``.
"""

from dataclasses import dataclass
from itertools import pairwise

from .dates import add_months, month_end

RATE_MODES = ("flat", "marginal", "whole")


@dataclass(frozen=True)
class Tier:
    lower_bound: float
    rate: float


@dataclass(frozen=True)
class Bonus:
    key: object
    measure: str  # attainment, revenue or deals
    threshold: float
    amount: float


@dataclass(frozen=True)
class Commission:
    base: float
    amount: float  # after the cap
    uncapped: float

    @property
    def capped(self):
        return self.amount != self.uncapped

    @property
    def rate(self):
        """Effective rate in percent: the commission over the base."""
        return self.amount / self.base * 100.0 if self.base else 0.0


def tier_problems(tiers):
    """What is wrong with ``tiers``, as ``(code, value)`` pairs (none when valid).

    Codes: ``negative_bound``, ``negative_rate``, ``first_not_zero`` (the
    lowest tier does not start at 0: amounts below it would fall in a gap),
    ``duplicate_bound`` (two tiers start at the same bound: they overlap).
    """
    problems = []
    bounds = sorted(tier.lower_bound for tier in tiers)
    problems += [("negative_bound", t.lower_bound) for t in tiers if t.lower_bound < 0]
    problems += [("negative_rate", t.rate) for t in tiers if t.rate < 0]
    if bounds and bounds[0] != 0:
        problems.append(("first_not_zero", bounds[0]))
    problems += [
        ("duplicate_bound", bound) for bound, following in pairwise(bounds) if bound == following
    ]
    return problems


def _checked(tiers):
    if not tiers:
        raise ValueError("A tiered commission needs at least one tier.")
    problems = tier_problems(tiers)
    if problems:
        raise ValueError(f"Invalid tiers: {problems}")
    return sorted(tiers, key=lambda tier: tier.lower_bound)


def tiered_commission(amount, tiers, mode, scale=1.0):
    """Commission on ``amount`` by ``tiers`` in ``mode`` (``marginal`` or ``whole``).

    Bounds are multiplied by ``scale`` to become amounts. A negative amount
    (credit notes above invoices) is paid back at the first tier's rate.
    """
    tiers = _checked(tiers)
    if amount <= 0:
        return amount * tiers[0].rate / 100.0
    bounds = [tier.lower_bound * scale for tier in tiers]
    if mode == "whole":
        reached = [tier for tier, bound in zip(tiers, bounds, strict=True) if amount >= bound]
        return amount * reached[-1].rate / 100.0
    if mode != "marginal":
        raise ValueError(f"Unknown tier mode {mode!r}")
    total = 0.0
    uppers = [*bounds[1:], None]
    for tier, lower, upper in zip(tiers, bounds, uppers, strict=True):
        if amount <= lower:
            break
        band = (min(amount, upper) if upper is not None else amount) - lower
        total += band * tier.rate / 100.0
    return total


@dataclass(frozen=True)
class Band:
    """A tier as a salesperson reads it: ``lower``-``upper`` at ``rate`` = ``commission``.

    ``lower`` and ``upper`` are the tier's bounds as the plan states them
    (amounts, or percents of the target); ``upper`` is None for the open top
    tier. ``base`` is the part of the amount paid at ``rate``.
    """

    lower: float
    upper: float | None
    rate: float
    base: float
    commission: float


def tier_bands(amount, tiers, mode, scale=1.0):
    """The :class:`Band` list that :func:`tiered_commission` pays on ``amount``.

    Marginal tiers give one band per tier reached, each paid on its part of
    the amount; whole-amount tiers give the one tier reached, paid on the
    whole amount. Their commissions add up to :func:`tiered_commission`.
    """
    tiers = _checked(tiers)
    uppers = [tier.lower_bound for tier in tiers[1:]] + [None]
    if amount <= 0:
        return [Band(tiers[0].lower_bound, uppers[0], tiers[0].rate, amount,
                     amount * tiers[0].rate / 100.0)]  # fmt: skip
    if mode == "whole":
        index = max(i for i, tier in enumerate(tiers) if amount >= tier.lower_bound * scale)
        tier = tiers[index]
        return [
            Band(tier.lower_bound, uppers[index], tier.rate, amount, amount * tier.rate / 100.0)
        ]
    if mode != "marginal":
        raise ValueError(f"Unknown tier mode {mode!r}")
    bands = []
    for tier, upper in zip(tiers, uppers, strict=True):
        lower_amount = tier.lower_bound * scale
        if amount <= lower_amount:
            break
        top = amount if upper is None else min(amount, upper * scale)
        base = top - lower_amount
        bands.append(Band(tier.lower_bound, upper, tier.rate, base, base * tier.rate / 100.0))
    return bands


def plan_commission(base, mode, flat_rate=0.0, tiers=(), scale=1.0, cap=0.0, digits=2):
    """The :class:`Commission` of a plan on ``base``; ``cap`` 0 means no cap."""
    if mode == "flat":
        uncapped = base * flat_rate / 100.0
    elif mode in RATE_MODES:
        uncapped = tiered_commission(base, tiers, mode, scale)
    else:
        raise ValueError(f"Unknown rate mode {mode!r}")
    uncapped = round(uncapped, digits)
    amount = min(uncapped, cap) if cap > 0 else uncapped
    return Commission(base=base, amount=round(amount, digits), uncapped=uncapped)


def attainment(achieved, target):
    """Achieved over target in percent, or None without a (positive) target."""
    if not target or target <= 0:
        return None
    return achieved / target * 100.0


def reached_bonuses(bonuses, attainment_percent, revenue, deals):
    """The bonuses whose threshold the measures reach (``>=``), in the given order.

    Attainment bonuses are never reached without a target
    (``attainment_percent`` None).
    """
    values = {"attainment": attainment_percent, "revenue": revenue, "deals": deals}
    return [
        bonus
        for bonus in bonuses
        if values[bonus.measure] is not None and values[bonus.measure] >= bonus.threshold
    ]


def period_containing(day, period):
    """First and last day of the ``month``, ``quarter`` or ``year`` holding ``day``."""
    if period == "month":
        first_month, months = day.month, 1
    elif period == "quarter":
        first_month, months = (day.month - 1) // 3 * 3 + 1, 3
    elif period == "year":
        first_month, months = 1, 12
    else:
        raise ValueError(f"Unknown period {period!r}")
    start = day.replace(month=first_month, day=1)
    return start, month_end(add_months(start, months - 1))
