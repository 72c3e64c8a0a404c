from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestReportingMenus(SalesMgmtCase):
    def reporting_menus(self, user):
        return self.menus_shown_under(user, "sales_mgmt_system_reports.menu_reporting")

    def test_salespeople_and_managers_get_the_analyses(self):
        analyses = (
            self.env.ref("sales_mgmt_system_reports.menu_pipeline_analysis")
            | self.env.ref("sales_mgmt_system_reports.menu_activities_analysis")
            | self.env.ref("sales_mgmt_system_reports.menu_sales_analysis")
        )
        for user in (self.member, self.leader, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                menus = self.reporting_menus(user)
                self.assertLessEqual(analyses, menus)
                # Window actions: the user reads their model (the Overview is a dashboard).
                for menu in menus.filtered(
                    lambda m: m.action and m.action._name == "ir.actions.act_window"
                ):
                    model = menu.action.sudo().res_model
                    self.assertTrue(self.env[model].with_user(user).has_access("read"))

    def test_users_without_sales_rights_get_no_reporting(self):
        self.assertFalse(self.reporting_menus(self.internal))

    def test_leader_sales_analysis_covers_the_led_team_only(self):
        product = self.env["product.product"].create({"name": "Analysis Widget"})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "order_line": [(0, 0, {"product_id": product.id, "price_unit": 10.0})],
                }
                for user, team in ((self.member, self.team_led), (self.outsider, self.team_other))
            ]
        )
        orders.action_confirm()
        self.env.flush_all()
        totals = (
            self.env["sale.report"]
            .with_user(self.leader)
            ._read_group([("product_id", "=", product.id)], ["team_id"], ["price_subtotal:sum"])
        )
        self.assertEqual([(team, total) for team, total in totals], [(self.team_led, 10.0)])
