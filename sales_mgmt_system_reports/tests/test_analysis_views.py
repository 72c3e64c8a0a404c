from ast import literal_eval

from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase

ANALYSES = (
    "action_sales_analysis_ticket",
    "action_sales_analysis_feedback",
    "action_sales_analysis_competitor",
    "action_sales_analysis_channel",
    "action_sales_analysis_customer",
    "action_sales_analysis_cost",
    "action_sales_analysis_marketing",
)


@tagged("post_install", "-at_install")
class TestAnalysisViews(SalesMgmtCase):
    def test_salespeople_open_every_analysis_from_reporting(self):
        menus = self.menus_shown_under(self.member, "sales_mgmt_system_reports.menu_reporting")
        actions = menus.mapped("action")
        for xmlid in ANALYSES:
            action = self.env.ref(f"sales_mgmt_system_reports.{xmlid}")
            with self.subTest(action=xmlid):
                self.assertIn(action, actions)
                Model = self.env[action.res_model].with_user(self.member)
                views = Model.get_views([(False, "pivot"), (False, "graph"), (False, "search")])
                pivot = views["views"]["pivot"]["arch"]
                self.assertIn('type="measure"', pivot)
                # The action's default filters exist in its search view.
                for key in literal_eval(action.context):
                    name = key.removeprefix("search_default_")
                    self.assertIn(f'name="{name}"', views["views"]["search"]["arch"])

    def test_analyses_are_views_without_write_access(self):
        for xmlid in ANALYSES:
            model = self.env.ref(f"sales_mgmt_system_reports.{xmlid}").res_model
            with self.subTest(model=model):
                self.assertFalse(self.env[model]._auto)
                for user in (self.member, self.manager):
                    Model = self.env[model].with_user(user)
                    self.assertTrue(Model.has_access("read"))
                    self.assertFalse(Model.has_access("write"))
                    self.assertFalse(Model.has_access("create"))
                self.assertFalse(self.env[model].with_user(self.internal).has_access("read"))
