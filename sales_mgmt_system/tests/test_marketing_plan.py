from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .ops_common import H1, OpsCase


@tagged("post_install", "-at_install")
class TestMarketingPlan(OpsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"title": "Ops Test Campaign"})
        cls.other_campaign = cls.env["utm.campaign"].create({"title": "Ops Other Campaign"})

    def make_plan(self, **values):
        return self.env["sales.marketing.plan"].create(
            {
                "name": "Spring Show",
                "date_start": H1[0],
                "date_end": H1[1],
                "budget": 10000.0,
                "campaign_id": self.campaign.id,
                "activity_ids": [
                    Command.create(
                        {
                            "name": "Booth",
                            "activity_type": "exhibition",
                            "planned_cost": 4000.0,
                            "actual_cost": 4500.0,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Ads",
                            "activity_type": "advertising",
                            "planned_cost": 1000.0,
                            "actual_cost": 500.0,
                        }
                    ),
                ],
                **values,
            }
        )

    def make_lead(self, campaign, created, **values):
        lead = self.env["crm.lead"].create(
            {"name": "Campaign lead", "campaign_id": campaign.id, **values}
        )
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (datetime.combine(created, datetime.min.time().replace(hour=10)), lead.id),
        )
        lead.invalidate_recordset(["create_date"])
        return lead

    def test_a_plan_names_its_target_segments(self):
        segment = self.env["sales.segment"].create(
            {"name": "Loyal buyers", "rule_type": "rfm", "rfm_segments": "loyal"}
        )
        plan = self.make_plan(segment_ids=[(6, 0, segment.ids)])
        self.assertEqual(plan.with_user(self.member).segment_ids, segment)

    def test_costs_add_up_from_the_activities(self):
        plan = self.make_plan()
        self.assertEqual((plan.planned_cost, plan.actual_cost), (5000.0, 5000.0))

    def test_leads_and_won_revenue_attributed_through_the_campaign_in_the_period(self):
        plan = self.make_plan()
        self.make_lead(self.campaign, date(2025, 2, 1))
        self.make_lead(self.campaign, date(2025, 5, 1), active=False)  # lost leads count too
        self.make_lead(self.campaign, date(2025, 8, 1))  # after the plan
        self.make_lead(self.other_campaign, date(2025, 2, 1))
        self.make_order(self.member, 12000.0, date(2025, 3, 1), campaign_id=self.campaign.id)
        self.make_order(self.member, 3000.0, date(2025, 3, 1), campaign_id=self.campaign.id)
        self.make_order(self.member, 9999.0, date(2025, 3, 1))  # no campaign
        self.make_order(self.member, 7777.0, date(2025, 9, 1), campaign_id=self.campaign.id)
        plan.invalidate_recordset()
        self.assertEqual(plan.lead_count, 2)
        self.assertEqual(plan.won_revenue, 15000.0)
        self.assertEqual(plan.cost_per_lead, 2500.0)
        self.assertAlmostEqual(plan.roi, 200.0)

    def test_figures_of_many_plans_take_a_fixed_number_of_queries(self):
        plans = self.env["sales.marketing.plan"].union(
            *(self.make_plan(name=f"Plan {index}") for index in range(5))
        )
        plans |= self.make_plan(name="Other", campaign_id=self.other_campaign.id)
        self.make_lead(self.campaign, date(2025, 2, 1))
        plans.invalidate_recordset()
        with self.assertQueryCount(6):
            plans.mapped("roi")
        self.assertEqual(plans.mapped("lead_count"), [1, 1, 1, 1, 1, 0])

    def test_without_leads_or_cost_the_ratios_are_zero(self):
        plan = self.make_plan(activity_ids=[], campaign_id=False)
        self.assertEqual((plan.lead_count, plan.cost_per_lead, plan.roi), (0, 0.0, 0.0))

    def test_workflow_through_the_buttons(self):
        plan = self.make_plan().with_user(self.manager)
        plan.action_approve()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.manager))
        plan.action_reset_draft()
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.approved_by_id)
        plan.action_approve()
        plan.action_start()
        self.assertEqual(plan.state, "running")
        with self.assertRaises(UserError):
            plan.action_approve()
        plan.action_done()
        self.assertEqual(plan.state, "done")
        with self.assertRaises(UserError):
            plan.unlink()

    def test_a_plan_starts_with_a_campaign(self):
        plan = self.make_plan(campaign_id=False).with_user(self.manager)
        plan.action_approve()
        with self.assertRaises(UserError) as refused:
            plan.action_start()
        self.assertIn("campaign", str(refused.exception))

    def test_salespeople_cannot_change_the_state(self):
        plan = self.make_plan()
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                as_user = plan.with_user(user)
                for action in ("action_approve", "action_start", "action_done"):
                    with self.assertRaises(AccessError):
                        getattr(as_user, action)()
                with self.assertRaises(UserError):  # AccessError is a UserError too
                    as_user.write({"state": "approved"})
        self.assertEqual(plan.state, "draft")

    def test_state_is_not_written_directly_even_by_managers(self):
        plan = self.make_plan().with_user(self.manager)
        with self.assertRaises(UserError):
            plan.write({"state": "running"})
        with self.assertRaises(UserError):
            self.env["sales.marketing.plan"].with_user(self.manager).create(
                {"name": "X", "date_start": H1[0], "date_end": H1[1], "state": "done"}
            )

    def test_negative_budget_and_costs_are_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.make_plan(budget=-1.0)
        self.assertIn("negative", str(refused.exception))
        plan = self.make_plan()
        with self.assertRaises(ValidationError) as refused:
            plan.activity_ids[0].actual_cost = -5.0
        self.assertIn("negative", str(refused.exception))

    def test_form_adds_activities_and_sums_them(self):
        form = Form(self.env["sales.marketing.plan"].with_user(self.manager))
        form.name = "Autumn"
        form.date_start, form.date_end = H1
        form.budget = 3000.0
        with form.activity_ids.new() as activity:
            activity.name = "Mailing"
            activity.activity_type = "promotion"
            activity.planned_cost = 800.0
        plan = form.save()
        self.assertEqual(
            (plan.state, plan.planned_cost, plan.user_id), ("draft", 800.0, self.manager)
        )

    def test_leads_button_opens_the_campaigns_leads(self):
        plan = self.make_plan()
        lead = self.make_lead(self.campaign, date(2025, 2, 1))
        action = plan.with_user(self.manager).action_view_leads()
        self.assertEqual(action["res_model"], "crm.lead")
        found = self.env["crm.lead"].with_context(**action["context"]).search(action["domain"])
        self.assertIn(lead, found)
