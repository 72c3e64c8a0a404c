from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .ticket_common import TicketCase


@tagged("post_install", "-at_install")
class TestTicketAccess(TicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other_customer = cls.env["res.partner"].create(
            {"name": "Outsider's Customer", "user_id": cls.outsider.id}
        )
        # The member's: assigned to them, and of their customer assigned to nobody.
        cls.ticket_member = cls.make_ticket(name="Member's")
        cls.ticket_member_customer = cls.make_ticket(
            name="Member's customer", user_id=False, team_id=False
        )
        cls.ticket_outsider = cls.make_ticket(
            name="Outsider's",
            partner_id=other_customer.id,
            user_id=cls.outsider.id,
            team_id=cls.team_other.id,
        )
        cls.ticket_other_company = cls.env["sales.ticket"].create(
            {
                "name": "Other company's",
                "company_id": cls.other_company.id,
                "user_id": cls.other_company_user.id,
            }
        )
        cls.portal = new_test_user(cls.env, "sms_ticket_portal", groups="base.group_portal")

    def test_salesperson_sees_own_and_own_customers_tickets(self):
        mine = self.ticket_member | self.ticket_member_customer
        self.assertCanRead(self.member, mine)
        self.assertCannotRead(self.member, self.ticket_outsider)
        self.assertCannotRead(self.outsider, mine)
        self.assertCanRead(self.outsider, self.ticket_outsider)

    def test_leader_sees_the_led_team_and_its_members_customers(self):
        self.assertCanRead(self.leader, self.ticket_member | self.ticket_member_customer)
        self.assertCannotRead(self.leader, self.ticket_outsider)

    def test_all_documents_and_manager_see_all_of_their_company(self):
        company_tickets = self.ticket_member | self.ticket_member_customer | self.ticket_outsider
        for user in (self.all_docs, self.manager):
            with self.subTest(user=user.login):
                self.assertCanRead(user, company_tickets)
                self.assertCannotRead(user, self.ticket_other_company)
        self.assertCannotRead(self.other_company_user, company_tickets)
        self.assertCanRead(self.other_company_user, self.ticket_other_company)

    def test_internal_and_portal_users_get_nothing(self):
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, self.ticket_member)
                with self.assertRaises(AccessError):
                    self.env["sales.ticket"].with_user(user).create({"name": "Nope"})
                for model in ("sales.ticket.sla", "sales.ticket.stage", "sales.ticket.mailbox"):
                    self.assertFalse(self.env[model].with_user(user).has_access("read"))

    def test_salesperson_writes_and_creates_but_does_not_delete(self):
        ticket = self.ticket_member.with_user(self.member)
        ticket.solution = "<p>Replaced the roller</p>"
        created = self.env["sales.ticket"].with_user(self.member).create({"name": "New"})
        self.assertEqual(created.user_id, self.member)
        with self.assertRaises(AccessError):
            ticket.unlink()
        with self.assertRaises(AccessError):
            self.ticket_outsider.with_user(self.member).write({"name": "Mine now"})
        self.ticket_member.with_user(self.manager).unlink()

    def test_workflow_only_through_actions(self):
        ticket = self.ticket_member.with_user(self.member)
        with self.assertRaises(UserError):
            ticket.write({"closed_date": "2025-03-07 17:00:00"})
        with self.assertRaises(UserError):
            ticket.write({"escalation_level": "2"})
        ticket.action_respond()
        ticket.action_close()
        self.assertTrue(ticket.closed_date)
        with self.assertRaises(AccessError):
            self.ticket_outsider.with_user(self.member).action_close()

    def test_configuration_is_for_managers(self):
        sla = self.sla
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, sla)
                for model, record in (
                    ("sales.ticket.sla", sla),
                    ("sales.ticket.stage", self.stage_new),
                    ("sales.ticket.category", self.category),
                ):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({"name": "Changed"})
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).create({"name": "New"})
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
                self.assertFalse(
                    self.env["sales.ticket.mailbox"].with_user(user).has_access("read")
                )
        manager_sla = sla.with_user(self.manager)
        manager_sla.response_hours = 2
        self.env["sales.ticket.stage"].with_user(self.manager).create({"name": "Parts ordered"})
        self.env["sales.ticket.mailbox"].with_user(self.manager).create({"name": "Returns"})

    def test_menus(self):
        tickets_menu = self.env.ref("sales_mgmt_system.menu_sales_ticket")
        sla_menu = self.env.ref("sales_mgmt_system.menu_sales_ticket_sla")
        self.assertIn(
            tickets_menu, self.menus_shown_under(self.member, "sales_mgmt_system.menu_root")
        )
        self.assertNotIn(
            sla_menu, self.menus_shown_under(self.member, "sales_mgmt_system.menu_root")
        )
        self.assertIn(sla_menu, self.menus_shown_under(self.manager, "sales_mgmt_system.menu_root"))
