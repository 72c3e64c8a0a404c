"""Cost control and marketing arithmetic, with the money invariants as properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.costs import (
    cost_per_lead,
    cost_to_revenue,
    exceeds_budget,
    periods_overlap,
    reaches_threshold,
    remaining,
    roi,
    utilisation,
    variance,
)

# Amounts in cents turned into currency amounts, as the models store them.
money = st.integers(min_value=0, max_value=10**9).map(lambda cents: cents / 100)
positive_money = st.integers(min_value=1, max_value=10**9).map(lambda cents: cents / 100)


def test_variance_and_utilisation_of_a_budget():
    assert variance(10000.0, 9200.0) == 800.0
    assert variance(10000.0, 10500.0) == -500.0
    assert remaining(10000.0, 10500.0) == 0.0
    assert utilisation(9200.0, 10000.0) == pytest.approx(92.0)
    assert utilisation(10.0, 0.0) is None


def test_zero_budget_allows_nothing():
    assert not exceeds_budget(0.0, 0.0)
    assert exceeds_budget(0.0, 0.01)
    assert not reaches_threshold(0.0, 0.0, 90.0)
    assert reaches_threshold(0.0, 5.0, 90.0)
    assert reaches_threshold(1000.0, 900.0, 90.0)
    assert not reaches_threshold(1000.0, 899.99, 90.0)


def test_exceeding_compares_in_the_currency_rounding():
    # 0.1 + 0.2 is 0.30000000000000004 in floats: not over a 0.30 budget.
    assert not exceeds_budget(0.3, 0.1 + 0.2)
    assert exceeds_budget(0.3, 0.31)


def test_ratios_without_a_base_are_empty():
    assert cost_to_revenue(500.0, 10000.0) == pytest.approx(5.0)
    assert cost_to_revenue(500.0, 0.0) is None
    assert roi(15000.0, 5000.0) == pytest.approx(200.0)
    assert roi(3000.0, 5000.0) == pytest.approx(-40.0)
    assert roi(3000.0, 0.0) is None
    assert cost_per_lead(1000.0, 3) == 333.33
    assert cost_per_lead(1000.0, 0) is None


def test_periods_overlap_on_shared_days_only():
    jan = (date(2026, 1, 1), date(2026, 1, 31))
    feb = (date(2026, 2, 1), date(2026, 2, 28))
    assert not periods_overlap(*jan, *feb)
    assert periods_overlap(*jan, date(2026, 1, 31), date(2026, 3, 31))
    assert periods_overlap(date(2025, 12, 1), date(2026, 12, 31), *feb)


@given(budget=money, actual=money)
def test_variance_plus_actual_is_the_budget(budget, actual):
    assert round(variance(budget, actual) + actual, 2) == round(budget, 2)
    assert remaining(budget, actual) >= 0
    assert (variance(budget, actual) < 0) == exceeds_budget(budget, actual)


@given(budget=positive_money, actual=money, more=money)
def test_utilisation_grows_with_the_actual(budget, actual, more):
    assert utilisation(actual + more, budget) >= utilisation(actual, budget)
    if exceeds_budget(budget, actual):
        assert utilisation(actual, budget) > 100.0


@given(
    budget=money,
    entries=st.lists(positive_money, max_size=30),
    threshold=st.floats(min_value=1.0, max_value=150.0),
)
def test_a_threshold_once_reached_stays_reached(budget, entries, threshold):
    """Entries only add cost: the threshold is reached at one entry and stays
    reached after it, so a remembered warning is given exactly once."""
    actual, reached, warnings = 0.0, [], 0
    for amount in entries:
        actual += amount
        reached.append(reaches_threshold(budget, actual, threshold))
        if reached[-1] and warnings == 0:
            warnings += 1
    assert reached == sorted(reached), "never un-reached by a growing actual"
    final = actual > 0 if budget <= 0 else actual >= budget * threshold / 100.0
    assert warnings == (1 if final else 0)


@given(budget=money, entries=st.lists(positive_money, max_size=30))
def test_a_hard_block_keeps_the_actual_within_the_budget(budget, entries):
    """Accepting only the entries that fit never lets the actual pass the budget,
    and every refused entry was larger than what was left."""
    actual = 0.0
    for amount in entries:
        if exceeds_budget(budget, actual + amount):
            assert amount > remaining(budget, actual)
        else:
            actual = round(actual + amount, 2)
    assert not exceeds_budget(budget, actual)
    assert variance(budget, actual) >= 0


@given(cost=positive_money, leads=st.integers(min_value=1, max_value=10**6))
def test_cost_per_lead_times_leads_is_the_cost(cost, leads):
    assert cost_per_lead(cost, leads) * leads == pytest.approx(cost, abs=0.005 * leads + 1e-6)


@given(cost=positive_money, revenue=money)
def test_roi_is_zero_at_break_even_and_grows_with_revenue(cost, revenue):
    assert roi(cost, cost) == 0.0
    assert (roi(revenue, cost) >= 0) == (revenue >= cost)
    assert roi(revenue + 1.0, cost) > roi(revenue, cost)
    assert cost_to_revenue(cost, revenue) is None or cost_to_revenue(cost, revenue) > 0


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    lengths=st.tuples(*[st.integers(min_value=0, max_value=400)] * 3),
)
def test_overlap_is_symmetric_and_adjacent_periods_do_not_overlap(start, lengths):
    length_a, gap, length_b = lengths
    end_a = start + timedelta(days=length_a)
    start_b = end_a + timedelta(days=gap + 1)
    end_b = start_b + timedelta(days=length_b)
    assert not periods_overlap(start, end_a, start_b, end_b)
    assert periods_overlap(start, end_b, start_b, end_b)
    assert periods_overlap(start, end_a, start_b, end_b) == periods_overlap(
        start_b, end_b, start, end_a
    )
