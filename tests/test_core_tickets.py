from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.tickets import (
    AT_RISK,
    BREACHED,
    LEVEL_ASSIGNEE,
    LEVEL_MANAGER,
    LEVEL_TEAM_LEADER,
    MET,
    ON_TRACK,
    combine_statuses,
    due_escalation_level,
    escalation_step,
    plan_working_hours,
    status_from_share,
    ticket_status,
    window_days,
    working_hours_between,
)


def office_week(first_monday, weeks=3):
    """Monday-Friday 09:00-18:00 intervals, no lunch break."""
    intervals = []
    for day in range(7 * weeks):
        current = first_monday + timedelta(days=day)
        if current.weekday() < 5:
            intervals.append((current.replace(hour=9), current.replace(hour=18)))
    return intervals


MONDAY = datetime(2025, 3, 3)
WEEK = office_week(MONDAY)


def test_friday_afternoon_with_four_hours_is_due_monday_eleven():
    friday_16 = datetime(2025, 3, 7, 16)
    assert plan_working_hours(WEEK, friday_16, 4) == datetime(2025, 3, 10, 11)


def test_saturday_is_measured_from_monday_morning():
    saturday = datetime(2025, 3, 8, 10)
    assert plan_working_hours(WEEK, saturday, 0) == datetime(2025, 3, 10, 9)
    assert plan_working_hours(WEEK, saturday, 4) == datetime(2025, 3, 10, 13)


def test_end_of_interval_is_reachable_and_beyond_is_none():
    assert plan_working_hours(WEEK, datetime(2025, 3, 7, 16), 2) == datetime(2025, 3, 7, 18)
    assert plan_working_hours(WEEK, MONDAY, 1000) is None


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        plan_working_hours(WEEK, MONDAY, -1)


def test_working_hours_between_skips_the_weekend():
    assert working_hours_between(WEEK, datetime(2025, 3, 7, 16), datetime(2025, 3, 10, 11)) == 4
    assert working_hours_between(WEEK, datetime(2025, 3, 10, 11), datetime(2025, 3, 7, 16)) == 0


@pytest.mark.parametrize(
    ("used", "allowed", "finished", "expected"),
    [
        (0, 4, False, ON_TRACK),
        (2.99, 4, False, ON_TRACK),
        (3, 4, False, AT_RISK),
        (3.99, 4, False, AT_RISK),
        (4, 4, False, BREACHED),
        (5, 4, False, BREACHED),
        (4, 4, True, MET),
        (1, 4, True, MET),
        (4.01, 4, True, BREACHED),
    ],
)
def test_status_from_share(used, allowed, finished, expected):
    assert status_from_share(used, allowed, finished) == expected


def test_status_needs_positive_hours():
    with pytest.raises(ValueError):
        status_from_share(1, 0)


def test_combine_statuses():
    assert combine_statuses([MET, BREACHED], closed=True) == BREACHED
    assert combine_statuses([MET, MET], closed=True) == MET
    assert combine_statuses([MET, AT_RISK], closed=False) == AT_RISK
    assert combine_statuses([MET, ON_TRACK], closed=False) == ON_TRACK


def moments(**values):
    base = {
        "response_risk": datetime(2025, 3, 3, 12),
        "response_deadline": datetime(2025, 3, 3, 13),
        "first_response": None,
        "resolution_risk": datetime(2025, 3, 4, 12),
        "resolution_deadline": datetime(2025, 3, 4, 15),
        "closed": None,
    }
    base.update(values)
    return base


def test_ticket_status_over_time():
    assert ticket_status(datetime(2025, 3, 3, 10), moments()) == ON_TRACK
    assert ticket_status(datetime(2025, 3, 3, 12), moments()) == AT_RISK
    assert ticket_status(datetime(2025, 3, 3, 13), moments()) == BREACHED
    answered = moments(first_response=datetime(2025, 3, 3, 11))
    assert ticket_status(datetime(2025, 3, 3, 13), answered) == ON_TRACK
    assert ticket_status(datetime(2025, 3, 4, 12), answered) == AT_RISK
    assert ticket_status(datetime(2025, 3, 4, 16), answered) == BREACHED
    closed = moments(first_response=datetime(2025, 3, 3, 11), closed=datetime(2025, 3, 4, 14))
    assert ticket_status(datetime(2025, 3, 20), closed) == MET
    late_answer = moments(first_response=datetime(2025, 3, 3, 14), closed=datetime(2025, 3, 4, 9))
    assert ticket_status(datetime(2025, 3, 20), late_answer) == BREACHED
    # Closed without a response: closing answered it.
    assert ticket_status(datetime(2025, 3, 20), moments(closed=datetime(2025, 3, 3, 11))) == MET


def test_escalation_levels():
    assert due_escalation_level(ON_TRACK, False) is None
    assert due_escalation_level(MET, True) is None
    assert due_escalation_level(AT_RISK, False) == LEVEL_ASSIGNEE
    assert due_escalation_level(BREACHED, False) == LEVEL_TEAM_LEADER
    assert due_escalation_level(BREACHED, True) == LEVEL_MANAGER
    assert escalation_step(None, LEVEL_ASSIGNEE) == LEVEL_ASSIGNEE
    assert escalation_step(LEVEL_ASSIGNEE, LEVEL_ASSIGNEE) is None
    assert escalation_step(LEVEL_ASSIGNEE, LEVEL_MANAGER) == LEVEL_MANAGER
    assert escalation_step(LEVEL_MANAGER, LEVEL_TEAM_LEADER) is None
    assert escalation_step(LEVEL_TEAM_LEADER, None) is None


def test_window_days_holds_the_hours():
    assert window_days(4, 9) >= 14
    assert window_days(400, 0) > window_days(40, 0)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

starts = st.integers(min_value=0, max_value=14 * 24 * 4).map(
    lambda quarter: MONDAY + timedelta(minutes=15 * quarter)
)
hours = st.integers(min_value=0, max_value=4 * 20).map(lambda quarter: quarter / 4)


@given(start=starts, planned=hours)
def test_planned_hours_are_worked(start, planned):
    """The deadline lies in working time, and exactly ``hours`` are worked until it."""
    deadline = plan_working_hours(WEEK, start, planned)
    assert deadline is not None
    assert deadline >= start
    assert working_hours_between(WEEK, start, deadline) == pytest.approx(planned)
    assert any(begin <= deadline <= stop for begin, stop in WEEK)


@given(start=starts, first=hours, second=hours)
def test_planning_is_additive(start, first, second):
    """Planning a then b hours equals planning a + b hours.

    Both ends may differ only by non-working time (18:00 on Friday is 09:00 on Monday).
    """
    middle = plan_working_hours(WEEK, start, first)
    end = plan_working_hours(WEEK, middle, second)
    at_once = plan_working_hours(WEEK, start, first + second)
    earlier, later = sorted((end, at_once))
    assert working_hours_between(WEEK, earlier, later) == 0


@given(levels=st.lists(st.sampled_from([ON_TRACK, AT_RISK, BREACHED, MET]), max_size=12))
def test_each_level_is_notified_once_and_levels_only_rise(levels):
    """Over any sequence of cron runs, notifications rise strictly: no level twice."""
    current = None
    notified = []
    for index, status in enumerate(levels):
        due = due_escalation_level(status, manager_due=index > 6)
        step = escalation_step(current, due)
        # A second run at the same moment changes nothing.
        if step is not None:
            notified.append(step)
            current = step
        assert escalation_step(current, due) is None
    assert notified == sorted(set(notified))


@given(
    used=st.floats(min_value=0, max_value=100, allow_nan=False),
    allowed=st.floats(min_value=0.25, max_value=50, allow_nan=False),
)
def test_status_follows_the_used_share(used, allowed):
    status = status_from_share(used, allowed)
    share = used / allowed
    if share >= 1:
        assert status == BREACHED
    elif used >= 0.75 * allowed:
        assert status == AT_RISK
    else:
        assert status == ON_TRACK
