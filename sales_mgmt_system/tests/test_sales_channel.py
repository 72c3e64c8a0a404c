from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .deals_common import DealsCase


@tagged("post_install", "-at_install")
class TestSalesChannel(DealsCase):
    def test_rebate_outside_0_100_is_refused(self):
        for rate in (-1.0, 100.5):
            with self.subTest(rate=rate), self.assertRaises(ValidationError) as caught:
                self.channel.rebate_rate = rate
            self.assertIn("between 0 and 100", str(caught.exception))

    def test_our_salespeople_cannot_be_channel_partners(self):
        agent = self.env["res.partner"].create({"name": "Outside Agent", "is_company": True})
        self.channel.partner_ids = agent
        with self.assertRaises(ValidationError) as caught:
            self.channel.partner_ids |= self.member.partner_id
        self.assertIn("work for us", str(caught.exception))

    def test_channel_goes_from_opportunity_to_its_quotations(self):
        lead = self.make_lead(self.member, sales_channel_id=self.channel.id)
        # As the "New Quotation" button does.
        form = Form(
            self.env["sale.order"].with_context(**lead._prepare_opportunity_quotation_context())
        )
        form.order_line.new().product_id = self.product
        quotation = form.save()
        self.assertEqual(quotation.sales_channel_id, self.channel)
        # Over RPC with only the opportunity, too; an order's own channel stays.
        by_rpc = self.make_order(self.customer, 10.0, opportunity_id=lead.id)
        self.assertEqual(by_rpc.sales_channel_id, self.channel)
        online = self.env["sales.channel"].create({"name": "Web", "channel_type": "online"})
        own = self.make_order(
            self.customer, 10.0, opportunity_id=lead.id, sales_channel_id=online.id
        )
        self.assertEqual(own.sales_channel_id, online)

    def test_revenue_deals_and_conversion(self):
        won = self.make_lead(self.member, sales_channel_id=self.channel.id)
        won.action_set_won()
        self.make_lead(self.member, sales_channel_id=self.channel.id).action_set_lost()
        self.make_lead(self.member, sales_channel_id=self.channel.id)
        self.make_lead(self.member, sales_channel_id=self.channel.id)
        order = self.make_order(self.customer, 1000.0, opportunity_id=won.id)
        order.action_confirm()
        self.make_order(self.customer, 500.0, sales_channel_id=self.channel.id)  # quotation
        self.channel.invalidate_recordset()
        self.assertAlmostEqual(self.channel.revenue, 1000.0)
        self.assertEqual(self.channel.deal_count, 1)
        self.assertEqual(self.channel.lead_count, 4)
        self.assertAlmostEqual(self.channel.conversion_rate, 25.0)

    def test_salespeople_read_and_pick_channels_only_managers_edit_them(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, self.channel)
                with self.assertRaises(AccessError):
                    self.channel.with_user(user).write({"rebate_rate": 1.0})
                with self.assertRaises(AccessError):
                    self.env["sales.channel"].with_user(user).create({"name": "Mine"})
                with self.assertRaises(AccessError):
                    self.channel.with_user(user).unlink()
        lead = self.make_lead(self.member)
        lead.with_user(self.member).sales_channel_id = self.channel
        self.assertEqual(lead.sales_channel_id, self.channel)
        channel = self.env["sales.channel"].with_user(self.manager).create({"name": "Managed"})
        channel.write({"tier": "gold"})
        channel.unlink()
        self.assertCannotRead(self.internal, self.channel)
        self.assertCannotRead(self.other_company_user, self.channel)
