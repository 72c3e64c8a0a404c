from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..core.dates import add_months, month_end, month_start
from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestOpsDemo(SalesMgmtCase):
    """The demo has budgets and costs, marketing plans, ideas and a policy review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()
        cls.today = fields.Date.context_today(cls.env["sales.cost.budget"])

    def test_budgets_and_costs_of_the_last_three_months(self):
        budgets = self.demo_records("sales.cost.budget")
        self.assertEqual(len(budgets), 3)
        period = (add_months(month_start(self.today), -2), month_end(self.today))
        self.assertEqual({(b.date_start, b.date_end) for b in budgets}, {period})
        self.assertEqual(budgets.team_id, self.demo_records("crm.team"))
        entries = self.demo_records("sales.cost.entry")
        self.assertEqual(len(entries), 8)
        self.assertTrue(all(entries.mapped("budget_line_id")), "every demo cost is budgeted")
        self.assertTrue(all(period[0] <= e.date <= self.today for e in entries))
        warned = budgets.line_ids.filtered("warning_sent")
        self.assertEqual(len(warned), 1, "one salesperson's travel passed the threshold")
        self.assertGreaterEqual(warned.utilisation, 90.0)

    def test_marketing_plans_running_and_draft(self):
        plans = self.demo_records("sales.marketing.plan")
        self.assertEqual(sorted(plans.mapped("state")), ["draft", "running"])
        running = plans.filtered(lambda p: p.state == "running")
        self.assertTrue(running.campaign_id)
        self.assertGreater(running.lead_count, 0)
        self.assertGreater(running.actual_cost, 0)
        self.assertTrue(all(plans.mapped("activity_ids")))

    def test_ideas_with_votes_and_a_decision(self):
        ideas = self.demo_records("sales.idea")
        self.assertEqual(len(ideas), 3)
        self.assertEqual(sum(ideas.mapped("vote_count")), 6)
        accepted = ideas.filtered(lambda i: i.state == "accepted")
        self.assertEqual(len(accepted), 1)
        self.assertTrue(accepted.decision)

    def test_a_closed_policy_review_with_its_snapshot(self):
        review = self.demo_records("sales.policy.review")
        self.assertEqual(review.state, "done")
        self.assertIn("revenue", review.kpi_snapshot)

    def test_loading_again_adds_nothing(self):
        models = (
            "sales.cost.budget",
            "sales.cost.budget.line",
            "sales.cost.entry",
            "sales.marketing.plan",
            "sales.marketing.activity",
            "sales.idea",
            "sales.idea.vote",
            "sales.policy.review",
            "utm.campaign",
        )
        counts = {model: self.env[model].search_count([]) for model in models}
        self.env["sales.mgmt.demo"]._load_demo_data()
        for model in models:
            with self.subTest(model=model):
                self.assertEqual(self.env[model].search_count([]), counts[model])


@tagged("post_install", "-at_install")
class TestOpsSettingsAndMenus(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_manager = cls.manager.copy({"login": "sms_ops_admin", "name": "Ops Admin"})
        cls.admin_manager.groups_id += cls.env.ref("base.group_system")
        cls.Settings = cls.env["res.config.settings"].with_user(cls.admin_manager)

    def test_cost_settings_are_saved_as_parameters(self):
        settings = Form(self.Settings)
        self.assertEqual(settings.sales_cost_warning_pct, 90.0)
        settings.sales_cost_warning_pct = 80.0
        settings.sales_cost_hard_block = True
        settings.save().execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(float(params.get_param("sales_mgmt_system.cost_warning_pct")), 80.0)
        self.assertTrue(params.get_param("sales_mgmt_system.cost_hard_block"))
        arch = etree.fromstring(self.Settings.get_view()["arch"])
        self.assertTrue(arch.xpath("//block[@name='sales_mgmt_cost_block']"))

    def test_warning_threshold_must_be_a_percentage(self):
        for value in (0.0, 120.0):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.Settings.create({"sales_cost_warning_pct": value})

    def test_menus_per_role(self):
        ref = self.env.ref
        everyone = (
            ref("sales_mgmt_system.menu_sales_marketing_plan")
            | ref("sales_mgmt_system.menu_sales_cost_entry")
            | ref("sales_mgmt_system.menu_sales_cost_budget")
            | ref("sales_mgmt_system.menu_sales_cost_budget_analysis")
            | ref("sales_mgmt_system.menu_sales_idea")
        )
        managers_only = ref("sales_mgmt_system.menu_sales_policy_review") | ref(
            "sales_mgmt_system.menu_sales_cost_category"
        )
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                menus = self.menus_shown_under(user, "sales_mgmt_system.menu_root")
                self.assertLessEqual(everyone, menus)
                self.assertFalse(managers_only & menus)
        menus = self.menus_shown_under(self.manager, "sales_mgmt_system.menu_root")
        self.assertLessEqual(everyone | managers_only, menus)
