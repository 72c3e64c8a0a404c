from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .review_common import PERIOD, ReviewCase, code_terms


@tagged("post_install", "-at_install")
class TestSalesAward(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third = cls.env["res.users"].create(
            {
                "name": "Third Member",
                "login": "sms_third",
                "groups_id": [Command.set(cls.env.ref("sales_team.group_sale_salesman").ids)],
            }
        )
        cls.team_led.member_ids = [Command.link(cls.third.id)]
        # Led team: the member and the third both reach 120 %, the member with
        # more revenue; the leader reaches 50 %. The outsider is alone.
        cls.make_target(cls.member, 10000.0)
        cls.make_order(cls.member, 12000.0)
        cls.make_target(cls.third, 5000.0)
        cls.make_order(cls.third, 6000.0)
        cls.make_target(cls.leader, 10000.0)
        cls.make_order(cls.leader, 5000.0)
        cls.make_target(cls.outsider, 1000.0)
        cls.make_order(cls.outsider, 900.0)
        cls.badge = cls.env.ref("sales_mgmt_system.badge_top_performer")

    def generate(self, **kwargs):
        kwargs.setdefault("team_ids", (self.team_led | self.team_other).ids)
        return self.env["sales.award"]._generate_awards(*PERIOD, **kwargs)

    def test_top_performers_ranked_by_attainment_ties_by_revenue(self):
        awards = self.generate(top=2)
        led = awards.filtered(lambda a: a.team_id == self.team_led)
        self.assertEqual([(a.rank, a.user_id) for a in led], [(1, self.member), (2, self.third)])
        self.assertAlmostEqual(led[0].attainment, 120.0)
        self.assertEqual(led[0].revenue, 12000.0)
        self.assertEqual(led[0].target_value, 10000.0)
        self.assertEqual(led[0].period, "2025-03")
        other = awards.filtered(lambda a: a.team_id == self.team_other)
        self.assertEqual((other.rank, other.user_id), (1, self.outsider))

    def test_badge_granted_once_and_winner_notified(self):
        awards = self.generate()
        winner = awards.filtered(lambda a: a.user_id == self.member)
        self.assertEqual(winner.badge_id, self.badge)
        self.assertEqual(winner.badge_user_id.user_id, self.member)
        self.assertIn(self.badge, self.member.badge_ids.badge_id)
        message = winner.message_ids.filtered(lambda m: "Congratulations" in m.body)
        self.assertEqual(len(message), 1)
        self.assertIn(self.member.partner_id, message.partner_ids)
        badge_users = self.env["gamification.badge.user"].search([("badge_id", "=", self.badge.id)])
        again = self.generate()
        self.assertEqual(again, awards, "running again creates nothing")
        self.assertEqual(
            self.env["gamification.badge.user"].search([("badge_id", "=", self.badge.id)]),
            badge_users,
        )
        self.assertEqual(len(winner.message_ids.filtered(lambda m: "Congratulations" in m.body)), 1)

    def test_running_again_follows_the_data(self):
        self.generate(top=2)
        self.make_order(self.leader, 10000.0)  # the leader now reaches 150 %
        awards = self.generate(top=2)
        led = awards.filtered(lambda a: a.team_id == self.team_led)
        self.assertEqual([(a.rank, a.user_id) for a in led], [(1, self.leader), (2, self.member)])
        dropped = self.env["sales.award"].search([("user_id", "=", self.third.id)])
        self.assertFalse(dropped, "the third member dropped out of the top two")
        self.assertNotIn(self.badge, self.third.badge_ids.badge_id, "their badge is withdrawn")

    def test_by_revenue_and_other_periods_are_separate_awards(self):
        by_attainment = self.generate(top=1)
        by_revenue = self.generate(top=1, measure="revenue")
        self.assertFalse(by_attainment & by_revenue)
        led = by_revenue.filtered(lambda a: a.team_id == self.team_led)
        self.assertEqual(led.user_id, self.member)
        self.assertEqual(led.measure, "revenue")

    def test_ranking_queries_do_not_grow_with_the_teams(self):
        """Once awarded, a re-run costs the same for one team as for many."""
        Award = self.env["sales.award"]
        all_teams = self.team_led | self.team_other
        Award._generate_awards(*PERIOD, team_ids=all_teams.ids)
        for teams in (self.team_other, all_teams):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(teams=len(teams)), self.assertQueryCount(15):
                Award._generate_awards(*PERIOD, team_ids=teams.ids)
                self.env.flush_all()

    def test_everyone_in_sales_sees_the_honour_roll(self):
        awards = self.generate()
        for user in (self.member, self.leader, self.outsider, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                self.assertCanRead(user, awards)
        self.assertCannotRead(self.other_company_user, awards)
        with self.assertRaises(AccessError):
            awards.with_user(self.internal).read(["rank"])

    def test_only_managers_make_awards(self):
        awards = self.generate()
        vals = {
            "user_id": self.member.id,
            "team_id": self.team_led.id,
            "date_start": PERIOD[0],
            "date_end": PERIOD[0],
            "rank": 1,
        }
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["sales.award"].with_user(user).create(vals)
                with self.assertRaises(AccessError):
                    awards[0].with_user(user).write({"rank": 5})
                with self.assertRaises(AccessError):
                    self.env["sales.award.generate.wizard"].with_user(user).create({})
        self.env["sales.award"].with_user(self.manager).create(vals)

    def test_manager_generates_through_the_wizard(self):
        wizard = (
            self.env["sales.award.generate.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "date_start": PERIOD[0],
                    "date_end": PERIOD[1],
                    "team_ids": [Command.set(self.team_led.ids)],
                    "top": 1,
                }
            )
        )
        action = wizard.action_generate()
        awards = self.env["sales.award"].search(action["domain"])
        self.assertEqual(awards.user_id, self.member)
        self.assertEqual(action["res_model"], "sales.award")

    def test_an_award_is_named_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "sales.award"),
                ("field_id.name", "=", "measure"),
                ("value", "=", "attainment"),
            ]
        ).with_context(lang="zh_CN").name = "营收达成率"
        self.member.lang = "zh_CN"
        award = self.generate(top=1).filtered(lambda a: a.user_id == self.member)
        english = award.with_context(lang="en_US").display_name
        self.assertEqual(english, "#1 Sms Member, March 2025 (Revenue Attainment)")
        chinese = award.with_context(lang="zh_CN").display_name
        self.assertIn("2025年3月", chinese, "the period is named in Chinese")
        self.assertIn("营收达成率", chinese, "the measure is named in Chinese")
        self.assertNotIn("March", chinese)
        self.assertNotIn("Revenue", chinese)
        self.env.invalidate_all()
        with code_terms(
            "zh_CN", {"#%(rank)s %(user)s, %(period)s (%(measure)s)": "%(period)s第%(rank)s名"}
        ):
            self.assertEqual(award.with_context(lang="zh_CN").display_name, "2025年3月第1名")
        self.assertNotIn("name", award._fields, "no sentence is stored in one language")
        self.assertEqual(award.period, "2025-03", "the period key is language-neutral")
        # The winner reads the badge's comment and the congratulations in Chinese.
        self.assertIn("2025年3月", award.badge_user_id.comment)
        message = award.message_ids.filtered(lambda m: m.partner_ids == self.member.partner_id)
        self.assertIn("2025年3月", message.body)

    def test_awards_are_found_by_the_winners_name(self):
        awards = self.generate()
        Award = self.env["sales.award"].with_user(self.outsider)
        winner = awards.filtered(lambda a: a.user_id == self.member)
        self.assertEqual(Award.search([("display_name", "ilike", "Sms Mem")]), winner)
        self.assertIn(winner.id, [aid for aid, _name in Award.name_search("Sms Mem")])

    def test_attainment_reads_revenue_the_way_the_target_measures_it(self):
        # A fourth member sold 20,000 (400 % of 5,000 by orders) but invoiced
        # only 2,000 of it, and their target measures invoices: 40 %.
        fourth = self.env["res.users"].create(
            {
                "name": "Fourth Member",
                "login": "sms_fourth",
                "groups_id": [Command.set(self.env.ref("sales_team.group_sale_salesman").ids)],
            }
        )
        self.team_led.member_ids = [Command.link(fourth.id)]
        self.make_target(fourth, 5000.0, revenue_source="invoice")
        self.make_invoice(self.make_order(fourth, 2000.0))
        self.make_order(fourth, 18000.0)
        led = self.generate(top=4).filtered(lambda a: a.team_id == self.team_led)
        self.assertEqual(
            [(a.rank, a.user_id) for a in led],
            [(1, self.member), (2, self.third), (3, self.leader), (4, fourth)],
        )
        self.assertEqual(led[3].revenue, 2000.0)
        self.assertAlmostEqual(led[3].attainment, 40.0)
        # Ranked by revenue alone, confirmed orders count.
        by_revenue = self.generate(top=1, measure="revenue")
        led = by_revenue.filtered(lambda a: a.team_id == self.team_led)
        self.assertEqual((led.user_id, led.revenue), (fourth, 20000.0))
