from datetime import timedelta

from odoo import fields, models

from ..core.dates import add_months, month_end, month_start

# (key, salesperson key, category code, amount, description, days after the period start)
DEMO_COST_ENTRIES = (
    ("wang_fang_travel", "wang_fang", "travel", 1800.0, "Train tickets to the Shanghai fair", 3),
    ("wang_fang_dinner", "wang_fang", "entertainment", 950.0, "Dinner with a distributor", 10),
    ("li_wei_travel_1", "li_wei", "travel", 1200.0, "Customer visits in Suzhou", 5),
    ("li_wei_travel_2", "li_wei", "travel", 1150.0, "Flight to Shenzhen", 25),
    ("zhang_min_samples", "zhang_min", "samples", 1600.0, "Samples for a hotel chain", 12),
    ("chen_jie_travel", "chen_jie", "travel", 2600.0, "Key account tour in Beijing", 8),
    ("chen_jie_marketing", "chen_jie", "marketing", 3200.0, "Booth at the trade show", 20),
    ("liu_yang_dinner", "liu_yang", "entertainment", 1450.0, "Banquet for a purchasing team", 15),
)
# (key, author key, title, voters)
DEMO_IDEAS = (
    (
        "idea_visit_template",
        "li_wei",
        "Share one visit report template across teams",
        ("wang_fang", "zhang_min", "liu_yang"),
    ),
    (
        "idea_sample_stock",
        "zhang_min",
        "Keep a small stock of samples in each team's office",
        ("li_wei",),
    ),
    (
        "idea_wechat_followup",
        "liu_yang",
        "Follow up quotations on WeChat after three days",
        ("chen_jie", "wang_fang"),
    ),
)


class SalesMgmtDemo(models.AbstractModel):
    """Demo cost budgets and entries, marketing plans, ideas and a policy review."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        manager = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        self._demo_load_costs(plan, refs, existing, manager)
        self._demo_load_marketing(plan, refs, existing, manager)
        self._demo_load_ideas(refs, existing, manager)
        self._demo_load_policy_review(plan, existing, manager)
        return result

    def _demo_cost_categories(self):
        categories = self.env["sales.cost.category"].search([("code", "!=", False)])
        return {category.code: category for category in categories}

    def _demo_load_costs(self, plan, refs, existing, manager):
        """Team budgets and one personal budget over the last three months; entries
        through them, one salesperson's travel past the warning threshold."""
        users, teams = refs["users"], refs["teams"]
        categories = self._demo_cost_categories()
        start = add_months(month_start(plan.today), -2)
        end = month_end(plan.today)

        def lines(amounts):
            return [
                fields.Command.create({"category_id": categories[code].id, "amount": amount})
                for code, amount in amounts
            ]

        self._demo_create(
            "sales.cost.budget",
            {
                "cost_budget_direct": {
                    "name": "Direct Sales, last three months",
                    "team_id": teams["direct"].id,
                    "manager_id": manager.id,
                    "date_start": start,
                    "date_end": end,
                    "line_ids": lines(
                        (("travel", 6000.0), ("entertainment", 4000.0), ("samples", 3000.0))
                    ),
                },
                "cost_budget_key_accounts": {
                    "name": "Key Accounts, last three months",
                    "team_id": teams["key_accounts"].id,
                    "manager_id": manager.id,
                    "date_start": start,
                    "date_end": end,
                    "line_ids": lines(
                        (("travel", 8000.0), ("entertainment", 6000.0), ("marketing", 5000.0))
                    ),
                },
                "cost_budget_li_wei": {
                    "name": "Li Wei, travel",
                    "user_id": users["li_wei"].id,
                    "manager_id": manager.id,
                    "date_start": start,
                    "date_end": end,
                    "line_ids": lines((("travel", 2500.0),)),
                },
            },
            existing,
        )
        self._demo_create(
            "sales.cost.entry",
            {
                f"cost_entry_{key}": {
                    "user_id": users[user_key].id,
                    "team_id": teams[
                        next(p.team_key for p in plan.salespeople if p.key == user_key)
                    ].id,
                    "category_id": categories[code].id,
                    "amount": amount,
                    "description": description,
                    "date": min(start + timedelta(days=offset), plan.today),
                }
                for key, user_key, code, amount, description, offset in DEMO_COST_ENTRIES
            },
            existing,
        )

    def _demo_load_marketing(self, plan, refs, existing, manager):
        """A running plan whose campaign brought some of the demo opportunities and
        orders, and a draft plan for the next quarter."""
        campaign = self._demo_create(
            "utm.campaign", {"utm_campaign_trade_show": {"title": "Spring Trade Show"}}, existing
        )["utm_campaign_trade_show"]
        start = add_months(month_start(plan.today), -2)
        next_start = add_months(month_start(plan.today), 2)
        plans = self._demo_create(
            "sales.marketing.plan",
            {
                "marketing_plan_trade_show": {
                    "name": "Spring Trade Show",
                    "user_id": manager.id,
                    "date_start": start,
                    "date_end": month_end(add_months(plan.today, 1)),
                    "budget": 30000.0,
                    "campaign_id": campaign.id,
                    "market_analysis": "<p>Hotels and restaurants renew their equipment "
                    "before the summer season; two competitors cut prices last year.</p>",
                    "positioning": "<p>The reliable supplier with after-sales service within "
                    "24 hours.</p>",
                    "strategy": "<p>A booth at the regional trade show, follow-up calls "
                    "within a week, a spring discount for first orders.</p>",
                    "activity_ids": [
                        fields.Command.create(
                            {
                                "name": "Trade show booth",
                                "activity_type": "exhibition",
                                "date": start + timedelta(days=20),
                                "planned_cost": 15000.0,
                                "actual_cost": 16200.0,
                            }
                        ),
                        fields.Command.create(
                            {
                                "name": "Online advertising",
                                "activity_type": "advertising",
                                "date": start + timedelta(days=10),
                                "planned_cost": 6000.0,
                                "actual_cost": 5400.0,
                            }
                        ),
                        fields.Command.create(
                            {
                                "name": "Spring discount mailing",
                                "activity_type": "promotion",
                                "date": start + timedelta(days=30),
                                "planned_cost": 2000.0,
                            }
                        ),
                    ],
                },
                "marketing_plan_launch": {
                    "name": "Autumn Product Launch",
                    "user_id": manager.id,
                    "date_start": next_start,
                    "date_end": month_end(add_months(next_start, 2)),
                    "budget": 20000.0,
                    "activity_ids": [
                        fields.Command.create(
                            {
                                "name": "Launch event for key accounts",
                                "activity_type": "event",
                                "date": next_start + timedelta(days=14),
                                "planned_cost": 12000.0,
                            }
                        ),
                        fields.Command.create(
                            {
                                "name": "Product videos",
                                "activity_type": "content",
                                "date": next_start,
                                "planned_cost": 5000.0,
                            }
                        ),
                    ],
                },
            },
            existing,
        )
        running = plans["marketing_plan_trade_show"]
        if "marketing_plan_trade_show" in existing:
            return
        # The campaign brought every fourth demo opportunity and their orders.
        opportunities = self.env["crm.lead"].union(
            *(record for _key, record in sorted(refs["opportunities"].items())[::4])
        )
        opportunities.write({"campaign_id": campaign.id})
        self.env["sale.order"].search([("opportunity_id", "in", opportunities.ids)]).write(
            {"campaign_id": campaign.id}
        )
        running = running.with_user(manager)
        running.action_approve()
        running.action_start()

    def _demo_load_ideas(self, refs, existing, manager):
        users = refs["users"]
        ideas = self._demo_create(
            "sales.idea",
            {
                key: {
                    "name": title,
                    "user_id": users[author].id,
                    "description": f"<p>{title}.</p>",
                }
                for key, author, title, _voters in DEMO_IDEAS
            },
            existing,
        )
        for key, _author, _title, voters in DEMO_IDEAS:
            if key in existing:
                continue
            for voter in voters:
                ideas[key].with_user(users[voter]).action_vote()
        accepted = ideas["idea_visit_template"]
        if "idea_visit_template" not in existing:
            accepted = accepted.with_user(manager)
            accepted.action_review()
            accepted.write({"decision": "<p>Accepted: the template is shared from next month.</p>"})
            accepted.action_accept()

    def _demo_load_policy_review(self, plan, existing, manager):
        start = add_months(month_start(plan.today), -3)
        review = self._demo_create(
            "sales.policy.review",
            {
                "policy_review_last_quarter": {
                    "name": "Review of the last three months",
                    "user_id": manager.id,
                    "date": plan.today,
                    "date_start": start,
                    "date_end": month_end(add_months(start, 2)),
                    "findings": "<p>Travel costs grow faster than revenue in the direct "
                    "sales team; the trade show brought new leads.</p>",
                    "actions": "<p>Travel budgets per salesperson from next quarter; warn "
                    "at 85%.</p>",
                }
            },
            existing,
        )["policy_review_last_quarter"]
        if "policy_review_last_quarter" not in existing:
            review.with_user(manager).action_done()
