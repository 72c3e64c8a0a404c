from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.sales_mgmt_system.tests.ops_common import H1, OpsCase


@tagged("post_install", "-at_install")
class TestAnalysisMarketing(OpsCase):
    """Marketing ROI: each plan's cost against the leads and revenue of its
    campaign in its period, as the plan's form counts them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"title": "Analysis Campaign"})
        cls.plans = cls.env["sales.marketing.plan"].create(
            [
                {
                    "name": f"Analysis plan {index}",
                    "user_id": cls.manager.id,
                    "date_start": period[0],
                    "date_end": period[1],
                    "budget": 5000.0,
                    "campaign_id": cls.campaign.id,
                    "activity_ids": [
                        Command.create({"name": "Ads", "planned_cost": 900.0, "actual_cost": cost})
                    ],
                }
                for index, (period, cost) in enumerate(
                    ((H1, 1000.0), ((date(2025, 7, 1), date(2025, 12, 31)), 500.0))
                )
            ]
        )
        for day in (date(2025, 2, 1), date(2025, 3, 1), date(2025, 8, 1), date(2024, 12, 1)):
            lead = cls.env["crm.lead"].create(
                {"name": "Campaign lead", "campaign_id": cls.campaign.id}
            )
            cls.env.cr.execute(
                SQL(
                    "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                    datetime.combine(day, datetime.min.time().replace(hour=10)),
                    lead.id,
                )
            )
        cls.make_order(cls.member, 3000.0, date(2025, 4, 1), campaign_id=cls.campaign.id)
        cls.make_order(cls.outsider, 200.0, date(2025, 9, 1), campaign_id=cls.campaign.id)
        cls.env.invalidate_all()
        cls.env.flush_all()

    def figures(self, user, groupby):
        return (
            self.env["sales.analysis.marketing"]
            .with_user(user)
            ._read_group(
                [("plan_id", "in", self.plans.ids)],
                groupby,
                ["actual_cost:sum", "lead_count:sum", "won_revenue:sum", "net_return:sum"],
            )
        )

    def test_plans_match_their_forms_at_each_level(self):
        rows = {plan: figures for plan, *figures in self.figures(self.manager, ["plan_id"])}
        first, second = self.plans
        self.assertEqual(rows[first], [1000.0, 2, 3000.0, 2000.0])
        self.assertEqual(rows[second], [500.0, 1, 200.0, -300.0])
        for plan in self.plans:
            self.assertEqual(rows[plan][1:3], [plan.lead_count, plan.won_revenue])
        [total] = self.figures(self.manager, [])
        self.assertEqual(list(total), [1500.0, 3, 3200.0, 1700.0])

    def test_every_salesperson_of_the_company_reads_the_plans(self):
        # The plans and their results are the company's, as on the plans' forms.
        for user in (self.member, self.outsider, self.all_docs):
            with self.subTest(user=user.login):
                [total] = self.figures(user, [])
                self.assertEqual(total[1], 3)
        [total] = self.figures(self.other_company_user, [])
        self.assertFalse(total[1])
