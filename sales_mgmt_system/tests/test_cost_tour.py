from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestCostTour(SalesMgmtHttpCase):
    def test_salesperson_is_blocked_beyond_the_budget(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "sales_mgmt_system.cost_hard_block", "True"
        )
        salesperson = new_test_user(
            self.env,
            "tour_cost_member",
            groups="sales_team.group_sale_salesman",
            name="Tour Cost Member",
        )
        travel = self.env.ref("sales_mgmt_system.cost_category_travel")
        # The budget covers whatever day the tour runs on: the entry's default date.
        today = self.env["sales.mgmt.measure"]._company_today()
        budget = self.env["sales.cost.budget"].create(
            {
                "name": "Tour Travel Budget",
                "user_id": salesperson.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=30),
                "line_ids": [Command.create({"category_id": travel.id, "amount": 1000.0})],
            }
        )
        self.env["sales.cost.entry"].create(
            {
                "user_id": salesperson.id,
                "category_id": travel.id,
                "amount": 800.0,
                "date": today,
                "description": "Earlier trip",
            }
        )
        self.start_tour("/odoo", "sales_mgmt_system_cost_block", login=salesperson.login)
        entries = self.env["sales.cost.entry"].search([("user_id", "=", salesperson.id)])
        self.assertEqual(sorted(entries.mapped("amount")), [150.0, 800.0])
        self.assertEqual(budget.actual_amount, 950.0)
