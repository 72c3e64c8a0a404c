from datetime import date, datetime

import pytest

from sales_mgmt_system.core.review import (
    SCORE_CAP,
    Band,
    average,
    average_days,
    band_for,
    kpi_score,
    overlapping_bands,
    period_kind,
    previous_month,
    previous_quarter,
    weighted_total,
    weights_are_complete,
    win_rate,
)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (80.0, 100.0, 80.0),
        (100.0, 100.0, 100.0),
        (120.0, 100.0, 120.0),
        (1000.0, 100.0, SCORE_CAP),
        (0.0, 100.0, 0.0),
        (-5.0, 100.0, 0.0),
    ],
)
def test_higher_is_better_scores_actual_over_target_capped(actual, target, expected):
    assert kpi_score(actual, target) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (30.0, 30.0, 100.0),
        (60.0, 30.0, 50.0),
        (24.0, 30.0, 125.0),
        (10.0, 30.0, SCORE_CAP),
        (0.0, 30.0, SCORE_CAP),
    ],
)
def test_lower_is_better_scores_target_over_actual(actual, target, expected):
    assert kpi_score(actual, target, lower_is_better=True) == pytest.approx(expected)


@pytest.mark.parametrize(("actual", "target"), [(None, 100.0), (50.0, 0.0), (50.0, None)])
def test_no_target_or_no_actual_is_not_scored(actual, target):
    assert kpi_score(actual, target) is None


def test_custom_cap():
    assert kpi_score(300.0, 100.0, cap=200.0) == 200.0


def test_weighted_total_leaves_out_unscored_kpis():
    assert weighted_total([(50, 80.0), (30, 100.0), (20, 50.0)]) == pytest.approx(80.0)
    # the unscored 20% is left out, the other weights scale back to 100
    assert weighted_total([(50, 80.0), (30, 120.0), (20, None)]) == pytest.approx(95.0)
    assert weighted_total([(100, None)]) is None
    assert weighted_total([]) is None


def test_weights_must_add_up_to_100():
    assert weights_are_complete([40.0, 30.0, 30.0])
    assert weights_are_complete([33.33, 33.33, 33.34])
    assert not weights_are_complete([40.0, 30.0])
    assert not weights_are_complete([60.0, 50.0])


BANDS = [Band("C", 0, 70), Band("B", 70, 90), Band("A", 90, 110), Band("S", 110, 120)]


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0.0, "C"), (69.99, "C"), (70.0, "B"), (89.9, "B"), (90.0, "A"), (115.0, "S"), (150.0, "S")],
)
def test_grade_bands_lower_bound_inclusive_and_top_open(score, expected):
    assert band_for(score, BANDS) == expected


def test_no_grade_without_score_bands_or_in_a_gap():
    assert band_for(None, BANDS) is None
    assert band_for(50.0, []) is None
    assert band_for(65.0, [Band("B", 70, 90), Band("C", 0, 60)]) is None


def test_overlapping_bands_are_found():
    assert overlapping_bands(BANDS) == []
    b, a = Band("B", 70, 95), Band("A", 90, 120)
    assert overlapping_bands([a, Band("C", 0, 70), b]) == [(b, a)]
    inside = Band("X", 75, 80)
    assert overlapping_bands([b, inside]) == [(b, inside)]


def test_win_rate_and_averages():
    assert win_rate(3, 1) == pytest.approx(75.0)
    assert win_rate(0, 4) == 0.0
    assert win_rate(0, 0) is None
    assert average(9000.0, 3) == 3000.0
    assert average(0.0, 0) is None


def test_average_days_between_creation_and_closing():
    spans = [
        (datetime(2026, 3, 1, 9), datetime(2026, 3, 11, 9)),
        (datetime(2026, 3, 1, 9), datetime(2026, 3, 21, 21)),
    ]
    assert average_days(spans) == pytest.approx(15.25)
    assert average_days([]) is None


def test_previous_periods():
    assert previous_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert previous_month(date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert previous_quarter(date(2026, 2, 10)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert previous_quarter(date(2026, 7, 1)) == (date(2026, 4, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (date(2026, 10, 1), date(2026, 10, 31), "month"),
        (date(2024, 2, 1), date(2024, 2, 29), "month"),
        (date(2026, 7, 1), date(2026, 9, 30), "quarter"),
        (date(2026, 1, 1), date(2026, 12, 31), "year"),
        (date(2026, 2, 1), date(2026, 4, 30), "range"),
        (date(2026, 3, 5), date(2026, 3, 20), "range"),
        (date(2026, 3, 2), date(2026, 3, 31), "range"),
    ],
)
def test_period_kind(date_from, date_to, expected):
    assert period_kind(date_from, date_to) == expected
