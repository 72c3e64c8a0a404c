from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.deals_common import DealsCase


@tagged("post_install", "-at_install")
class TestAnalysisDeals(DealsCase):
    """Competitors' win/loss and sales channels: each role sees the deals and
    orders it may read; win and conversion rates are ratios of sums."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        channel = {"sales_channel_id": cls.channel.id}
        competitor = {"competitor_ids": [(6, 0, cls.competitor.ids)]}
        # Member: one won against the competitor, one lost to it.
        cls.make_lead(cls.member, **channel, **competitor).action_set_won()
        lost = cls.make_lead(cls.member, **channel, **competitor)
        lost.action_set_lost()
        lost.lost_to_competitor_id = cls.competitor
        # Outsider: one won against it, two still open.
        cls.make_lead(cls.outsider, **channel, **competitor).action_set_won()
        cls.make_lead(cls.outsider, **channel)
        cls.make_lead(cls.outsider, **channel)
        for user, team, amount in (
            (cls.member, cls.team_led, 100.0),
            (cls.outsider, cls.team_other, 300.0),
        ):
            cls.make_order(
                cls.customer, amount, user_id=user.id, team_id=team.id, **channel
            ).action_confirm()
        # A quotation does not count.
        cls.make_order(cls.customer, 1000.0, user_id=cls.member.id, **channel)
        cls.env.flush_all()

    def competitor_figures(self, user, groupby=()):
        return (
            self.env["sales.analysis.competitor"]
            .with_user(user)
            ._read_group(
                [("competitor_id", "=", self.competitor.id)],
                list(groupby),
                ["won_count:sum", "lost_count:sum", "win_rate:avg"],
            )
        )

    def channel_figures(self, user, groupby=()):
        return (
            self.env["sales.analysis.channel"]
            .with_user(user)
            ._read_group(
                [("sales_channel_id", "=", self.channel.id)],
                list(groupby),
                [
                    "order_count:sum",
                    "revenue:sum",
                    "lead_count:sum",
                    "won_count:sum",
                    "conversion_rate:avg",
                ],
            )
        )

    def test_competitor_win_loss_per_role(self):
        everyone = (2, 1, 200.0 / 3)
        for user, expected in (
            (self.member, (1, 1, 50.0)),
            (self.leader, (1, 1, 50.0)),
            (self.outsider, (1, 0, 100.0)),
            (self.all_docs, everyone),
            (self.manager, everyone),
        ):
            with self.subTest(user=user.login):
                [row] = self.competitor_figures(user)
                self.assertEqual(row[:2], expected[:2])
                self.assertAlmostEqual(row[2], expected[2])
        [row] = self.competitor_figures(self.other_company_user)
        self.assertFalse(row[0])

    def test_competitor_win_rate_matches_the_competitor_form(self):
        by_user = {row[0]: row[3] for row in self.competitor_figures(self.manager, ["user_id"])}
        self.assertAlmostEqual(by_user[self.member], 50.0)
        self.assertAlmostEqual(by_user[self.outsider], 100.0)
        [total] = self.competitor_figures(self.manager)
        self.assertAlmostEqual(total[2], self.competitor.win_rate, places=1)

    def test_channel_figures_per_role(self):
        everyone = (2, 400.0, 5, 2, 40.0)
        for user, expected in (
            (self.member, (1, 100.0, 2, 1, 50.0)),
            (self.leader, (1, 100.0, 2, 1, 50.0)),
            (self.outsider, (1, 300.0, 3, 1, 100.0 / 3)),
            (self.all_docs, everyone),
            (self.manager, everyone),
        ):
            with self.subTest(user=user.login):
                [row] = self.channel_figures(user)
                self.assertEqual((row[0], row[2], row[3]), (expected[0], expected[2], expected[3]))
                self.assertAlmostEqual(row[1], expected[1])
                self.assertAlmostEqual(row[4], expected[4])

    def test_channel_conversion_is_right_at_each_grouping_level(self):
        by_team = {row[0]: row[5] for row in self.channel_figures(self.manager, ["team_id"])}
        self.assertAlmostEqual(by_team[self.team_led], 50.0)
        self.assertAlmostEqual(by_team[self.team_other], 100.0 / 3)
        # 2 won out of 5 leads, not the mean of 50% and 33%.
        [total] = self.channel_figures(self.manager)
        self.assertAlmostEqual(total[4], 40.0)
        self.assertAlmostEqual(total[4], self.channel.conversion_rate, places=1)
        self.assertAlmostEqual(total[1], self.channel.revenue)

    def test_salesperson_asking_for_another_team_gets_nothing(self):
        domain = [("sales_channel_id", "=", self.channel.id), ("team_id", "=", self.team_other.id)]
        for model in ("sales.analysis.channel", "sales.analysis.competitor"):
            with self.subTest(model=model):
                Analysis = self.env[model]
                self.assertTrue(Analysis.search_count([("team_id", "=", self.team_other.id)]))
                rows = Analysis.with_user(self.member)._read_group(
                    [("team_id", "=", self.team_other.id)], ["user_id"], ["__count"]
                )
                self.assertEqual(rows, [])
        rows = (
            self.env["sales.analysis.channel"]
            .with_user(self.member)
            ._read_group(domain, [], ["revenue:sum"])
        )
        self.assertFalse(rows[0][0])
