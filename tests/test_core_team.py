from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.team import (
    REPORT_FIGURES,
    attainment,
    hours_by_user,
    is_reminder_day,
    previous_bounds,
    report_bounds,
    roll_up,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_week_runs_monday_to_sunday_across_a_year_end():
    # 1 January 2026 is a Thursday: its week starts in 2025.
    assert report_bounds(date(2026, 1, 1), "week") == (date(2025, 12, 29), date(2026, 1, 4))
    assert report_bounds(date(2026, 1, 4), "week") == (date(2025, 12, 29), date(2026, 1, 4))
    assert report_bounds(date(2026, 1, 5), "week") == (date(2026, 1, 5), date(2026, 1, 11))


def test_day_period_is_the_day_itself():
    assert report_bounds(date(2024, 2, 29), "day") == (date(2024, 2, 29), date(2024, 2, 29))


def test_unknown_period_is_refused():
    with pytest.raises(ValueError):
        report_bounds(date(2026, 1, 1), "month")


@given(days, st.sampled_from(["day", "week"]))
def test_period_holds_the_day_and_the_previous_one_touches_it(day, period):
    start, end = report_bounds(day, period)
    assert start <= day <= end
    assert (end - start).days == (6 if period == "week" else 0)
    assert report_bounds(start, period) == (start, end) == report_bounds(end, period)
    previous_start, previous_end = previous_bounds(day, period)
    assert previous_end + timedelta(days=1) == start
    assert previous_start <= previous_end


def test_reminders_go_out_on_fridays():
    assert is_reminder_day(date(2026, 11, 27))  # a Friday
    assert not is_reminder_day(date(2026, 11, 26))
    assert is_reminder_day(date(2026, 11, 26), weekday=3)


def test_attainment_needs_a_positive_target():
    assert attainment(50.0, 200.0) == 25.0
    assert attainment(50.0, 0.0) is None


def test_roll_up_sums_each_figure_and_counts_reports():
    totals = roll_up(
        [
            {"new_leads": 2, "revenue": 100.0, "target_value": 400.0},
            {"new_leads": 3, "won_deals": 1, "revenue": 300.0, "target_value": 400.0},
        ]
    )
    assert totals["new_leads"] == 5
    assert totals["won_deals"] == 1
    assert totals["activities_done"] == 0
    assert totals["count"] == 2
    assert totals["attainment"] == 50.0


def test_roll_up_of_nothing_is_zero_without_attainment():
    totals = roll_up([])
    assert totals["count"] == 0
    assert totals["attainment"] is None


figures = st.fixed_dictionaries(
    {name: st.integers(min_value=0, max_value=10**6) for name in REPORT_FIGURES}
)


@given(st.lists(figures, max_size=30), st.lists(figures, max_size=30))
def test_roll_up_of_two_groups_adds_up(first, second):
    """Splitting the team in two and adding the halves gives the whole team."""
    whole, left, right = roll_up(first + second), roll_up(first), roll_up(second)
    for name in (*REPORT_FIGURES, "count"):
        assert whole[name] == left[name] + right[name]


def test_hours_by_user_counts_attended_sessions_only():
    assert hours_by_user([(1, 2.0, True), (1, 1.5, True), (2, 3.0, False), (2, 1.0, True)]) == {
        1: 3.5,
        2: 1.0,
    }


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        hours_by_user([(1, -1.0, True)])


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.floats(0, 100, allow_nan=False), st.booleans()),
        max_size=40,
    )
)
def test_hours_total_is_the_attended_hours(attendances):
    totals = hours_by_user(attendances)
    assert sum(totals.values()) == pytest.approx(sum(h for _u, h, a in attendances if a))
    assert all(value >= 0 for value in totals.values())
