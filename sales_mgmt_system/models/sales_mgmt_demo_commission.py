from odoo import fields, models

from ..core.dates import add_months, month_end, month_start


class SalesMgmtDemo(models.AbstractModel):
    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        self._demo_load_commissions(plan, refs, existing)
        return result

    def _demo_load_commissions(self, plan, refs, existing):
        """A marginal plan on monthly amount bands and the last three months' statements.

        The oldest month is confirmed and paid; the two others stay draft.
        A reload refreshes the drafts and makes no second statement.
        """
        commission_plan = self._demo_create(
            "sales.commission.plan",
            {
                "commission_plan_field_sales": {
                    "name": "Field Sales Commission",
                    "basis": "invoice",
                    "period": "month",
                    "rate_mode": "marginal",
                    "tier_basis": "amount",
                    "per_deal_amount": 200.0,
                    "team_ids": [fields.Command.set([team.id for team in refs["teams"].values()])],
                    "tier_ids": [
                        fields.Command.create({"lower_bound": 0.0, "rate": 3.0}),
                        fields.Command.create({"lower_bound": 20000.0, "rate": 5.0}),
                        fields.Command.create({"lower_bound": 50000.0, "rate": 7.0}),
                    ],
                    "bonus_ids": [
                        fields.Command.create(
                            {"measure": "revenue", "threshold": 60000.0, "amount": 1000.0}
                        ),
                    ],
                }
            },
            existing,
        )["commission_plan_field_sales"]
        first_day = month_start(plan.today)
        oldest = None
        for months_back in (3, 2, 1):
            start = add_months(first_day, -months_back)
            statements = commission_plan.generate_statements(start, month_end(start))
            oldest = oldest if oldest is not None else statements
        drafts = oldest.filtered(lambda statement: statement.state == "draft")
        drafts.action_confirm()
        drafts.action_mark_paid()
