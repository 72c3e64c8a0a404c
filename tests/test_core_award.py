from datetime import date

import pytest

from sales_mgmt_system.core.award import Performer, period_label, rank_performers


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
        (date(2026, 2, 1), date(2026, 4, 30), "2026-02-01/2026-04-30"),
        (date(2026, 3, 5), date(2026, 3, 20), "2026-03-05/2026-03-20"),
    ],
)
def test_period_label(date_from, date_to, expected):
    assert period_label(date_from, date_to) == expected
