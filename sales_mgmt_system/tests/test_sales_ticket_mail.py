from datetime import datetime

from odoo.tests import tagged

from .ticket_common import TicketCase

RAW_MAIL = """Return-Path: <wang.fang@example.cn>
From: Wang Fang <wang.fang@example.cn>
To: {to}
Subject: Printer jams on every page
Date: Fri, 07 Mar 2025 16:00:00 +0000
Message-ID: <ticket-test-0001@example.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

Hello,

the printer we bought last month jams on every page. Can you help?

Wang Fang
"""


@tagged("post_install", "-at_install")
class TestTicketMailAlias(TicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "tickets.example.com", "company_ids": [(4, cls.company.id)]}
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.mailbox = cls.env["sales.ticket.mailbox"].create(
            {
                "name": "Support",
                "alias_name": "support",
                "alias_domain_id": cls.alias_domain.id,
                "team_id": cls.team_led.id,
                "category_id": cls.category.id,
            }
        )

    def test_incoming_mail_opens_a_ticket(self):
        self.assertEqual(self.mailbox.alias_id.alias_model_id.model, "sales.ticket")
        raw = RAW_MAIL.format(to="support@tickets.example.com")
        ticket_id = self.env["mail.thread"].message_process(False, raw)
        ticket = self.env["sales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.name, "Printer jams on every page")
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.team_id, self.team_led)
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.date_received, datetime(2025, 3, 7, 16))
        self.assertEqual(ticket.partner_id.email, "wang.fang@example.cn")
        self.assertFalse(ticket.user_id, "the gateway is nobody's assignee")
        self.assertIn("jams on every page", ticket.message_ids[-1].body)
        self.assertFalse(ticket.first_response_date, "the customer's mail is no response")
        # A reply of the customer lands on the same ticket.
        reply = (
            raw.replace("<ticket-test-0001@example.cn>", "<ticket-test-0002@example.cn>")
            .replace("Subject: Printer", "Subject: Re: Printer")
            .replace("MIME-Version", "In-Reply-To: <ticket-test-0001@example.cn>\nMIME-Version", 1)
        )
        self.assertEqual(self.env["mail.thread"].message_process(False, reply), ticket.id)
        self.assertEqual(self.env["sales.ticket"].search_count([("id", "=", ticket.id)]), 1)

    def test_mailbox_defaults_follow_its_settings(self):
        self.mailbox.user_id = self.member
        raw = RAW_MAIL.format(to="support@tickets.example.com").replace("0001", "0009")
        ticket = self.env["sales.ticket"].browse(
            self.env["mail.thread"].message_process(False, raw)
        )
        self.assertEqual(ticket.user_id, self.member)
