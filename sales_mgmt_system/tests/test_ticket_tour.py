from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestTicketTour(SalesMgmtHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_ticket_user",
            groups="sales_team.group_sale_salesman",
            name="Tour Ticket User",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Ticket Customer",
                "is_company": True,
                "email": "tour.ticket@example.com",
                "user_id": cls.user.id,
            }
        )

    def test_ticket_from_creation_to_closure(self):
        """A salesperson logs, answers and closes a ticket, seeing its SLA status."""
        self.start_tour("/odoo", "sales_mgmt_system_ticket", login="tour_ticket_user")
        ticket = self.env["sales.ticket"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.sla_id, self.env.ref("sales_mgmt_system.ticket_sla_urgent"))
        self.assertTrue(ticket.first_response_date)
        self.assertTrue(ticket.closed_date)
        self.assertEqual(ticket.sla_status, "met")
        self.assertTrue(ticket.visit_id)

    def test_customer_rates_on_odoo_rating_page(self):
        """The link of the rating mail opens Odoo's page and records ticket feedback."""
        ticket = self.env["sales.ticket"].create(
            {"name": "Rated", "partner_id": self.customer.id, "user_id": self.user.id}
        )
        ticket.action_close()
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "sales.ticket"), ("res_id", "=", ticket.id)]
        )
        response = self.url_open(f"/rate/{rating.access_token}/5")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(ticket.feedback_ids.source, "ticket")
        self.assertEqual(ticket.feedback_ids.csat, "5")
