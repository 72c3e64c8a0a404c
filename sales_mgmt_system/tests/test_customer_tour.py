from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestCustomerTour(SalesMgmtHttpCase):
    """A salesperson reads a customer's profile, then opens its segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            "tour_customer_salesman",
            groups="sales_team.group_sale_salesman",
            name="Tour Customer Salesman",
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Profile Customer",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.salesperson.id,
            }
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Product", "list_price": 10.0, "type": "service"}
        )
        today = cls.env["sales.mgmt.measure"]._company_today()
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.salesperson.id,
                    "order_line": [
                        fields.Command.create(
                            {"product_id": product.id, "price_unit": 1000000.0, "tax_id": False}
                        )
                    ],
                }
                for _i in range(6)
            ]
        )
        orders.action_confirm()
        for days, order in enumerate(orders):
            order.date_order = datetime.combine(today - timedelta(days=days), time(12))
        cls.segment = cls.env["sales.segment"].create(
            {"name": "Tour Champions", "rule_type": "rfm", "rfm_segments": "champions"}
        )
        cls.env["sales.customer.lifecycle"]._refresh_all(today=today)
        cls.customer = customer

    def test_salesperson_reads_the_profile_and_opens_the_segment(self):
        self.assertEqual(self.customer.rfm_segment, "champions")
        self.start_tour("/odoo", "sales_mgmt_system_customer_profile", login=self.salesperson.login)
