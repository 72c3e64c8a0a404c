from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestCommissionTour(SalesMgmtHttpCase):
    def test_manager_generates_confirms_and_pays_a_statement(self):
        manager = new_test_user(
            self.env,
            "tour_commission_manager",
            groups="sales_team.group_sale_manager",
            name="Tour Commission Manager",
        )
        member = new_test_user(
            self.env,
            "tour_commission_member",
            groups="sales_team.group_sale_salesman",
            name="Tour Commission Member",
        )
        self.env["sales.commission.plan"].create(
            {
                "name": "Tour Commission Plan",
                "basis": "invoice",
                "rate_mode": "flat",
                "flat_rate": 5.0,
                "user_ids": [Command.set(member.ids)],
            }
        )
        last_month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        customer = self.env["res.partner"].create({"name": "Tour Commission Customer"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": member.id,
                "invoice_date": last_month + relativedelta(days=4),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Consulting", "quantity": 1, "price_unit": 5000.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        self.start_tour("/odoo", "sales_mgmt_system_commission_statements", login=manager.login)
        statement = self.env["sales.commission.statement"].search([("user_id", "=", member.id)])
        self.assertEqual((statement.state, statement.total_amount), ("paid", 250.0))
