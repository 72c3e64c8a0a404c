from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestTeamLeaderScope(SalesMgmtCase):
    """Own / led-team / all scopes on Odoo's own sales documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Scope Widget", "list_price": 100.0, "invoice_policy": "order"}
        )
        cls.leads = {
            user: cls.env["crm.lead"].create(
                {
                    "name": f"Deal of {user.login}",
                    "type": "opportunity",
                    "user_id": user.id,
                    "team_id": team.id,
                    "partner_id": cls.customer.id,
                }
            )
            for user, team in (
                (cls.leader, cls.team_led),
                (cls.member, cls.team_led),
                (cls.outsider, cls.team_other),
            )
        }
        cls.orders = {
            user: cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "order_line": [(0, 0, {"product_id": cls.product.id})],
                }
            )
            for user, team in (
                (cls.member, cls.team_led),
                (cls.outsider, cls.team_other),
            )
        }
        all_orders = cls.orders[cls.member] | cls.orders[cls.outsider]
        all_orders.action_confirm()
        cls.invoices = {user: order._create_invoices() for user, order in cls.orders.items()}

    def test_salesperson_sees_only_own_leads(self):
        self.assertCanRead(self.member, self.leads[self.member])
        self.assertCannotRead(self.member, self.leads[self.leader])
        self.assertCannotRead(self.member, self.leads[self.outsider])

    def test_leader_sees_led_team_leads_not_other_teams(self):
        self.assertCanRead(self.leader, self.leads[self.leader] | self.leads[self.member])
        self.assertCannotRead(self.leader, self.leads[self.outsider])

    def test_leader_can_update_team_member_lead(self):
        lead = self.leads[self.member].with_user(self.leader)
        lead.write({"description": "Call back after the trade fair"})
        self.assertEqual(lead.description, "<p>Call back after the trade fair</p>")

    def test_leader_scope_follows_team_leadership(self):
        self.team_led.user_id = self.member
        self.assertCannotRead(self.leader, self.leads[self.member])
        self.assertCanRead(self.member, self.leads[self.leader])

    def test_all_documents_and_manager_see_every_lead(self):
        every_lead = self.env["crm.lead"].union(*self.leads.values())
        for user in (self.all_docs, self.manager):
            self.assertCanRead(user, every_lead)

    def test_leader_sees_team_orders_lines_and_invoices(self):
        member_order = self.orders[self.member]
        self.assertCanRead(self.leader, member_order)
        self.assertCanRead(self.leader, member_order.order_line)
        self.assertCanRead(self.leader, self.invoices[self.member])
        self.assertCanRead(self.leader, self.invoices[self.member].invoice_line_ids)

    def test_leader_does_not_see_other_team_orders_or_invoices(self):
        outsider_order = self.orders[self.outsider]
        self.assertCannotRead(self.leader, outsider_order)
        self.assertCannotRead(self.leader, outsider_order.order_line)
        self.assertCannotRead(self.leader, self.invoices[self.outsider])

    def test_member_does_not_see_leader_team_mate_orders(self):
        self.assertCannotRead(self.outsider, self.orders[self.member])
        self.assertCanRead(self.member, self.orders[self.member])

    def test_leader_sees_team_in_sales_analysis(self):
        self.env.flush_all()
        rows = (
            self.env["sale.report"]
            .with_user(self.leader)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(rows.team_id, self.team_led)
        self.assertEqual(rows.user_id, self.member)

    def test_other_company_user_sees_nothing_of_this_company(self):
        every_lead = self.env["crm.lead"].union(*self.leads.values())
        self.assertCannotRead(self.other_company_user, every_lead)
        self.assertCannotRead(self.other_company_user, self.orders[self.member])

    def test_user_without_sales_rights_cannot_read_leads(self):
        self.assertCannotRead(self.internal, self.leads[self.member])
