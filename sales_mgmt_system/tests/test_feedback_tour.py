from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestFeedbackTour(SalesMgmtHttpCase):
    """A salesperson plans a visit, does it, and finds its outcome on the customer."""

    def test_visit_tour(self):
        user = new_test_user(
            self.env,
            login="tour_visit_user",
            groups="sales_team.group_sale_salesman",
            name="Tour Visit User",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Visit Customer", "is_company": True, "user_id": user.id}
        )
        self.start_tour("/odoo", "sales_mgmt_system_visit", login="tour_visit_user")
        visit = self.env["sales.visit"].search([("partner_id", "=", customer.id)])
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.satisfaction, "4")
        self.assertEqual(customer.sales_needs, "Monthly deliveries")
        self.assertEqual(visit.feedback_id.csat, "4")
