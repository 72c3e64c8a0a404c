from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_mgmt_system.core.feedback import (
    csat_pct,
    interval_for_stage,
    is_due,
    is_negative,
    next_visit_due,
    nps,
    sentiment,
    summarize,
)

csat_answers = st.lists(st.integers(1, 5), max_size=60)
nps_answers = st.lists(st.integers(0, 10), max_size=60)


def test_csat_is_the_share_of_satisfied_answers():
    assert csat_pct({5: 2, 4: 1, 3: 1}) == 75.0
    assert csat_pct({1: 3, 2: 1}) == 0.0
    assert csat_pct({}) is None


def test_nps_is_promoters_minus_detractors():
    # 10, 9: promoters; 8, 7: passives; 0 and 6: detractors.
    assert nps({10: 1, 9: 1, 8: 1, 7: 1, 6: 1, 0: 1}) == pytest.approx(0.0)
    assert nps({10: 3}) == 100.0
    assert nps({0: 2}) == -100.0, "0 is a real answer: a detractor"
    assert nps({8: 4}) == 0.0
    assert nps({}) is None


def test_out_of_range_answers_are_refused():
    with pytest.raises(ValueError, match="CSAT"):
        csat_pct({0: 1})
    with pytest.raises(ValueError, match="CSAT"):
        csat_pct({6: 1})
    with pytest.raises(ValueError, match="NPS"):
        nps({11: 1})
    with pytest.raises(ValueError, match="NPS"):
        nps({-1: 1})


@given(csat_answers)
def test_csat_matches_its_definition(answers):
    result = csat_pct(Counter(answers))
    if not answers:
        assert result is None
    else:
        assert 0.0 <= result <= 100.0
        satisfied = sum(1 for answer in answers if answer >= 4)
        assert result == pytest.approx(satisfied / len(answers) * 100)


@given(nps_answers)
def test_nps_matches_its_definition(answers):
    result = nps(Counter(answers))
    if not answers:
        assert result is None
    else:
        assert -100.0 <= result <= 100.0
        promoters = sum(1 for answer in answers if answer >= 9)
        detractors = sum(1 for answer in answers if answer <= 6)
        assert result == pytest.approx((promoters - detractors) / len(answers) * 100)


def test_negative_feedback_and_sentiment():
    assert is_negative(csat=2)
    assert is_negative(nps_score=6)
    assert is_negative(nps_score=0)
    assert not is_negative(csat=3, nps_score=7)
    assert not is_negative()
    assert sentiment(csat=5) == "positive"
    assert sentiment(nps_score=9) == "positive"
    assert sentiment(csat=5, nps_score=3) == "negative", "one bad score asks for a follow-up"
    assert sentiment(csat=3) == "neutral"
    assert sentiment() is None


rows = st.lists(
    st.tuples(
        st.sampled_from(["service", "price", "delivery"]),
        st.one_of(st.none(), st.integers(1, 5)),
        st.one_of(st.none(), st.integers(0, 10)),
        st.integers(1, 5),
    ),
    max_size=30,
)


@given(rows)
def test_summary_adds_up_over_its_groups(grouped):
    summary = summarize(grouped, keys=["service", "price", "delivery", "after_sales"])
    assert summary["responses"] == sum(count for *_rest, count in grouped)
    assert sum(group["responses"] for group in summary["by_key"].values()) == summary["responses"]
    assert summary["by_key"]["after_sales"] == {"responses": 0, "csat_pct": None, "nps": None}
    all_csat = Counter()
    all_nps = Counter()
    for _key, csat, score, count in grouped:
        if csat is not None:
            all_csat[csat] += count
        if score is not None:
            all_nps[score] += count
    assert summary["csat_pct"] == csat_pct(all_csat)
    assert summary["nps"] == nps(all_nps)
    for key, group in summary["by_key"].items():
        key_csat = Counter()
        for row_key, csat, _score, count in grouped:
            if row_key == key and csat is not None:
                key_csat[csat] += count
        assert group["csat_pct"] == csat_pct(key_csat)


def test_summary_keeps_unexpected_keys():
    summary = summarize([("other", 5, None, 2)], keys=["service"])
    assert summary["by_key"]["other"] == {"responses": 2, "csat_pct": 100.0, "nps": None}
    assert summary["by_key"]["service"]["responses"] == 0


def test_interval_by_lifecycle_stage_falls_back_to_the_default():
    intervals = {"loyal": 30, "at_risk": 0, "prospect": None}
    assert interval_for_stage("loyal", intervals, 90) == 30
    assert interval_for_stage("at_risk", intervals, 90) == 90
    assert interval_for_stage("prospect", intervals, 90) == 90
    assert interval_for_stage(None, intervals, 90) == 90, "no stage yet: the default"
    assert interval_for_stage("churned", intervals, 90) == 90


def test_next_visit_due_date():
    day = date(2026, 3, 1)
    assert next_visit_due(30, last_done=day) == date(2026, 3, 31)
    assert next_visit_due(30, last_done=day, scheduled_next=date(2026, 3, 5)) == date(2026, 3, 5)
    assert next_visit_due(30, since=day) == date(2026, 3, 31)
    assert next_visit_due(30, last_done=day, since=date(2020, 1, 1)) == date(2026, 3, 31)
    assert next_visit_due(30) is None
    assert is_due(date(2026, 3, 31), 30, last_done=day)
    assert not is_due(date(2026, 3, 30), 30, last_done=day)
    assert not is_due(date(2026, 3, 30), 30)


@given(
    st.integers(1, 400),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
)
def test_a_visit_is_due_exactly_from_its_due_day_on(interval, last_done, today):
    due = next_visit_due(interval, last_done=last_done)
    assert due - last_done == timedelta(days=interval)
    assert is_due(today, interval, last_done=last_done) == (today >= due)
