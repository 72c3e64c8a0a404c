from collections import Counter, defaultdict
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.customers import (
    LIFECYCLE_CODES,
    RFM_SEGMENT_CODES,
    CustomerHistory,
    LifecycleThresholds,
    lifecycle_stage,
    lifecycle_transitions,
    quintile_scores,
    rfm_scores,
    rfm_segment,
    top_recommendations,
)
from sales_mgmt_system.core.demo_plan import build_demo_plan

THRESHOLDS = LifecycleThresholds(
    loyal_min_orders=5,
    loyal_min_revenue=50000.0,
    loyal_window_days=365,
    at_risk_days=90,
    churned_days=180,
)

# ---------------------------------------------------------------------------
# Quintiles
# ---------------------------------------------------------------------------


def test_quintiles_of_ten_distinct_values_give_two_customers_each_score():
    scores = quintile_scores({f"c{i}": i * 10 for i in range(10)})
    assert [scores[f"c{i}"] for i in range(10)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_quintiles_of_five_distinct_values_are_one_to_five():
    assert quintile_scores({"a": 5, "b": 1, "c": 4, "d": 2, "e": 3}) == {
        "a": 5,
        "b": 1,
        "c": 4,
        "d": 2,
        "e": 3,
    }


def test_a_single_customer_gets_the_middle_score():
    assert quintile_scores({"alone": 1234.5}) == {"alone": 3}


def test_no_customer_no_score():
    assert quintile_scores({}) == {}


def test_fewer_customers_than_five_spread_around_the_middle():
    assert quintile_scores({"low": 1, "high": 2}) == {"low": 2, "high": 4}
    assert quintile_scores({"a": 1, "b": 2, "c": 3}) == {"a": 1, "b": 3, "c": 5}
    assert quintile_scores({"a": 1, "b": 2, "c": 3, "d": 4}) == {
        "a": 1,
        "b": 2,
        "c": 4,
        "d": 5,
    }


def test_ties_share_a_score():
    scores = quintile_scores({"a": 1, "b": 1, "c": 1, "d": 1, "e": 9, "f": 9, "g": 20})
    assert scores["a"] == scores["b"] == scores["c"] == scores["d"] == 2
    assert scores["e"] == scores["f"] == 4
    assert scores["g"] == 5


def test_everybody_tied_is_the_middle():
    assert set(quintile_scores(dict.fromkeys(range(12), 7)).values()) == {3}


def test_rfm_scores_reward_recent_frequent_big_customers():
    scores = rfm_scores(
        {
            "recent_big": (3, 12, 90000.0),
            "old_small": (400, 1, 500.0),
            "middle": (60, 4, 10000.0),
        }
    )
    assert scores["recent_big"] == (5, 5, 5)
    assert scores["old_small"] == (1, 1, 1)
    assert scores["middle"] == (3, 3, 3)


values_strategy = st.dictionaries(
    st.integers(min_value=0, max_value=500), st.integers(min_value=-50, max_value=50), max_size=60
)


@given(values_strategy)
def test_scores_are_one_to_five_and_follow_the_values(values):
    scores = quintile_scores(values)
    assert set(scores) == set(values)
    assert set(scores.values()) <= {1, 2, 3, 4, 5}
    for a in values:
        for b in values:
            if values[a] == values[b]:
                assert scores[a] == scores[b]
            elif values[a] < values[b]:
                assert scores[a] <= scores[b]


@given(st.lists(st.integers(), min_size=1, max_size=40, unique=True))
def test_distinct_values_fill_the_quintiles_evenly(numbers):
    scores = quintile_scores(dict(enumerate(numbers)))
    counts = Counter(scores.values())
    # Quintiles of distinct values differ in size by at most one customer.
    sizes = [counts.get(score, 0) for score in range(1, 6)]
    assert max(sizes) - min(sizes) <= 1 or len(numbers) < 5


@given(values_strategy)
def test_scores_do_not_depend_on_the_order_of_customers(values):
    reversed_values = dict(reversed(list(values.items())))
    assert quintile_scores(reversed_values) == quintile_scores(values)


# ---------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "segment"),
    [
        ((5, 5, 5), "champions"),
        ((5, 4, 4), "champions"),
        ((4, 5, 5), "loyal"),
        ((3, 4, 5), "loyal"),
        ((5, 2, 3), "potential_loyalist"),
        ((4, 3, 2), "potential_loyalist"),
        ((5, 1, 1), "new"),
        ((4, 1, 1), "promising"),
        ((3, 3, 3), "need_attention"),
        ((3, 1, 2), "about_to_sleep"),
        ((2, 4, 3), "at_risk"),
        ((1, 3, 3), "at_risk"),
        ((1, 5, 5), "cant_lose"),
        ((2, 5, 4), "cant_lose"),
        ((2, 1, 2), "hibernating"),
        ((1, 2, 2), "hibernating"),
        ((1, 1, 1), "lost"),
    ],
)
def test_standard_segment_names(scores, segment):
    assert rfm_segment(*scores) == segment


def test_every_segment_is_reachable_and_every_score_has_one():
    seen = {rfm_segment(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}
    assert seen == set(RFM_SEGMENT_CODES)


@pytest.mark.parametrize("bad", [0, 6, None, 2.5])
def test_scores_out_of_range_are_refused(bad):
    with pytest.raises(ValueError, match="1 to 5"):
        rfm_segment(bad, 3, 3)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_more_recent_never_worse_segment_family(recency, frequency, monetary):
    """Raising recency never turns an active customer into a sleeping one."""
    sleeping = {"at_risk", "cant_lose", "hibernating", "lost"}
    if recency < 5 and rfm_segment(recency, frequency, monetary) not in sleeping:
        assert rfm_segment(recency + 1, frequency, monetary) not in sleeping


# ---------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------


def history(count, days, window_count=None, revenue=0.0, opportunity=False):
    return CustomerHistory(
        order_count=count,
        days_since_last_order=days,
        window_order_count=count if window_count is None else window_count,
        window_revenue=revenue,
        has_open_opportunity=opportunity,
    )


@pytest.mark.parametrize(
    ("customer", "stage"),
    [
        (history(0, None, opportunity=True), "prospect"),
        (history(0, None), None),
        (history(1, 10), "first_purchase"),
        (history(2, 10), "repeat"),
        (history(5, 10), "loyal"),
        (history(2, 10, revenue=50000.0), "loyal"),
        (history(9, 10, window_count=2), "repeat"),
        (history(9, 90), "loyal"),
        (history(9, 91), "at_risk"),
        (history(1, 180), "at_risk"),
        (history(1, 181), "churned"),
        (history(3, 5, opportunity=True), "repeat"),
    ],
)
def test_lifecycle_stage(customer, stage):
    assert lifecycle_stage(customer, THRESHOLDS) == stage


def test_a_loyal_customer_who_stops_buying_becomes_at_risk_then_comes_back():
    loyal = history(8, 20)
    silent = history(8, 120)
    back = history(9, 1)
    stages = [lifecycle_stage(h, THRESHOLDS) for h in (loyal, silent, back)]
    assert stages == ["loyal", "at_risk", "loyal"]


@given(
    st.integers(0, 50),
    st.integers(0, 2000),
    st.integers(0, 50),
    st.floats(0, 1e7, allow_nan=False),
    st.booleans(),
)
def test_lifecycle_stage_is_a_known_code(count, days, window_count, revenue, opportunity):
    stage = lifecycle_stage(history(count, days, window_count, revenue, opportunity), THRESHOLDS)
    assert stage in (*LIFECYCLE_CODES, None)
    if count and days > THRESHOLDS.churned_days:
        assert stage == "churned"


def test_transitions_list_only_changes_and_are_idempotent():
    current = {"a": "repeat", "b": "loyal", "c": None}
    decided = {"a": "repeat", "b": "at_risk", "c": "first_purchase", "d": "prospect"}
    transitions = lifecycle_transitions(current, decided)
    assert transitions == {
        "b": ("loyal", "at_risk"),
        "c": (None, "first_purchase"),
        "d": (None, "prospect"),
    }
    assert lifecycle_transitions(decided, decided) == {}


@given(
    st.dictionaries(st.integers(0, 20), st.sampled_from((*LIFECYCLE_CODES, None))),
    st.dictionaries(st.integers(0, 20), st.sampled_from((*LIFECYCLE_CODES, None))),
)
def test_applying_transitions_reaches_the_decided_stages(current, decided):
    after = dict(current)
    for key, (_old, new) in lifecycle_transitions(current, decided).items():
        after[key] = new
    assert all((after.get(key) or None) == (stage or None) for key, stage in decided.items())
    assert lifecycle_transitions(after, decided) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"loyal_min_orders": 0}, "loyal_min_orders"),
        ({"loyal_min_revenue": -1.0}, "loyal_min_revenue"),
        ({"loyal_window_days": 0}, "loyal_window_days"),
        ({"at_risk_days": -5}, "at_risk_days"),
        ({"rfm_window_days": 0}, "rfm_window_days"),
        ({"at_risk_days": 90, "churned_days": 90}, "churned_days"),
        ({"at_risk_days": 90, "churned_days": 30}, "churned_days"),
    ],
)
def test_bad_thresholds_are_reported(changes, field):
    thresholds = LifecycleThresholds(**changes)
    assert field in dict(thresholds.errors())


def test_default_thresholds_are_fine():
    assert LifecycleThresholds().errors() == []


# ---------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------


def test_recommendations_from_co_purchases():
    pairs = {("A", "B"): 3, ("B", "A"): 3, ("A", "C"): 1, ("C", "A"): 1, ("B", "C"): 2}
    owned = {"x": {"A"}, "y": {"A", "B"}, "z": {"A", "B", "C"}}
    assert top_recommendations(pairs, owned) == {"x": ["B", "C"], "y": ["C"]}


# ---------------------------------------------------------------------------
# The demo company lands in every stage with the default thresholds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("today", [date(2026, 11, 29), date(2026, 2, 10), date(2027, 6, 1)])
def test_demo_plan_reaches_every_lifecycle_stage_and_several_segments(today):
    plan = build_demo_plan(today, open_stage_count=3)
    thresholds = LifecycleThresholds()
    orders = defaultdict(list)
    for order in plan.orders:
        orders[order.customer_key].append(order)
    with_open_deal = {o.customer_key for o in plan.opportunities if o.outcome == "open"}
    stages, figures = {}, {}
    for customer in plan.customers:
        own = orders[customer.key]
        if not own:
            stages[customer.key] = lifecycle_stage(
                CustomerHistory(has_open_opportunity=customer.key in with_open_deal), thresholds
            )
            continue
        days = (today - max(o.order_date for o in own)).days
        recent = [o for o in own if (today - o.order_date).days < thresholds.loyal_window_days]
        stages[customer.key] = lifecycle_stage(
            CustomerHistory(
                order_count=len(own),
                days_since_last_order=days,
                window_order_count=len(recent),
                window_revenue=sum(plan.amount(o.lines) for o in recent),
                has_open_opportunity=customer.key in with_open_deal,
            ),
            thresholds,
        )
        if recent:
            figures[customer.key] = (days, len(recent), sum(plan.amount(o.lines) for o in recent))
    assert set(stages.values()) == set(LIFECYCLE_CODES)
    segments = {rfm_segment(*scores) for scores in rfm_scores(figures).values()}
    assert len(segments) >= 5
