from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestDemoTickets(SalesMgmtCase):
    """Demo tickets show every SLA status on the day they are loaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Loaded again now, so that the statuses are those of their loading day.
        data = cls.env["ir.model.data"].search(
            [
                ("module", "=", "sales_mgmt_system"),
                ("name", "=like", "demo_ticket_%"),
                ("model", "=", "sales.ticket"),
            ]
        )
        cls.env["sales.ticket"].browse(data.mapped("res_id")).exists().unlink()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    def test_every_status_and_configuration(self):
        tickets = self.demo_records("sales.ticket")
        self.assertEqual(len(tickets), 12)
        self.assertEqual(
            set(tickets.mapped("sla_status")), {"on_track", "at_risk", "breached", "met"}
        )
        for status in ("on_track", "at_risk", "breached", "met"):
            self.assertEqual(len(tickets.filtered(lambda t, s=status: t.sla_status == s)), 3)
        self.assertTrue(all(tickets.mapped("number")))
        self.assertTrue(
            tickets.filtered(lambda t: t.sla_status == "breached").mapped("escalation_level")
        )
        self.assertTrue(self.demo_records("sales.ticket.mailbox").alias_id)
        rated = tickets.filtered("rating_ids")
        self.assertTrue(rated.feedback_ids.filtered(lambda f: f.source == "ticket"))
        closed = tickets.filtered("is_closed")
        self.assertTrue(all(closed.mapped("visit_id")), "resolved tickets have a follow-up visit")
        for model in ("sales.ticket.stage", "sales.ticket.category", "sales.ticket.sla"):
            self.assertTrue(self.env[model].search_count([]), model)

    def test_loading_again_adds_nothing(self):
        count = self.env["sales.ticket"].search_count([])
        self.env["sales.mgmt.demo"]._load_demo_data()
        self.assertEqual(self.env["sales.ticket"].search_count([]), count)
