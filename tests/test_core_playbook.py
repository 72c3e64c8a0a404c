"""Stage-gate and funnel arithmetic, without a database."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.playbook import (
    days_between,
    is_forward,
    is_overdue,
    missing_required_steps,
    percent,
    spread_datetimes,
    stages_passed,
)

PIPELINE = [(1, 10), (2, 20), (3, 30), (4, 40)]


def test_forward_means_a_higher_sequence():
    assert is_forward(10, 20)
    assert not is_forward(20, 10)
    assert not is_forward(10, 10)
    assert not is_forward(None, 10)


def test_a_forward_move_passes_the_stage_left_and_the_skipped_ones():
    assert stages_passed(PIPELINE, 1, 2) == [1]
    assert stages_passed(PIPELINE, 1, 4) == [1, 2, 3]
    assert stages_passed(PIPELINE, 3, 1) == []
    assert stages_passed(PIPELINE, 2, 2) == []
    assert stages_passed(PIPELINE, False, 2) == []


def test_stages_of_equal_sequence_are_not_forward():
    assert stages_passed([(1, 10), (2, 10)], 1, 2) == []


def test_missing_steps_in_stage_order_optional_ones_never_listed():
    required = {1: [11, 12], 2: [21]}
    assert missing_required_steps([1, 2], required, {12}) == [11, 21]
    assert missing_required_steps([1, 2], required, {11, 12, 21}) == []
    assert missing_required_steps([3], required, set()) == []


def test_days_and_overdue():
    start = datetime(2025, 3, 1, 12)
    assert days_between(start, start + timedelta(days=2, hours=12)) == 2.5
    assert days_between(start, start - timedelta(days=1)) == 0.0
    assert days_between(None, start) == 0.0
    assert is_overdue(4.0, 3)
    assert not is_overdue(3.0, 3)
    assert not is_overdue(400.0, 0)


def test_percent():
    assert percent(1, 4) == 25.0
    assert percent(1, 3) == 33.33
    assert percent(5, 0) == 0.0


pipelines = st.lists(
    st.tuples(st.integers(1, 50), st.integers(0, 100)),
    min_size=2,
    max_size=12,
    unique_by=lambda s: s[0],
)


@given(pipelines, st.data())
def test_passed_stages_lie_between_the_two_sequences(pipeline, data):
    ids = [stage_id for stage_id, _sequence in pipeline]
    from_id = data.draw(st.sampled_from(ids))
    to_id = data.draw(st.sampled_from(ids))
    sequence = dict(pipeline)
    passed = stages_passed(pipeline, from_id, to_id)
    if sequence[to_id] <= sequence[from_id]:
        assert passed == []
    else:
        assert passed[0] == from_id
        assert to_id not in passed
        assert all(sequence[from_id] < sequence[s] < sequence[to_id] for s in passed[1:])
        assert len(set(passed)) == len(passed)


@given(
    st.dictionaries(st.integers(1, 9), st.lists(st.integers(1, 99), unique=True), max_size=5),
    st.sets(st.integers(1, 99)),
)
def test_ticking_every_missing_step_opens_the_gate(required, done):
    passed = list(required)
    missing = missing_required_steps(passed, required, done)
    assert not set(missing) & done
    assert missing_required_steps(passed, required, done | set(missing)) == []


@given(st.integers(1, 10), st.integers(0, 1000))
def test_spread_datetimes_are_ordered_and_before_the_end(count, hours):
    start = datetime(2025, 1, 1)
    end = start + timedelta(hours=hours)
    dates = spread_datetimes(start, end, count)
    assert len(dates) == count
    assert dates[0] == start
    assert dates == sorted(dates)
    assert all(date <= end for date in dates)
