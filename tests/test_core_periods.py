import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_mgmt_system.core.periods import (
    full_unit_days,
    overlap_days,
    period_days,
    prorate,
    prorate_over,
    shift_years,
    split_period,
    sum_over_periods,
    uncovered_periods,
)


def assert_covers_exactly(pieces, start, end):
    assert pieces[0][0] == start
    assert pieces[-1][1] == end
    for (_s1, e1), (s2, _e2) in itertools.pairwise(pieces):
        assert s2 == e1 + timedelta(days=1), "no gap, no overlap"
    assert all(s <= e for s, e in pieces)


def test_year_2026_has_53_iso_week_pieces_cut_at_the_edges():
    pieces = split_period(date(2026, 1, 1), date(2026, 12, 31), "week")
    assert len(pieces) == 53
    assert pieces[0] == (date(2026, 1, 1), date(2026, 1, 4))  # Thursday to Sunday
    assert pieces[1] == (date(2026, 1, 5), date(2026, 1, 11))  # a whole ISO week
    assert pieces[-1] == (date(2026, 12, 28), date(2026, 12, 31))  # Monday to Thursday
    assert all(s.weekday() == 0 for s, _e in pieces[1:])
    assert_covers_exactly(pieces, date(2026, 1, 1), date(2026, 12, 31))


def test_months_and_quarters_follow_the_calendar_and_the_edges():
    months = split_period(date(2026, 2, 15), date(2026, 5, 10), "month")
    assert months == [
        (date(2026, 2, 15), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 5, 10)),
    ]
    quarters = split_period(date(2026, 2, 1), date(2027, 1, 31), "quarter")
    assert [q[0] for q in quarters] == [
        date(2026, 2, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
    ]
    assert_covers_exactly(quarters, date(2026, 2, 1), date(2027, 1, 31))
    assert len(split_period(date(2026, 1, 1), date(2026, 12, 31), "month")) == 12


def test_single_day_and_refused_periods():
    assert split_period(date(2026, 3, 3), date(2026, 3, 3), "week") == [
        (date(2026, 3, 3), date(2026, 3, 3))
    ]
    with pytest.raises(ValueError, match="ends before"):
        split_period(date(2026, 3, 3), date(2026, 3, 2), "month")
    with pytest.raises(ValueError, match="granularity"):
        split_period(date(2026, 3, 3), date(2026, 4, 2), "fortnight")


def test_unit_lengths():
    assert full_unit_days(date(2026, 2, 10), "month") == 28
    assert full_unit_days(date(2028, 2, 10), "month") == 29
    assert full_unit_days(date(2026, 5, 10), "quarter") == 91
    assert full_unit_days(date(2026, 5, 10), "week") == 7
    assert period_days(date(2026, 1, 1), date(2026, 12, 31)) == 365


def test_overlap_and_prorate():
    assert (
        overlap_days(date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 20), date(2026, 2, 5)) == 12
    )
    assert (
        overlap_days(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 5)) == 0
    )
    assert prorate(
        3100.0, date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 1), date(2026, 1, 10)
    ) == (1000.0)
    assert (
        prorate(500.0, date(2026, 1, 1), date(2026, 1, 31), date(2025, 1, 1), date(2027, 1, 1))
        == 500.0
    )


def test_shift_years_keeps_the_day_or_clamps_leap_day():
    assert shift_years(date(2026, 3, 15), -1) == date(2025, 3, 15)
    assert shift_years(date(2028, 2, 29), -1) == date(2027, 2, 28)


def test_sum_over_periods():
    daily = {date(2026, 1, 3): 10.0, date(2026, 1, 20): 5.0, date(2026, 2, 1): 7.0}
    periods = [(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))]
    assert sum_over_periods(daily, periods) == [15.0, 7.0]
    assert sum_over_periods({}, periods) == [0, 0]
    assert sum_over_periods(daily, [(date(2026, 2, 1), date(2026, 1, 1))]) == [0]


class CountingDict(dict):
    """A dict that counts how often it is walked through."""

    walks = 0

    def __iter__(self):
        CountingDict.walks += 1
        return super().__iter__()

    def items(self):
        CountingDict.walks += 1
        return super().items()


def test_sum_over_periods_walks_the_days_once_whatever_the_number_of_periods():
    year = split_period(date(2026, 1, 1), date(2026, 12, 31), "week")
    daily = CountingDict({start + timedelta(days=d): 1.0 for start, _e in year for d in (0, 1)})
    CountingDict.walks = 0
    totals = sum_over_periods(daily, year)
    assert CountingDict.walks == 1
    assert sum(totals) == len(daily)


@settings(max_examples=200, deadline=None)
@given(
    daily=st.dictionaries(
        st.dates(date(2025, 1, 1), date(2025, 3, 31)),
        st.integers(-1000, 1000).map(float),
        max_size=60,
    ),
    periods=st.lists(
        st.tuples(st.dates(date(2024, 12, 1), date(2025, 4, 30)), st.integers(-5, 60)).map(
            lambda p: (p[0], p[0] + timedelta(days=p[1]))
        ),
        max_size=12,
    ),
)
def test_sum_over_periods_is_the_plain_sum(daily, periods):
    expected = [sum(v for day, v in daily.items() if start <= day <= end) for start, end in periods]
    assert sum_over_periods(daily, periods) == expected


def test_uncovered_periods_cut_out_what_is_covered():
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert uncovered_periods(start, end, []) == [(start, end)]
    assert uncovered_periods(start, end, [(date(2024, 1, 1), date(2026, 1, 1))]) == []
    # Covered pieces may overlap, come unsorted and reach beyond the period.
    covered = [
        (date(2025, 6, 1), date(2025, 6, 30)),
        (date(2024, 12, 1), date(2025, 1, 31)),
        (date(2025, 6, 15), date(2025, 7, 10)),
        (date(2026, 1, 1), date(2026, 3, 1)),
    ]
    assert uncovered_periods(start, end, covered) == [
        (date(2025, 2, 1), date(2025, 5, 31)),
        (date(2025, 7, 11), date(2025, 12, 31)),
    ]
    assert uncovered_periods(start, end, [(date(2025, 12, 31), date(2025, 12, 31))]) == [
        (start, date(2025, 12, 30))
    ]


def test_prorate_over_several_windows():
    start, end = date(2025, 4, 1), date(2025, 4, 30)
    windows = [(date(2025, 3, 20), date(2025, 4, 3)), (date(2025, 4, 28), date(2025, 5, 5))]
    assert prorate_over(300.0, start, end, windows) == pytest.approx(300.0 * 6 / 30)
    assert prorate_over(300.0, start, end, []) == 0.0
    assert prorate_over(300.0, start, end, [(start, end)]) == 300.0
