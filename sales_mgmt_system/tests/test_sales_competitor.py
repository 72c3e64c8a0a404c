from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .deals_common import DealsCase


@tagged("post_install", "-at_install")
class TestSalesCompetitor(DealsCase):
    def test_price_gap_follows_prices_and_our_price_defaults_to_the_product(self):
        line = self.env["sales.competitor.product"].create(
            {
                "competitor_id": self.competitor.id,
                "product_id": self.product.id,
                "competitor_product": "Rival Widget",
                "competitor_price": 250.0,
            }
        )
        self.assertEqual(line.our_price, 200.0)
        self.assertAlmostEqual(line.price_gap, 25.0)
        line.competitor_price = 150.0
        self.assertAlmostEqual(line.price_gap, -25.0, msg="negative when theirs is cheaper")

    def test_negative_prices_are_refused(self):
        for vals in ({"competitor_price": -1.0}, {"our_price": -5.0}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                self.env["sales.competitor.product"].create(
                    {"competitor_id": self.competitor.id, "competitor_product": "X", **vals}
                )
            self.assertIn("cannot be negative", str(caught.exception))

    def test_won_lost_counts_and_win_rate(self):
        won = self.make_lead(self.member, competitor_ids=[Command.link(self.competitor.id)])
        won.action_set_won()
        lost = self.make_lead(self.member)
        wizard = Form(
            self.env["crm.lead.lost"].with_context(
                active_model="crm.lead", default_lead_ids=lost.ids
            )
        )
        wizard.lost_to_competitor_id = self.competitor
        wizard.save().action_lost_reason_apply()
        self.assertFalse(lost.active)
        self.assertEqual(lost.lost_to_competitor_id, self.competitor)
        self.assertIn(self.competitor, lost.competitor_ids, "the winner was in the running")
        self.make_lead(self.member, competitor_ids=[Command.link(self.competitor.id)])  # open
        self.competitor.invalidate_recordset()
        self.assertEqual(self.competitor.won_count, 1)
        self.assertEqual(self.competitor.lost_count, 1)
        self.assertAlmostEqual(self.competitor.win_rate, 50.0)

    def test_counts_take_one_query_for_any_number_of_competitors(self):
        others = self.env["sales.competitor"].create([{"name": f"Rival {n}"} for n in range(5)])
        self.env.flush_all()

        def queries(competitors):
            competitors.invalidate_recordset()
            before = self.env.cr.sql_log_count
            competitors.mapped("win_rate")
            return self.env.cr.sql_log_count - before

        queries(others)  # warm the caches the first read fills
        self.assertEqual(queries(self.competitor), 1)
        self.assertEqual(queries(self.competitor | others), 1)

    def test_salespeople_read_competitors_only_managers_edit_them(self):
        line = self.env["sales.competitor.product"].create(
            {"competitor_id": self.competitor.id, "competitor_product": "Rival Widget"}
        )
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, self.competitor | self.competitor)
                self.assertCanRead(user, line)
                with self.assertRaises(AccessError):
                    self.competitor.with_user(user).write({"threat_level": "low"})
                with self.assertRaises(AccessError):
                    self.env["sales.competitor"].with_user(user).create({"name": "Mine"})
                with self.assertRaises(AccessError):
                    line.with_user(user).write({"competitor_price": 1.0})
                with self.assertRaises(AccessError):
                    self.competitor.with_user(user).unlink()
        Competitor = self.env["sales.competitor"].with_user(self.manager)
        created = Competitor.create({"name": "Managed Rival", "threat_level": "low"})
        created.write({"threat_level": "medium"})
        created.unlink()
        self.assertCannotRead(self.internal, self.competitor)

    def test_other_companies_do_not_see_our_competitors(self):
        self.assertCannotRead(self.other_company_user, self.competitor)
        shared = self.env["sales.competitor"].create({"name": "Everywhere", "company_id": False})
        self.assertCanRead(self.other_company_user, shared)

    def test_salesperson_marks_own_deal_lost_to_a_competitor(self):
        lead = self.make_lead(self.member)
        wizard = (
            self.env["crm.lead.lost"]
            .with_user(self.member)
            .create({"lead_ids": lead.ids, "lost_to_competitor_id": self.competitor.id})
        )
        wizard.action_lost_reason_apply()
        self.assertEqual(lead.lost_to_competitor_id, self.competitor)
