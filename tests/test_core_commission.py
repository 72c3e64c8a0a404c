import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.commission import (
    Bonus,
    Tier,
    attainment,
    period_containing,
    plan_commission,
    reached_bonuses,
    tier_bands,
    tier_problems,
    tiered_commission,
)

# Tiers on attainment: 0-100% of target at 5%, from 100% at 8%.
TIERS = (Tier(0.0, 5.0), Tier(100.0, 8.0))
TARGET = 100_000.0
SCALE = TARGET / 100.0


def test_marginal_pays_each_band_at_its_rate():
    assert tiered_commission(120_000.0, TIERS, "marginal", SCALE) == pytest.approx(6_600.0)


def test_whole_pays_everything_at_the_reached_rate():
    assert tiered_commission(120_000.0, TIERS, "whole", SCALE) == pytest.approx(9_600.0)


def test_flat_rate():
    commission = plan_commission(120_000.0, "flat", flat_rate=5.0)
    assert commission.amount == 6_000.0
    assert commission.rate == pytest.approx(5.0)
    assert not commission.capped


def test_cap_cuts_the_whole_amount_case():
    commission = plan_commission(120_000.0, "whole", tiers=TIERS, scale=SCALE, cap=7_000.0)
    assert commission.uncapped == 9_600.0
    assert commission.amount == 7_000.0
    assert commission.capped


def test_cap_above_the_commission_changes_nothing():
    commission = plan_commission(120_000.0, "marginal", tiers=TIERS, scale=SCALE, cap=7_000.0)
    assert commission.amount == 6_600.0
    assert not commission.capped


def test_exact_bound_belongs_to_the_upper_tier():
    # At exactly 100% the whole amount earns the upper rate ...
    assert tiered_commission(100_000.0, TIERS, "whole", SCALE) == pytest.approx(8_000.0)
    # ... marginal pays nothing at 8% yet; just below, the lower rate.
    assert tiered_commission(100_000.0, TIERS, "marginal", SCALE) == pytest.approx(5_000.0)
    assert tiered_commission(99_999.0, TIERS, "whole", SCALE) == pytest.approx(4_999.95)


def test_amount_bands_without_target():
    bands = (Tier(0.0, 2.0), Tier(50_000.0, 4.0), Tier(100_000.0, 6.0))
    # 50,000 x 2% + 50,000 x 4% + 20,000 x 6%
    assert tiered_commission(120_000.0, bands, "marginal") == pytest.approx(4_200.0)
    assert tiered_commission(120_000.0, bands, "whole") == pytest.approx(7_200.0)
    assert tiered_commission(50_000.0, bands, "whole") == pytest.approx(2_000.0)
    assert tiered_commission(30_000.0, bands, "marginal") == pytest.approx(600.0)


def test_tiers_in_any_order():
    assert tiered_commission(120_000.0, TIERS[::-1], "marginal", SCALE) == pytest.approx(6_600.0)


def test_nothing_and_negative_bases():
    assert tiered_commission(0.0, TIERS, "marginal", SCALE) == 0.0
    # More credited than invoiced: paid back at the first rate.
    assert tiered_commission(-1_000.0, TIERS, "whole", SCALE) == pytest.approx(-50.0)
    assert plan_commission(-1_000.0, "flat", flat_rate=5.0).amount == -50.0


def test_valid_tiers_have_no_problem():
    assert tier_problems(TIERS) == []
    assert tier_problems([Tier(0.0, 0.0)]) == []


def test_tier_problems_are_found():
    assert tier_problems([Tier(10.0, 5.0), Tier(50.0, 6.0)]) == [("first_not_zero", 10.0)]
    assert tier_problems([Tier(0.0, 5.0), Tier(50.0, 6.0), Tier(50.0, 7.0)]) == [
        ("duplicate_bound", 50.0)
    ]
    assert ("negative_rate", -1.0) in tier_problems([Tier(0.0, -1.0)])
    assert ("negative_bound", -5.0) in tier_problems([Tier(-5.0, 1.0), Tier(0.0, 2.0)])


def test_invalid_tiers_are_refused():
    with pytest.raises(ValueError):
        tiered_commission(10.0, [], "marginal")
    with pytest.raises(ValueError):
        tiered_commission(10.0, [Tier(5.0, 1.0)], "whole")
    with pytest.raises(ValueError):
        plan_commission(10.0, "progressive", tiers=TIERS)


def test_attainment():
    assert attainment(120_000.0, TARGET) == pytest.approx(120.0)
    assert attainment(120_000.0, 0.0) is None
    assert attainment(120_000.0, None) is None


def test_bonuses_reached_at_their_threshold():
    bonuses = [
        Bonus("a", "attainment", 100.0, 1_000.0),
        Bonus("r", "revenue", 150_000.0, 500.0),
        Bonus("d", "deals", 3, 300.0),
    ]
    reached = reached_bonuses(bonuses, 100.0, 120_000.0, 3)
    assert [bonus.key for bonus in reached] == ["a", "d"]
    assert reached_bonuses(bonuses, 99.99, 150_000.0, 2) == [bonuses[1]]
    # Without a target no attainment bonus is reached.
    assert reached_bonuses(bonuses[:1], None, 1e9, 99) == []


def test_period_containing():
    day = date(2026, 5, 17)
    assert period_containing(day, "month") == (date(2026, 5, 1), date(2026, 5, 31))
    assert period_containing(day, "quarter") == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_containing(date(2026, 12, 31), "quarter") == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert period_containing(day, "year") == (date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValueError):
        period_containing(day, "week")


def test_tier_bands_read_like_the_salesperson_reads_them():
    tiers = [Tier(0, 5.0), Tier(100_000, 8.0)]
    bands = tier_bands(120_000, tiers, "marginal")
    assert [(b.lower, b.upper, b.rate, b.base) for b in bands] == [
        (0, 100_000, 5.0, 100_000),
        (100_000, None, 8.0, 20_000),
    ]
    assert [round(b.commission, 2) for b in bands] == [5_000.0, 1_600.0]
    whole = tier_bands(120_000, tiers, "whole")
    assert [(b.lower, b.rate, b.base, b.commission) for b in whole] == [
        (100_000, 8.0, 120_000, 9_600.0)
    ]
    # Attainment tiers: bounds in percent of a target of 50,000 (scale 500).
    pct = tier_bands(60_000, [Tier(0, 5.0), Tier(100, 8.0)], "marginal", scale=500.0)
    assert [(b.lower, b.upper, b.base) for b in pct] == [(0, 100, 50_000), (100, None, 10_000)]


@given(
    amount=st.floats(min_value=-1e6, max_value=1e7, allow_nan=False),
    bounds=st.lists(st.floats(min_value=1, max_value=1e6), max_size=4, unique=True),
    rates=st.lists(st.floats(min_value=0, max_value=30), min_size=5, max_size=5),
    mode=st.sampled_from(["marginal", "whole"]),
)
def test_tier_bands_add_up_to_the_commission(amount, bounds, rates, mode):
    tiers = [Tier(bound, rate) for bound, rate in zip([0.0, *bounds], rates, strict=False)]
    bands = tier_bands(amount, tiers, mode)
    assert math.isclose(
        sum(b.commission for b in bands), tiered_commission(amount, tiers, mode), abs_tol=1e-6
    )
