import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.deals import (
    RiskRow,
    concentrated_customers,
    plan_risk_sync,
    price_gap,
    rate,
    risk_level,
    risk_score,
    win_rate,
)


@pytest.mark.parametrize(
    ("theirs", "ours", "expected"),
    [(120.0, 100.0, 20.0), (80.0, 100.0, -20.0), (100.0, 100.0, 0.0), (50.0, 0.0, 0.0)],
)
def test_price_gap_is_positive_when_theirs_is_dearer(theirs, ours, expected):
    assert price_gap(theirs, ours) == pytest.approx(expected)


def test_rates():
    assert win_rate(3, 1) == pytest.approx(75.0)
    assert win_rate(0, 0) == 0.0
    assert rate(1, 4) == pytest.approx(25.0)
    assert rate(5, 0) == 0.0


@pytest.mark.parametrize(
    ("probability", "impact", "level"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 5, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (4, 4, "high"),
        (4, 5, "critical"),
        (5, 5, "critical"),
    ],
)
def test_score_and_level(probability, impact, level):
    assert risk_level(risk_score(probability, impact)) == level


@pytest.mark.parametrize(("probability", "impact"), [(0, 3), (6, 1), (3, -1), (3, 6)])
def test_score_outside_scale_is_refused(probability, impact):
    with pytest.raises(ValueError, match="1-5"):
        risk_score(probability, impact)


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_score_has_a_level_matching_the_bands(probability, impact):
    score = risk_score(probability, impact)
    level = risk_level(score)
    bands = {"low": (1, 4), "medium": (5, 9), "high": (10, 16), "critical": (20, 25)}
    low, high = bands[level]
    assert low <= score <= high


def test_concentration_over_threshold():
    revenue = {"a": 60.0, "b": 30.0, "c": 10.0, "d": -5.0}
    assert concentrated_customers(revenue, 50.0) == {"a"}
    assert concentrated_customers(revenue, 25.0) == {"a", "b"}
    assert concentrated_customers(revenue, 60.0) == set()
    assert concentrated_customers({}, 10.0) == set()
    assert concentrated_customers({"a": -1.0}, 10.0) == set()


def test_sync_creates_closes_and_reopens():
    rows = [
        RiskRow(1, "gone", cause_present=True, closed=False),
        RiskRow(2, "back", cause_present=False, closed=True),
        RiskRow(3, "still", cause_present=True, closed=False),
        RiskRow(4, "accepted", cause_present=True, closed=True),
        RiskRow(5, "back_open", cause_present=False, closed=False),
    ]
    sync = plan_risk_sync(rows, {"new", "back", "still", "accepted", "back_open"})
    assert sync.create == ("new",)
    assert sync.close == (1,)
    assert sync.reopen == (2,)
    assert sync.present == (5,)
    assert sync.absent == ()


def apply(rows, sync, next_id):
    by_id = {row.risk_id: row for row in rows}
    for risk_id in sync.reopen + sync.present:
        by_id[risk_id] = RiskRow(risk_id, by_id[risk_id].key, True, False)
    for risk_id in sync.close + sync.absent:
        by_id[risk_id] = RiskRow(risk_id, by_id[risk_id].key, False, True)
    for offset, key in enumerate(sync.create):
        by_id[next_id + offset] = RiskRow(next_id + offset, key, True, False)
    return list(by_id.values())


keys = st.sets(st.integers(0, 12), max_size=12)


@given(st.lists(keys, min_size=1, max_size=6), st.data())
def test_sync_is_an_idempotent_upsert(runs, data):
    """Whatever the sequence of detections, a second run of the same detection
    changes nothing, each cause has one risk, and open risks are the present ones."""
    rows, next_id = [], 1
    for detected in runs:
        rows = apply(rows, plan_risk_sync(rows, detected), next_id)
        next_id += 100
        # A user closes some risks whose cause is still there: detection keeps them closed.
        user_closed = data.draw(st.sets(st.sampled_from([r.risk_id for r in rows] or [0])))
        rows = [
            RiskRow(r.risk_id, r.key, r.cause_present, True) if r.risk_id in user_closed else r
            for r in rows
        ]
        assert plan_risk_sync(rows, detected).changes == 0
        assert sorted(r.key for r in rows) == sorted({r.key for r in rows})
        assert {r.key for r in rows if r.cause_present} == detected
        assert all(r.closed for r in rows if r.key not in detected)
