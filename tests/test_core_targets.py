from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.periods import split_period
from sales_mgmt_system.core.targets import (
    achievement,
    distribute,
    distribute_whole,
    even_weights,
    expected_to_date,
    fill_missing_history,
    grown_value,
    pace_status,
    run_rate_forecast,
    seasonal_weights,
)

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_distribute_sums_exactly_and_puts_the_remainder_last():
    amounts = distribute(100000.0, [1] * 12, 2)
    assert amounts[:11] == [8333.33] * 11
    assert amounts[-1] == 8333.37
    assert round(sum(amounts), 2) == 100000.0
    counts = distribute(50, [1] * 12, 0)
    assert counts[:11] == [4.0] * 11 and counts[-1] == 6.0


def test_distribute_refuses_weights_that_add_up_to_nothing():
    with pytest.raises(ValueError, match="more than zero"):
        distribute(1000.0, [0, 0, 0])
    with pytest.raises(ValueError, match="more than zero"):
        distribute(1000.0, [])
    with pytest.raises(ValueError, match="negative"):
        distribute(1000.0, [2, -1])


def test_even_weights_are_equal_for_whole_units_and_partial_at_the_edges():
    assert even_weights(split_period(*YEAR, "month"), "month") == [1.0] * 12
    weeks = even_weights(split_period(*YEAR, "week"), "week")
    assert weeks[0] == pytest.approx(4 / 7)
    assert weeks[1] == 1.0
    assert weeks[-1] == pytest.approx(4 / 7)


def test_seasonal_weights_follow_last_year_or_fall_back_to_even():
    weights, used = seasonal_weights([100.0, 300.0, 0.0, -20.0], [1, 1, 1, 1])
    assert used and weights == [100.0, 300.0, 0.0, 0.0]
    weights, used = seasonal_weights([0.0, 0.0], [1.0, 1.0])
    assert not used and weights == [1.0, 1.0]


def test_growth_over_baseline():
    assert grown_value(500000.0, 20.0) == 600000.0
    assert grown_value(10.0, -50.0, 0) == 5.0
    assert achievement(120000.0, 100000.0) == 120.0
    assert achievement(5.0, 0.0) == 0.0


def test_expected_pace_follows_the_seasonal_curve_not_a_straight_line():
    quiet_then_busy = [
        (date(2026, 1, 1), date(2026, 1, 31), 1000.0),
        (date(2026, 2, 1), date(2026, 2, 28), 9000.0),
    ]
    assert expected_to_date(quiet_then_busy, date(2026, 1, 31)) == 1000.0
    assert expected_to_date(quiet_then_busy, date(2026, 2, 14)) == pytest.approx(5500.0)
    assert expected_to_date(quiet_then_busy, date(2025, 12, 31)) == 0.0
    # 1,200 by the end of January is on track for this curve, far behind a straight line.
    assert pace_status(1200.0, expected_to_date(quiet_then_busy, date(2026, 1, 31)), 0.9, 0.75) == (
        "on_track"
    )


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (100.0, "on_track"),
        (90.0, "on_track"),
        (89.9, "caution"),
        (75.0, "caution"),
        (74.9, "off_track"),
    ],
)
def test_pace_thresholds(actual, status):
    assert pace_status(actual, 100.0, 0.9, 0.75) == status


def test_nothing_expected_yet_is_on_track():
    assert pace_status(0.0, 0.0, 0.9, 0.75) == "on_track"


def test_run_rate_forecast():
    assert run_rate_forecast(31000.0, *YEAR, date(2026, 1, 31)) == pytest.approx(365000.0)
    assert run_rate_forecast(500.0, *YEAR, date(2027, 3, 1)) == 500.0
    assert run_rate_forecast(0.0, *YEAR, date(2025, 12, 1)) == 0.0


def test_distribute_whole_gives_whole_counts_that_follow_the_weights():
    counts = distribute_whole(12, [1] * 52)
    assert all(count == int(count) for count in counts)
    assert sum(counts) == 12
    assert max(counts) == 1
    # Each quarter of 13 weeks gets its 3 deals.
    assert [sum(counts[i : i + 13]) for i in range(0, 52, 13)] == [3, 3, 3, 3]
    assert distribute_whole(10, [1, 1, 2]) == [2.0, 3.0, 5.0]


@given(
    total=st.integers(min_value=0, max_value=10_000),
    weights=st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=60).filter(
        lambda weights: sum(weights) > 0.001
    ),
)
def test_distribute_whole_sums_exactly_and_stays_close_to_the_share(total, weights):
    counts = distribute_whole(total, weights)
    assert sum(counts) == total
    assert all(count >= 0 and count == int(count) for count in counts)
    cumulated = 0.0
    weight_sum = sum(weights)
    for i, weight in enumerate(weights):
        cumulated += weight
        assert abs(sum(counts[: i + 1]) - total * cumulated / weight_sum) <= 0.5 + 1e-6


def test_distribute_whole_refuses_weights_that_add_up_to_nothing():
    with pytest.raises(ValueError):
        distribute_whole(10, [0, 0])


def test_months_before_the_history_take_the_average_of_the_months_with_history():
    # Joined in June: January to May have no history, June to December do.
    actuals = [0, 0, 0, 0, 0, 10, 20, 30, 0, 40, 50, 60]
    weights, filled = fill_missing_history(actuals)
    assert filled == 5
    assert weights[:5] == [30.0] * 5
    assert weights[5:] == [10, 20, 30, 0, 40, 50, 60]
    # A slow month inside the history stays slow.
    assert weights[8] == 0


def test_full_or_no_history_is_left_alone():
    assert fill_missing_history([5, 0, 5]) == ([5, 0, 5], 0)
    assert fill_missing_history([0, 0, 0]) == ([0, 0, 0], 0)
