from datetime import date, datetime

import pytest

from sales_mgmt_system.core.review import (
    SCORE_CAP,
    Band,
    Performer,
    average,
    average_days,
    band_for,
    kpi_score,
    overlapping_bands,
    period_label,
    previous_month,
    previous_quarter,
    rank_performers,
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


def test_ranking_by_attainment_ties_broken_by_revenue():
    performers = [
        Performer("ann", revenue=90_000, target=100_000),  # 90 %
        Performer("bob", revenue=60_000, target=50_000),  # 120 %
        Performer("cid", revenue=120_000, target=100_000),  # 120 %, more revenue
        Performer("dan", revenue=50_000, target=100_000),  # 50 %
    ]
    ranked = rank_performers(performers, top=3)
    assert [(rank, p.key) for rank, p in ranked] == [(1, "cid"), (2, "bob"), (3, "ann")]
    assert ranked[0][1].attainment == pytest.approx(120.0)


def test_equal_performers_share_a_rank():
    performers = [
        Performer("ann", revenue=100, target=100),
        Performer("bob", revenue=100, target=100),
        Performer("cid", revenue=90, target=100),
        Performer("dan", revenue=80, target=100),
    ]
    ranked = rank_performers(performers, top=3)
    assert [(rank, p.key) for rank, p in ranked] == [(1, "ann"), (1, "bob"), (3, "cid")]
    assert [(r, p.key) for r, p in rank_performers(performers, top=1)] == [(1, "ann"), (1, "bob")]


def test_ranking_leaves_out_no_target_and_no_revenue():
    performers = [
        Performer("no_target", revenue=500_000),
        Performer("nothing_sold", revenue=0, target=100),
        Performer("ann", revenue=10, target=100),
    ]
    assert [p.key for _r, p in rank_performers(performers)] == ["ann"]
    by_revenue = rank_performers(performers, measure="revenue")
    assert [p.key for _r, p in by_revenue] == ["no_target", "ann"]
    with pytest.raises(ValueError):
        rank_performers(performers, measure="calls")


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
        (date(2026, 7, 1), date(2026, 9, 30), "2026 Q3"),
        (date(2026, 1, 1), date(2026, 12, 31), "2026"),
        (date(2026, 2, 1), date(2026, 4, 30), "2026-02-01 to 2026-04-30"),
        (date(2026, 3, 5), date(2026, 3, 20), "2026-03-05 to 2026-03-20"),
    ],
)
def test_period_label(date_from, date_to, expected):
    assert period_label(date_from, date_to) == expected
