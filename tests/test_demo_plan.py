from collections import Counter
from datetime import date

import pytest

from sales_mgmt_system.core.dates import add_months
from sales_mgmt_system.core.demo_plan import build_demo_plan, history_start

TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def plan():
    return build_demo_plan(TODAY, open_stage_count=3)


def test_company_has_two_teams_with_one_leader_each(plan):
    assert len(plan.teams) == 2
    assert len(plan.salespeople) == 5
    leaders = Counter(p.team_key for p in plan.salespeople if p.leads_team)
    assert leaders == {team.key: 1 for team in plan.teams}
    assert len({p.login for p in plan.salespeople}) == 5


def test_forty_customers_each_with_a_salesperson(plan):
    assert len(plan.customers) == 40
    assert len({c.key for c in plan.customers}) == 40
    salespeople = {p.key for p in plan.salespeople}
    assert {c.salesperson_key for c in plan.customers} == salespeople


def test_orders_cover_the_last_eighteen_months_and_never_the_future(plan):
    first_day = history_start(TODAY)
    assert first_day == date(2025, 5, 30)
    assert all(first_day <= o.order_date <= TODAY for o in plan.orders)
    months = {(o.order_date.year, o.order_date.month) for o in plan.orders}
    for back in range(18):
        month = add_months(TODAY, -back)
        assert (month.year, month.month) in months, f"no order in {month:%Y-%m}"


def test_buying_habits_show_in_the_history(plan):
    orders_per_customer = Counter(o.customer_key for o in plan.orders if not o.opportunity_key)
    habit = {c.key: c.habit for c in plan.customers}
    for customer in plan.customers:
        count = orders_per_customer[customer.key]
        if customer.habit == "prospect":
            assert count == 0
        elif customer.habit == "one_off":
            assert count == 1
        elif customer.habit == "loyal":
            assert count >= 8
    lapsed_last = {
        o.customer_key: o.order_date
        for o in sorted(plan.orders, key=lambda o: o.order_date)
        if habit[o.customer_key] == "lapsed" and not o.opportunity_key
    }
    assert all((TODAY - last).days >= 210 for last in lapsed_last.values())


def test_invoices_follow_orders_and_payments_follow_invoices(plan):
    for order in plan.orders:
        if order.invoice_date:
            assert order.invoice_date > order.order_date
            assert order.invoice_date <= TODAY
        if order.payment_date:
            assert order.invoice_date < order.payment_date <= TODAY
    recent = [o for o in plan.orders if (TODAY - o.order_date).days < 7]
    assert all(o.invoice_date is None for o in recent)
    due = [o for o in plan.orders if o.invoice_date and (TODAY - o.invoice_date).days > 60]
    unpaid = [o for o in due if o.payment_date is None]
    assert 0 < len(unpaid) < len(due) / 4, "a few overdue receivables, not many"


def test_every_open_stage_has_opportunities(plan):
    open_deals = [o for o in plan.opportunities if o.outcome == "open"]
    assert {o.stage_index for o in open_deals} == {0, 1, 2}
    assert all(o.deadline > TODAY for o in open_deals)
    assert all(o.has_quotation == (o.stage_index == 2) for o in open_deals)


def test_won_opportunities_have_their_order_and_lost_ones_none(plan):
    orders_by_opportunity = {o.opportunity_key: o for o in plan.orders if o.opportunity_key}
    for opportunity in plan.opportunities:
        if opportunity.outcome == "won":
            order = orders_by_opportunity[opportunity.key]
            assert order.order_date == opportunity.closed
            assert order.lines == opportunity.lines
        else:
            assert opportunity.key not in orders_by_opportunity
        if opportunity.closed:
            assert history_start(TODAY) <= opportunity.created < opportunity.closed < TODAY
    outcomes = Counter(o.outcome for o in plan.opportunities)
    assert outcomes["won"] and outcomes["lost"]


def test_keys_are_unique_so_reloading_can_find_records(plan):
    keys = [o.key for o in plan.orders] + [o.key for o in plan.opportunities]
    assert len(keys) == len(set(keys))


def test_plan_is_deterministic_and_follows_today(plan):
    assert build_demo_plan(TODAY, 3) == plan
    later = build_demo_plan(date(2027, 6, 1), 3)
    assert max(o.order_date for o in later.orders) <= date(2027, 6, 1)
    assert min(o.order_date for o in later.orders) >= history_start(date(2027, 6, 1))


def test_amounts_use_list_prices(plan):
    order = plan.orders[0]
    prices = plan.product_prices()
    expected = sum(prices[line.product_key] * line.quantity for line in order.lines)
    assert plan.amount(order.lines) == expected > 0


def test_a_pipeline_without_open_stage_is_refused():
    with pytest.raises(ValueError, match="open stage"):
        build_demo_plan(TODAY, open_stage_count=0)
